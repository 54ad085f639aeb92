"""Every test session gets its own fresh Postgres database, migrated to head.

The server is the one ``SYNFINANCE_DATABASE_URL`` names, or else an embedded
pgserver in a temporary folder; the session's databases are dropped at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import psycopg
import pytest
from alembic import command
from alembic.config import Config
from psycopg import sql

from synfinance_assets.settings import DATABASE_URL_ENV, libpq_dsn, parse_database_url
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.embedded import embedded_server_url, stop_embedded_server

REPO_ROOT = Path(__file__).resolve().parents[1]
# A password in the embedded server's URL, which it does not ask for (trust
# authentication), so that tests can prove it never leaves the environment.
TEST_PASSWORD = "never-shown-7f3a9c"


@contextmanager
def embedded_pgdata() -> Iterator[Path]:
    """A data folder for an embedded server, stopped and removed after. Not under pytest's
    own temporary folder: run as root, the server runs as a user of its own, and another
    test session closes that folder to other users, which would stop the server dead."""
    folder = Path(tempfile.mkdtemp(prefix="synfinance-tests-"))
    try:
        yield folder / "pgdata"
    finally:
        if (folder / "pgdata").exists():
            stop_embedded_server(folder / "pgdata")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def session_server():
    """The URL of the server the session's databases live on: ``SYNFINANCE_DATABASE_URL``'s,
    or else an embedded one, and whether it is embedded."""
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        yield parse_database_url(configured), False
        return
    with embedded_pgdata() as pgdata:
        yield parse_database_url(embedded_server_url(pgdata)), True


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, session_server):
    """A new, migrated warehouse database; the environment points at it for the session."""
    root = tmp_path_factory.mktemp("synfinance")
    server, embedded = session_server
    url = server.set(database=f"synfinance_test_{uuid.uuid4().hex[:10]}")
    if embedded:
        url = url.set(password=TEST_PASSWORD)
    saved = {k: os.environ.get(k) for k in (DATABASE_URL_ENV, "DAGSTER_HOME")}
    os.environ[DATABASE_URL_ENV] = url.render_as_string(hide_password=False)
    # the project's instance configuration: runs and events in <database>_dagster
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    (root / "dagster_home").mkdir()
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", root / "dagster_home")
    migrate("head")
    yield url
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    with psycopg.connect(libpq_dsn(server.set(database="postgres")), autocommit=True) as conn:
        for suffix in ("", "_dagster", "_mlflow"):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(url.database + suffix)
                )
            )


def alembic_on(url, *args: str) -> None:
    """Run the `alembic` command (``args``) on the warehouse at ``url``, in a process of
    its own so that the session's environment is left as it is."""
    env = {**os.environ, DATABASE_URL_ENV: url.render_as_string(hide_password=False)}
    alembic = str(Path(sys.executable).with_name("alembic"))
    subprocess.run([alembic, *args], cwd=REPO_ROOT, env=env, check=True, capture_output=True)


@pytest.fixture
def scratch_warehouse(database_url):
    """Another warehouse on the session's server, migrated to head, for tests that need
    one of their own: yields its URL; it is dropped after, with its Dagster and MLflow
    databases."""
    url = database_url.set(database=f"{database_url.database}_{uuid.uuid4().hex[:6]}")
    alembic_on(url, "upgrade", "head")
    yield url
    with psycopg.connect(libpq_dsn(url.set(database="postgres")), autocommit=True) as conn:
        for suffix in ("", "_dagster", "_mlflow"):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(url.database + suffix)
                )
            )


def alembic_config() -> Config:
    return Config(toml_file=str(REPO_ROOT / "pyproject.toml"))


def migrate(revision: str, down: bool = False) -> None:
    """Upgrade (or with ``down``, downgrade) the test database to ``revision``."""
    (command.downgrade if down else command.upgrade)(alembic_config(), revision)


def store_days(url, table, frame: pl.DataFrame, days) -> None:
    """Replace each of ``days`` of a day-partitioned table by the rows of ``frame`` on
    that day (an empty frame empties them)."""
    for day in days:
        io.replace_day(url, table, frame.filter(pl.col("partition_date") == day), day)
