"""The leak audit: can any single raw column, or a simple transform of one, tell fraud?

A skeptical analyst's first pass over a labelled dataset: every column on its own and
the obvious transforms of it (round amounts, paise, price points, hour, minute,
sub-second digits, coordinates and their precision, which fields are empty, the shape
of an id, whether the device is the customer's usual one that day) is scored by its
ROC-AUC against ``is_fraud``. Categorical columns are scored by their fraud rate
learnt on one half of the rows and applied to the other half, so that a column
scores only what generalises. An AUC below 0.5 is as telling as one above, so each
figure is max(AUC, 1 - AUC). Label columns are not audited.
"""

from __future__ import annotations

import numpy as np
import polars as pl

LIMIT = 0.75  # above this, one column alone gives fraud away
SAMPLE_ROWS = 250_000  # at a 2 % fraud rate, AUCs to within about 0.005
LABELS = {"is_fraud", "fraud_type", "fraud_case_id", "fraud_reported_at", "is_anomaly",
          "anomaly_type"}  # fmt: skip
CATEGORICAL = ["channel", "card_present", "merchant_category", "mcc_code", "status",
               "decline_reason", "city", "state", "currency"]  # fmt: skip
IDS = ["transaction_id", "customer_id", "merchant_id", "counterparty_customer_id",
       "original_transaction_id", "device_id"]  # fmt: skip


def candidates(frame: pl.DataFrame) -> pl.DataFrame:
    """One column per audited signal (numeric, or a category to be encoded)."""
    amount = pl.col("amount")
    local = pl.col("timestamp").dt.convert_time_zone("Asia/Kolkata")
    numeric = [
        amount.alias("amount"),
        (amount * 100 % 100 != 0).alias("amount has paise"),
        (amount % 100 == 0).alias("amount is round hundreds"),
        (amount % 1000 == 0).alias("amount is round thousands"),
        (amount.floor() % 10 == 9).alias("amount ends in 9"),
        local.dt.hour().alias("hour"),
        local.dt.minute().alias("minute"),
        (pl.col("timestamp").dt.microsecond() % 1_000_000).alias("sub-second digits"),
        local.dt.weekday().alias("weekday"),
        pl.col("latitude").alias("latitude"),
        pl.col("longitude").alias("longitude"),
        _decimals("latitude").alias("latitude decimals"),
        _decimals("longitude").alias("longitude decimals"),
        (pl.col("device_id") != pl.col("device_id").mode().first().over("customer_id")).alias(
            "device not the customer's usual that day"
        ),
        *[
            pl.col(c).is_null().alias(f"{c} is empty")
            for c in frame.columns
            if c not in LABELS and frame[c].null_count() > 0
        ],  # fmt: skip
    ]
    categorical = [
        pl.col(c).cast(pl.String).fill_null("(empty)").alias(c) for c in CATEGORICAL if c in frame
    ] + [
        pl.concat_str(pl.col(c).str.slice(0, 1), pl.col(c).str.len_bytes(), separator=":")
        .fill_null("(empty)")
        .alias(f"{c} pattern")
        for c in IDS
        if c in frame.columns
    ]
    return frame.select(
        *numeric, *categorical, pl.col("is_fraud"), pl.col("transaction_id").alias("_row")
    )


def leak_audit(frame: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Every audited signal with its AUC against ``is_fraud``, the highest first."""
    if frame.height > SAMPLE_ROWS:  # whole customers, whose usual device stays known
        kept = int(1_000 * SAMPLE_ROWS / frame.height)
        frame = frame.filter(pl.col("customer_id").hash(seed) % 1_000 < kept)
    table = candidates(frame.sort("transaction_id"))
    label = table["is_fraud"].to_numpy()
    if label.all() or not label.any():
        return pl.DataFrame(schema={"signal": pl.String, "auc": pl.Float64, "status": pl.String})
    fold = (table["_row"].hash(seed) % 2 == 0).to_numpy()
    rows = []
    for name in table.columns:
        if name in ("is_fraud", "_row"):
            continue
        column = table[name]
        if column.dtype == pl.String:
            score = _out_of_fold_rate(column, label, fold)
        else:
            score = column.cast(pl.Float64).fill_null(-1.0).to_numpy()
        auc = _roc_auc(label, score)
        rows.append((name, round(float(max(auc, 1.0 - auc)), 4)))
    audit = pl.DataFrame(rows, schema=["signal", "auc"], orient="row")
    return audit.with_columns(
        status=pl.when(pl.col("auc") > LIMIT).then(pl.lit("FAIL")).otherwise(pl.lit("ok"))
    ).sort("auc", descending=True)


def _roc_auc(label: np.ndarray, score: np.ndarray) -> float:
    """ROC-AUC by the rank-sum (Mann-Whitney) formula, ties counted half."""
    ranks = pl.Series(score).rank("average").to_numpy()
    positives = int(label.sum())
    negatives = len(label) - positives
    return (ranks[label].sum() - positives * (positives + 1) / 2) / (positives * negatives)


def _decimals(column: str) -> pl.Expr:
    """How many decimals a coordinate is written with (up to 6)."""
    scaled = (pl.col(column).abs() * 1_000_000).round().cast(pl.Int64)
    return sum((scaled % 10**k != 0).cast(pl.Int8) for k in range(1, 7))


def _out_of_fold_rate(column: pl.Series, label: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Each row's category scored by its fraud rate in the other half of the rows."""
    inverse = column.cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    values = np.arange(inverse.max() + 1 if len(inverse) else 0)
    score = np.empty(len(label))
    prior = label.mean()
    for half in (True, False):
        learn = fold == half
        hits = np.bincount(inverse[learn], weights=label[learn], minlength=len(values))
        seen = np.bincount(inverse[learn], minlength=len(values))
        rate = (hits + prior * 10) / (seen + 10)  # shrunk towards the overall rate
        score[~learn] = rate[inverse[~learn]]
    return score
