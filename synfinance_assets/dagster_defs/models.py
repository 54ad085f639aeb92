"""The `fraud_model` asset: three model families trained on time-ordered features, tracked in
MLflow, and a champion that moves only when a challenger wins on the same test window."""

import datetime as dt
from dataclasses import dataclass

import dagster as dg
import polars as pl
from pydantic import Field, ValidationInfo, field_validator, model_validator
from sqlalchemy import and_, func, select, true

from synfinance_assets.dagster_defs.metadata import counts_table, table
from synfinance_assets.dagster_defs.model_registry import (
    LoggedModel,
    MLflowTracking,
    RegisteredModel,
)
from synfinance_assets.dagster_defs.predictions import batch_scorer
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain import training
from synfinance_assets.domain.evaluation import pr_auc
from synfinance_assets.domain.features import MODEL_FEATURES
from synfinance_assets.domain.model_plots import model_figures
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
    test_days: int = Field(default=3, description="newest days the models are judged on")
    validation_days: int = Field(
        default=2,
        description="days before the gap that choose hyperparameters, early stopping and the "
        "alert threshold (one day of the demo holds too little fraud to choose on)",
    )
    label_gap_days: int = Field(
        default=1,
        description="days left out before the test window while late fraud reports arrive",
    )
    train_on_reported_fraud_only: bool = Field(
        default=True,
        description="learn only the fraud reported before the test window, as a model "
        "trained that morning would; false learns the complete truth (an upper bound)",
    )
    daily_alert_budget: int = Field(
        default=100, description="alerts a fraud team can investigate a day (top-k precision)"
    )
    # a compact model: ~100 trees score a million rows in about two seconds on two cores
    num_boost_round: int = Field(default=100, description="most boosting rounds (early stopped)")
    learning_rate: float = 0.1
    num_leaves: int = 31
    min_child_samples: int = 40
    feature_fraction: float = 0.9
    max_fit_rows: int = Field(
        default=2_000_000,
        description="about the most rows the models fit on: beyond it every fraud is kept and "
        "the genuine rows of the fit days are sampled, weighted to stand for the rest",
    )

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
        for name in ("test_days", "validation_days", "num_boost_round", "num_leaves",
                     "min_child_samples", "daily_alert_budget", "max_fit_rows"):  # fmt: skip
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.label_gap_days < 0:
            raise ValueError(f"label_gap_days must be at least 0, got {self.label_gap_days}")
        for name in ("learning_rate", "feature_fraction"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within (0, 1], got {getattr(self, name)}")
        return self

    def split(self, days: list[dt.date]) -> training.DaySplit:
        """``days`` cut into fit, validation, gap and test days by this configuration."""
        return training.split_days(days, self.test_days, self.label_gap_days, self.validation_days)

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The training window's first and last day, when set."""
        return tuple(
            dt.date.fromisoformat(value) if value else None
            for value in (self.train_start, self.train_end)
        )

    def training_settings(self) -> training.TrainingSettings:
        return training.TrainingSettings(
            lightgbm=self.lightgbm_params(),
            num_boost_round=self.num_boost_round,
            num_leaves_grid=(self.num_leaves, 2 * self.num_leaves + 1),
            daily_alert_budget=self.daily_alert_budget,
            reported_labels_only=self.train_on_reported_fraud_only,
            max_fit_rows=self.max_fit_rows,
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


GATE = "beats_champion"
TIE = 1e-9  # PR-AUCs this close are one model scored twice (saved and reloaded): a tie
COMPARED = ["roc_auc", "pr_auc", "recall_at_1pct_fpr", "recall_at_5pct_fpr",
            "precision_at_daily_budget", "fraud_amount_caught_at_daily_budget",
            "brier_score", "expected_calibration_error"]  # fmt: skip


@dg.asset(
    group_name="models",
    kinds={"lightgbm", "scikitlearn", "mlflow"},
    deps=["transaction_features"],
    check_specs=[
        dg.AssetCheckSpec(
            GATE,
            asset="fraud_model",
            blocking=True,
            description="The new model is no worse than the current champion on PR-AUC over "
            "the same test window; the champion alias moves only when it is better.",
        )
    ],
)
def fraud_model(
    context: dg.AssetExecutionContext,
    config: FraudModelConfig,
    warehouse: Warehouse,
    mlflow_tracking: MLflowTracking,
) -> dg.MaterializeResult:
    """LightGBM, logistic regression and a random forest, trained on `transaction_features`
    and judged as a fraud team judges them.

    Days split in time order: the oldest fit, the next `validation_days` choose
    hyperparameters, early stopping and the alert threshold, `label_gap_days` are left out
    for late reports, the newest `test_days` are the
    test window. Training sees only fraud reported before the test window; fit days of more
    than `max_fit_rows` rows keep every fraud and a weighted sample of the genuine rows,
    so that training stays bounded however long the window. Each model is an
    MLflow run (parameters, metrics, plots, the model); the best on test PR-AUC is
    registered as a new version of `synfinance-fraud`, and the `champion` alias moves to it
    only if it beats the current champion scored on the same test window; a LightGBM
    champion's trees are then compiled for `fraud_predictions`."""
    rows_by_day = _rows_by_day(warehouse, config)
    settings = config.training_settings()
    try:
        split = config.split(list(rows_by_day))
        fit_rows = sum(rows_by_day[day] for day in split.fit)
        share = training.genuine_share(fit_rows, settings.max_fit_rows)
        frame = _labelled_features(warehouse, split, settings, share)
        candidates = training.fit_candidates(frame, split, settings)
    except ValueError as error:
        raise dg.Failure(str(error), allow_retries=False) from None
    fitted = frame["partition_date"].is_in(split.fit).sum()
    context.log.info(f"fit on {fitted:,} of {fit_rows:,} rows ({share:.1%} of the genuine)")
    runs = {c.family: _log_run(mlflow_tracking, config, split, c, share) for c in candidates}
    winner = training.best_of(candidates)
    champion = mlflow_tracking.champion()
    registered = mlflow_tracking.register(
        runs[winner.family], winner.family, winner.threshold, MODEL_FEATURES,
        f"{split.test[0]}..{split.test[-1]}",
    )  # fmt: skip
    test = frame.filter(pl.col("partition_date").is_in(split.test))
    verdict = _judge(mlflow_tracking, champion, winner, registered, test)
    if verdict.promote:
        mlflow_tracking.promote(registered.version)
        # compiled now, from the model as the registry gives it back: the night's scoring
        # then finds the object instead of paying the compile
        batch_scorer(mlflow_tracking.load(registered), registered.features, context.instance)
    context.log.info(verdict.summary)
    return dg.MaterializeResult(
        metadata={
            "model_comparison": table(_comparison(candidates, winner)),
            "winner": winner.family,
            "fit_rows": fitted,
            "genuine_share": share,
            "registered_model": mlflow_tracking.registered_model_name,
            "registered_version": registered.version,
            "champion_version": registered.version if verdict.promote else champion.version,
            "mlflow_run_id": runs[winner.family].run_id,
            "mlflow_run": dg.MetadataValue.url(mlflow_tracking.run_url(runs[winner.family].run_id)),
            **{
                f"mlflow_run_{family}": dg.MetadataValue.url(mlflow_tracking.run_url(r.run_id))
                for family, r in runs.items()
            },
            "pr_auc": winner.evaluation.metrics["pr_auc"],
            "roc_auc": winner.evaluation.metrics["roc_auc"],
            "recall_by_fraud_type": counts_table(
                winner.evaluation.recall_by_fraud_type, "fraud_type", "recall"
            ),
            "fpr_by_anomaly_type": counts_table(
                winner.evaluation.fpr_by_anomaly_type, "anomaly_type", "false_positive_rate"
            ),
            "fit_days": f"{split.fit[0]} .. {split.fit[-1]}",
            "validation_days": ", ".join(map(str, split.validation)),
            "gap_days": ", ".join(map(str, split.gap)) or "none",
            "test_days": f"{split.test[0]} .. {split.test[-1]}",
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=GATE,
                passed=verdict.passed,
                severity=dg.AssetCheckSeverity.ERROR,
                description=verdict.summary,
                metadata={"comparison": table(pl.DataFrame([verdict.comparison]))},
            )
        ],
    )


@dataclass(frozen=True)
class Verdict:
    promote: bool
    passed: bool
    summary: str
    comparison: dict


def _judge(
    tracking: MLflowTracking,
    champion: RegisteredModel | None,
    winner: training.Candidate,
    challenger: RegisteredModel,
    test: pl.DataFrame,
) -> Verdict:
    """Whether the challenger takes the champion alias: only by a higher PR-AUC than the
    champion's on the same test rows (a tie keeps the champion, and passes)."""
    new = winner.evaluation.metrics["pr_auc"]
    comparison = {"challenger_version": challenger.version, "challenger_family": winner.family,
                  "challenger_pr_auc": round(new, 6), "test_rows": test.height}  # fmt: skip
    if champion is None:
        return Verdict(True, True, f"v{challenger.version} is the first champion "
                       f"(PR-AUC {new:.4f})", comparison)  # fmt: skip
    comparison |= {"champion_version": champion.version, "champion_family": champion.family}
    if not champion.features or not set(champion.features) <= set(test.columns):
        summary = (f"champion v{champion.version} was trained on features the table no "
                   f"longer holds; v{challenger.version} replaces it")  # fmt: skip
        return Verdict(True, True, summary, comparison)
    model = tracking.load(champion)
    score = training.fraud_probability(model, training.matrix(test, champion.features))
    old = pr_auc(test["is_fraud"].cast(pl.Int8).to_numpy(), score)
    comparison["champion_pr_auc"] = round(old, 6)
    if new > old + TIE:
        summary = (f"v{challenger.version} ({new:.4f}) beats champion v{champion.version} "
                   f"({old:.4f}) on PR-AUC: promoted")  # fmt: skip
        return Verdict(True, True, summary, comparison)
    summary = (f"v{challenger.version} ({new:.4f}) does not beat champion v{champion.version} "
               f"({old:.4f}) on PR-AUC: the champion stays")  # fmt: skip
    return Verdict(False, new >= old - TIE, summary, comparison)


def _comparison(candidates: list[training.Candidate], winner: training.Candidate):
    """The three models side by side: the chosen parameters and the test window's figures."""
    return pl.DataFrame(
        [
            {
                "model": c.family + (" (winner)" if c is winner else ""),
                "chosen": ", ".join(f"{k}={v}" for k, v in c.params.items()
                                    if k in ("num_leaves", "C", "max_depth", "best_iteration")),
                "validation_pr_auc": c.validation_pr_auc,
                **{m: c.evaluation.metrics[m] for m in COMPARED},
            }
            for c in candidates
        ]
    )  # fmt: skip


def _rows_by_day(warehouse: Warehouse, config: FraudModelConfig) -> dict[dt.date, int]:
    """The feature rows of each stored day of the training window, in day order."""
    day = FEATURES.c.partition_date
    start, end = config.window()
    window = and_(day >= start if start else true(), day <= end if end else true())
    counts = warehouse.query(
        select(day, func.count().label("rows")).where(window).group_by(day).order_by(day)
    )
    if counts.is_empty():
        raise dg.Failure(
            "fraud_model found no transaction_features in the training window: materialize "
            "transaction_features first",
            allow_retries=False,
        )
    return dict(counts.iter_rows())


def _labelled_features(
    warehouse: Warehouse, split: training.DaySplit, settings: training.TrainingSettings,
    share: float,
) -> pl.DataFrame:  # fmt: skip
    """The features and labels of the days the models use, a day at a time, the fit days'
    genuine rows sampled to ``share`` as they are read: the fit never holds more than
    about ``max_fit_rows`` rows, however long the window."""
    frames = []
    for day in [*split.fit, *split.validation, *split.test]:
        features = warehouse.read(
            FEATURES,
            ["transaction_id", "partition_date", *MODEL_FEATURES],
            FEATURES.c.partition_date == day,
        )
        labels = warehouse.read(
            TRANSACTIONS,
            ["transaction_id", *training.LABEL_COLUMNS],
            TRANSACTIONS.c.partition_date == day,
        )
        # a fixed row order: LightGBM's result depends on it
        frame = features.join(labels, on="transaction_id", how="inner").sort("transaction_id")
        if share < 1.0:
            frame = training.sample_genuine(frame, split, settings, share)
        frames.append(frame)
    return pl.concat(frames)


def _log_run(
    tracking: MLflowTracking,
    config: FraudModelConfig,
    split: training.DaySplit,
    candidate: training.Candidate,
    genuine_share: float,
) -> LoggedModel:
    evaluation = candidate.evaluation
    return tracking.log_model_run(
        run_name=candidate.family,
        model=candidate.model,
        params={
            "family": candidate.family,
            **candidate.params,
            "fit_start": str(split.fit[0]),
            "fit_end": str(split.fit[-1]),
            "validation_days": ",".join(map(str, split.validation)),
            "label_gap_days": config.label_gap_days,
            "labels_known_before": str(split.labels_known_before),
            "test_start": str(split.test[0]),
            "test_end": str(split.test[-1]),
            "daily_alert_budget": config.daily_alert_budget,
            "features": len(MODEL_FEATURES),
            "genuine_share": round(genuine_share, 6),
        },
        metrics={
            **{f"test_{k}": v for k, v in evaluation.metrics.items()},
            "validation_pr_auc": candidate.validation_pr_auc,
            "threshold": candidate.threshold,
        },
        tables={
            "recall_by_fraud_type": evaluation.recall_by_fraud_type,
            "fpr_by_anomaly_type": evaluation.fpr_by_anomaly_type,
            "feature_importance": candidate.feature_importance,
        },
        figures=model_figures(candidate.family, evaluation, candidate.feature_importance),
        input_example=pl.DataFrame({n: [0.0] for n in MODEL_FEATURES}),
    )
