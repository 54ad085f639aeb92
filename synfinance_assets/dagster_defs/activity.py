"""The daily `customer_daily_activity` asset: each customer's day of payments, summed."""

from collections.abc import Iterator

import dagster as dg

from synfinance_assets.dagster_defs.metadata import PeakMemory
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import ACTIVITY_INPUT_COLUMNS, daily_activity
from synfinance_assets.domain.quality import activity_suite
from synfinance_assets.partitions import days_in
from synfinance_assets.warehouse.models import CustomerDailyActivity, Transaction

TABLE = CustomerDailyActivity.__table__
TRANSACTIONS = Transaction.__table__


QUALITY_CHECK = "customer_daily_activity_meets_quality_suite"


@dg.asset(
    group_name="features",
    kinds={"polars", "postgres"},
    deps=["transactions"],
    check_specs=[
        SuiteGate.spec(
            "customer_daily_activity",
            QUALITY_CHECK,
            "Each day meets the activity suite before it is written: columns, one row per "
            "customer, at least one payment each, declines within payments, the largest "
            "amount within the sum. A failing day is not written.",
        )
    ],
    **DAILY_WAREHOUSE_ASSET,
)
def customer_daily_activity(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Each customer's payments of the day, summed: count, rupees, squared rupees, the
    largest amount, the declines, the time of day (a sum of unit vectors), the channels,
    categories and cities used (bit masks) and the last payment's time.
    `transaction_features` rolls 7 and 30 of these days up into each customer's weekly
    and monthly figures instead of re-reading a month of raw payments. Replaces its
    partition in one transaction."""
    memory = PeakMemory()
    days = days_in(context.partition_time_window)
    warehouse.require_days(TRANSACTIONS, days, "customer_daily_activity")
    gate = SuiteGate("customer_daily_activity", QUALITY_CHECK, activity_suite())
    rows = 0
    for day in days:
        payments = warehouse.read(
            TRANSACTIONS,
            ACTIVITY_INPUT_COLUMNS,
            TRANSACTIONS.c.partition_date == day,
        )
        frame = daily_activity(payments)
        yield from gate.audited_write(warehouse, TABLE, frame, day)
        rows += frame.height
    yield dg.MaterializeResult(
        check_results=[gate.result()],
        metadata={"dagster/row_count": rows, "days": len(days), **memory.report(context)},
    )
