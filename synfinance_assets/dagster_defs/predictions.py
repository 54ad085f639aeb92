"""The daily `fraud_predictions` asset: the champion model scores a day of features."""

import datetime as dt

import dagster as dg
import polars as pl
from sqlalchemy import and_

from synfinance_assets.dagster_defs.metadata import preview
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.resources import MLflowTracking, Warehouse
from synfinance_assets.domain.features import MODEL_FEATURES
from synfinance_assets.domain.training import matrix
from synfinance_assets.partitions import days_in
from synfinance_assets.warehouse.models import MLFeatures, ModelPrediction

TABLE = ModelPrediction.__table__
FEATURES = MLFeatures.__table__


@dg.asset(
    group_name="predictions",
    kinds={"lightgbm", "postgres"},
    deps=["transaction_features", "fraud_model"],
    **DAILY_WAREHOUSE_ASSET,
)
def fraud_predictions(
    context: dg.AssetExecutionContext, warehouse: Warehouse, mlflow_tracking: MLflowTracking
) -> dg.MaterializeResult:
    """The fraud probability of every transaction of the day from the registered `champion`
    model, with the alert decision at the model's threshold. Each row records the model name
    and registry version that scored it; a re-run replaces that model's rows for the day."""
    import mlflow

    name = mlflow_tracking.registered_model_name
    client = mlflow.MlflowClient()
    try:
        version = client.get_model_version_by_alias(name, mlflow_tracking.champion_alias)
    except mlflow.exceptions.MlflowException:
        raise dg.Failure(
            f"no model {mlflow_tracking.champion_uri} in the registry: materialize fraud_model "
            "first",
            allow_retries=False,
        ) from None
    threshold = float(version.tags["threshold"])
    # load the exact version read above, even if the alias moves meanwhile
    booster = mlflow.lightgbm.load_model(f"models:/{name}/{version.version}")
    days = days_in(context.partition_time_window)
    warehouse.require_days(FEATURES, days, "fraud_predictions")

    scored = []
    for day in days:
        features = warehouse.read(
            FEATURES,
            ["transaction_id", "partition_date", *MODEL_FEATURES],
            FEATURES.c.partition_date == day,
        )
        frame = _score(features, booster.predict(matrix(features)), name, version, threshold)
        warehouse.replace(
            TABLE, frame, and_(TABLE.c.partition_date == day, TABLE.c.model_name == name)
        )
        scored.append(frame)
    predictions = pl.concat(scored)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": predictions.height,
            "model": f"{name} v{version.version}",
            "threshold": threshold,
            "alert_rate": float(predictions["predicted_fraud"].mean()),
            "mean_fraud_probability": float(predictions["fraud_probability"].mean()),
            "preview": preview(
                predictions,
                ["transaction_id", "fraud_probability", "predicted_fraud", "model_version"],
            ),
        }
    )


def _score(features: pl.DataFrame, probability, name: str, version, threshold: float):
    return features.select("transaction_id", "partition_date").with_columns(
        model_name=pl.lit(name),
        model_version=pl.lit(str(version.version)),
        fraud_probability=pl.Series(probability),
        predicted_fraud=pl.Series(probability >= threshold),
        threshold=pl.lit(threshold),
        mlflow_run_id=pl.lit(version.run_id),
        scored_at=pl.lit(dt.datetime.now(dt.UTC)).dt.cast_time_unit("us"),
    )
