"""The daily `transaction_features` asset and its Great Expectations gate."""

import datetime as dt
from collections.abc import Iterator

import dagster as dg
import polars as pl
from sqlalchemy import BigInteger, Float, Numeric, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from synfinance_assets.dagster_defs.metadata import preview
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import (
    LAST,
    MASKS,
    SEVEN_DAYS,
    SUMMED,
    THIRTY_DAYS,
    days_before,
)
from synfinance_assets.domain.event_features import EVENT_INPUT_COLUMNS, FEATURE_EVENT_TYPES
from synfinance_assets.domain.features import (
    CUSTOMER_COLUMNS,
    FEATURE_COLUMNS,
    TRANSACTION_COLUMNS,
    day_features,
)
from synfinance_assets.domain.network_features import (
    NETWORK_HISTORY_COLUMNS,
    WINDOW_DAYS,
    parties,
)
from synfinance_assets.domain.quality import features_suite
from synfinance_assets.partitions import PARTITIONS_START, days_in
from synfinance_assets.warehouse.models import (
    AccountEvent,
    Customer,
    CustomerDailyActivity,
    MLFeatures,
    Transaction,
)

TABLE = MLFeatures.__table__
QUALITY_CHECK = "features_meet_quality_suite"
TRANSACTIONS = Transaction.__table__
EVENTS = AccountEvent.__table__
ACTIVITY = CustomerDailyActivity.__table__
PREVIEW_COLUMNS = [
    "transaction_id",
    "tx_count_24h",
    "amount_zscore_7d",
    "seconds_since_last_txn",
    "distance_from_home_km",
    "is_new_device",
]


@dg.asset(
    group_name="features",
    kinds={"polars", "postgres"},
    deps=[
        *(
            dg.AssetDep(
                daily,
                partition_mapping=dg.TimeWindowPartitionMapping(
                    start_offset=-WINDOW_DAYS, allow_nonexistent_upstream_partitions=True
                ),
            )
            for daily in ("transactions", "account_events")
        ),
        dg.AssetDep(
            "customer_daily_activity",
            partition_mapping=dg.TimeWindowPartitionMapping(
                start_offset=-THIRTY_DAYS, end_offset=-1, allow_nonexistent_upstream_partitions=True
            ),
        ),
        "customers",
    ],
    check_specs=[
        SuiteGate.spec(
            "transaction_features",
            QUALITY_CHECK,
            "Each day meets the features suite before it is written: every feature column "
            "present and typed, unique ids, non-null keys, counts, angles and distances in "
            "range. A failing day is not written.",
        )
    ],
    **DAILY_WAREHOUSE_ASSET,
)
def transaction_features(
    context: dg.AssetExecutionContext, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The catalogue's model features of each transaction of the day
    (`domain/feature_catalogue.py`), each seeing only what happened before it.

    From the raw payments of the day and the day before: the customer's velocity (counts
    and INR over 1 h, 6 h, 24 h), declines, time, distance and speed since the previous
    payment; the payee's payments and rupees of the last 24 hours and its own payments
    out. From the payments of the week before (payers, payees and devices only): the
    payee's distinct payers, average ticket and the fraud reported against it so far, how
    long the payer has known it; the device's customers and age. From
    `customer_daily_activity` of the 7 and 30 days before, plus the day so far: the
    customer's count, rupees, mean, spread and maximum, usual time of day, first use of a
    channel, category or city, active days and declines. From the account events:
    minutes since the latest SIM change, phone binding, PIN or password reset, new payee
    and collect request. And the time context (hour, weekday, month, month start,
    festival day), the account's age and a few interactions.

    Every transactions and account_events partition of the trailing week, and every
    customer_daily_activity partition of the 30 days before, must exist (days before
    2025-01-01 do not; `history_days` records the shorter history). A day gives the same
    rows alone or inside a range; each day replaces its partition in one transaction."""
    days = days_in(context.partition_time_window)
    first_needed = max(days[0] - dt.timedelta(days=WINDOW_DAYS), PARTITIONS_START)
    needed = [
        first_needed + dt.timedelta(days=i) for i in range((days[-1] - first_needed).days + 1)
    ]
    warehouse.require_days(TRANSACTIONS, needed, "transaction_features")
    warehouse.require_days(EVENTS, needed, "transaction_features")
    first_month = max(days_before(days[0], THIRTY_DAYS)[0], PARTITIONS_START)
    months = [first_month + dt.timedelta(days=i) for i in range((days[-1] - first_month).days)]
    warehouse.require_days(ACTIVITY, months, "transaction_features")
    customers = warehouse.require_rows(Customer.__table__, "transaction_features", CUSTOMER_COLUMNS)
    gate = SuiteGate("transaction_features", QUALITY_CHECK, features_suite())

    # each day is read once: whole for the day and the day after, its parties (numbered)
    # for the week after
    whole: dict[dt.date, pl.DataFrame] = {}
    narrow: dict[dt.date, pl.DataFrame] = {}
    events: dict[dt.date, pl.DataFrame] = {}
    sums, counts, rows, short_window_rows = [], [], 0, 0
    for day in days:
        window = [d for d in needed if day - dt.timedelta(days=WINDOW_DAYS) <= d <= day]
        yesterday = day - dt.timedelta(days=1)
        for d in window:
            if d >= yesterday and d not in whole:
                whole[d] = _read_payments(warehouse, d, TRANSACTION_COLUMNS)
                narrow[d] = parties(whole[d].select(NETWORK_HISTORY_COLUMNS))
            elif d not in narrow:
                narrow[d] = parties(_read_payments(warehouse, d, NETWORK_HISTORY_COLUMNS))
            if d not in events:
                events[d] = warehouse.read(
                    EVENTS,
                    EVENT_INPUT_COLUMNS,
                    (EVENTS.c.partition_date == d) & EVENTS.c.event_type.in_(FEATURE_EVENT_TYPES),
                )
        _forget_before(whole, yesterday)
        _forget_before(narrow, window[0])
        _forget_before(events, window[0])
        frame = day_features(
            pl.concat([whole[d] for d in window if d in whole]),
            pl.concat([narrow[d] for d in window]),
            pl.concat([events[d] for d in window]),
            customers,
            _window_totals(warehouse, day, SEVEN_DAYS),
            _window_totals(warehouse, day, THIRTY_DAYS),
            day,
            PARTITIONS_START,
        )
        yield from gate.audit(frame, day)
        warehouse.replace(TABLE, frame, TABLE.c.partition_date == day)
        values = frame.select(FEATURE_COLUMNS).cast(pl.Float64)
        sums.append(values.sum())
        counts.append(values.count())
        rows += frame.height
        short_window_rows += int((frame["history_days"] < THIRTY_DAYS).sum())
        if day == days[0]:
            first_rows = preview(frame, PREVIEW_COLUMNS)
    means = pl.concat(sums).sum() / pl.concat(counts).sum()
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "days": len(days),
            "features": len(FEATURE_COLUMNS),
            "short_history_rows": short_window_rows,
            "feature_means": dg.MetadataValue.json(
                {k: round(v, 4) for k, v in means.row(0, named=True).items() if v is not None}
            ),
            "preview": first_rows,
        },
        check_results=[gate.result()],
    )


def _window_totals(warehouse: Warehouse, day: dt.date, days: int) -> pl.DataFrame:
    """Each customer's activity of the ``days`` days before ``day``, summed by the
    warehouse (what `domain.activity.rolled_up` computes in memory)."""
    first, last = days_before(day, days)
    c = ACTIVITY.c
    # summed as exact decimals: a float sum depends on the order the plan feeds it rows,
    # and a day re-run must give the same features to the last bit
    exact_sum = lambda column: cast(func.sum(cast(column, Numeric)), Float)  # noqa: E731
    latest = lambda column: func.array_agg(aggregate_order_by(column, c.last_at.desc()))[1]  # noqa: E731
    return warehouse.query(
        select(
            c.customer_id,
            *(
                (func.sum(c[n]) if n.endswith("count") else exact_sum(c[n])).label(n)
                for n in SUMMED
            ),
            func.max(c.amount_max).label("amount_max"),
            func.count().label("active_days"),
            *(func.bit_or(c[n], type_=BigInteger).label(n) for n in MASKS),
            func.max(c.last_at).label("last_at"),
            *(cast(latest(c[n]), Float).label(n) for n in LAST[1:]),
        )
        .where(c.partition_date.between(first, last))
        .group_by(c.customer_id)
    )


def _forget_before(loaded: dict[dt.date, pl.DataFrame], first: dt.date) -> None:
    for day in [d for d in loaded if d < first]:
        del loaded[day]


def _read_payments(warehouse: Warehouse, day: dt.date, columns: list[str]) -> pl.DataFrame:
    """A day's transactions (``columns``), as the features read them."""
    return warehouse.read(TRANSACTIONS, columns, TRANSACTIONS.c.partition_date == day)
