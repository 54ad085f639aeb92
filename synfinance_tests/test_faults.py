"""Faults: a night killed at any moment leaves its partition as it was, and the next run
completes it. Real `dagster asset materialize` processes, killed with SIGKILL, against a
warehouse of their own on the session's Postgres server."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from synfinance_assets.settings import DATABASE_URL_ENV, libpq_dsn, parse_database_url
from synfinance_assets.warehouse.embedded import embedded_server_url, stop_embedded_server
from synfinance_tests.conftest import REPO_ROOT, alembic_on, embedded_pgdata

BIN = Path(sys.executable).parent
DAY = "2025-01-02"
PROFILE = "resources:\n  generation:\n    config: {{seed: 5, n_customers: 150000, n_merchants: 2000, fraud_rate: {rate}}}\n"  # noqa: E501
FINGERPRINT = """
SELECT count(*), count(DISTINCT transaction_id), md5(string_agg(transaction_id || ':' ||
       is_fraud::text || ':' || amount::text, '|' ORDER BY transaction_id))
FROM synfinance.transactions WHERE partition_date = %s
"""


@pytest.fixture
def night(scratch_warehouse, tmp_path):
    """The scratch warehouse migrated, its customers and merchants stored, and a command
    that materializes DAY's transactions at a given fraud rate."""
    env = {**os.environ, DATABASE_URL_ENV: scratch_warehouse.render_as_string(hide_password=False)}

    def command(rate: float, *select: str) -> list[str]:
        profile = tmp_path / f"rate_{rate}.yaml"
        profile.write_text(PROFILE.format(rate=rate))
        return [str(BIN / "dagster"), "asset", "materialize", "-m", "synfinance_assets",
                "-c", str(profile), "--select", *(select or ("transactions",)),
                "--partition", DAY]  # fmt: skip

    subprocess.run(command(0.02, "customers,merchants")[:-2], cwd=REPO_ROOT, env=env,
                   check=True, capture_output=True)  # fmt: skip
    return scratch_warehouse, env, command


def fingerprint(url) -> tuple:
    with psycopg.connect(libpq_dsn(url)) as conn:
        return conn.execute(FINGERPRINT, (DAY,)).fetchone()


def copy_in_progress(url) -> bool:
    with psycopg.connect(libpq_dsn(url)) as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_progress_copy WHERE datname = current_database() "
                # the catalogue, not pg_partition_tree, which waits for the day's lock
                "AND relid IN (SELECT inhrelid FROM pg_inherits "
                "WHERE inhparent = 'synfinance.transactions'::regclass) AND tuples_processed > 0"
            ).fetchone()[0]
        )


def kill_when(command: list[str], env: dict, ready) -> bool:
    """Start ``command`` in a session of its own and SIGKILL all of it once
    ``ready(its log so far)`` holds; False when the run finished first."""
    with tempfile.NamedTemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, start_new_session=True,
                                   stdout=log, stderr=log)  # fmt: skip
        try:
            while process.poll() is None:
                if ready(Path(log.name).read_text()):
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                    return True
                time.sleep(0.02)
            return False
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_a_night_killed_at_any_moment_leaves_the_old_day_or_none(night):
    url, env, command = night
    subprocess.run(command(0.02), cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    old = fingerprint(url)
    assert old[0] == old[1] > 200_000

    moments = {  # as the run starts, as the step starts generating, in the middle of COPY
        "at the run's start": lambda log: "RUN_START" in log,
        "at the step's start": lambda log: "STEP_START" in log,
        "during COPY": lambda log: copy_in_progress(url),
    }
    for moment, ready in moments.items():
        assert kill_when(command(0.04), env, ready), f"the run ended before {moment}"
        assert fingerprint(url) == old, f"killed {moment}, the day changed"

    # the next run completes the day; its rows replace the old ones exactly once
    subprocess.run(command(0.04), cwd=REPO_ROOT, env=env, check=True, capture_output=True)
    new = fingerprint(url)
    assert new != old and new[0] == new[1] > 200_000


@pytest.fixture
def own_server(database_url, tmp_path):
    """An embedded Postgres server of the test's own, which it may restart; its warehouse
    migrated and its customers and merchants stored. The instance's runs and events live
    on the same server, as they do by default."""
    with embedded_pgdata() as pgdata:
        url = parse_database_url(embedded_server_url(pgdata)).set(database="restarted")
        env = {**os.environ, DATABASE_URL_ENV: url.render_as_string(hide_password=False)}
        alembic_on(url, "upgrade", "head")
        profile = tmp_path / "profile.yaml"
        profile.write_text(PROFILE.format(rate=0.02))
        materialize = [str(BIN / "dagster"), "asset", "materialize", "-m", "synfinance_assets",
                       "-c", str(profile), "--select"]  # fmt: skip
        subprocess.run([*materialize, "customers,merchants"], cwd=REPO_ROOT, env=env,
                       check=True, capture_output=True)  # fmt: skip
        yield pgdata, url, env, [*materialize, "transactions", "--partition", DAY]


def test_a_server_restart_mid_write_is_retried_and_the_day_lands_once(own_server):
    pgdata, url, env, command = own_server
    with tempfile.TemporaryFile("w+") as log:
        run = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
        try:
            while not copy_in_progress(url):
                assert run.poll() is None, "the run ended before its COPY"
                time.sleep(0.02)
            stop_embedded_server(pgdata)  # the server goes away mid-COPY ...
            time.sleep(1)
            embedded_server_url(pgdata)  # ... and comes back, as after a crash or a failover
            assert run.wait(timeout=600) == 0
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
        log.seek(0)
        output = log.read()
    assert "STEP_UP_FOR_RETRY" in output  # the step failed on the lost connection, then retried
    count, distinct, _ = fingerprint(url)
    assert count == distinct > 200_000


def crash(pgdata: Path) -> None:
    """Stop the server at once, as a crash does (a clean stop would wait for its clients)."""
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGQUIT)  # Postgres' immediate shutdown
    while (pgdata / "postmaster.pid").exists():
        time.sleep(0.05)


def test_a_server_that_stays_down_fails_the_run_naming_the_cause(own_server):
    """The server goes away mid-COPY and does not come back: the connection is retried,
    then the run gives up with the connection error; once the server is back, the day
    holds nothing half-written."""
    pgdata, url, env, command = own_server
    run = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        while not copy_in_progress(url):
            assert run.poll() is None, "the run ended before its COPY"
            time.sleep(0.02)
        crash(pgdata)
        output, _ = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode != 0, output[-3000:]
    # the instance's runs and events live on the same server: the run's own event writes
    # are retried, then it gives up naming the connection that failed
    assert "Retrying failed database connection" in output
    assert output.rstrip().endswith("too many retries for DB connection")
    assert f'connection to server on socket "{pgdata}/.s.PGSQL' in output
    stop_embedded_server(pgdata)  # forgets the crashed server, so that it can start again
    embedded_server_url(pgdata)
    assert fingerprint(url) == (0, 0, None)
