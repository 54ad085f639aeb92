"""How hard the fraud is to find, per difficulty preset, as a fraud team would measure it.

    python -m benchmarks.difficulty [--days 21] [--presets easy,medium,hard]

For each preset: the demo profile's world (seed 42, 5,000 customers, 800 merchants),
``--days`` days from 2025-01-01 rendered in memory, the project's features and its
LightGBM (the `fraud_model` defaults, but learning every fraud rather than only the
reported ones: fit on the oldest days, a gap day, judged on the 3 newest days).
Prints JSON lines: ROC-AUC, recall at 1 % and 5 % false-positive rate overall and per
typology, and the leak audit's highest single-signal AUC.
"""

import argparse
import dataclasses
import datetime as dt
import json

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


def emit(name: str, value: float, **context) -> None:
    print(json.dumps({"name": name, "value": round(float(value), 4), **context}), flush=True)


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
        transactions.select("transaction_id", *training.LABEL_COLUMNS), on="transaction_id"
    )
    # the behaviour's difficulty: learnt from the complete truth, so that late and missing
    # reports (which fraud_model's default protocol also models) do not blur it
    config = FraudModelConfig(train_on_reported_fraud_only=False)
    split = config.split(days)
    settings = dataclasses.replace(config.training_settings(), families=("lightgbm",))
    (model,) = training.fit_candidates(frame, split, settings)
    test = frame.filter(pl.col("partition_date").is_in(split.test))
    y = test["is_fraud"].cast(pl.Int8).to_numpy()
    metrics = model.evaluation.metrics
    emit("test_roc_auc", metrics["roc_auc"], preset=preset, test_rows=len(y),
         test_fraud=int(y.sum()))  # fmt: skip
    top = sorted(model.feature_importance.items(), key=lambda kv: -kv[1])[:8]
    print(json.dumps({"name": "top_features_by_gain", "preset": preset, "value": dict(top)}))
    emit("recall_at_1%_fpr", metrics["recall_at_1pct_fpr"], preset=preset)
    emit("recall_at_5%_fpr", metrics["recall_at_5pct_fpr"], preset=preset)
    for kind, recall in model.evaluation.recall_by_fraud_type.items():
        emit("recall_at_1%_fpr", recall, preset=preset, typology=kind)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--presets", default="easy,medium,hard")
    args = parser.parse_args()
    for preset in args.presets.split(","):
        measure(preset, args.days)


if __name__ == "__main__":
    main()
