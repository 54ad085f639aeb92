"""Fraud model training and evaluation on time-ordered feature partitions.

Days are split in time order: the oldest days train the model, the next day
validates it (early stopping and the alert threshold), and the newest days are
held out for the reported metrics. No day is used in two roles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from synfinance_assets.domain.features import MODEL_FEATURES

LABEL = "is_fraud"


@dataclass(frozen=True)
class DaySplit:
    train: list[dt.date]
    validation: list[dt.date]
    holdout: list[dt.date]


@dataclass
class TrainedModel:
    booster: lgb.Booster
    threshold: float
    metrics: dict[str, float]
    baseline_metrics: dict[str, float]
    feature_importance: dict[str, float]
    holdout_curve: tuple[np.ndarray, np.ndarray]  # precision, recall


def split_days(days: list[dt.date], holdout_days: int) -> DaySplit:
    """Oldest days to train, the next one to validate, the newest ``holdout_days`` to test."""
    days = sorted(days)
    if len(days) < holdout_days + 2:
        raise ValueError(
            f"training needs at least {holdout_days + 2} days of transaction_features "
            f"(train, validation and {holdout_days} holdout), found {len(days)}"
        )
    return DaySplit(
        days[: -holdout_days - 1], days[-holdout_days - 1 : -holdout_days], days[-holdout_days:]
    )


def matrix(frame: pl.DataFrame) -> np.ndarray:
    return frame.select(MODEL_FEATURES).cast(pl.Float64).to_numpy()


def train(frame: pl.DataFrame, split: DaySplit, params: dict, rounds: int) -> TrainedModel:
    """Train LightGBM and a logistic-regression baseline; evaluate both on the holdout."""
    parts = {
        role: frame.filter(pl.col("partition_date").is_in(days))
        for role, days in (
            ("train", split.train),
            ("validation", split.validation),
            ("holdout", split.holdout),
        )
    }
    for role, part in parts.items():
        if part[LABEL].sum() == 0:
            raise ValueError(f"the {role} days contain no fraud; widen the training window")
    x = {role: matrix(part) for role, part in parts.items()}
    y = {role: part[LABEL].cast(pl.Int8).to_numpy() for role, part in parts.items()}

    train_set = lgb.Dataset(x["train"], y["train"], feature_name=MODEL_FEATURES)
    valid_set = lgb.Dataset(x["validation"], y["validation"], reference=train_set)
    booster = lgb.train(
        {**params, "objective": "binary", "metric": "average_precision", "verbosity": -1},
        train_set,
        num_boost_round=rounds,
        valid_sets=[valid_set],
        callbacks=[lgb.early_stopping(stopping_rounds=25, verbose=False)],
    )
    threshold = best_f1_threshold(y["validation"], booster.predict(x["validation"]))
    holdout_scores = booster.predict(x["holdout"])
    precision, recall, _ = precision_recall_curve(y["holdout"], holdout_scores)

    baseline = make_pipeline(
        SimpleImputer(strategy="median"), StandardScaler(), LogisticRegression(max_iter=500)
    ).fit(x["train"], y["train"])
    baseline_scores = baseline.predict_proba(x["holdout"])[:, 1]

    gain = booster.feature_importance(importance_type="gain")
    return TrainedModel(
        booster=booster,
        threshold=threshold,
        metrics={
            **scores(y["holdout"], holdout_scores, threshold),
            "best_iteration": float(booster.best_iteration),
            "train_rows": float(len(y["train"])),
            "holdout_rows": float(len(y["holdout"])),
            "holdout_fraud_rate": float(y["holdout"].mean()),
        },
        baseline_metrics=scores(y["holdout"], baseline_scores, 0.5),
        feature_importance=dict(
            zip(MODEL_FEATURES, (gain / gain.sum()).round(4).tolist(), strict=True)
        ),
        holdout_curve=(precision, recall),
    )


def scores(y_true: np.ndarray, y_score: np.ndarray, threshold: float) -> dict[str, float]:
    predicted = y_score >= threshold
    true_positives = float((predicted & (y_true == 1)).sum())
    return {
        "roc_auc": float(roc_auc_score(y_true, y_score)),
        "pr_auc": float(average_precision_score(y_true, y_score)),
        "precision": true_positives / max(float(predicted.sum()), 1.0),
        "recall": true_positives / max(float(y_true.sum()), 1.0),
    }


def best_f1_threshold(y_true: np.ndarray, y_score: np.ndarray) -> float:
    precision, recall, thresholds = precision_recall_curve(y_true, y_score)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))])
