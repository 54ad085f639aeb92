"""The three model families compared as `fraud_model` compares them, on a world of any size.

    python -m benchmarks.models [--customers 50000] [--merchants 5000] [--days 21]

Renders ``--days`` days from 2025-01-01 in memory (seed 42, the default mix, medium
difficulty), computes the project's features and runs fraud_model's own training with
its defaults: fit on the oldest days (every fraud and a weighted share of the genuine
rows past ``max_fit_rows``), two validation days, a gap day, the 3 newest days to test,
learning only the fraud reported before the test window. Prints one JSON line per
family with its test metrics and training seconds.
"""

import argparse
import dataclasses
import datetime as dt
import json
import time

import polars as pl

from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.dagster_defs.models import FraudModelConfig
from synfinance_assets.domain import training
from synfinance_assets.domain.features import compute_features
from synfinance_assets.sim.fraud import FraudNetwork
from synfinance_assets.sim.generate import generate_day
from synfinance_assets.sim.render import DayPlan
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, default_mix
from synfinance_assets.sim.tables import customer_table
from synfinance_assets.sim.world import build_world

REPORTED = ("roc_auc", "pr_auc", "recall_at_1pct_fpr", "recall_at_5pct_fpr",
            "precision_at_daily_budget", "fraud_amount_caught_at_daily_budget",
            "brier_score", "expected_calibration_error")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--merchants", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=21)
    args = parser.parse_args()

    world = build_world(42, args.customers, args.merchants)
    network = FraudNetwork.recruit(world, 0.005, 0.01)
    plan = DayPlan(0.02, 0.02, default_mix(FRAUD_SCENARIOS), default_mix(ANOMALY_SCENARIOS))
    days = [PARTITIONS_START + dt.timedelta(days=i) for i in range(args.days)]
    transactions, events = (
        pl.concat(part)
        for part in zip(*[generate_day(world, network, day, plan) for day in days], strict=True)
    )
    features = compute_features(transactions, events, customer_table(world), days, PARTITIONS_START)
    frame = features.join(
        transactions.select("transaction_id", *training.LABEL_COLUMNS), on="transaction_id"
    )
    del transactions, events, features  # a large world's days would not fit twice
    config = FraudModelConfig()
    split = config.split(days)
    settings = config.training_settings()
    fit_rows = frame["partition_date"].is_in(split.fit).sum()
    for family in settings.families:
        start = time.perf_counter()
        one_family = dataclasses.replace(settings, families=(family,))
        (candidate,) = training.fit_candidates(frame, split, one_family)
        seconds = time.perf_counter() - start
        metrics = candidate.evaluation.metrics
        print(
            json.dumps(
                {
                    "name": "model_comparison",
                    "family": family,
                    "rows": frame.height,
                    "customers": args.customers,
                    "days": args.days,
                    "genuine_share": round(
                        training.genuine_share(fit_rows, settings.max_fit_rows), 4
                    ),
                    "params": {k: v for k, v in candidate.params.items() if k != "verbosity"},
                    "seconds": round(seconds, 1),
                    **{k: round(metrics[k], 4) for k in REPORTED},
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
