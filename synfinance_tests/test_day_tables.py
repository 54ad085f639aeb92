"""Day-partitioned tables: a day is swapped whole, alone, and never half."""

import datetime as dt
import threading

import polars as pl
import psycopg
import pytest

from synfinance_assets.domain.features import compute_features
from synfinance_assets.settings import libpq_dsn
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.models import MLFeatures, Transaction
from synfinance_tests import simulated

TABLE = Transaction.__table__
DAYS = [dt.date(2025, 3, 3), dt.date(2025, 3, 4)]
ONE = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def two_days():
    return simulated.days(simulated.world(5, 800, 100), DAYS)


def day_rows(url, day) -> tuple[int, int, str]:
    """Count, distinct ids and the table that holds the rows of ``day``."""
    with psycopg.connect(libpq_dsn(url)) as conn:
        return conn.execute(
            "SELECT count(*), count(DISTINCT transaction_id), "
            "string_agg(DISTINCT tableoid::regclass::text, ',') "
            "FROM synfinance.transactions WHERE partition_date = %s",
            (day,),
        ).fetchone()


def test_a_day_lands_in_its_own_table_and_a_rewrite_replaces_it_alone(scratch_warehouse, two_days):
    url = scratch_warehouse
    first, second = (two_days.filter(pl.col("partition_date") == d) for d in DAYS)
    io.replace_day(url, TABLE, first, DAYS[0])
    io.replace_day(url, TABLE, second, DAYS[1])
    io.replace_day(url, TABLE, first, DAYS[0])
    assert day_rows(url, DAYS[0]) == (
        first.height,
        first.height,
        "synfinance.transactions_p20250303",
    )
    assert day_rows(url, DAYS[1]) == (
        second.height,
        second.height,
        "synfinance.transactions_p20250304",
    )
    io.replace_day(url, TABLE, first.head(10), DAYS[0])
    assert day_rows(url, DAYS[0])[:2] == (10, 10)
    assert day_rows(url, DAYS[1])[0] == second.height


def test_rows_of_another_day_are_refused_and_the_day_is_kept(scratch_warehouse, two_days):
    url = scratch_warehouse
    first = two_days.filter(pl.col("partition_date") == DAYS[0])
    io.replace_day(url, TABLE, first, DAYS[0])
    with pytest.raises(
        ValueError, match="2025-03-03 write holds rows of partition_date 2025-03-04"
    ):
        io.replace_day(url, TABLE, two_days, DAYS[0])
    assert day_rows(url, DAYS[0])[:2] == (first.height, first.height)
    with pytest.raises(ValueError, match="partitioned by day: write it with replace_day"):
        io.replace_rows(url, TABLE, first, TABLE.c.partition_date == DAYS[0])


def test_writers_of_different_days_do_not_wait_for_each_other(scratch_warehouse, two_days):
    """While one day's replacement is open (its table truncated, not yet committed), the
    other day is created, written and probed; the first day's old rows are back on
    rollback."""
    url = scratch_warehouse
    first, second = (two_days.filter(pl.col("partition_date") == d) for d in DAYS)
    io.replace_day(url, TABLE, first, DAYS[0])
    with psycopg.connect(libpq_dsn(url)) as holder:
        holder.execute("TRUNCATE synfinance.transactions_p20250303")  # left uncommitted
        writer = threading.Thread(target=io.replace_day, args=(url, TABLE, second, DAYS[1]))
        writer.start()
        writer.join(timeout=60)
        assert not writer.is_alive(), "writing another day waited for the open replacement"
        probed = []
        prober = threading.Thread(
            target=lambda: probed.append(io.partition_dates(url, TABLE, [DAYS[1], DAYS[1] + ONE])),
        )
        prober.start()
        prober.join(timeout=60)
        assert probed == [{DAYS[1]}], "probing another day waited for the open replacement"
        holder.rollback()
    assert day_rows(url, DAYS[1])[0] == second.height
    assert day_rows(url, DAYS[0])[0] == first.height


def test_a_features_day_is_planned_from_its_key_statistics_alone(scratch_warehouse):
    """A loaded day carries its row count and the statistics of the columns queries use:
    of ml_features' 76 columns, only the keys (the rest would cost a second a day)."""
    world = simulated.world(3, 800, 100)
    transactions, events = simulated.days_with_events(world, DAYS)
    features = compute_features(transactions, events, simulated.customers(world), DAYS[1:], DAYS[0])
    io.replace_day(scratch_warehouse, MLFeatures.__table__, features, DAYS[1])
    with psycopg.connect(libpq_dsn(scratch_warehouse)) as conn:
        rows = conn.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'ml_features_p20250304'"
        ).fetchone()[0]
        analyzed = {
            name
            for (name,) in conn.execute(
                "SELECT attname FROM pg_stats WHERE tablename = 'ml_features_p20250304'"
            )
        }
    assert rows == features.height
    assert analyzed == {"transaction_id", "partition_date"}
