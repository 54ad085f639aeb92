"""The daily `fraud_predictions` asset: the champion model scores a day of features."""

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import lightgbm as lgb
import numpy as np
import polars as pl
from pydantic import Field
from sqlalchemy import and_

from synfinance_assets.dagster_defs.metadata import preview, table
from synfinance_assets.dagster_defs.model_registry import MLflowTracking, RegisteredModel
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.compiled_trees import compile_trees
from synfinance_assets.domain.quality import predictions_suite
from synfinance_assets.domain.scoring import REASONS, reason_codes
from synfinance_assets.domain.training import TrainingSettings, fraud_probability, matrix
from synfinance_assets.partitions import days_in
from synfinance_assets.warehouse.models import MLFeatures, ModelPrediction

TABLE = ModelPrediction.__table__
FEATURES = MLFeatures.__table__
SCORE_BANDS = [0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 1.0]
QUALITY_CHECK = "fraud_predictions_meet_quality_suite"


class FraudPredictionsConfig(dg.Config):
    """How many alerts a day the fraud team can investigate."""

    daily_alert_budget: int = Field(
        default=TrainingSettings.daily_alert_budget,
        gt=0,
        description="alerts a day the team investigates: the metadata shows the top ones",
    )


@dg.asset(
    group_name="predictions",
    kinds={"mlflow", "postgres"},
    deps=["transaction_features", "fraud_model"],
    check_specs=[
        SuiteGate.spec(
            "fraud_predictions",
            QUALITY_CHECK,
            "Each day's scores meet the predictions suite before they are written: one per "
            "transaction, keys and model version present, probabilities and threshold in "
            "[0, 1]. A failing day is not written.",
        )
    ],
    **DAILY_WAREHOUSE_ASSET,
)
def fraud_predictions(
    context: dg.AssetExecutionContext,
    config: FraudPredictionsConfig,
    warehouse: Warehouse,
    mlflow_tracking: MLflowTracking,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The fraud probability of every transaction of the day from the registered `champion`
    model (whichever family won), with the alert decision at the model's threshold. Each
    alert carries its reason codes: the features that pushed its score up most (LightGBM's
    SHAP contributions, a logistic regression's terms, a forest's split contributions).
    A LightGBM champion scores through its trees compiled to native code, kept in the
    instance's storage folder (compiled when `fraud_model` promotes it, or else by the
    first run that needs them).
    Each row records the model name and registry version that scored it; a re-run
    replaces that model's rows for the day. The metadata shows the score distribution
    and the day's top alerts within the team's daily budget."""
    champion = mlflow_tracking.champion()
    if champion is None:
        raise dg.Failure(
            f"no model {mlflow_tracking.champion_uri} in the registry: materialize fraud_model "
            "first",
            allow_retries=False,
        )
    stored = set(FEATURES.columns.keys())
    if not champion.features or not set(champion.features) <= stored:
        raise dg.Failure(
            f"champion v{champion.version} was trained on features ml_features does not hold "
            "(or its version predates the features tag): materialize fraud_model again",
            allow_retries=False,
        )
    name = mlflow_tracking.registered_model_name
    # the exact version read above, even if the alias moves meanwhile
    model = mlflow_tracking.load(champion)
    score = batch_scorer(model, champion.features, context.instance)
    days = days_in(context.partition_time_window)
    warehouse.require_days(FEATURES, days, "fraud_predictions")
    gate = SuiteGate("fraud_predictions", QUALITY_CHECK, predictions_suite())

    scored = []
    for day in days:
        features = warehouse.read(
            FEATURES,
            ["transaction_id", "partition_date", *champion.features],
            FEATURES.c.partition_date == day,
        )
        probability = score(features)
        alerts = np.flatnonzero(probability >= champion.threshold)
        explained = matrix(features[alerts], champion.features)  # only alerts are explained
        reasons = (
            pl.repeat(None, len(probability), dtype=pl.String, eager=True)
            .alias("reason_codes")
            .scatter(alerts, reason_codes(model, explained, champion.features))
        )
        frame = _score(features, probability, name, champion).with_columns(reasons)
        yield from gate.audit(frame, day)
        warehouse.replace(
            TABLE, frame, and_(TABLE.c.partition_date == day, TABLE.c.model_name == name)
        )
        scored.append(frame)
    predictions = pl.concat(scored)
    budget = (
        predictions.sort("fraud_probability", descending=True)
        .group_by("partition_date", maintain_order=True)
        .head(config.daily_alert_budget)
    )
    yield dg.MaterializeResult(
        check_results=[gate.result()],
        metadata={
            "dagster/row_count": predictions.height,
            "model": f"{name} v{champion.version} ({champion.family})",
            "threshold": champion.threshold,
            "alerts": int(predictions["predicted_fraud"].sum()),
            "alert_rate": float(predictions["predicted_fraud"].mean()),
            "mean_fraud_probability": float(predictions["fraud_probability"].mean()),
            "score_distribution": table(_bands(predictions["fraud_probability"])),
            "daily_alert_budget": config.daily_alert_budget,
            "lowest_score_within_budget": float(budget["fraud_probability"].min()),
            f"top_alerts_with_{REASONS}_reason_codes": preview(
                budget,
                ["transaction_id", "fraud_probability", "predicted_fraud", "reason_codes"],
            ),
        },
    )


def batch_scorer(
    model, features: list[str], instance: dg.DagsterInstance
) -> Callable[[pl.DataFrame], np.ndarray]:
    """How the champion scores a day's frame from its ``features``: a LightGBM booster
    through its compiled trees (its own probabilities, several times faster), kept in
    ``instance``'s storage folder and compiled by the first call that needs them; a
    scikit-learn pipeline as it was trained."""
    if isinstance(model, lgb.Booster):
        trees = compile_trees(model, Path(instance.storage_directory()) / "compiled_trees")
        return lambda frame: trees.predict(frame, features)
    return lambda frame: fraud_probability(model, matrix(frame, features))


def _bands(probability: pl.Series) -> pl.DataFrame:
    """The scores counted in bands (the last one closed)."""
    counts, edges = np.histogram(probability.to_numpy(), bins=SCORE_BANDS)
    return pl.DataFrame(
        {
            "fraud_probability": [
                f"{lo:g} to {hi:g}" for lo, hi in zip(edges[:-1], edges[1:], strict=True)
            ],
            "transactions": counts.astype(np.int64),
            "share": counts / max(len(probability), 1),
        }
    )


def _score(features: pl.DataFrame, probability, name: str, champion: RegisteredModel):
    return features.select("transaction_id", "partition_date").with_columns(
        model_name=pl.lit(name),
        model_version=pl.lit(champion.version),
        fraud_probability=pl.Series(probability),
        predicted_fraud=pl.Series(probability >= champion.threshold),
        threshold=pl.lit(champion.threshold),
        mlflow_run_id=pl.lit(champion.run_id),
        scored_at=pl.lit(dt.datetime.now(dt.UTC)).dt.cast_time_unit("us"),
    )
