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


def stop_embedded_server(pgdata: Path) -> None:
    """Stop the server whose data lives in ``pgdata`` (its data stays)."""
    import pgserver

    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    server.cleanup_mode = "stop"  # this process may hold a handle opened to outlive it
    server.cleanup()
