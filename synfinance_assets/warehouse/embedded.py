"""The embedded Postgres server (pgserver) used when no external server is configured."""

from __future__ import annotations

from pathlib import Path


def embedded_server_url(pgdata: Path) -> str:
    """Start (or attach to) the server whose data lives in ``pgdata``; return its URL.

    The server keeps running after this process exits, so that later commands,
    Dagster's step processes and the UI all share it; ``synfinance db stop`` ends it.
    """
    import pgserver  # deferred: only the embedded path needs it

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    return pgserver.get_server(pgdata, cleanup_mode=None).get_uri()
