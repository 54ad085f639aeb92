"""Time one large night as users run it: `dagster asset materialize` with its checks.

    python -m benchmarks.nightly_day [--profile config/large.yaml] [--day 2025-01-08]

Into a scratch database on SYNFINANCE_DATABASE_URL's server (or the embedded one):
materializes customers and merchants, and the daily assets of the week before DAY (the
history the features read), untimed. Then times the night's daily assets for DAY
(transactions, account_events, customer_daily_activity, transaction_features, each with
its checks) as one process and prints JSON lines: wall seconds, peak RSS of the
process, and each step's duration from the Dagster log. The scratch database is dropped
after.
"""

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from synfinance_assets.domain.network_features import WINDOW_DAYS
from synfinance_assets.settings import libpq_dsn, resolve_warehouse_url

REPO = Path(__file__).resolve().parents[1]
NIGHT = ["transactions", "account_events", "customer_daily_activity", "transaction_features"]
STEP = re.compile(r'Finished execution of step "([^"]+)" in (?:(\d+)m)?([\d.]+)(ms|s)')
# where the time of the two largest steps went, as their logs say it
PHASES = {
    "transactions": re.compile(r"transactions: seconds by phase: ([^\n]+)"),
    "transaction_features": re.compile(r"seconds so far: ([^\n]+)"),
}
STEP_PEAK = re.compile(r" - (\w+) - peak memory (\d+) MB")


def emit(name: str, value: float, unit: str, **context) -> None:
    print(json.dumps({"name": name, "value": round(value, 2), "unit": unit, **context}), flush=True)


def dagster(env: dict, profile: str, *args: str) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (the process and the step processes it waited for)
    and the log of one `dagster asset materialize`."""
    command = [str(Path(sys.executable).with_name("dagster")), "asset", "materialize", "-m",
               "synfinance_assets", "-c", profile, *args]  # fmt: skip
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        log.seek(0)
        output = log.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(output[-6000:])
    return elapsed, usage.ru_maxrss / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="config/large.yaml")
    parser.add_argument("--day", default="2025-01-08")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    server = resolve_warehouse_url(os.environ.get("SYNFINANCE_DATABASE_URL"))
    scratch = server.set(database=f"synfinance_bench_{uuid.uuid4().hex[:8]}")
    home = Path(tempfile.mkdtemp(prefix="synfinance_bench_home_"))
    (home / "dagster.yaml").write_text((REPO / "dagster_home" / "dagster.yaml").read_text())
    env = {
        **os.environ,
        "SYNFINANCE_DATABASE_URL": scratch.render_as_string(hide_password=False),
        "DAGSTER_HOME": str(home),
    }
    try:
        resolve_warehouse_url(env["SYNFINANCE_DATABASE_URL"])
        subprocess.run(
            [str(Path(sys.executable).with_name("alembic")), "upgrade", "head"],
            cwd=REPO, env=env, check=True, capture_output=True,
        )  # fmt: skip
        dagster(env, args.profile, "--select", "customers,merchants")
        day = dt.date.fromisoformat(args.day)
        week = f"{day - dt.timedelta(days=WINDOW_DAYS)}...{day - dt.timedelta(days=1)}"
        for asset in NIGHT:  # one asset at a time: each takes the whole machine
            dagster(env, args.profile, "--select", asset, "--partition-range", week)
        wall, peak, log = dagster(
            env, args.profile, "--select", ",".join(NIGHT), "--partition", args.day
        )
        emit("nightly_day_wall", wall, "s", profile=args.profile, day=args.day, assets=NIGHT)
        step_peaks = {step: float(mb) for step, mb in STEP_PEAK.findall(log)}
        emit("nightly_day_peak_rss", max([peak, *step_peaks.values()]), "MB",
             note="the night's process: the largest of its steps' own peaks")  # fmt: skip
        for step, minutes, value, unit in STEP.findall(log):
            seconds = float(value) / (1000 if unit == "ms" else 1) + 60 * int(minutes or 0)
            emit(f"step:{step}", seconds, "s")
        for step, mb in step_peaks.items():
            emit(f"{step}:peak_rss", mb, "MB")
        for step, pattern in PHASES.items():
            for phases in pattern.findall(log)[-1:]:
                for phase in phases.rstrip(" \"'").split(", "):
                    name, seconds, _ = phase.rsplit(" ", 2)
                    emit(f"{step}:{name}", float(seconds), "s")
        if args.keep:
            print(f"kept: SYNFINANCE_DATABASE_URL={env['SYNFINANCE_DATABASE_URL']} "
                  f"DAGSTER_HOME={home}")  # fmt: skip
    finally:
        if not args.keep:
            drop(server, scratch.database)


def drop(server, database: str) -> None:
    """Drop the scratch warehouse and its Dagster instance database."""
    maintenance = libpq_dsn(server.set(database="postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        for suffix in ("", "_dagster"):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database + suffix)
                )
            )


if __name__ == "__main__":
    main()
