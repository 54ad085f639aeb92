"""The 7- and 30-day features, rolled up from daily activity plus the day so far: by
hand, and the warehouse's roll-up against the in-memory one."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.dagster_defs.features import _window_totals
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import daily_activity, rolled_up
from synfinance_assets.domain.customer_windows import customer_windows
from synfinance_assets.warehouse.models import CustomerDailyActivity
from synfinance_tests import simulated
from synfinance_tests.conftest import store_days

DAY = dt.date(2025, 2, 10)
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def payments(*rows) -> pl.DataFrame:
    """(customer, days before DAY, IST time, amount, declined, city) per payment."""
    return pl.DataFrame(
        [
            {
                "transaction_id": f"T{n:08d}",
                "partition_date": DAY - dt.timedelta(days=back),
                "timestamp": dt.datetime.combine(DAY - dt.timedelta(days=back), at, IST),
                "customer_id": customer,
                "amount": amount,
                "status": "declined" if declined else "success",
                "channel": "upi_p2m",
                "merchant_category": "kirana",
                "city": city,
                "latitude": 19.0 + n,
                "longitude": 72.8,
            }
            for n, (customer, back, at, amount, declined, city) in enumerate(rows)
        ],
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )


def test_the_windows_and_the_day_so_far_add_up():
    earlier = payments(
        ("C00000001", 20, dt.time(9), 200.0, False, "Mumbai"),
        ("C00000001", 3, dt.time(21), 100.0, True, "Mumbai"),
    )
    recent = payments(
        ("C00000001", 1, dt.time(23, 30), 50.0, False, "Mumbai"),
        ("C00000001", 0, dt.time(10), 100.0, False, "Mumbai"),
        ("C00000002", 0, dt.time(10, 30), 70.0, True, "Pune"),
        ("C00000001", 0, dt.time(11), 400.0, True, "Pune"),
    )
    activity = daily_activity(pl.concat([earlier, recent.filter(pl.col("partition_date") < DAY)]))
    week, month = rolled_up(activity, DAY, 7), rolled_up(activity, DAY, 30)
    first, stranger, second = customer_windows(recent, DAY, week, month).to_dicts()
    # the week: 100 (3 days before) and 50 (yesterday); the month adds 200
    assert (first["tx_count_7d"], first["amount_sum_7d"]) == (3, 250.0)
    assert first["customer_avg_amount_7d"] == pytest.approx(75.0)
    assert first["customer_std_amount_7d"] == pytest.approx(25.0)
    assert (first["tx_count_30d"], first["amount_sum_30d"]) == (3, 350.0)
    assert first["amount_max_30d"] == 200.0 and first["declined_count_30d"] == 1
    assert first["tx_count_24h"] == 2 and first["amount_sum_24h"] == 150.0  # yesterday 23:30
    assert first["city_is_new_7d"] == 0 and second["city_is_new_7d"] == 1
    # the second payment of the day sees the first, and not its own decline
    assert (second["tx_count_30d"], second["amount_sum_30d"]) == (4, 450.0)
    assert second["amount_to_max_ratio_30d"] == pytest.approx(2.0)
    assert second["declined_count_30d"] == 1 and second["active_days_30d"] == 3
    assert second["micros_since_last_txn"] == 3_600_000_000
    # the previous payment before the day: yesterday's, of the two days loaded
    assert first["micros_since_last_txn"] == 10.5 * 3_600_000_000
    assert first["previous_lat"] == 19.0
    assert stranger["micros_since_last_txn"] is None
    # a customer without history has counts of zero and no mean
    assert (stranger["tx_count_30d"], stranger["customer_avg_amount_30d"]) == (0, None)
    assert stranger["hour_deviation_7d"] is None and stranger["channel_is_new_7d"] == 1


def test_the_warehouse_rolls_up_what_memory_rolls_up(database_url):
    world = simulated.world()
    days = [DAY - dt.timedelta(days=i) for i in range(33, -1, -3)]
    activity = daily_activity(simulated.days(world, days))
    warehouse = Warehouse()
    table = CustomerDailyActivity.__table__
    store_days(warehouse.url(), table, activity, days)
    try:
        for window, stored in zip((7, 30), _window_totals(warehouse, DAY), strict=True):
            stored = stored.sort("customer_number")
            expected = rolled_up(activity, DAY, window).sort("customer_number")
            assert stored.height == expected.height > 0
            assert stored["customer_number"].equals(expected["customer_number"])  # both Int64
            for column in expected.columns[1:]:
                if column == "last_at":
                    assert stored[column].equals(expected[column])
                else:
                    assert stored[column].to_list() == pytest.approx(expected[column].to_list())
        assert stored["active_days"].max() <= 10  # only the 10 sampled days before DAY
    finally:
        store_days(warehouse.url(), table, activity.clear(), days)
