"""The 30-day features, rolled up from daily activity: by hand, and the warehouse's
roll-up against the in-memory one."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.dagster_defs.features import _month_totals
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import daily_activity, rolled_up, thirty_day_features
from synfinance_assets.warehouse.models import CustomerDailyActivity
from synfinance_tests import simulated

DAY = dt.date(2025, 2, 10)


def test_the_month_and_the_day_so_far_add_up():
    totals = pl.DataFrame(
        {
            "customer_id": ["C1"],
            "tx_count": [2],
            "amount_sum": [300.0],
            "amount_sq_sum": [50_000.0],
            "amount_max": [200.0],
            "active_days": [2],
            "declined_count": [1],
        }  # fmt: skip
    )  # two earlier payments: 100 and 200, one declined
    today = pl.DataFrame(
        {
            "customer_id": ["C1", "C2", "C1"],
            "amount": [100.0, 70.0, 400.0],
            "declined": [False, True, True],
        }  # fmt: skip
    )
    rows = thirty_day_features(today, totals).to_dicts()
    first, stranger, second = rows
    assert (first["tx_count_30d"], first["amount_sum_30d"]) == (2, 300.0)
    assert first["customer_avg_amount_30d"] == pytest.approx(150.0)
    assert first["customer_std_amount_30d"] == pytest.approx(50.0)
    assert first["amount_zscore_30d"] == pytest.approx(-1.0)
    assert (first["amount_max_30d"], first["declined_count_30d"]) == (200.0, 1)
    # the second payment of the day sees the first, and not its own decline
    assert (second["tx_count_30d"], second["amount_sum_30d"]) == (3, 400.0)
    assert second["amount_to_max_ratio_30d"] == pytest.approx(2.0)
    assert second["declined_count_30d"] == 1 and second["active_days_30d"] == 2
    # a customer without history has counts of zero and no mean
    assert (stranger["tx_count_30d"], stranger["customer_avg_amount_30d"]) == (0, None)


def test_the_warehouse_rolls_up_what_memory_rolls_up(database_url):
    world = simulated.world()
    days = [DAY - dt.timedelta(days=i) for i in range(33, -1, -3)]
    activity = daily_activity(simulated.days(world, days))
    warehouse = Warehouse()
    table = CustomerDailyActivity.__table__
    warehouse.replace(table, activity, table.c.partition_date.in_(days))
    try:
        stored = _month_totals(warehouse, DAY).sort("customer_id")
        expected = rolled_up(activity, DAY).sort("customer_id")
        assert stored.height == expected.height > 0
        for column in expected.columns[1:]:
            assert stored[column].to_list() == pytest.approx(expected[column].to_list())
        assert stored["active_days"].max() <= 10  # only the 10 sampled days before DAY
    finally:
        warehouse.replace(table, activity.clear(), table.c.partition_date.in_(days))
