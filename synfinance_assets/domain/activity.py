"""Each customer's daily activity, summed, and the window totals rolled up from it.

Re-reading a week or a month of raw payments for every day is far too slow; a customer's
day summed is small: count, rupees, squared rupees, largest amount, declines, the time
of day as a sum of unit vectors, the channels, categories and cities used (as bit masks)
and the last payment's time. Seven or thirty such days add up to the window's
count, mean, spread, maximum, usual hour and the places seen; the day being featured
adds its own earlier payments (`customer_windows`).
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.domain.columns import id_number
from synfinance_assets.sim.catalogue import CATEGORIES
from synfinance_assets.sim.draft import CHANNELS
from synfinance_assets.sim.geography import CITIES

SEVEN_DAYS, THIRTY_DAYS = 7, 30
ACTIVITY_INPUT_COLUMNS = ["customer_id", "partition_date", "timestamp", "amount", "status",
                          "channel", "merchant_category", "city"]  # fmt: skip
ACTIVITY_COLUMNS = [
    "customer_id",
    "partition_date",
    "tx_count",
    "amount_sum",
    "amount_sq_sum",
    "amount_max",
    "declined_count",
    "hour_x_sum",
    "hour_y_sum",
    "channel_mask",
    "category_mask",
    "city_mask",
    "last_at",
]
SUMMED = ["tx_count", "amount_sum", "amount_sq_sum", "declined_count", "hour_x_sum",
          "hour_y_sum"]  # fmt: skip
MASKS = ["channel_mask", "category_mask", "city_mask"]
TOTAL_COLUMNS = [*SUMMED, "amount_max", "active_days", *MASKS, "last_at"]
# one bit per channel, category and city (at most 63 of each)
BITS = {
    "channel": {name: 1 << i for i, name in enumerate(CHANNELS)},
    "merchant_category": {c.name: 1 << i for i, c in enumerate(CATEGORIES)},
    "city": {city[0]: 1 << i for i, city in enumerate(CITIES)},
}
_TAU = 2 * math.pi


def bit_of(column: str) -> pl.Expr:
    """The bit standing for each row's ``column`` value (null stays null)."""
    return pl.col(column).cast(pl.String).replace_strict(BITS[column], return_dtype=pl.Int64)


def exact_sum(expr: pl.Expr, scale: float) -> pl.Expr:
    """A sum that does not depend on the order its rows arrive in (the streaming engine
    adds a group's rows in any order): each value in fixed point, to 1/``scale``, summed
    as 128-bit integers."""
    return (expr * scale).round().cast(pl.Int128).sum().cast(pl.Float64) / scale


# the fixed-point scales of the summed columns: paise; squared rupees to 0.01 (a day of
# INR 5e6 payments stays inside 64 bits in the warehouse's sum); unit vectors to 1e-9
SCALES = {"amount_sum": 100, "amount_sq_sum": 100, "hour_x_sum": 1e9, "hour_y_sum": 1e9}


def hour_angle() -> pl.Expr:
    """The time of day in India as an angle (a full turn a day)."""
    local = pl.col("timestamp").dt.convert_time_zone(TIMEZONE)
    return (local.dt.hour() + local.dt.minute() / 60.0) * _TAU / 24


def daily_activity(transactions: pl.DataFrame) -> pl.DataFrame:
    """One row per customer and day with a payment (``ACTIVITY_INPUT_COLUMNS``)."""
    amount = pl.col("amount").cast(pl.Float64)
    angle = hour_angle()
    return (
        transactions.lazy()
        .with_columns(
            pl.col("customer_id").cast(pl.String),
            angle=angle,
            **{f"{c}_bit": bit_of(c) for c in BITS},
        )
        .group_by("customer_id", "partition_date")
        .agg(
            tx_count=pl.len().cast(pl.Int64),
            amount_sum=exact_sum(amount, SCALES["amount_sum"]),
            amount_sq_sum=exact_sum(amount * amount, SCALES["amount_sq_sum"]),
            amount_max=amount.max(),
            declined_count=(pl.col("status") == "declined").sum().cast(pl.Int64),
            hour_x_sum=exact_sum(pl.col("angle").cos(), SCALES["hour_x_sum"]),
            hour_y_sum=exact_sum(pl.col("angle").sin(), SCALES["hour_y_sum"]),
            channel_mask=pl.col("channel_bit").bitwise_or(),
            category_mask=pl.col("merchant_category_bit").bitwise_or().fill_null(0),
            city_mask=pl.col("city_bit").bitwise_or(),
            last_at=pl.col("timestamp").max(),
        )
        .sort("partition_date", "customer_id")
        .select(ACTIVITY_COLUMNS)
        .collect(engine="streaming")  # many small groups: faster streamed
    )


def days_before(day: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The first and last day rolled up for ``day``'s ``days``-day window."""
    return day - dt.timedelta(days=days), day - dt.timedelta(days=1)


def rolled_up(activity: pl.DataFrame, day: dt.date, days: int) -> pl.DataFrame:
    """Per customer (``customer_number``, the number in the id), the activity of the
    ``days`` days before ``day`` summed (as the warehouse's GROUP BY over
    ``customer_daily_activity`` gives it)."""
    first, last = days_before(day, days)
    return (
        activity.lazy()
        .filter(pl.col("partition_date").is_between(first, last))
        .group_by(customer_number=id_number("customer_id"))  # integers group faster
        .agg(
            *(
                exact_sum(pl.col(c), SCALES[c]).alias(c) if c in SCALES else pl.col(c).sum()
                for c in SUMMED
            ),
            pl.col("amount_max").max(),
            *(pl.col(mask).bitwise_or() for mask in MASKS),
            pl.col("last_at").max(),
            active_days=pl.len().cast(pl.Int64),
        )
        .select("customer_number", *TOTAL_COLUMNS)
        .collect(engine="streaming")  # half a million small groups: faster streamed
    )
