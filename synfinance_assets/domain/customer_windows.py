"""The customer's own windows: the last 1, 6 and 24 hours from the raw payments of the
day and the day before, the last 7 and 30 days from the daily activity rolled up plus
the day's own earlier payments.

All of it is computed on one frame sorted by customer and time, so running totals are
plain cumulative sums within each customer: no per-row Python and one sort.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.domain.activity import BITS, hour_angle
from synfinance_assets.domain.columns import group_starts, id_number, paise, total_before

_HOUR_MICROS = 3_600_000_000
_SPAN = 3 * 24 * _HOUR_MICROS  # wider than the two days loaded: customers never meet
MAX_CUSTOMERS = (2**63 - 1) // _SPAN - 1  # keeps the window key inside Int64
_MAX_PAISE = 2**37  # amounts below INR 1.3e9, and customer ranks (below 2**26) above them
_TAU = 2 * math.pi
CODES = {column: {name: bit.bit_length() - 1 for name, bit in bits.items()}
         for column, bits in BITS.items()}  # fmt: skip
RECENT_COLUMNS = [
    "transaction_id", "partition_date", "timestamp", "customer_id", "amount", "status",
    "channel", "merchant_category", "city", "latitude", "longitude",
]  # fmt: skip


def customer_windows(
    recent: pl.DataFrame, day: dt.date, week: pl.DataFrame, month: pl.DataFrame
) -> pl.DataFrame:
    """The window features of ``day``'s payments, one row each in id order.

    ``recent`` holds the payments (``RECENT_COLUMNS``) of ``day`` and the day before;
    ``week`` and ``month`` the customers' activity of the 7 and 30 days before ``day``
    rolled up (`activity.rolled_up`). Counts and sums up to a payment include it; means,
    spreads and maxima are of the payments before it.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = id_number("customer_id")
    frame = recent.select(
        today=pl.col("partition_date") == day,
        customer_number=number,
        key=number * _SPAN + micros - micros.min(),
        sequence=id_number("transaction_id"),  # ties: id order
        micros=micros,
        amount=pl.col("amount").cast(pl.Float64),
        declined=(pl.col("status") == "declined").cast(pl.Int32),
        one=pl.lit(1, pl.Int32),
        latitude=pl.col("latitude"),
        longitude=pl.col("longitude"),
    ).with_columns(row=pl.int_range(pl.len(), dtype=pl.UInt32))
    frame = frame.sort("key", "sequence")
    hours = {"1h": _HOUR_MICROS, "6h": 6 * _HOUR_MICROS, "24h": 24 * _HOUR_MICROS}
    same_customer = pl.col("customer_number") == pl.col("customer_number").shift(1)
    frame = frame.with_columns(
        **{f"tx_count_{n}": _rolling(pl.col("one"), "sum", w) for n, w in hours.items()},
        **{f"amount_sum_{n}": _rolling(pl.col("amount"), "sum", w) for n, w in hours.items()},
        declined_count_24h=_rolling(pl.col("declined"), "sum", hours["24h"], "left").fill_null(0),
        # the previous payment in the two days loaded
        **{f"previous_{c}": pl.when(same_customer).then(pl.col(c).shift(1))
           for c in ("micros", "latitude", "longitude")},
    ).filter("today")  # fmt: skip
    # the day's own columns, in the sorted order
    own = ["timestamp", *CODES]
    day_columns = recent.select(own)[frame["row"]].select(
        angle=hour_angle(),
        **{f"{c}_code": pl.col(c).cast(pl.String).replace_strict(CODES[c], return_dtype=pl.Int64)
           for c in CODES},
    ).with_columns(
        pl.col(f"{c}_code").replace_strict(list(CODES[c].values()), list(BITS[c].values()))
        .alias(f"{c}_bit")
        for c in CODES
    )  # fmt: skip
    frame = frame.hstack(day_columns)
    return (
        _so_far(frame)
        .join(_prefixed(week, "w_"), on="customer_number", how="left", maintain_order="left")
        .join(_prefixed(month, "m_"), on="customer_number", how="left", maintain_order="left")
        .select("sequence", *_features())
        .sort("sequence")
        .drop("sequence")
    )


def _rolling(expr: pl.Expr, fn: str, window_micros: int, closed: str = "right") -> pl.Expr:
    return getattr(expr, f"rolling_{fn}_by")(
        by="key", window_size=f"{window_micros}i", closed=closed
    )


def _so_far(frame: pl.DataFrame) -> pl.DataFrame:
    """The day's earlier payments of each customer: count, sums, maximum, time-of-day
    vectors, first use of a channel, category or city.

    ``frame`` is sorted by customer and time, so a customer's running totals are the
    frame's cumulative sums less their value at the customer's first row: far cheaper
    than windowed sums over half a million small groups.
    """
    customer = "customer_number"
    first = group_starts(customer)
    before = lambda expr: total_before(expr, first)  # noqa: E731
    # the largest amount so far: a running maximum of (customer rank, paise) words
    rank = first.cum_sum().cast(pl.Int64) * _MAX_PAISE
    largest = (rank + paise(pl.col("amount"))).cum_max() - rank
    first_of = lambda code: (pl.col(customer) * 64 + pl.col(code)).is_first_distinct()  # noqa: E731
    return frame.with_columns(
        count_before=before(pl.repeat(1, pl.len(), dtype=pl.Int64)),
        sum_before=before(pl.col("amount")),
        sq_before=before(pl.col("amount") * pl.col("amount")),
        declined_before=before(pl.col("declined")),
        hour_x_before=before(pl.col("angle").cos()),
        hour_y_before=before(pl.col("angle").sin()),
        max_before=pl.when(first.not_()).then(largest.shift(1) / 100),
        channel_first=first_of("channel_code"),
        category_first=first_of("merchant_category_code"),
        city_first=first_of("city_code"),
    )


def _prefixed(totals: pl.DataFrame, prefix: str) -> pl.DataFrame:
    return totals.select(
        "customer_number",
        **{f"{prefix}{c}": pl.col(c) for c in totals.columns if c != "customer_number"},
    )


def _window(prefix: str) -> dict[str, pl.Expr]:
    """Count, sum, mean, spread and maximum of the payments before each one: the rolled-up
    days (``prefix``ed columns) and the day so far."""
    total = lambda name, today: pl.col(f"{prefix}{name}").fill_null(0) + pl.col(today)  # noqa: E731
    count = total("tx_count", "count_before")
    amount_sum = total("amount_sum", "sum_before")
    mean = pl.when(count > 0).then(amount_sum / count)
    spread = ((total("amount_sq_sum", "sq_before") / count - mean * mean)
              .clip(lower_bound=0.0).sqrt())  # fmt: skip
    largest = pl.max_horizontal(f"{prefix}amount_max", "max_before")
    return {"count": count, "sum": amount_sum, "mean": mean, "spread": spread, "max": largest}


def _zscore(amount: pl.Expr, mean: pl.Expr, spread: pl.Expr) -> pl.Expr:
    # a floor on the spread keeps two near-equal past amounts from exploding the score
    return (amount - mean) / pl.max_horizontal(spread, 0.1 * mean)


def _is_new(column: str, first: str, mask: str) -> pl.Expr:
    """First use of this value today (``first``), and not among the week's (``mask``)."""
    bit = pl.col(f"{column}_bit")
    unseen = (pl.col(f"w_{mask}").fill_null(0) & bit) == 0
    return pl.when(bit.is_not_null()).then(pl.col(first) & unseen)


def _features() -> list[pl.Expr]:
    amount = pl.col("amount")
    week, month = _window("w_"), _window("m_")
    usual = pl.arctan2(
        pl.col("w_hour_y_sum").fill_null(0.0) + pl.col("hour_y_before"),
        pl.col("w_hour_x_sum").fill_null(0.0) + pl.col("hour_x_before"),
    )
    turn = ((pl.col("angle") - usual) % _TAU + _TAU) % _TAU  # in [0, 2 pi)
    return [
        *(
            pl.col(f"{kind}_{n}")
            for kind in ("tx_count", "amount_sum")
            for n in ("1h", "6h", "24h")
        ),
        (week["count"] + 1).cast(pl.Int32).alias("tx_count_7d"),
        (week["sum"] + amount).alias("amount_sum_7d"),
        week["mean"].alias("customer_avg_amount_7d"),
        pl.when(week["count"] > 0).then(week["spread"]).alias("customer_std_amount_7d"),
        week["max"].alias("amount_max_7d"),
        pl.col("declined_count_24h").cast(pl.Int32),
        _is_new("channel", "channel_first", "channel_mask")
        .fill_null(False)
        .cast(pl.Int16)
        .alias("channel_is_new_7d"),
        _is_new("merchant_category", "category_first", "category_mask")
        .cast(pl.Int16)
        .alias("category_is_new_7d"),
        _is_new("city", "city_first", "city_mask")
        .fill_null(False)
        .cast(pl.Int16)
        .alias("city_is_new_7d"),
        # the circular distance, in hours, from the customer's mean time of day
        pl.when(week["count"] > 0)
        .then(pl.min_horizontal(turn, _TAU - turn) * 24 / _TAU)
        .alias("hour_deviation_7d"),
        # since the previous payment: of the two days loaded, else the month's latest; its
        # place is known only within the two days
        (
            pl.col("micros") - pl.coalesce("previous_micros", pl.col("m_last_at").dt.epoch("us"))
        ).alias("micros_since_last_txn"),
        pl.col("previous_latitude").alias("previous_lat"),
        pl.col("previous_longitude").alias("previous_lon"),
        month["count"].cast(pl.Int32).alias("tx_count_30d"),
        month["sum"].alias("amount_sum_30d"),
        month["mean"].alias("customer_avg_amount_30d"),
        pl.when(month["count"] > 0).then(month["spread"]).alias("customer_std_amount_30d"),
        pl.when(month["count"] > 0)
        .then(_zscore(amount, month["mean"], month["spread"]))
        .alias("amount_zscore_30d"),
        month["max"].alias("amount_max_30d"),
        (amount / month["max"]).alias("amount_to_max_ratio_30d"),
        pl.col("m_active_days").fill_null(0).cast(pl.Int32).alias("active_days_30d"),
        (pl.col("m_declined_count").fill_null(0) + pl.col("declined_before"))
        .cast(pl.Int32)
        .alias("declined_count_30d"),
    ]
