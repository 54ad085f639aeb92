"""A 30-day backfill launched as many runs at once, started by the Dagster daemon from
the run queue of the Postgres-backed instance: every day lands exactly once, and no more
steps write to the warehouse at once than the warehouse_writes pool allows."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import psycopg
import pytest
import yaml
from dagster._core.storage.dagster_run import FINISHED_STATUSES, RunsFilter

from synfinance_assets.settings import DATABASE_URL_ENV, libpq_dsn
from synfinance_tests.conftest import REPO_ROOT
from synfinance_tests.processes import stop

BIN = Path(sys.executable).parent
DAYS = 30
POOL_LIMIT = 2  # below the runs allowed at once, so the pool is what binds
MAX_RUNS = 4
PER_DAY = """
SELECT partition_date, count(*), count(DISTINCT transaction_id)
FROM synfinance.transactions GROUP BY partition_date ORDER BY partition_date
"""


@pytest.fixture
def queued_instance(scratch_warehouse, tmp_path):
    """The project's instance configuration with a tighter pool, on a warehouse of its own
    with customers and merchants stored, and a daemon running over it."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    config = yaml.safe_load((REPO_ROOT / "dagster_home" / "dagster.yaml").read_text())
    config["concurrency"] = {
        "runs": {"max_concurrent_runs": MAX_RUNS},
        "pools": {"default_limit": POOL_LIMIT},
    }
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        DATABASE_URL_ENV: scratch_warehouse.render_as_string(hide_password=False),
        "DAGSTER_HOME": str(home),
    }
    subprocess.run([str(BIN / "dagster"), "asset", "materialize", "-m", "synfinance_assets",
                    "--select", "customers,merchants"],
                   cwd=REPO_ROOT, env=env, check=True, capture_output=True)  # fmt: skip
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-m", "synfinance_assets"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield scratch_warehouse, env, home
    finally:
        stop(daemon)
        shutil.rmtree(home, ignore_errors=True)


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The largest number of ``intervals`` open at one moment."""
    edges = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    open_now = peak = 0
    for _, change in edges:
        open_now += change
        peak = max(peak, open_now)
    return peak


def test_a_thirty_day_backfill_of_many_runs_lands_every_day_once(queued_instance, monkeypatch):
    url, env, home = queued_instance
    subprocess.run(
        [str(BIN / "dagster"), "job", "backfill", "-j", "history_job", "-m", "synfinance_assets",
         "--from", "2025-01-01", "--to", f"2025-01-{DAYS:02d}", "--noprompt"],
        cwd=REPO_ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv(DATABASE_URL_ENV, env[DATABASE_URL_ENV])  # the instance's storage
    instance = dg.DagsterInstance.from_config(str(home))
    runs_filter = RunsFilter(job_name="history_job")
    deadline = time.monotonic() + 1500
    while True:
        runs = instance.get_runs(runs_filter)
        if len(runs) == DAYS and all(run.status in FINISHED_STATUSES for run in runs):
            break
        assert time.monotonic() < deadline, f"{len(runs)} runs, not all finished"
        time.sleep(5)
    assert {run.status for run in runs} == {dg.DagsterRunStatus.SUCCESS}

    with psycopg.connect(libpq_dsn(url)) as conn:
        per_day = conn.execute(PER_DAY).fetchall()
    assert len(per_day) == DAYS
    assert all(rows == distinct > 0 for _, rows, distinct in per_day)

    # each step's span from its start to its end, from the instance's event log
    steps, spans = {}, []
    run_spans = []
    for run in runs:
        stats = instance.get_run_stats(run.run_id)
        run_spans.append((stats.launch_time, stats.end_time))
        for record in instance.all_logs(run.run_id):
            event = record.dagster_event
            if event is None or not event.step_key:
                continue
            key = (run.run_id, event.step_key)
            if event.event_type == dg.DagsterEventType.STEP_START:
                steps[key] = record.timestamp
            elif event.event_type == dg.DagsterEventType.STEP_SUCCESS:
                spans.append((steps.pop(key), record.timestamp))
    assert len(spans) == 3 * DAYS
    assert most_at_once(spans) <= POOL_LIMIT  # the pool was honoured ...
    assert most_at_once(spans) == POOL_LIMIT  # ... and the runs did overlap up to it
    assert most_at_once(run_spans) <= MAX_RUNS
