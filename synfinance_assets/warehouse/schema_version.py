"""Which Alembic revision the warehouse is at, and a refusal to write to an old one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ProgrammingError

from synfinance_assets.settings import WAREHOUSE_SCHEMA, display_url

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


class SchemaVersionError(RuntimeError):
    """The warehouse's schema is not at the revision this code writes."""


@cache
def head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def stored_revision(url: URL) -> str | None:
    """The warehouse's Alembic revision, or None when it has never been migrated."""
    engine = create_engine(url, connect_args={"connect_timeout": 10})
    try:
        with engine.connect() as conn:
            return conn.execute(
                text(f"SELECT version_num FROM {WAREHOUSE_SCHEMA}.alembic_version")
            ).scalar()
    except ProgrammingError:
        return None
    finally:
        engine.dispose()


def require_head(url: URL) -> str:
    """The head revision; raises, naming both revisions, when the warehouse is elsewhere."""
    revision, head = stored_revision(url), head_revision()
    if revision != head:
        raise SchemaVersionError(
            f"the warehouse {display_url(url)} is at migration {revision or 'none'}, this code "
            f"writes migration {head}: run `alembic upgrade head` (or `make migrate`) first"
        )
    return head
