"""Features of the other parties of a payment: the payee, the payer's habits with payees,
and the device, each over the same trailing window as the customer's own features.

A mule account shows itself in what happens around it, not in any field of one payment:
many payers it has never been paid by before, money that leaves it soon after it
arrives. A fraudster's phone shows itself in the customers it is used by. These are
counted over every customer's transactions in the window, up to and including the
payment's own time.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from synfinance_assets.domain.feature_catalogue import PARTIES, columns_of

_HOUR_MICROS = 3_600_000_000
_DAY_MICROS = 24 * _HOUR_MICROS
_MERCHANT_OFFSET = 10**9  # payee numbers: customers as they are, merchants above this
# payee and device numbers in pair keys stay below 2**36; payers below 2**27 (10**8)
_PAIR_SHIFT = 2**27

NETWORK_FEATURE_COLUMNS = [c for c in columns_of(PARTIES) if c != "is_new_device"]
# fraud_reported_at is only ever compared with a later payment's time
NETWORK_INPUT_COLUMNS = ["merchant_id", "counterparty_customer_id", "fraud_reported_at"]
_BY_PAYEE = [
    "payee_count_24h",
    "payee_amount_sum_24h",
    "payee_distinct_payers_7d",
    "payee_avg_amount_7d",
]


def network_features(history: pl.DataFrame, window_micros: int, rows: pl.Series) -> pl.DataFrame:
    """The payee and device features of ``history``'s rows at positions ``rows``, in that
    order, each seeing every row of ``history`` up to its own time.

    ``history`` holds ``transaction_id``, ``timestamp``, ``customer_id``, ``amount``,
    ``device_id`` and the ``NETWORK_INPUT_COLUMNS``; ``window_micros`` is the trailing
    window. Distinct payers and customers are counted over the whole history.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = lambda column: pl.col(column).str.slice(1).cast(pl.Int64)  # noqa: E731
    wanted = pl.Series(np.zeros(history.height, dtype=bool)).scatter(rows, True)
    base = history.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        wanted=wanted,
        micros=micros - micros.min(),
        sequence=number("transaction_id"),  # ids are numbered in time order
        payer=number("customer_id"),
        person=number("counterparty_customer_id"),
        payee=pl.coalesce(
            number("counterparty_customer_id"), number("merchant_id") + _MERCHANT_OFFSET
        ),  # fmt: skip
        device=number("device_id"),
        amount=pl.col("amount").cast(pl.Float64),
        reported=pl.col("fraud_reported_at").dt.epoch("us") - micros.min(),
    )
    # days are read and concatenated in order, and ids are numbered in time order
    if not base["sequence"].is_sorted():
        base = base.sort("sequence")
    whole = int(base["micros"].max() or 0) + 1  # a window holding the whole history
    span_micros = whole + max(window_micros, whole)  # entities this far apart never meet
    # first pair of payer and payee (or device) in time order: new within the loaded
    # window (the day and the week before it), whose sums count distinct payers (customers)
    base = base.with_columns(
        payee_is_new=pl.when(pl.col("payee").is_not_null()).then(
            (pl.col("payee") * _PAIR_SHIFT + pl.col("payer")).is_first_distinct()
        ),
        device_is_new=pl.struct("device", "payer").is_first_distinct(),
    ).with_columns(pl.col("payee_is_new", "device_is_new").cast(pl.Int32))  # summed below

    day, whole_history = f"{_DAY_MICROS}i", f"{whole}i"
    one = pl.repeat(1, pl.len(), dtype=pl.Int32)
    by_payee = _rolling_by(
        base.filter(pl.col("payee").is_not_null()),
        "payee",
        span_micros,
        payee_count_24h=one.rolling_sum_by("key", day),
        payee_amount_sum_24h=pl.col("amount").rolling_sum_by("key", day),
        payee_distinct_payers_7d=pl.col("payee_is_new").rolling_sum_by("key", whole_history),
        payee_avg_amount_7d=pl.col("amount").rolling_mean_by(
            "key", f"{window_micros}i", closed="left"
        ),
    )
    by_payer = _rolling_by(
        base,
        "payer",
        span_micros,
        new_payees_24h=pl.col("payee_is_new").fill_null(0).rolling_sum_by("key", day),
        paid_so_far=one.rolling_sum_by("key", whole_history),
        distinct_devices_7d=pl.col("device_is_new").rolling_sum_by("key", whole_history),
    )
    by_device = _rolling_by(
        base,
        "device",
        span_micros,
        device_customers_7d=pl.col("device_is_new").rolling_sum_by("key", whole_history),
    )
    # first seen in the window: each row's own group holds it, so the minimum is never later
    first_seen = base.select(
        "row",
        "wanted",
        payer_payee_days_known=pl.when(pl.col("payee").is_not_null()).then(
            (pl.col("micros") - pl.col("micros").min().over("payee", "payer")) / _DAY_MICROS
        ),
        device_age_hours=(pl.col("micros") - pl.col("micros").min().over("device")) / _HOUR_MICROS,
    )
    asked = base.filter(pl.col("wanted"))
    wanted = lambda frame, *columns: frame.filter(pl.col("wanted")).select("row", *columns)  # noqa: E731
    parts = [
        asked.select("row", "amount", "payee_is_new", "device_is_new"),
        wanted(by_payee, *_BY_PAYEE),
        wanted(by_payer, "new_payees_24h", "distinct_devices_7d"),
        wanted(first_seen, "payer_payee_days_known", "device_age_hours"),
        _reported_to_payee(base, asked),
        wanted(by_device, "device_customers_7d"),
        _payee_outgoing(by_payer, asked),
    ]
    frame = pl.DataFrame({"row": rows.cast(pl.UInt32)})
    for part in parts:
        frame = frame.join(part, on="row", how="left", maintain_order="left")
    return frame.with_columns(
        pl.col("payee_is_new", "device_is_new").cast(pl.Int16),
        amount_to_payee_avg_7d=pl.col("amount") / pl.col("payee_avg_amount_7d"),
    ).select(NETWORK_FEATURE_COLUMNS)


def _reported_to_payee(base: pl.DataFrame, asked: pl.DataFrame) -> pl.DataFrame:
    """For wanted payments with a payee: how many payments to that payee in the window
    had been reported as fraud before this one (reports after it are not yet known)."""
    reports = (
        base.filter(pl.col("reported").is_not_null() & pl.col("payee").is_not_null())
        .select("payee", "reported")
        .sort("reported")
        .with_columns(reports_so_far=pl.int_range(1, pl.len() + 1).over("payee"))
    )
    asks = asked.filter(pl.col("payee").is_not_null()).select("row", "payee", "micros")
    known = asks.sort("micros").join_asof(
        reports, left_on="micros", right_on="reported", by="payee",
        allow_exact_matches=False, check_sortedness=False,
    )  # fmt: skip
    return known.select(
        "row", payee_reported_fraud_7d=pl.col("reports_so_far").fill_null(0).cast(pl.Int32)
    )


def _rolling_by(frame: pl.DataFrame, entity: str, span_micros: int, **windows: pl.Expr):
    """``windows`` over each ``entity``'s rows in time order (every row, in that order).

    One sorted integer axis serves all entities: each entity's rows are spaced so far
    from the next one's that no window crosses between them.
    """
    # ``frame`` is in time order: a stable sort by entity keeps it within each entity
    ordered = frame.select("row", "wanted", entity, "micros", *_inputs(windows)).sort(
        entity, maintain_order=True
    )
    first = pl.col(entity) != pl.col(entity).shift(1)
    return ordered.with_columns(
        key=first.fill_null(True).cum_sum().cast(pl.Int64) * span_micros + pl.col("micros")
    ).select("row", "wanted", entity, "micros", **windows)


def _inputs(windows: dict[str, pl.Expr]) -> list[str]:
    """The columns the window expressions read (besides the axis they roll along)."""
    names = {name for expr in windows.values() for name in expr.meta.root_names()}
    return sorted(names - {"key"})


def _payee_outgoing(by_payer: pl.DataFrame, asked: pl.DataFrame) -> pl.DataFrame:
    """For wanted payments to a person: how often that person paid anyone in the 24 hours
    before, and minutes since they last did (null: not in the window). ``by_payer`` holds
    everyone's payments in time order within each payer, with the count so far."""
    asks = asked.filter(pl.col("person").is_not_null()).select("row", "person", "micros")
    own = by_payer.select(person="payer", micros="micros", paid_so_far="paid_so_far").join(
        asks.select(pl.col("person").unique()), on="person", how="semi", maintain_order="left"
    )  # only the people paid by the wanted payments
    # both sides are in time order within each person, as the as-of join needs
    now = asks.join_asof(own.rename({"micros": "own_micros"}), left_on="micros",
                         right_on="own_micros", by="person", allow_exact_matches=False,
                         check_sortedness=False)  # fmt: skip
    day_before = asks.with_columns(pl.col("micros") - _DAY_MICROS).join_asof(
        own, on="micros", by="person", check_sortedness=False
    )
    return now.join(day_before.select("row", then="paid_so_far"), on="row").select(
        "row",
        payee_outgoing_count_24h=(
            pl.col("paid_so_far").fill_null(0) - pl.col("then").fill_null(0)
        ).cast(pl.Int32),
        payee_minutes_since_own_payment=(pl.col("micros") - pl.col("own_micros")) / 60e6,
    )
