"""Time one large day as users run it: `dagster asset materialize` with its checks.

    python -m benchmarks.nightly_day [--profile config/large.yaml] [--day 2025-03-03]

Materializes customers and merchants into a scratch database on SYNFINANCE_DATABASE_URL's
server (or the embedded one), then times `--select transactions --partition DAY` as a whole
process and prints JSON lines: wall seconds, peak RSS of the process, and each step's
duration from the Dagster log. The scratch database is dropped after.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

from synfinance_assets.settings import libpq_dsn, resolve_warehouse_url

REPO = Path(__file__).resolve().parents[1]
STEP = re.compile(r'Finished execution of step "([^"]+)" in ([\d.]+)(m?s)')


def emit(name: str, value: float, unit: str, **context) -> None:
    print(json.dumps({"name": name, "value": round(value, 2), "unit": unit, **context}), flush=True)


def dagster(env: dict, profile: str, *args: str) -> tuple[float, str]:
    command = [str(Path(sys.executable).with_name("dagster")), "asset", "materialize", "-m",
               "synfinance_assets", "-c", profile, *args]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    return elapsed, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", default="config/large.yaml")
    parser.add_argument("--day", default="2025-03-03")
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
        wall, log = dagster(env, args.profile, "--select", "transactions", "--partition", args.day)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        emit("nightly_transactions_day_wall", wall, "s", profile=args.profile, day=args.day)
        emit("nightly_transactions_day_peak_rss", peak, "MB", note="largest child process")
        for step, value, unit in STEP.findall(log):
            emit(f"step:{step}", float(value) / (1000 if unit == "ms" else 1), "s")
    finally:
        maintenance = libpq_dsn(server.set(database="postgres"))
        with psycopg.connect(maintenance, autocommit=True) as conn:
            for suffix in ("", "_dagster"):
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(scratch.database + suffix)
                    )
                )


if __name__ == "__main__":
    main()
