"""Measure generation, features, Postgres load, export and scoring; one JSON line per figure.

    python -m benchmarks [--customers 500000] [--days 8]

The default is the large profile's population (about 1,000,000 transactions a day),
with 7 days of history before the measured day. The load goes into a scratch
database on SYNFINANCE_DATABASE_URL's server (or the embedded one), dropped after.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import lightgbm as lgb
import numpy as np
import polars as pl
import psycopg
from psycopg import sql
from sqlalchemy import create_engine

from benchmarks.validation_in_postgres import portable, validate_in_postgres
from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.dagster_defs.metadata import PeakMemory
from synfinance_assets.dagster_defs.models import FraudModelConfig
from synfinance_assets.domain import quality, training
from synfinance_assets.domain.activity import daily_activity
from synfinance_assets.domain.features import MODEL_FEATURES, compute_features
from synfinance_assets.domain.scoring import reason_codes
from synfinance_assets.domain.training import matrix
from synfinance_assets.settings import libpq_dsn, resolve_warehouse_url
from synfinance_assets.sim.events import account_events
from synfinance_assets.sim.fraud import FraudNetwork
from synfinance_assets.sim.generate import generate_day
from synfinance_assets.sim.render import DayPlan, render_draft, to_frame
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, default_mix
from synfinance_assets.sim.tables import customer_table
from synfinance_assets.sim.world import build_world
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.models import Base, Transaction


def emit(name: str, value: float, unit: str, **context) -> None:
    print(json.dumps({"name": name, "value": round(value, 2), "unit": unit, **context}), flush=True)


def emit_environment() -> None:
    """The machine and libraries the figures were measured with: rates scale with both."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").open()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    emit("environment", os.cpu_count() or 0, "cores", cpu=cpu, python=platform.python_version(),
         polars=pl.__version__, numpy=np.__version__, lightgbm=lgb.__version__)  # fmt: skip


def emit_reference_rate() -> None:
    """A fixed Polars workload, the kind the features are made of: compares machines."""
    rows = 5_000_000
    keys = np.random.default_rng(0).integers(0, rows // 5, rows)
    frame = pl.DataFrame({"key": keys, "value": keys.astype(np.float64)})
    seconds = min(
        timed(lambda: (frame.group_by("key").agg(pl.col("value").sum()), frame.sort("key")))[1]
        for _ in range(3)
    )
    note = "a fixed Polars group-by and sort of 5,000,000 rows (best of three): compares machines"
    emit("reference_rate", rows / seconds, "rows/s", note=note)


def peak_rss_mb() -> float:
    """This process's own peak (PeakMemory reads the mark exec resets, which ru_maxrss,
    carried over from the parent, does not)."""
    return float(PeakMemory.megabytes())


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=500_000)
    parser.add_argument("--merchants", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=8, help="history days plus the measured day")
    args = parser.parse_args()

    emit_environment()
    emit_reference_rate()
    world, elapsed = timed(lambda: build_world(42, args.customers, args.merchants))
    emit("world_build", elapsed, "s", customers=args.customers, merchants=args.merchants)
    network = FraudNetwork.recruit(world, 0.005, 0.01)
    customers = customer_table(world)
    plan = DayPlan(0.02, 0.02, default_mix(FRAUD_SCENARIOS), default_mix(ANOMALY_SCENARIOS))
    days = [PARTITIONS_START + dt.timedelta(days=i) for i in range(args.days)]

    generate_day(world, network, days[0] - dt.timedelta(days=1), plan)  # warm-up: caches, memory
    rows, generate = 0, 0.0
    for day in days:  # day by day, each day's tables released, as the assets do
        (frame, _), elapsed = timed(lambda d=day: generate_day(world, network, d, plan))
        generate += elapsed
        rows += frame.height
        del frame
    emit("generation_rate", rows / generate, "transactions/s", transactions=rows,
         days=len(days), note="the full generator (sim.generate.generate_day): the world "
         "rendered into the transactions and account_events frames")  # fmt: skip

    # the stages one after another, on the same days; the transactions kept as history
    frames, event_frames, simulate, label, events = [], [], 0.0, 0.0, 0.0
    for day in days:
        draft, elapsed = timed(lambda d=day: render_draft(world, network, d, plan))
        simulate += elapsed
        frame, elapsed = timed(lambda d=day, r=draft: to_frame(world, r.payments, d))
        label += elapsed
        day_events, elapsed = timed(lambda d=day, r=draft: account_events(world, r, d))
        events += elapsed
        frames.append(frame)
        event_frames.append(day_events)
    history, event_history = pl.concat(frames), pl.concat(event_frames)
    emit("simulation_rate", rows / simulate, "transactions/s",
         note="the kernel alone: habits, calendar, statuses, fraud and anomaly labels")  # fmt: skip
    emit("labelling_rate", rows / label, "transactions/s", note="arrays to the table's frame")
    emit("account_events_rate", rows / events, "transactions/s", note="events of those days")

    last_day = frames[-1]
    _, elapsed = timed(lambda: daily_activity(last_day))
    emit("daily_activity_rate", last_day.height / elapsed, "transactions/s",
         note="one day summed per customer (the customer_daily_activity asset)")  # fmt: skip
    activity = daily_activity(history)  # what the stored daily aggregates hold
    features, elapsed = timed(
        lambda: compute_features(
            history, event_history, customers, days[-3:], PARTITIONS_START, activity
        )
    )
    emit(
        "feature_rate",
        features.height / elapsed,
        "transactions/s",
        transactions=features.height,
        history_rows=history.height,
        features=len(MODEL_FEATURES),
        note="three days, each from the raw day and day before, the week's payers, payees "
        "and devices, and the 7- and 30-day daily activity rolled up",
    )
    validation_seconds(
        last_day, features.filter(pl.col("partition_date") == days[-1]), customers["customer_id"]
    )
    labelled = features.join(
        history.select("transaction_id", *training.LABEL_COLUMNS), on="transaction_id"
    )
    booster = train_lightgbm(labelled, days[-3:])

    first_load, replace = load_seconds(last_day)
    emit(
        "load_rate",
        last_day.height / first_load,
        "rows/s",
        rows=last_day.height,
        table="transactions",
        partition="new",
    )
    emit(
        "replace_rate",
        last_day.height / replace,
        "rows/s",
        rows=last_day.height,
        table="transactions",
        partition="existing, truncated in the same transaction",
    )

    frame = features.filter(pl.col("partition_date") == days[-1])
    with tempfile.TemporaryDirectory() as scratch:
        model_file, day_file = os.path.join(scratch, "model.txt"), os.path.join(scratch, "day")
        booster.save_model(model_file, num_iteration=booster.best_iteration or None)
        frame.write_parquet(day_file)
        subprocess.run([sys.executable, "-m", "benchmarks.scoring", model_file, day_file],
                       check=True)  # fmt: skip
    x = matrix(frame)
    probability = booster.predict(x)
    alerts = np.argsort(-probability)[: 10 * FraudModelConfig().daily_alert_budget]
    _, elapsed = timed(lambda: reason_codes(booster, x[alerts], MODEL_FEATURES))
    emit("reason_codes_rate", len(alerts) / elapsed, "alerts/s", alerts=len(alerts),
         note="SHAP contributions of the top-scored rows (pred_contrib)")  # fmt: skip
    emit("peak_rss", peak_rss_mb(), "MB")


def validation_seconds(
    day: pl.DataFrame, day_features: pl.DataFrame, customer_ids: pl.Series
) -> None:
    """Seconds per million rows of each critical suite, run as the assets run it: once, in
    memory, before the write, its result kept as Data Docs (here in a scratch home)."""
    saved = os.environ.get("DAGSTER_HOME")
    ids = {"customer_id": customer_ids, "counterparty_customer_id": customer_ids,
           "merchant_id": day["merchant_id"].drop_nulls().unique()}  # fmt: skip
    suites = (
        ("transactions", day, quality.transactions_suite(0.005, 0.08, 0.005, 0.08), ids),
        ("ml_features", day_features,
         quality.features_suite(quality.empty_features(day_features)), None),
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as home:
        os.environ["DAGSTER_HOME"] = home  # the Data Docs go to a scratch home
        try:
            for name, frame, suite, references in suites:
                quality.validate(frame.head(1000), suite, references)  # warm-up: first call
                report, elapsed = timed(
                    lambda f=frame, s=suite, r=references: quality.validate(f, s, r)
                )
                assert report.success, report.summary()
                emit("validation_seconds_per_million_rows", elapsed / frame.height * 1e6, "s",
                     suite=name, where="memory", rows=frame.height,
                     expectations=report.evaluated, note="the critical suite on the frame about "
                     "to be written (GX on pandas, pass/fail only), referential integrity and "
                     "Data Docs included")  # fmt: skip
        finally:
            if saved is None:
                os.environ.pop("DAGSTER_HOME")
            else:
                os.environ["DAGSTER_HOME"] = saved


def train_lightgbm(labelled: pl.DataFrame, days: list[dt.date]) -> lgb.Booster:
    """fraud_model's LightGBM search (its default grid, early stopping) fitted on all but
    the last of ``days`` and validated on the last."""
    settings = FraudModelConfig().training_settings()
    fit = labelled.filter(pl.col("partition_date") < days[-1])
    valid = labelled.filter(pl.col("partition_date") == days[-1])
    x = {"fit": matrix(fit), "validation": matrix(valid)}
    y = {role: part["is_fraud"].cast(pl.Int8).to_numpy()
         for role, part in (("fit", fit), ("validation", valid))}  # fmt: skip
    (booster, params, _), elapsed = timed(lambda: training.search_lightgbm(x, y, settings))
    emit("lightgbm_training", elapsed, "s", rows=fit.height, features=len(MODEL_FEATURES),
         models=len(settings.num_leaves_grid), best_iteration=params["best_iteration"],
         note="fraud_model's LightGBM search: every grid point early-stopped")  # fmt: skip
    return booster


def load_seconds(frame: pl.DataFrame) -> tuple[float, float]:
    """Seconds to COPY one day into an empty partition, then to replace it by itself; the
    stored day is then validated by GX in Postgres, and exported as Parquet and as CSV,
    each in a process of its own."""
    server = resolve_warehouse_url(os.environ.get("SYNFINANCE_DATABASE_URL"))
    scratch = resolve_warehouse_url(
        server.set(database=f"synfinance_bench_{uuid.uuid4().hex[:8]}").render_as_string(
            hide_password=False
        )
    )
    engine = create_engine(scratch)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS synfinance")
        Base.metadata.create_all(conn)
    engine.dispose()
    table = Transaction.__table__
    day = frame["partition_date"][0]
    try:
        _, first = timed(lambda: io.replace_day(scratch, table, frame, day))
        _, again = timed(lambda: io.replace_day(scratch, table, frame, day))
        suite = portable(quality.transactions_suite(0.005, 0.08, 0.005, 0.08))
        result, elapsed = timed(lambda: validate_in_postgres(scratch, table.name, day, suite))
        assert result.success, result.describe()
        emit("validation_seconds_per_million_rows", elapsed / frame.height * 1e6, "s",
             suite="transactions", where="postgres", rows=frame.height,
             expectations=len(result.results), note="GX over the stored day's table through "
             "a SQL data source, without the expectations written for frames (dtypes, means "
             "of booleans) and without referential integrity")  # fmt: skip
        with tempfile.TemporaryDirectory() as out:
            for fmt in ("parquet", "csv"):
                subprocess.run(
                    [sys.executable, "-m", "benchmarks.export_day",
                     scratch.render_as_string(hide_password=False), "transactions",
                     day.isoformat(), fmt,
                     out],
                    check=True,
                )  # fmt: skip
    finally:
        with psycopg.connect(libpq_dsn(server.set(database="postgres")), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(scratch.database))
            )
    return first, again


if __name__ == "__main__":
    main()
