"""Database URLs as users paste them; clear errors for bad or unreachable ones."""

import pytest

from synfinance_assets.settings import (
    DatabaseConfigError,
    display_url,
    ensure_database,
    parse_database_url,
)


@pytest.mark.parametrize(
    "raw",
    [
        "postgresql://u:secret@db.example:5433/wh",
        "postgresql+psycopg://u:secret@db.example:5433/wh",
        "postgres://u:secret@db.example:5433/wh",
        " postgresql+psycopg2://u:secret@db.example:5433/wh\n",
    ],
)
def test_accepted_url_forms(raw):
    url = parse_database_url(raw)
    assert (url.drivername, url.host, url.port, url.database) == (
        "postgresql+psycopg",
        "db.example",
        5433,
        "wh",
    )
    assert "secret" not in display_url(url)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("mysql://u@h/db", "must be a postgresql:// URL"),
        ("postgresql://u@h", "must name a database"),
        ("not a url", "is not a database URL"),
        ("postgresql://u@h:port/db", "is not a database URL"),
    ],
)
def test_bad_urls_name_the_variable(raw, message):
    with pytest.raises(DatabaseConfigError, match=f"SYNFINANCE_DATABASE_URL.*{message}"):
        parse_database_url(raw)


def test_unreachable_server_names_the_cause():
    url = parse_database_url("postgresql://u:secret@127.0.0.1:1/wh")
    with pytest.raises(DatabaseConfigError, match="cannot reach database") as error:
        ensure_database(url)
    assert "secret" not in str(error.value)
