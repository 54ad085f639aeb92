"""Three model families trained and judged the way a fraud team would.

Days are split in time order: the oldest days fit the models, the next days choose
their hyperparameters (a small search) and the alert threshold, then a gap of days is
left out while late fraud reports arrive, and the newest days are the test window. The
models learn only the fraud reported before the test window starts, as a model trained
that morning would; they are judged on the truth as finally known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from synfinance_assets.core.clock import IST_OFFSET_MICROS, MICROS_PER_DAY, day_number
from synfinance_assets.domain.evaluation import Evaluation, evaluate, pr_auc
from synfinance_assets.domain.features import MODEL_FEATURES

LABEL = "is_fraud"
FAMILIES = ("lightgbm", "logistic_regression", "random_forest")
LABEL_COLUMNS = [LABEL, "fraud_reported_at", "fraud_type", "anomaly_type", "amount"]
RANDOM_FOREST_ROWS = 300_000  # rows each tree is grown on: keeps training bounded
WEIGHT = "sample_weight"  # a fit row's weight once genuine rows are sampled
_SAMPLE_SEED = 11


@dataclass(frozen=True)
class DaySplit:
    fit: list[dt.date]
    validation: list[dt.date]
    gap: list[dt.date]
    test: list[dt.date]

    @property
    def labels_known_before(self) -> dt.date:
        """Training sees the fraud reported before this day (the test window's first)."""
        return self.test[0]


@dataclass(frozen=True)
class TrainingSettings:
    lightgbm: dict
    num_boost_round: int
    num_leaves_grid: tuple[int, ...] = (15, 63)
    logistic_c_grid: tuple[float, ...] = (0.1, 1.0)
    forest_depth_grid: tuple[int, ...] = (8, 16)
    daily_alert_budget: int = 100
    families: tuple[str, ...] = FAMILIES
    reported_labels_only: bool = True  # False: learn the complete truth (an upper bound)
    max_fit_rows: int = 2_000_000  # beyond it, the fit days' genuine rows are sampled


@dataclass
class Candidate:
    """One family's chosen model, its threshold and its figures on the test window."""

    family: str
    model: lgb.Booster | Pipeline
    params: dict
    threshold: float
    validation_pr_auc: float
    evaluation: Evaluation = field(repr=False)
    feature_importance: dict[str, float] = field(default_factory=dict, repr=False)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return fraud_probability(self.model, x)


def fraud_probability(model: lgb.Booster | Pipeline, x: np.ndarray) -> np.ndarray:
    """The fraud probability of each row of ``x`` (features in MODEL_FEATURES order)."""
    if isinstance(model, lgb.Booster):
        return model.predict(x)
    return model.predict_proba(x)[:, 1]


def split_days(
    days: list[dt.date], test_days: int, gap_days: int, validation_days: int = 1
) -> DaySplit:
    """The newest ``test_days`` to test, ``gap_days`` before them left out, the
    ``validation_days`` before those to choose, every older day to fit."""
    days = sorted(days)
    held = test_days + gap_days + validation_days
    if len(days) < held + 1:
        raise ValueError(
            f"training needs at least {held + 1} days of transaction_features (fit, "
            f"{validation_days} validation, {gap_days} gap and {test_days} test), "
            f"found {len(days)}"
        )
    fit_end = len(days) - held
    gap_start = fit_end + validation_days
    return DaySplit(
        days[:fit_end],
        days[fit_end:gap_start],
        days[gap_start : gap_start + gap_days],
        days[-test_days:],
    )


def matrix(frame: pl.DataFrame, features: list[str] = MODEL_FEATURES) -> np.ndarray:
    return frame.select(features).cast(pl.Float64).to_numpy()


def known_labels(frame: pl.DataFrame, before: dt.date) -> np.ndarray:
    """Fraud as known at the start of ``before``: reported by then (IST midnight)."""
    cutoff = day_number(before) * MICROS_PER_DAY - IST_OFFSET_MICROS
    reported = frame["fraud_reported_at"].dt.epoch("us").fill_null(np.iinfo(np.int64).max)
    return (frame[LABEL] & (reported < cutoff)).cast(pl.Int8).to_numpy()


def training_labels(frame: pl.DataFrame, split: DaySplit, settings: TrainingSettings) -> np.ndarray:
    """The labels the models learn from: fraud reported before the test window, or (not
    ``reported_labels_only``) all of it."""
    if settings.reported_labels_only:
        return known_labels(frame, split.labels_known_before)
    return frame[LABEL].cast(pl.Int8).to_numpy()


def genuine_share(fit_rows: int, max_fit_rows: int) -> float:
    """The share of the fit days' genuine rows kept so that about ``max_fit_rows`` are fit
    on (every fraud is kept besides)."""
    return min(1.0, max_fit_rows / fit_rows) if fit_rows else 1.0


def sample_genuine(
    frame: pl.DataFrame, split: DaySplit, settings: TrainingSettings, share: float
) -> pl.DataFrame:
    """``frame``'s fit-day rows with every fraud the models learn and ``share`` of the rest,
    each kept row weighted by the inverse of its chance to be kept (``sample_weight``), so
    that the weighted rows stand for the whole days and the scores stay calibrated; other
    days' rows as they are. ``frame`` is in day order. Each day's draw depends only on the
    day, so a day read alone keeps the rows it keeps inside a longer frame."""
    fit_day = frame["partition_date"].is_in(split.fit).to_numpy()
    fraud = training_labels(frame, split, settings).astype(bool)
    runs = frame["partition_date"].rle().struct.unnest()
    draw = np.concatenate(
        [
            np.random.default_rng([_SAMPLE_SEED, day.toordinal()]).random(rows)
            for rows, day in runs.iter_rows()
        ]
        or [np.empty(0)]
    )
    keep = ~fit_day | fraud | (draw < share)
    weight = np.where(fit_day & ~fraud, 1.0 / share, 1.0)
    return frame.with_columns(pl.Series(WEIGHT, weight)).filter(keep)


def fit_candidates(
    frame: pl.DataFrame, split: DaySplit, settings: TrainingSettings
) -> list[Candidate]:
    """Each family searched on the validation days and judged on the test window.

    Fit days of more than ``settings.max_fit_rows`` rows are sampled here
    (`sample_genuine`), unless ``frame`` comes sampled already (a ``sample_weight``
    column)."""
    if WEIGHT not in frame.columns:
        fit_rows = frame["partition_date"].is_in(split.fit).sum()
        share = genuine_share(fit_rows, settings.max_fit_rows)
        if share < 1.0:
            frame = sample_genuine(frame, split, settings, share)
    parts = {
        role: frame.filter(pl.col("partition_date").is_in(days))
        for role, days in (("fit", split.fit), ("validation", split.validation),
                           ("test", split.test))
    }  # fmt: skip
    x = {role: matrix(part) for role, part in parts.items()}
    y = {role: training_labels(parts[role], split, settings) for role in ("fit", "validation")}
    weight = parts["fit"][WEIGHT].to_numpy() if WEIGHT in frame.columns else None
    for role, labels in y.items():
        if labels.sum() == 0:
            raise ValueError(
                f"the {role} days hold no fraud reported before {split.labels_known_before}; "
                "widen the training window"
            )
    if parts["test"][LABEL].sum() == 0:
        raise ValueError("the test days contain no fraud; widen the training window")
    searches = {
        "lightgbm": lambda: search_lightgbm(x, y, settings, weight),
        "logistic_regression": lambda: _sklearn_search(
            x, y, weight, "C", settings.logistic_c_grid, _logistic_regression
        ),
        "random_forest": lambda: _sklearn_search(
            x, y, weight, "max_depth", settings.forest_depth_grid, _random_forest
        ),
    }
    candidates = []
    for family in settings.families:
        model, params, validation_pr_auc = searches[family]()
        threshold = best_f1_threshold(y["validation"], fraud_probability(model, x["validation"]))
        test_scores = fraud_probability(model, x["test"])
        candidates.append(
            Candidate(
                family=family,
                model=model,
                params=params,
                threshold=threshold,
                validation_pr_auc=validation_pr_auc,
                evaluation=evaluate(parts["test"], test_scores, settings.daily_alert_budget),
                feature_importance=_importance(model),
            )
        )
    return candidates


def best_of(candidates: list[Candidate]) -> Candidate:
    """The candidate with the highest PR-AUC on the test window."""
    return max(candidates, key=lambda c: c.evaluation.metrics["pr_auc"])


def search_lightgbm(x: dict, y: dict, settings: TrainingSettings, weight: np.ndarray | None = None):
    """LightGBM at each grid point (fit rows ``weight``ed), early-stopped on the validation
    rows; the best by validation PR-AUC, as (booster, chosen parameters, validation
    PR-AUC)."""
    best = None
    fit_set = lgb.Dataset(
        x["fit"], y["fit"], weight=weight, feature_name=MODEL_FEATURES, free_raw_data=False
    )
    for num_leaves in settings.num_leaves_grid:
        params = {**settings.lightgbm, "num_leaves": num_leaves}
        booster = lgb.train(
            {**params, "objective": "binary", "metric": "average_precision", "verbosity": -1},
            fit_set,
            num_boost_round=settings.num_boost_round,
            valid_sets=[lgb.Dataset(x["validation"], y["validation"], reference=fit_set)],
            callbacks=[lgb.early_stopping(stopping_rounds=25, verbose=False)],
        )
        score = pr_auc(y["validation"], booster.predict(x["validation"]))
        if best is None or score > best[2]:
            chosen = {**params, "best_iteration": booster.best_iteration}
            best = (booster, chosen, score)
    return best


def _sklearn_search(x, y, weight, name: str, grid, build):
    best = None
    for value in grid:
        model = build(value, len(y["fit"]))
        # the weights go to the estimator, the pipeline's last step
        model.fit(x["fit"], y["fit"], **{f"{model.steps[-1][0]}__sample_weight": weight})
        score = pr_auc(y["validation"], model.predict_proba(x["validation"])[:, 1])
        if best is None or score > best[2]:
            best = (model, {name: value}, score)
    return best


def _logistic_regression(c: float, _rows: int) -> Pipeline:
    return make_pipeline(
        SimpleImputer(strategy="median"),
        StandardScaler(),
        LogisticRegression(C=c, max_iter=500),
    )


def _random_forest(max_depth: int, rows: int) -> Pipeline:
    return make_pipeline(
        SimpleImputer(strategy="median"),
        RandomForestClassifier(
            n_estimators=60,
            max_depth=max_depth,
            min_samples_leaf=20,
            max_samples=min(1.0, RANDOM_FOREST_ROWS / rows),
            n_jobs=2,
            random_state=7,
        ),
    )


def _importance(model) -> dict[str, float]:
    """Each feature's share of the model's importance (gain; mean impurity decrease;
    absolute standardised coefficient)."""
    if isinstance(model, lgb.Booster):
        weights = model.feature_importance(importance_type="gain")
    elif hasattr(model[-1], "feature_importances_"):
        weights = model[-1].feature_importances_
    else:
        weights = np.abs(model[-1].coef_[0])
    weights = np.asarray(weights, dtype=float)
    total = weights.sum() or 1.0
    return dict(zip(MODEL_FEATURES, (weights / total).round(4).tolist(), strict=True))


def best_f1_threshold(y_true: np.ndarray, y_score: np.ndarray) -> float:
    precision, recall, thresholds = precision_recall_curve(y_true, y_score)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))])
