"""Exported days read back with DuckDB and Polars exactly as Postgres holds them, and a
failed re-export leaves the previous file."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from synfinance_assets.sim.generate import generate_day
from synfinance_assets.warehouse import export as exporting
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.models import AccountEvent, Transaction
from synfinance_tests import simulated
from synfinance_tests.conftest import store_days

DAYS = [dt.date(2025, 3, 1), dt.date(2025, 3, 2)]
TRANSACTIONS = Transaction.__table__


@pytest.fixture(scope="module")
def stored(database_url):
    """Two days of transactions and events in the warehouse; removed after."""
    world = simulated.world(4, 1500, 200)
    network = simulated.network(world)
    days = [generate_day(world, network, day, simulated.plan()) for day in DAYS]
    for table, frames in ((TRANSACTIONS, [t for t, _ in days]),
                          (AccountEvent.__table__, [e for _, e in days])):  # fmt: skip
        store_days(database_url, table, pl.concat(frames), DAYS)
    yield database_url
    for table, frames in ((TRANSACTIONS, days[0][0]), (AccountEvent.__table__, days[0][1])):
        store_days(database_url, table, frames.clear(), DAYS)


def postgres_rows(url, table, day=None) -> pl.DataFrame:
    source = exporting.EXPORTED_TABLES[table]
    where = source.c.partition_date.in_(DAYS) if day is None else source.c.partition_date == day
    return io.read_rows(url, source, where=where)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_duckdb_reads_back_what_postgres_holds(stored, tmp_path, fmt):
    written = exporting.export_range(
        stored, DAYS, ["transactions", "account_events", "model_predictions"], str(tmp_path), fmt
    )
    # nothing is scored on these days: no predictions files, and no empty ones
    assert {(e.table, e.day) for e in written} == {
        (t, d) for t in ("transactions", "account_events") for d in DAYS
    }
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    for table in ("transactions", "account_events"):
        counts = duckdb.sql(
            f"SELECT partition_date, count(*) FROM {reader}('{tmp_path}/{table}/*/*.{fmt}', "
            "hive_partitioning = true) GROUP BY 1 ORDER BY 1"
        ).fetchall()
        expected = postgres_rows(stored, table).group_by("partition_date").len().sort(
            "partition_date")  # fmt: skip
        assert [(dt.date.fromisoformat(str(d)), n) for d, n in counts] == list(expected.iter_rows())


def test_parquet_holds_the_rows_and_types_of_postgres(stored, tmp_path):
    exporting.export_range(stored, DAYS, ["transactions"], str(tmp_path))
    back = (
        pl.scan_parquet(f"{tmp_path}/transactions/**/*.parquet", hive_partitioning=True)
        .collect()
        .sort("transaction_id")
    )
    expected = postgres_rows(stored, "transactions").sort("transaction_id")
    assert back.select(expected.columns).equals(expected)
    assert back.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert back.schema["is_fraud"] == pl.Boolean


def test_a_failed_reexport_leaves_the_previous_file(stored, tmp_path, monkeypatch):
    day = DAYS[0]
    first = exporting.export_day(stored, "transactions", day, str(tmp_path))
    before = pl.read_parquet(first.path)

    real = io.read_query_batches

    def broken(url, query, batch_bytes):
        """The first batch of the day, then the connection drops."""
        yield next(real(url, query, batch_bytes=1 << 16))
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr(exporting.warehouse_io, "read_query_batches", broken)
    with pytest.raises(ConnectionError):
        exporting.export_day(stored, "transactions", day, str(tmp_path))
    assert pl.read_parquet(first.path).equals(before)
    monkeypatch.undo()
    again = exporting.export_day(stored, "transactions", day, str(tmp_path))
    assert again.path == first.path and pl.read_parquet(again.path).equals(before)
    files = sorted(p.name for p in (tmp_path / "transactions" / f"partition_date={day}").iterdir())
    assert files == ["part-0.parquet"]


def test_bad_requests_are_refused_before_anything_is_written(stored, tmp_path):
    with pytest.raises(ValueError, match="format: 'xlsx'"):
        exporting.export_range(stored, DAYS, ["transactions"], str(tmp_path), "xlsx")
    with pytest.raises(ValueError, match="tables: \\['customers'\\]"):
        exporting.export_range(stored, DAYS, ["customers"], str(tmp_path))
    with pytest.raises(ValueError, match="is before start"):
        exporting.days_between(DAYS[1], DAYS[0])
    assert not any(tmp_path.iterdir())
