"""The daily `transaction_features` asset and its Great Expectations gate."""

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import polars as pl
from sqlalchemy import BigInteger, Float, cast, func, select

from synfinance_assets.dagster_defs.metadata import PeakMemory, Stopwatch, counts_table, preview
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import (
    MASKS,
    SCALES,
    SEVEN_DAYS,
    SUMMED,
    THIRTY_DAYS,
    TOTAL_COLUMNS,
    days_before,
)
from synfinance_assets.domain.columns import stored_id_number
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
    network_features,
    numbered_history,
    parties,
)
from synfinance_assets.domain.quality import empty_features, features_suite
from synfinance_assets.partitions import PARTITIONS_START, days_in
from synfinance_assets.sim.caches import release_simulation
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
# The roll-up has a group per customer. Split between parallel workers, each aggregates
# nearly every customer and the leader again (three times the work); and a day's tables
# carry no statistics of the whole, so the plan expects a few hundred groups and gives
# the hash table too little memory, spilling to disk. Alone and in memory, it is 3x faster.
ROLL_UP_SETTINGS = {"max_parallel_workers_per_gather": "0", "work_mem": "512MB"}
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
    gate = SuiteGate("transaction_features", QUALITY_CHECK, None)

    # each day is read once: whole for the day and the day after, its parties (numbered)
    # for the week after
    whole: dict[dt.date, pl.DataFrame] = {}
    narrow: dict[dt.date, pl.DataFrame] = {}
    events: dict[dt.date, pl.DataFrame] = {}
    sums, counts, rows, short_window_rows = [], [], 0, 0
    release_simulation()  # a night renders the day before this step, in the same process
    watch, memory = Stopwatch(), PeakMemory()
    # the server sums the month (one core, few rows back) while the days are read
    with ThreadPoolExecutor(max_workers=1) as server:
        for day in days:
            window = [d for d in needed if day - dt.timedelta(days=WINDOW_DAYS) <= d <= day]
            yesterday = day - dt.timedelta(days=1)
            totals = server.submit(_window_totals, warehouse, day)
            with watch.phase("read"):
                reads = {
                    **{("whole", d): _payments_of(d, TRANSACTION_COLUMNS)
                       for d in window if d >= yesterday and d not in whole},
                    **{("narrow", d): _parties_of(d)
                       for d in window if d < yesterday and d not in narrow},
                    **{("events", d): _events_of(d) for d in window if d not in events},
                }  # fmt: skip
                for (kind, d), frame in _read_all(warehouse, reads).items():
                    if kind == "whole":
                        whole[d], narrow[d] = frame, parties(frame.select(NETWORK_HISTORY_COLUMNS))
                    elif kind == "narrow":
                        narrow[d] = frame
                    else:
                        events[d] = frame
                _forget_before(whole, yesterday)
                _forget_before(narrow, window[0])
                _forget_before(events, window[0])
            with watch.phase("roll-up"):  # what is left of it once the days are read
                week, month = totals.result()
            # what the next day does not need is let go as soon as this day is done with it
            keep_from = dt.date.max if day == days[-1] else day - dt.timedelta(days=WINDOW_DAYS - 1)
            with watch.phase("compute"):
                network = network_features(
                    pl.concat([narrow[d] for d in window]),
                    day,
                    month.select("customer_number", "last_at"),
                )
                _forget_before(narrow, keep_from)  # before the rest is computed
                frame = day_features(
                    pl.concat([whole[d] for d in window if d in whole]),
                    network,
                    pl.concat([events[d] for d in window]),
                    customers,
                    week,
                    month,
                    day,
                    PARTITIONS_START,
                )
            _forget_before(whole, max(keep_from, day))  # before the audit's copy is made
            _forget_before(events, keep_from)
            with watch.phase("audit and write"):
                suite = features_suite(empty_features(frame))
                yield from gate.audited_write(warehouse, TABLE, frame, day, suite)
            context.log.info(
                f"{day}: {frame.height} rows, peak {memory.megabytes()} MB; seconds so far: {watch}"
            )
            values = pl.col(FEATURE_COLUMNS).cast(pl.Float64)  # column by column, not a copy
            sums.append(frame.select(values.sum()))
            counts.append(frame.select(values.count()))
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
            "feature_means": counts_table(
                {k: v for k, v in means.row(0, named=True).items() if v is not None},
                "feature",
                "mean",
            ),
            "preview": first_rows,
            "seconds_by_phase": counts_table(dict(watch.seconds), "phase", "seconds"),
            **memory.report(context),
        },
        check_results=[gate.result()],
    )


def _window_totals(warehouse: Warehouse, day: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each customer's activity of the 7 and of the 30 days before ``day``, summed by the
    warehouse in one pass over the month (what `domain.activity.rolled_up` computes in
    memory): the week's totals and the month's."""
    c = ACTIVITY.c
    in_week = c.partition_date >= days_before(day, SEVEN_DAYS)[0]
    query = (
        select(
            stored_id_number(c.customer_id).label("customer_number"),
            *_totals(c, "w_", in_week),
            *_totals(c, "m_"),
        )
        .where(c.partition_date.between(*days_before(day, THIRTY_DAYS)))
        .group_by(c.customer_id)
    )
    both = warehouse.query(query, ROLL_UP_SETTINGS)
    window = lambda prefix: (pl.col(f"{prefix}{n}").alias(n) for n in TOTAL_COLUMNS)  # noqa: E731
    week = both.filter(pl.col("w_active_days") > 0).select("customer_number", *window("w_"))
    return week, both.select("customer_number", *window("m_"))


def _totals(c, prefix: str, within=None) -> list:
    """The summed activity columns (``prefix``ed), over the rows ``within`` or all."""
    over = lambda aggregate: aggregate if within is None else aggregate.filter(within)  # noqa: E731
    # sums in fixed point, as 64-bit integers: exact, so the same in any order of rows
    fixed = lambda n: cast(over(func.sum(cast(func.round(c[n] * SCALES[n]), BigInteger))),  # noqa: E731
                           Float) / SCALES[n]  # fmt: skip
    return [
        *((fixed(n) if n in SCALES else over(func.sum(c[n]))).label(f"{prefix}{n}")
          for n in SUMMED),
        over(func.max(c.amount_max)).label(f"{prefix}amount_max"),
        over(func.count()).label(f"{prefix}active_days"),
        *(over(func.bit_or(c[n], type_=BigInteger)).label(f"{prefix}{n}") for n in MASKS),
        over(func.max(c.last_at)).label(f"{prefix}last_at"),
    ]  # fmt: skip


def _forget_before(loaded: dict[dt.date, pl.DataFrame], first: dt.date) -> None:
    for day in [d for d in loaded if d < first]:
        del loaded[day]


def _as_read(frame: pl.DataFrame) -> pl.DataFrame:
    return frame


def _payments_of(day: dt.date, columns: list[str]) -> tuple:
    return select(*(TRANSACTIONS.c[c] for c in columns)).where(_on(TRANSACTIONS, day)), _as_read


def _parties_of(day: dt.date) -> tuple:
    """The day's payments as the party features number them (`network_features.parties`)."""
    # the day as a column of its own: a broadcast literal makes the week's concatenation
    # and filters cost a gigabyte more
    numbered = lambda frame: parties(  # noqa: E731
        frame.with_columns(partition_date=pl.repeat(day, frame.height, eager=True))
    )
    return select(*numbered_history(TRANSACTIONS)).where(_on(TRANSACTIONS, day)), numbered


def _events_of(day: dt.date) -> tuple:
    """The account events the features look back to (not logins, most of the table)."""
    only = EVENTS.c.event_type.in_(FEATURE_EVENT_TYPES)
    return select(*(EVENTS.c[c] for c in EVENT_INPUT_COLUMNS)).where(
        _on(EVENTS, day), only
    ), _as_read


def _on(table, day: dt.date):
    return table.c.partition_date == day


def _read_all(warehouse: Warehouse, reads: dict) -> dict:
    """Each read (query, then) of ``reads``, two at a time: the server produces one day
    while this process decodes another; ``then`` shrinks each frame as soon as it
    arrives."""

    def read(query, then) -> pl.DataFrame:
        return then(warehouse.query(query))

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(read, *spec) for key, spec in reads.items()}
        return {key: future.result() for key, future in futures.items()}
