"""The `fraud_model` asset: LightGBM trained on time-ordered features, tracked in MLflow."""

import datetime as dt

import dagster as dg
import polars as pl
from pydantic import Field, ValidationInfo, field_validator, model_validator
from sqlalchemy import and_, true

from synfinance_assets.dagster_defs.resources import MLflowTracking, Warehouse
from synfinance_assets.domain import training
from synfinance_assets.domain.features import MODEL_FEATURES
from synfinance_assets.warehouse.models import MLFeatures, Transaction

FEATURES = MLFeatures.__table__
TRANSACTIONS = Transaction.__table__


class FraudModelConfig(dg.Config):
    """The training window and the LightGBM parameters."""

    train_start: str | None = Field(
        default=None, description="first feature day (YYYY-MM-DD); default the earliest stored"
    )
    train_end: str | None = Field(
        default=None, description="last feature day (YYYY-MM-DD); default the newest stored"
    )
    holdout_days: int = Field(default=3, description="newest days held out for evaluation")
    num_boost_round: int = Field(default=400, description="most boosting rounds (early stopped)")
    learning_rate: float = 0.05
    num_leaves: int = 31
    min_child_samples: int = 40
    feature_fraction: float = 0.9

    @field_validator("train_start", "train_end")
    @classmethod
    def _iso_date(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"{info.field_name} must be a date YYYY-MM-DD, got {value!r}"
                ) from None
        return value

    @model_validator(mode="after")
    def _check(self) -> "FraudModelConfig":
        start, end = self.window()
        if start and end and end < start:
            raise ValueError(
                f"train_end ({self.train_end}) is before train_start ({self.train_start})"
            )
        for name in ("holdout_days", "num_boost_round", "num_leaves", "min_child_samples"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("learning_rate", "feature_fraction"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within (0, 1], got {getattr(self, name)}")
        return self

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The training window's first and last day, when set."""
        return tuple(
            dt.date.fromisoformat(value) if value else None
            for value in (self.train_start, self.train_end)
        )

    def lightgbm_params(self) -> dict:
        return {
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": self.feature_fraction,
            "seed": 7,
            "deterministic": True,
            "num_threads": 2,
        }


@dg.asset(
    group_name="models",
    kinds={"lightgbm", "mlflow"},
    deps=["transaction_features"],
)
def fraud_model(
    context: dg.AssetExecutionContext,
    config: FraudModelConfig,
    warehouse: Warehouse,
    mlflow_tracking: MLflowTracking,
) -> dg.MaterializeResult:
    """A LightGBM fraud classifier on `transaction_features`, with a logistic-regression baseline.

    Days are split in time order: older days train, the next day validates (early stopping,
    alert threshold), the newest `holdout_days` are held out for ROC-AUC and PR-AUC. Parameters,
    metrics, feature importance, the holdout PR curve and the model go to MLflow; the model is
    registered and gets the `champion` alias that `fraud_predictions` scores with."""
    frame = _labelled_features(warehouse, config)
    days = sorted(frame["partition_date"].unique().to_list())
    split = training.split_days(days, config.holdout_days)
    trained = training.train(frame, split, config.lightgbm_params(), config.num_boost_round)
    context.log.info(
        f"holdout ROC-AUC {trained.metrics['roc_auc']:.4f}, PR-AUC {trained.metrics['pr_auc']:.4f}"
    )
    run_id, version = _log_to_mlflow(mlflow_tracking, config, split, trained)
    return dg.MaterializeResult(
        metadata={
            "mlflow_run_id": run_id,
            "model_uri": f"models:/{mlflow_tracking.registered_model_name}/{version}",
            "registered_model": mlflow_tracking.registered_model_name,
            "registered_version": version,
            "alias": mlflow_tracking.champion_alias,
            "roc_auc": trained.metrics["roc_auc"],
            "pr_auc": trained.metrics["pr_auc"],
            "precision_at_threshold": trained.metrics["precision"],
            "recall_at_threshold": trained.metrics["recall"],
            "threshold": trained.threshold,
            "baseline_logreg_pr_auc": trained.baseline_metrics["pr_auc"],
            "train_days": f"{split.train[0]} .. {split.train[-1]}",
            "validation_day": str(split.validation[0]),
            "holdout_days": f"{split.holdout[0]} .. {split.holdout[-1]}",
            "train_rows": int(trained.metrics["train_rows"]),
            "feature_importance": dg.MetadataValue.json(trained.feature_importance),
        }
    )


def _labelled_features(warehouse: Warehouse, config: FraudModelConfig) -> pl.DataFrame:
    day = FEATURES.c.partition_date
    start, end = config.window()
    window = and_(day >= start if start else true(), day <= end if end else true())
    features = warehouse.read(
        FEATURES, ["transaction_id", "partition_date", *MODEL_FEATURES], window
    )
    if features.is_empty():
        raise dg.Failure(
            "fraud_model found no transaction_features in the training window: materialize "
            "transaction_features first",
            allow_retries=False,
        )
    labels = warehouse.read(
        TRANSACTIONS,
        ["transaction_id", "is_fraud"],
        TRANSACTIONS.c.partition_date.between(
            features["partition_date"].min(), features["partition_date"].max()
        ),
    )
    # a fixed row order: LightGBM's result depends on it
    return features.join(labels, on="transaction_id", how="inner").sort(
        "partition_date", "transaction_id"
    )


def _log_to_mlflow(
    tracking: MLflowTracking,
    config: FraudModelConfig,
    split: training.DaySplit,
    trained: training.TrainedModel,
) -> tuple[str, str]:
    import lightgbm
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import mlflow
    from mlflow.models import infer_signature

    experiment = mlflow.get_experiment_by_name(tracking.experiment_name)
    with mlflow.start_run(experiment_id=experiment.experiment_id) as run:
        mlflow.log_params(
            {
                **config.lightgbm_params(),
                "num_boost_round": config.num_boost_round,
                "holdout_days": config.holdout_days,
                "train_start": str(split.train[0]),
                "train_end": str(split.train[-1]),
                "validation_day": str(split.validation[0]),
                "holdout_start": str(split.holdout[0]),
                "holdout_end": str(split.holdout[-1]),
                "features": len(MODEL_FEATURES),
            }
        )
        mlflow.log_metrics({f"holdout_{k}": v for k, v in trained.metrics.items()})
        mlflow.log_metric("threshold", trained.threshold)
        mlflow.log_metrics({f"baseline_logreg_{k}": v for k, v in trained.baseline_metrics.items()})
        mlflow.log_dict(trained.feature_importance, "feature_importance.json")
        precision, recall = trained.holdout_curve
        figure, axes = plt.subplots(figsize=(5, 4))
        axes.plot(recall, precision)
        axes.set(
            xlabel="recall",
            ylabel="precision",
            title=f"holdout PR curve (PR-AUC {trained.metrics['pr_auc']:.3f})",
        )
        mlflow.log_figure(figure, "holdout_pr_curve.png")
        plt.close(figure)
        # the signature: float features in, one fraud probability out
        example = pl.DataFrame({name: [0.0] for name in MODEL_FEATURES}).to_pandas()
        info = mlflow.lightgbm.log_model(
            trained.booster,
            name="model",
            registered_model_name=tracking.registered_model_name,
            signature=infer_signature(example, trained.booster.predict(example.to_numpy())),
            pip_requirements=[f"lightgbm=={lightgbm.__version__}"],
        )
    version = str(info.registered_model_version)
    client = mlflow.MlflowClient()
    client.set_model_version_tag(
        tracking.registered_model_name, version, "threshold", repr(trained.threshold)
    )
    client.set_registered_model_alias(
        tracking.registered_model_name, tracking.champion_alias, version
    )
    return run.info.run_id, version
