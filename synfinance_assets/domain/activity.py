"""Each customer's daily activity, summed, and the window totals rolled up from it.

Re-reading a week or a month of raw payments for every day is far too slow; a customer's
day summed is small: count, rupees, squared rupees, largest amount, declines, the time
of day as a sum of unit vectors, the channels, categories and cities used (as bit masks)
and the last payment's time and place. Seven or thirty such days add up to the window's
count, mean, spread, maximum, usual hour and the places seen; the day being featured
adds its own earlier payments (`customer_windows`).
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.sim.catalogue import CATEGORIES
from synfinance_assets.sim.draft import CHANNELS
from synfinance_assets.sim.geography import CITIES

SEVEN_DAYS, THIRTY_DAYS = 7, 30
ACTIVITY_INPUT_COLUMNS = [
    "customer_id", "partition_date", "timestamp", "amount", "status", "channel",
    "merchant_category", "city", "latitude", "longitude",
]  # fmt: skip
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
    "last_latitude",
    "last_longitude",
]
SUMMED = ["tx_count", "amount_sum", "amount_sq_sum", "declined_count", "hour_x_sum",
          "hour_y_sum"]  # fmt: skip
MASKS = ["channel_mask", "category_mask", "city_mask"]
LAST = ["last_at", "last_latitude", "last_longitude"]
TOTAL_COLUMNS = [*SUMMED, "amount_max", "active_days", *MASKS, *LAST]
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


def hour_angle() -> pl.Expr:
    """The time of day in India as an angle (a full turn a day)."""
    local = pl.col("timestamp").dt.convert_time_zone(TIMEZONE)
    return (local.dt.hour() + local.dt.minute() / 60.0) * _TAU / 24


def daily_activity(transactions: pl.DataFrame) -> pl.DataFrame:
    """One row per customer and day with a payment (``ACTIVITY_INPUT_COLUMNS``)."""
    amount = pl.col("amount").cast(pl.Float64)
    angle = hour_angle()
    return (
        transactions.with_columns(
            pl.col("customer_id").cast(pl.String),
            angle=angle,
            **{f"{c}_bit": bit_of(c) for c in BITS},
        )
        .group_by("customer_id", "partition_date")
        .agg(
            tx_count=pl.len().cast(pl.Int64),
            amount_sum=amount.sum(),
            amount_sq_sum=(amount * amount).sum(),
            amount_max=amount.max(),
            declined_count=(pl.col("status") == "declined").sum().cast(pl.Int64),
            hour_x_sum=pl.col("angle").cos().sum(),
            hour_y_sum=pl.col("angle").sin().sum(),
            channel_mask=pl.col("channel_bit").bitwise_or(),
            category_mask=pl.col("merchant_category_bit").bitwise_or().fill_null(0),
            city_mask=pl.col("city_bit").bitwise_or(),
            last_at=pl.col("timestamp").max(),
            last_latitude=pl.col("latitude").get(pl.col("timestamp").arg_max()),
            last_longitude=pl.col("longitude").get(pl.col("timestamp").arg_max()),
        )
        .sort("partition_date", "customer_id")
        .select(ACTIVITY_COLUMNS)
    )


def days_before(day: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """The first and last day rolled up for ``day``'s ``days``-day window."""
    return day - dt.timedelta(days=days), day - dt.timedelta(days=1)


def rolled_up(activity: pl.DataFrame, day: dt.date, days: int) -> pl.DataFrame:
    """Per customer, the activity of the ``days`` days before ``day`` summed (as the
    warehouse's GROUP BY over ``customer_daily_activity`` gives it)."""
    first, last = days_before(day, days)
    return (
        activity.filter(pl.col("partition_date").is_between(first, last))
        .group_by("customer_id")
        .agg(
            pl.col(*SUMMED).sum(),
            pl.col("amount_max").max(),
            *(pl.col(mask).bitwise_or() for mask in MASKS),
            *(pl.col(column).get(pl.col("last_at").arg_max()) for column in LAST),
            active_days=pl.len().cast(pl.Int64),
        )
        .select("customer_id", *TOTAL_COLUMNS)
    )
