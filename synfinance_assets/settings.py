"""Where SynFinance keeps its state: the Dagster home and the Postgres databases.

One Postgres server holds three databases: the warehouse (named by
``SYNFINANCE_DATABASE_URL``, or ``synfinance`` on the embedded server), and beside
it ``<warehouse>_dagster`` for the Dagster instance and ``<warehouse>_mlflow`` for
MLflow. Each runs its own Alembic history, so they never share a database.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DATABASE_URL_ENV = "SYNFINANCE_DATABASE_URL"
EMBEDDED_WAREHOUSE_DB = "synfinance"
WAREHOUSE_SCHEMA = "synfinance"
_ACCEPTED_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"}


class DatabaseConfigError(ValueError):
    """The warehouse URL is malformed or its server cannot be reached."""


def dagster_home() -> Path:
    """``$DAGSTER_HOME``, or ``./dagster_home`` when it is unset."""
    return Path(os.environ.get("DAGSTER_HOME") or "dagster_home").expanduser().resolve()


def parse_database_url(raw: str) -> URL:
    """Parse a pasted Postgres URL into a SQLAlchemy URL on the psycopg 3 driver."""
    try:
        url = make_url(raw.strip())
    except (ArgumentError, ValueError) as exc:
        raise DatabaseConfigError(f"{DATABASE_URL_ENV} is not a database URL: {exc}") from None
    if url.drivername not in _ACCEPTED_DRIVERS:
        raise DatabaseConfigError(
            f"{DATABASE_URL_ENV} must be a postgresql:// URL, got driver '{url.drivername}'"
        )
    if not url.database:
        raise DatabaseConfigError(f"{DATABASE_URL_ENV} must name a database, e.g. .../synfinance")
    return url.set(drivername="postgresql+psycopg")


def warehouse_url() -> URL:
    """The warehouse URL from ``SYNFINANCE_DATABASE_URL``, or the embedded server's."""
    return resolve_warehouse_url(os.environ.get(DATABASE_URL_ENV))


@cache
def resolve_warehouse_url(raw: str | None) -> URL:
    """``raw`` parsed, or with no URL the embedded server's warehouse; created if missing."""
    if raw:
        url = parse_database_url(raw)
    else:
        from synfinance_assets.warehouse.embedded import embedded_server_url

        server = parse_database_url(embedded_server_url(dagster_home() / "pgdata"))
        url = server.set(database=EMBEDDED_WAREHOUSE_DB)
    ensure_database(url)
    return url


def sibling_database_url(suffix: str) -> URL:
    """A database on the warehouse's server named ``<warehouse>_<suffix>``, created if missing."""
    base = warehouse_url()
    url = base.set(database=f"{base.database}_{suffix}")
    ensure_database(url)
    return url


def libpq_dsn(url: URL) -> str:
    """The URL as a libpq connection string (for psycopg and dagster-postgres)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def display_url(url: URL) -> str:
    """The URL with its password masked, safe for logs and metadata."""
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def ensure_database(url: URL) -> None:
    """Create ``url``'s database when it does not exist yet."""
    try:
        psycopg.connect(libpq_dsn(url), connect_timeout=10).close()
        return
    except psycopg.OperationalError as exc:
        first_error = exc
    maintenance = url.set(database="postgres")
    try:
        with psycopg.connect(libpq_dsn(maintenance), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
    except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
        pass  # created concurrently by another process
    except psycopg.Error:
        raise DatabaseConfigError(
            f"cannot reach database {display_url(url)}: {str(first_error).strip()}"
        ) from None
