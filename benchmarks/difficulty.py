"""How hard the fraud is to find, per difficulty preset, as a fraud team would measure it.

    python -m benchmarks.difficulty [--days 21] [--presets easy,medium,hard]

For each preset: the demo profile's world (seed 42, 5,000 customers, 800 merchants),
``--days`` days from 2025-01-01 rendered in memory, the project's features and its
LightGBM (the `fraud_model` defaults) trained on the first days and scored on the 3
held-out days. Prints JSON lines: ROC-AUC, recall at 1 % and 5 % false-positive rate
overall and per typology, and the leak audit's highest single-signal AUC.
"""

import argparse
import datetime as dt
import json

import numpy as np
import polars as pl

from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.dagster_defs.models import FraudModelConfig
from synfinance_assets.domain import training
from synfinance_assets.domain.features import compute_features
from synfinance_assets.domain.leak_audit import leak_audit
from synfinance_assets.sim.fraud import FraudNetwork
from synfinance_assets.sim.generate import generate_day
from synfinance_assets.sim.render import DayPlan
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, default_mix
from synfinance_assets.sim.tables import customer_table
from synfinance_assets.sim.world import cached_world

HOLDOUT_DAYS = 3


def emit(name: str, value: float, **context) -> None:
    print(json.dumps({"name": name, "value": round(float(value), 4), **context}), flush=True)


def recall_at_fpr(y: np.ndarray, score: np.ndarray, fpr: float) -> tuple[float, float]:
    """Recall at the threshold that flags ``fpr`` of genuine rows, and that threshold."""
    threshold = float(np.quantile(score[y == 0], 1.0 - fpr))
    return float((score[y == 1] > threshold).mean()), threshold


def measure(preset: str, n_days: int) -> None:
    world = cached_world(42, 5_000, 800)
    network = FraudNetwork.recruit(world, 0.01, 0.02)
    plan = DayPlan(0.02, 0.02, default_mix(FRAUD_SCENARIOS), default_mix(ANOMALY_SCENARIOS),
                   preset)  # fmt: skip
    days = [PARTITIONS_START + dt.timedelta(days=i) for i in range(n_days)]
    transactions, events = (
        pl.concat(part)
        for part in zip(*[generate_day(world, network, day, plan) for day in days], strict=True)
    )
    audit = leak_audit(transactions)
    emit("leak_audit_max_auc", audit["auc"][0], preset=preset, signal=audit["signal"][0])

    features = compute_features(transactions, events, customer_table(world), days, PARTITIONS_START)
    frame = features.join(
        transactions.select("transaction_id", "is_fraud", "fraud_type"), on="transaction_id"
    )
    config = FraudModelConfig()
    split = training.split_days(days, HOLDOUT_DAYS)
    trained = training.train(frame, split, config.lightgbm_params(), config.num_boost_round)
    holdout = frame.filter(pl.col("partition_date").is_in(split.holdout))
    y = holdout["is_fraud"].cast(pl.Int8).to_numpy()
    score = trained.booster.predict(training.matrix(holdout))
    emit("holdout_roc_auc", trained.metrics["roc_auc"], preset=preset,
         holdout_rows=len(y), holdout_fraud=int(y.sum()))  # fmt: skip
    top = sorted(trained.feature_importance.items(), key=lambda kv: -kv[1])[:8]
    print(json.dumps({"name": "top_features_by_gain", "preset": preset, "value": dict(top)}))
    for fpr in (0.01, 0.05):
        recall, threshold = recall_at_fpr(y, score, fpr)
        emit(f"recall_at_{fpr:.0%}_fpr", recall, preset=preset)
        kinds = holdout["fraud_type"].to_numpy()
        for kind in FRAUD_SCENARIOS:
            rows = kinds == kind
            if rows.any():
                emit(f"recall_at_{fpr:.0%}_fpr", (score[rows] > threshold).mean(),
                     preset=preset, typology=kind, rows=int(rows.sum()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--presets", default="easy,medium,hard")
    args = parser.parse_args()
    for preset in args.presets.split(","):
        measure(preset, args.days)


if __name__ == "__main__":
    main()
