"""The warn suite compares a day with the week before it, counted by Postgres."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.domain.drift import drift_frame, drift_suite, week_before
from synfinance_assets.domain.quality import validate
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.models import Transaction
from synfinance_tests import simulated
from synfinance_tests.conftest import store_days

FIRST = dt.date(2025, 3, 3)  # a Monday
DAYS = [FIRST + dt.timedelta(days=i) for i in range(8)]
TABLE = Transaction.__table__


@pytest.fixture
def stored_week(scratch_warehouse):
    """Eight simulated days; the first seven stored in a warehouse of their own."""
    url = scratch_warehouse
    frames = simulated.days(simulated.world(2, 4000, 400), DAYS)
    store_days(url, TABLE, frames, DAYS[:-1])
    return url, frames.filter(pl.col("partition_date") == DAYS[-1])


def check(url, day: pl.DataFrame):
    week = io.read_query(url, week_before(DAYS[-1]))
    return validate(drift_frame(day), drift_suite(DAYS[-1], week))


def test_the_next_day_holds_its_week_shape(stored_week):
    url, day = stored_week
    report = check(url, day)
    assert report.success, report.summary()
    assert report.evaluated == 5  # amount, hour, channel, category, row count


def test_tripled_amounts_and_a_halved_day_warn(stored_week):
    url, day = stored_week
    tripled = check(url, day.with_columns(pl.col("amount") * 3))
    assert [f["column"] for f in tripled.failures] == ["amount"]
    halved = check(url, day.sample(fraction=0.5, seed=1))
    assert [f["expectation"] for f in halved.failures] == ["expect_table_row_count_to_be_between"]


def test_a_category_unseen_all_week_is_weighed_not_infinite(stored_week):
    url, day = stored_week
    day = day.with_columns(pl.col("channel").cast(pl.String))  # to take a value not listed
    first_rows = pl.int_range(pl.len()) < pl.len() // 100  # 1 % of the day
    rare = day.with_columns(channel=pl.when(first_rows).then(pl.lit("cheque")).otherwise("channel"))
    assert check(url, rare).success  # a trickle of a new channel is not drift
    half = day.with_columns(
        channel=pl.when(pl.int_range(pl.len()) < pl.len() // 2).then(pl.lit("cheque"))
        .otherwise("channel")
    )  # fmt: skip
    (failure,) = check(url, half).failures
    assert failure["column"] == "channel" and failure["observed"].startswith("observed_value=")
    assert float(failure["observed"].split("=")[1]) > 0.1


def test_no_whole_week_before_means_no_suite(stored_week):
    url, _ = stored_week
    assert drift_suite(FIRST, pl.DataFrame()) is None
    six_days = io.read_query(url, week_before(DAYS[-2]))  # the Monday before is not stored
    assert six_days["partition_date"].n_unique() == 6
    assert drift_suite(DAYS[-2], six_days) is None
