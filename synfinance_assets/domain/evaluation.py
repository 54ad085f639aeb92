"""How a fraud team judges a model's scores on a test window.

Beyond ROC-AUC and PR-AUC: recall at the false-positive rates a bank can live with, the
precision of the alerts it can investigate each day (the daily alert budget), the share
of defrauded rupees those alerts catch, recall per fraud typology and false alarms per
anomaly kind at the 1 % false-positive operating point, and calibration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

OPERATING_FPR = 0.01  # the operating point of the per-typology figures
CALIBRATION_BINS = 10


@dataclass
class Evaluation:
    """A model's figures on one test window."""

    metrics: dict[str, float]
    recall_by_fraud_type: dict[str, float]
    fpr_by_anomaly_type: dict[str, float]
    roc: tuple[np.ndarray, np.ndarray]  # false-positive rate, recall
    pr: tuple[np.ndarray, np.ndarray]  # recall, precision


def evaluate(test: pl.DataFrame, score: np.ndarray, daily_alert_budget: int) -> Evaluation:
    """Figures of ``score`` on ``test`` (columns ``is_fraud``, ``fraud_type``,
    ``anomaly_type``, ``amount``, ``partition_date``; the truth as finally known)."""
    y = test["is_fraud"].cast(pl.Int8).to_numpy()
    if y.min() == y.max():
        raise ValueError("the test window needs both fraud and genuine rows to be evaluated")
    fpr, recall, _ = roc_curve(y, score)
    threshold = _threshold_at_fpr(score[y == 0], OPERATING_FPR)
    flagged = score > threshold
    alerted = _top_per_day(test["partition_date"].to_numpy(), score, daily_alert_budget)
    amount = test["amount"].to_numpy()
    precision_curve, recall_curve, _ = precision_recall_curve(y, score)
    metrics = {
        "roc_auc": float(roc_auc_score(y, score)),
        "pr_auc": pr_auc(y, score),
        "recall_at_1pct_fpr": float(flagged[y == 1].mean()),
        "recall_at_5pct_fpr": float(
            (score[y == 1] > _threshold_at_fpr(score[y == 0], 0.05)).mean()
        ),
        "precision_at_daily_budget": float(y[alerted].mean()) if alerted.any() else 0.0,
        "recall_at_daily_budget": float(alerted[y == 1].mean()),
        "fraud_amount_caught_at_daily_budget": float(
            amount[alerted & (y == 1)].sum() / amount[y == 1].sum()
        ),
        "brier_score": float(brier_score_loss(y, score)),
        "expected_calibration_error": expected_calibration_error(y, score),
        "test_rows": float(len(y)),
        "test_fraud_rate": float(y.mean()),
    }
    return Evaluation(
        metrics=metrics,
        recall_by_fraud_type=_share_by(test["fraud_type"], flagged, y == 1),
        fpr_by_anomaly_type=_share_by(test["anomaly_type"], flagged, y == 0),
        roc=(fpr, recall),
        pr=(recall_curve, precision_curve),
    )


def pr_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Average precision: the area under the precision-recall curve."""
    return float(average_precision_score(y, score))


def expected_calibration_error(y: np.ndarray, score: np.ndarray) -> float:
    """The row-weighted gap between mean score and fraud rate over equal-width score bins."""
    bins = np.minimum((score * CALIBRATION_BINS).astype(np.int64), CALIBRATION_BINS - 1)
    predicted = np.bincount(bins, weights=score, minlength=CALIBRATION_BINS)
    observed = np.bincount(bins, weights=y, minlength=CALIBRATION_BINS)
    return float(np.abs(predicted - observed).sum() / len(y))


def _threshold_at_fpr(genuine_scores: np.ndarray, fpr: float) -> float:
    """The score above which ``fpr`` of the genuine rows lie."""
    return float(np.quantile(genuine_scores, 1.0 - fpr))


def _top_per_day(days: np.ndarray, score: np.ndarray, budget: int) -> np.ndarray:
    """The ``budget`` highest-scored rows of each day: the alerts a team investigates."""
    ranked = (
        pl.DataFrame({"day": days, "score": score})
        .with_row_index("row")
        .with_columns(rank=pl.col("score").rank("ordinal", descending=True).over("day"))
    )
    alerted = np.zeros(len(score), dtype=bool)
    alerted[ranked.filter(pl.col("rank") <= budget)["row"].to_numpy()] = True
    return alerted


def _share_by(kind: pl.Series, flagged: np.ndarray, among: np.ndarray) -> dict[str, float]:
    """The share flagged among the rows of each non-null ``kind``, limited to ``among``."""
    frame = pl.DataFrame({"kind": kind, "flagged": flagged}).filter(
        pl.Series(among) & pl.col("kind").is_not_null()
    )
    shares = frame.group_by("kind").agg(pl.col("flagged").mean()).sort("kind")
    return {str(k): round(float(v), 4) for k, v in shares.iter_rows()}
