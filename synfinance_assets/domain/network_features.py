"""Features of the other parties of a payment: the payee, the payer's habits with payees,
and the device, each over the same trailing window as the customer's own features.

A mule account shows itself in what happens around it, not in any field of one payment:
many payers it has never been paid by before, money that leaves it soon after it
arrives. A fraudster's phone shows itself in the customers it is used by. These are
counted over every customer's transactions in the window, up to and including the
payment's own time.
"""

from __future__ import annotations

import polars as pl

_HOUR_MICROS = 3_600_000_000
_DAY_MICROS = 24 * _HOUR_MICROS
_MERCHANT_OFFSET = 10**9  # payee numbers: customers as they are, merchants above this
# payee and device numbers in pair keys stay below 2**36; payers below 2**27 (10**8)
_PAIR_SHIFT = 2**27

NETWORK_FEATURE_COLUMNS = [
    "payee_is_new",
    "payee_count_24h",
    "payee_amount_sum_24h",
    "payee_distinct_payers_7d",
    "amount_to_payee_avg_7d",
    "new_payees_24h",
    "payee_outgoing_count_24h",
    "payee_minutes_since_own_payment",
    "device_is_new",
    "device_customers_7d",
]
NETWORK_INPUT_COLUMNS = ["merchant_id", "counterparty_customer_id"]


def network_features(history: pl.DataFrame, window_micros: int) -> pl.DataFrame:
    """One row per row of ``history``, in its order: the payee and device features.

    ``history`` holds ``transaction_id``, ``timestamp``, ``customer_id``, ``amount``,
    ``device_id`` and the ``NETWORK_INPUT_COLUMNS``; ``window_micros`` is the trailing
    window. Distinct payers and customers are counted over the whole history.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = lambda column: pl.col(column).str.slice(1).cast(pl.Int64)  # noqa: E731
    device = number("device_id").rank("dense").cast(pl.Int64)
    base = history.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        micros=micros - micros.min(),
        sequence=number("transaction_id"),
        payer=number("customer_id"),
        person=number("counterparty_customer_id"),
        payee=pl.coalesce(
            number("counterparty_customer_id"), number("merchant_id") + _MERCHANT_OFFSET
        ),  # fmt: skip
        device=device,
        amount=pl.col("amount").cast(pl.Float64),
    ).sort("micros", "sequence")
    whole = int(base["micros"].max() or 0) + 1  # a window holding the whole history
    span_micros = whole + max(window_micros, whole)  # entities this far apart never meet
    # first pair of payer and payee (or device) in time order: new within the loaded
    # window (the day and the week before it), whose sums count distinct payers (customers)
    base = base.with_columns(
        payee_is_new=pl.when(pl.col("payee").is_not_null()).then(
            (pl.col("payee") * _PAIR_SHIFT + pl.col("payer")).is_first_distinct()
        ),
        device_is_new=(pl.col("device") * _PAIR_SHIFT + pl.col("payer")).is_first_distinct(),
    ).with_columns(pl.col("payee_is_new", "device_is_new").cast(pl.Int32))  # summed below

    one = pl.repeat(1, pl.len(), dtype=pl.Int32)
    by_payee = _rolling_by(
        base.filter(pl.col("payee").is_not_null()),
        "payee",
        span_micros,
        payee_count_24h=one.rolling_sum_by("key", f"{_DAY_MICROS}i"),
        payee_amount_sum_24h=pl.col("amount").rolling_sum_by("key", f"{_DAY_MICROS}i"),
        payee_distinct_payers_7d=pl.col("payee_is_new").rolling_sum_by("key", f"{whole}i"),
        payee_avg_amount_7d=pl.col("amount").rolling_mean_by(
            "key", f"{window_micros}i", closed="left"
        ),
    )
    by_payer = _rolling_by(
        base,
        "payer",
        span_micros,
        new_payees_24h=pl.col("payee_is_new").fill_null(0).rolling_sum_by("key", f"{_DAY_MICROS}i"),
    )
    by_device = _rolling_by(
        base,
        "device",
        span_micros,
        device_customers_7d=pl.col("device_is_new").rolling_sum_by("key", f"{whole}i"),
    )
    return (
        base.select("row", "amount", "payee_is_new", "device_is_new")
        .join(by_payee, on="row", how="left")
        .join(by_payer, on="row", how="left")
        .join(by_device, on="row", how="left")
        .join(_payee_outgoing(base), on="row", how="left")
        .sort("row")
        .with_columns(
            pl.col("payee_is_new", "device_is_new").cast(pl.Int16),
            amount_to_payee_avg_7d=pl.col("amount") / pl.col("payee_avg_amount_7d"),
        )
        .select(NETWORK_FEATURE_COLUMNS)
    )


def _rolling_by(frame: pl.DataFrame, entity: str, span_micros: int, **windows: pl.Expr):
    """``windows`` over each ``entity``'s rows in time order, keyed by ``row``.

    One sorted integer axis serves all entities: each entity's rows are spaced so far
    from the next one's that no window crosses between them.
    """
    ordered = frame.sort(entity, "micros", "sequence")
    first = pl.col(entity) != pl.col(entity).shift(1)
    return ordered.with_columns(
        key=first.fill_null(True).cum_sum().cast(pl.Int64) * span_micros + pl.col("micros")
    ).select("row", **windows)


def _payee_outgoing(base: pl.DataFrame) -> pl.DataFrame:
    """For payments to a person: how often that person paid anyone in the 24 hours
    before, and minutes since they last did (null: not in the window)."""
    own = base.select(
        person="payer",
        micros="micros",
        paid_so_far=pl.int_range(1, pl.len() + 1).over("payer"),
    )
    asks = base.filter(pl.col("person").is_not_null()).select("row", "person", "micros")
    now = asks.join_asof(own.rename({"micros": "own_micros"}), left_on="micros",
                         right_on="own_micros", by="person", allow_exact_matches=False,
                         check_sortedness=False)  # both in time order  # fmt: skip
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
