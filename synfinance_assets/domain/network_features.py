"""Features of the other parties of a payment: the payee, the payer's habits with payees,
and the device, over the day and the week before it.

A mule account shows itself in what happens around it, not in any field of one payment:
many payers it has never been paid by before, money that leaves it soon after it
arrives. A fraudster's phone shows itself in the customers it is used by. These are
counted over every customer's payments, up to and including the payment's own time.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from sqlalchemy import ColumnElement, Table, func

from synfinance_assets.core.ordering import stable_order
from synfinance_assets.domain.columns import (
    group_starts,
    id_number,
    looked_up,
    paise,
    stored_id_number,
    total_through,
)
from synfinance_assets.domain.feature_catalogue import PARTIES, columns_of

WINDOW_DAYS = 7
_HOUR_MICROS = 3_600_000_000
_DAY_MICROS = 24 * _HOUR_MICROS
_DAY = f"{_DAY_MICROS}i"
_MERCHANT_OFFSET = 10**9  # payee numbers: customers as they are, merchants above this
# payee numbers in pair keys stay below 2**36; payers below 2**27 (10**8)
_PAIR_SHIFT = 2**27

NETWORK_FEATURE_COLUMNS = [c for c in columns_of(PARTIES) if c != "is_new_device"]
NETWORK_HISTORY_COLUMNS = ["transaction_id", "partition_date", "timestamp", "customer_id",
                           "amount", "device_id", "merchant_id", "counterparty_customer_id",
                           "fraud_reported_at"]  # fmt: skip
# derived where needed rather than held for every day of the week
_PAIR = (pl.col("payee").cast(pl.Int64) * _PAIR_SHIFT + pl.col("payer")).alias("pair")
_PERSON = pl.when(pl.col("payee") < _MERCHANT_OFFSET).then(pl.col("payee")).alias("person")
# a (device, payer) pair as one 128-bit number: grouped twice as fast as the two columns
_HANDSET_SHIFT = 2**32
_HANDSET = (pl.col("device").cast(pl.Int128) * _HANDSET_SHIFT + pl.col("payer")).alias("handset")


def parties(payments: pl.DataFrame) -> pl.DataFrame:
    """The payments (``NETWORK_HISTORY_COLUMNS``) as the numbers the party features work
    on, in id order: done once per day loaded, not once per day featured. Each id column
    may hold the ids, or the numbers inside them; or the payments may be a day as
    `numbered_history` reads it, with its payee already numbered."""
    number = lambda column: (  # noqa: E731
        pl.col(column) if payments.schema[column].is_integer() else id_number(column)
    )
    payee = (
        pl.col("payee")
        if "payee" in payments.columns
        else pl.coalesce(
            number("counterparty_customer_id"), number("merchant_id") + _MERCHANT_OFFSET
        )
    )
    numbered = payments.select(
        sequence=number("transaction_id"),  # ids are numbered in time order
        date=pl.col("partition_date"),
        micros=pl.col("timestamp").dt.epoch("us"),
        payer=number("customer_id").cast(pl.Int32),
        payee=payee.cast(pl.Int32),
        device=number("device_id"),
        amount=pl.col("amount").cast(pl.Float64),
        reported=pl.col("fraud_reported_at").dt.epoch("us"),
    )
    return numbered if numbered["sequence"].is_sorted() else numbered.sort("sequence")


def numbered_history(table: Table) -> list[ColumnElement]:
    """What `parties` needs of a day's payments in the stored ``table``, in the fewest
    columns: each id as the number inside it (what `id_number` takes in Polars), the
    payee already one number, and no ``partition_date`` (one day is read at a time: the
    reader adds it). Each column a row carries costs the reader as much as the server."""
    number = lambda c: stored_id_number(table.c[c])  # noqa: E731
    return [
        number("transaction_id").label("transaction_id"),
        table.c.timestamp,
        number("customer_id").label("customer_id"),
        table.c.amount,
        number("device_id").label("device_id"),
        func.coalesce(
            number("counterparty_customer_id"), number("merchant_id") + _MERCHANT_OFFSET
        ).label("payee"),
        table.c.fraud_reported_at,
    ]


def network_features(
    history: pl.DataFrame, day: dt.date, last_paid: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The payee and device features of ``day``'s payments, one row each in id order.

    ``history`` holds the payments of ``day`` and of the ``WINDOW_DAYS`` before it, as
    `parties` gives them, days in order. The window's earlier days are summed per pair,
    payee and device; the day itself is walked in time order. ``last_paid``
    (``customer_number``, ``last_at``) says when each customer last paid anyone before the
    day, for payees who did not pay in the two days loaded.
    """
    today = history.filter(pl.col("date") == day).with_columns(_PAIR, _PERSON, _HANDSET)
    yesterday = history.filter(pl.col("date") == day - dt.timedelta(days=1))
    since = yesterday["sequence"].min() or 0  # no yesterday: no rows to flag
    summed = _earlier_pairs(history.lazy().filter(pl.col("date") < day), today, since)
    today = _today(today, summed)
    # yesterday's first payments to a payee in the window: pairs first seen yesterday
    first_yesterday = summed[0].filter(pl.col("first_sequence") >= since)
    recent = pl.concat(
        [
            yesterday.select(
                "sequence", "micros", "payer", "payee", "amount", today=pl.lit(False),
                payee_is_new=pl.col("sequence")
                .is_in(first_yesterday["first_sequence"].implode())
                .cast(pl.Int32),
            ),
            today.select("sequence", "micros", "payer", "payee", "amount", today=pl.lit(True),
                         payee_is_new=pl.col("payee_is_new").cast(pl.Int32)),
        ],
        how="vertical_relaxed",
    )  # fmt: skip
    by_payee = _rolling_by(
        recent.filter(pl.col("payee").is_not_null()),
        "payee",
        payee_count_24h=pl.repeat(1, pl.len(), dtype=pl.Int32).rolling_sum_by("key", _DAY),
        payee_amount_sum_24h=pl.col("amount").rolling_sum_by("key", _DAY),
    )
    by_payer = _rolling_by(
        recent,
        "payer",
        new_payees_24h=pl.col("payee_is_new").fill_null(0).rolling_sum_by("key", _DAY),
        paid_so_far=pl.col("position"),
    )
    today_only = lambda frame, *columns: frame.filter("today").select("sequence", *columns)  # noqa: E731
    frame = today.hstack(
        [
            column
            for part in (
                today_only(by_payee, "payee_count_24h", "payee_amount_sum_24h"),
                today_only(by_payer, "new_payees_24h"),
                _reported_to_payee(history, today),
                _payee_outgoing(by_payer, today, last_paid),
            )
            for column in looked_up(today, ["sequence"], part)
        ]
    )
    return frame.with_columns(
        pl.col("payee_is_new", "device_is_new").cast(pl.Int16),
        amount_to_payee_avg_7d=pl.col("amount") / pl.col("payee_avg_amount_7d"),
    ).select(NETWORK_FEATURE_COLUMNS)


def _earlier_pairs(earlier: pl.LazyFrame, today: pl.DataFrame, since: int) -> list[pl.DataFrame]:
    """The window's earlier days summed per (payee, payer) pair (the first payment, the
    payments and paise), per payee, per (device, payer) pair, per device and per payer:
    each kept only where ``today``'s payments look it up (and the pairs also where their
    first payment is at or after the payment numbered ``since``), so that the day's
    lookups build small tables rather than the week's millions of pairs.

    Millions of small groups: the streaming engine aggregates them several times faster
    than the in-memory one. Every figure is an integer or a minimum, so exact in
    whatever order the groups come.
    """
    seen = lambda *keys: today.lazy().select(*keys).unique()  # noqa: E731
    pairs = (
        earlier.filter(pl.col("payee").is_not_null())
        .select("sequence", "micros", "amount", _PAIR)
        .group_by("pair")
        .agg(
            first_sequence=pl.col("sequence").min(),
            first_micros=pl.col("micros").min(),
            payments=pl.len(),
            paise=paise(pl.col("amount")).sum(),
        )
        .with_columns(payee=pl.col("pair") // _PAIR_SHIFT)
    )
    by_payee = (
        pairs.group_by("payee")
        .agg(
            earlier_payers=pl.len(),
            earlier_payments=pl.col("payments").sum(),
            earlier_rupees=pl.col("paise").sum() / 100,
        )
        .join(seen("payee"), on="payee", how="semi")
    )
    pairs = pairs.filter(
        pl.col("pair").is_in(today["pair"].unique().implode()) | (pl.col("first_sequence") >= since)
    )
    device_pairs = (
        earlier.group_by(_HANDSET)
        .agg(first_micros=pl.col("micros").min())
        .with_columns(
            device=(pl.col("handset") // _HANDSET_SHIFT).cast(pl.Int64),
            payer=(pl.col("handset") % _HANDSET_SHIFT).cast(pl.Int32),
        )
    )
    by_device = (
        device_pairs.group_by("device")
        .agg(earlier_customers=pl.len(), device_first=pl.col("first_micros").min())
        .join(seen("device"), on="device", how="semi")
    )
    by_payer = (
        device_pairs.group_by("payer")
        .agg(earlier_devices=pl.len())
        .join(seen("payer"), on="payer", how="semi")
    )
    device_pairs = device_pairs.join(seen("handset"), on="handset", how="semi").select(
        "handset", "first_micros"
    )
    return pl.collect_all([pairs, by_payee, device_pairs, by_device, by_payer], engine="streaming")


def _today(today: pl.DataFrame, earlier: list[pl.DataFrame]) -> pl.DataFrame:
    """The day's payments in time order, each against the earlier days and the day so far."""
    pairs, by_payee, device_pairs, by_device, by_payer = earlier
    joined = today.hstack(
        [
            column
            for keys, found in (
                (["pair"], pairs.select("pair", pair_first="first_micros")),
                (["handset"], device_pairs.rename({"first_micros": "device_pair_first"})),
                (["payee"], by_payee),
                (["device"], by_device),
                (["payer"], by_payer),
            )
            for column in looked_up(today, keys, found)
        ]
    )
    has_payee = pl.col("payee").is_not_null()
    joined = joined.with_columns(
        payee_is_new=pl.when(has_payee).then(
            pl.col("pair_first").is_null() & pl.col("pair").is_first_distinct()
        ),
        device_is_new=pl.col("device_pair_first").is_null() & pl.col("handset").is_first_distinct(),
        paise=paise(pl.col("amount")),
        one=pl.lit(1, pl.Int64),
    ).with_columns(pl.col("payee_is_new", "device_is_new").cast(pl.Int64))
    joined = joined.hstack(
        _running(joined, "payee", payee_payments="one", payee_paise="paise",
                 payee_new_payers="payee_is_new")
    ).hstack(_running(joined, "device", device_new_customers="device_is_new")).hstack(
        _running(joined, "payer", payer_new_devices="device_is_new")
    )  # fmt: skip
    # the payee's payments and rupees before this one
    payee_payments = pl.col("earlier_payments").fill_null(0) + pl.col("payee_payments") - 1
    payee_rupees = (
        pl.col("earlier_rupees").fill_null(0.0) + (pl.col("payee_paise") - pl.col("paise")) / 100
    )
    return joined.with_columns(
        payee_distinct_payers_7d=pl.when(has_payee).then(
            pl.col("earlier_payers").fill_null(0) + pl.col("payee_new_payers")
        ),
        payee_avg_amount_7d=pl.when(has_payee & (payee_payments > 0)).then(
            payee_rupees / payee_payments
        ),
        payer_payee_days_known=pl.when(has_payee).then(
            (pl.col("micros") - pl.coalesce("pair_first", pl.col("micros").min().over("pair")))
            / _DAY_MICROS
        ),
        device_customers_7d=pl.col("earlier_customers").fill_null(0)
        + pl.col("device_new_customers"),
        distinct_devices_7d=pl.col("earlier_devices").fill_null(0) + pl.col("payer_new_devices"),
        device_age_hours=(
            pl.col("micros")
            - pl.min_horizontal("device_first", pl.col("micros").min().over("device"))
        )
        / _HOUR_MICROS,
    ).with_columns(pl.col("payee_distinct_payers_7d", "device_customers_7d",
                          "distinct_devices_7d").cast(pl.Int32))  # fmt: skip


def _running(frame: pl.DataFrame, entity: str, **columns: str) -> pl.DataFrame:
    """Integer ``columns`` summed over each ``entity``'s rows up to and including each
    row (``frame`` is in time order), in ``frame``'s order.

    A stable sort by entity and plain cumulative sums, less each entity's start: several
    times faster than a windowed sum over a million small groups, and exact in integers.
    """
    order = stable_order(frame[entity].fill_null(-1).to_numpy())
    grouped = frame.select(entity, *columns.values())[order]
    starts = group_starts(entity)
    totals = grouped.select(
        total_through(pl.col(c), starts).alias(name) for name, c in columns.items()
    )
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return totals[back]


def _reported_to_payee(base: pl.DataFrame, today: pl.DataFrame) -> pl.DataFrame:
    """For the day's payments with a payee: how many payments to that payee in the window
    had been reported as fraud before this one (reports after it are not yet known)."""
    reports = (
        base.filter(pl.col("reported").is_not_null() & pl.col("payee").is_not_null())
        .select("payee", "reported")
        .sort("reported")
        .with_columns(reports_so_far=pl.int_range(1, pl.len() + 1).over("payee"))
    )
    asks = today.filter(pl.col("payee").is_not_null()).select("sequence", "payee", "micros")
    known = asks.join_asof(  # the day is in time order
        reports, left_on="micros", right_on="reported", by="payee",
        allow_exact_matches=False, check_sortedness=False,
    )  # fmt: skip
    return known.select(
        "sequence", payee_reported_fraud_7d=pl.col("reports_so_far").fill_null(0).cast(pl.Int32)
    )


def _rolling_by(frame: pl.DataFrame, entity: str, **windows: pl.Expr) -> pl.DataFrame:
    """``windows`` over each ``entity``'s rows in time order (every row, in that order).

    One sorted integer axis serves all entities: each entity's rows are spaced so far
    from the next one's that no window crosses between them.
    """
    # ``frame`` is in time order: a stable sort by entity keeps it within each entity
    inputs = sorted(_inputs(windows) - {entity, "micros", "position"})
    columns = frame.select("sequence", "today", entity, "micros", *inputs)
    ordered = columns[stable_order(columns[entity].to_numpy())]
    span = int(ordered["micros"].max() - ordered["micros"].min()) + 2 * _DAY_MICROS
    starts = group_starts(entity)
    return ordered.with_columns(
        key=starts.cum_sum().cast(pl.Int64) * span + pl.col("micros") - pl.col("micros").min(),
        position=total_through(pl.repeat(1, pl.len(), dtype=pl.Int64), starts),  # from 1
    ).select("sequence", "today", entity, "micros", **windows)


def _inputs(windows: dict[str, pl.Expr]) -> set[str]:
    """The columns the window expressions read (besides the axis they roll along)."""
    return {name for expr in windows.values() for name in expr.meta.root_names()} - {"key"}


def _payee_outgoing(
    by_payer: pl.DataFrame, today: pl.DataFrame, last_paid: pl.DataFrame | None
) -> pl.DataFrame:
    """For the day's payments to a person: how often that person paid anyone in the 24
    hours before, and minutes since they last did (null: never in the 30 days before).
    ``by_payer`` holds everyone's payments of the day and the day before, in time order
    within each payer, with the count so far."""
    asks = today.filter(pl.col("person").is_not_null()).select("sequence", "person", "micros")
    own = by_payer.select(person="payer", micros="micros", paid_so_far="paid_so_far").join(
        asks.select(pl.col("person").unique()), on="person", how="semi", maintain_order="left"
    )  # only the people paid by the day's payments
    # both sides are in time order within each person, as the as-of join needs
    now = asks.join_asof(own.rename({"micros": "own_micros"}), left_on="micros",
                         right_on="own_micros", by="person", allow_exact_matches=False,
                         check_sortedness=False)  # fmt: skip
    day_before = asks.with_columns(pl.col("micros") - _DAY_MICROS).join_asof(
        own, on="micros", by="person", check_sortedness=False
    )
    if last_paid is not None:
        earlier = last_paid.select(
            person="customer_number",
            earlier_micros=pl.col("last_at").dt.epoch("us"),
        )
        now = now.join(earlier, on="person", how="left", maintain_order="left")
    else:
        now = now.with_columns(earlier_micros=pl.lit(None, pl.Int64))
    return now.join(day_before.select("sequence", then="paid_so_far"), on="sequence").select(
        "sequence",
        payee_outgoing_count_24h=(
            pl.col("paid_so_far").fill_null(0) - pl.col("then").fill_null(0)
        ).cast(pl.Int32),
        payee_minutes_since_own_payment=(
            pl.col("micros") - pl.coalesce("own_micros", "earlier_micros")
        )
        / 60e6,
    )
