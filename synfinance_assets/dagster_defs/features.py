"""The daily `transaction_features` asset and its Great Expectations gate."""

import datetime as dt
from collections.abc import Iterator

import dagster as dg
import polars as pl

from synfinance_assets.dagster_defs.metadata import preview
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.event_features import EVENT_INPUT_COLUMNS
from synfinance_assets.domain.features import (
    CUSTOMER_COLUMNS,
    FEATURE_COLUMNS,
    TRANSACTION_COLUMNS,
    WINDOW_DAYS,
    compute_features,
)
from synfinance_assets.domain.quality import features_suite
from synfinance_assets.partitions import PARTITIONS_START, days_in
from synfinance_assets.warehouse.models import AccountEvent, Customer, MLFeatures, Transaction

TABLE = MLFeatures.__table__
QUALITY_CHECK = "features_meet_quality_suite"
TRANSACTIONS = Transaction.__table__
EVENTS = AccountEvent.__table__
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
    """Model features of each transaction of the day, from the customer's trailing 7 days:
    velocity (counts and INR sums over 1 h, 24 h, 7 d), amount against the customer's recent
    history (mean, spread, z-score, ratio), time and distance since the previous payment,
    distance from home, new device, time of day and week, channel; and the other parties,
    over every customer's payments in the window: the payee's payments, rupees and distinct
    payers, its own payments out (money passing through), the amount against the payee's
    average, the payer's new payees, and how many customers use the device; and minutes
    since the account's latest SIM change, phone binding, PIN or password reset, new
    payee and collect request in the window.

    Every transactions and account_events partition of the trailing window must exist
    (days before 2025-01-01 do not, and give a shorter window, recorded in
    `history_days`). A day gives the same
    rows alone or inside a range; each day replaces its partition in one transaction."""
    days = days_in(context.partition_time_window)
    first_needed = max(days[0] - dt.timedelta(days=WINDOW_DAYS), PARTITIONS_START)
    needed = [
        first_needed + dt.timedelta(days=i) for i in range((days[-1] - first_needed).days + 1)
    ]
    warehouse.require_days(TRANSACTIONS, needed, "transaction_features")
    warehouse.require_days(EVENTS, needed, "transaction_features")
    customers = warehouse.require_rows(Customer.__table__, "transaction_features", CUSTOMER_COLUMNS)
    gate = SuiteGate("transaction_features", QUALITY_CHECK, features_suite())

    loaded: dict[dt.date, tuple[pl.DataFrame, pl.DataFrame]] = {}  # each day is read once
    sums, counts, rows, short_window_rows = [], [], 0, 0
    for day in days:
        window = [d for d in needed if day - dt.timedelta(days=WINDOW_DAYS) <= d <= day]
        for d in window:
            if d not in loaded:
                loaded[d] = _read_day(warehouse, d)
        for d in [d for d in loaded if d < window[0]]:
            del loaded[d]
        frame = compute_features(
            pl.concat([loaded[d][0] for d in window]),
            pl.concat([loaded[d][1] for d in window]),
            customers,
            [day],
            PARTITIONS_START,
        )
        yield from gate.audit(frame, day)
        warehouse.replace(TABLE, frame, TABLE.c.partition_date == day)
        values = frame.select(FEATURE_COLUMNS).cast(pl.Float64)
        sums.append(values.sum())
        counts.append(values.count())
        rows += frame.height
        short_window_rows += int((frame["history_days"] < WINDOW_DAYS).sum())
        if day == days[0]:
            first_rows = preview(frame, PREVIEW_COLUMNS)
    means = pl.concat(sums).sum() / pl.concat(counts).sum()
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "days": len(days),
            "short_window_rows": short_window_rows,
            "feature_means": dg.MetadataValue.json(
                {k: round(v, 4) for k, v in means.row(0, named=True).items() if v is not None}
            ),
            "preview": first_rows,
        },
        check_results=[gate.result()],
    )


def _read_day(warehouse: Warehouse, day: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A day's transactions and account events, as the features read them."""
    return (
        warehouse.read(TRANSACTIONS, TRANSACTION_COLUMNS, TRANSACTIONS.c.partition_date == day),
        warehouse.read(EVENTS, EVENT_INPUT_COLUMNS, EVENTS.c.partition_date == day),
    )
