"""The daily `fraud_predictions` asset: the champion model scores a day of features."""

import datetime as dt

import dagster as dg
import polars as pl
from sqlalchemy import and_

from synfinance_assets.dagster_defs.metadata import preview
from synfinance_assets.dagster_defs.model_registry import MLflowTracking, RegisteredModel
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.training import fraud_probability, matrix
from synfinance_assets.partitions import days_in
from synfinance_assets.warehouse.models import MLFeatures, ModelPrediction

TABLE = ModelPrediction.__table__
FEATURES = MLFeatures.__table__


@dg.asset(
    group_name="predictions",
    kinds={"mlflow", "postgres"},
    deps=["transaction_features", "fraud_model"],
    **DAILY_WAREHOUSE_ASSET,
)
def fraud_predictions(
    context: dg.AssetExecutionContext, warehouse: Warehouse, mlflow_tracking: MLflowTracking
) -> dg.MaterializeResult:
    """The fraud probability of every transaction of the day from the registered `champion`
    model (whichever family won), with the alert decision at the model's threshold. Each row
    records the model name and registry version that scored it; a re-run replaces that
    model's rows for the day."""
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
    days = days_in(context.partition_time_window)
    warehouse.require_days(FEATURES, days, "fraud_predictions")

    scored = []
    for day in days:
        features = warehouse.read(
            FEATURES,
            ["transaction_id", "partition_date", *champion.features],
            FEATURES.c.partition_date == day,
        )
        probability = fraud_probability(model, matrix(features, champion.features))
        frame = _score(features, probability, name, champion)
        warehouse.replace(
            TABLE, frame, and_(TABLE.c.partition_date == day, TABLE.c.model_name == name)
        )
        scored.append(frame)
    predictions = pl.concat(scored)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": predictions.height,
            "model": f"{name} v{champion.version} ({champion.family})",
            "threshold": champion.threshold,
            "alert_rate": float(predictions["predicted_fraud"].mean()),
            "mean_fraud_probability": float(predictions["fraud_probability"].mean()),
            "preview": preview(
                predictions,
                ["transaction_id", "fraud_probability", "predicted_fraud", "model_version"],
            ),
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
