"""Transaction features over each customer's trailing window, computed with Polars.

Every feature of a transaction depends only on the customer's transactions in
the ``WINDOW_DAYS`` before it, so a day's features are the same whether the day
is computed alone or inside a longer range.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.domain.event_features import EVENT_FEATURE_COLUMNS, event_features
from synfinance_assets.domain.network_features import (
    NETWORK_FEATURE_COLUMNS,
    NETWORK_INPUT_COLUMNS,
    network_features,
)
from synfinance_assets.sim.draft import CHANNELS

WINDOW_DAYS = 7
EARTH_RADIUS_KM = 6371.0088
_HOUR_MICROS = 3_600_000_000
_WINDOW_MICROS = WINDOW_DAYS * 24 * _HOUR_MICROS
# wider than any loaded window (WINDOW_DAYS before the day, plus the day)
_CUSTOMER_SPAN = (WINDOW_DAYS + 2) * 24 * _HOUR_MICROS
MAX_CUSTOMERS = (2**63 - 1) // _CUSTOMER_SPAN - 1  # keeps the window key inside Int64
_TAU = 2 * math.pi

FEATURE_COLUMNS = [
    "history_days",
    "amount",
    "amount_log",
    "channel_code",
    "is_p2p",
    "hour_sin",
    "hour_cos",
    "dow_sin",
    "dow_cos",
    "is_night",
    "is_weekend",
    "tx_count_1h",
    "tx_count_24h",
    "tx_count_7d",
    "amount_sum_1h",
    "amount_sum_24h",
    "amount_sum_7d",
    "customer_avg_amount_7d",
    "customer_std_amount_7d",
    "amount_zscore_7d",
    "amount_to_avg_ratio_7d",
    "seconds_since_last_txn",
    "distance_from_home_km",
    "distance_from_last_km",
    "is_new_device",
    *NETWORK_FEATURE_COLUMNS,
    *EVENT_FEATURE_COLUMNS,
]
CUSTOMER_COLUMNS = ["customer_id", "latitude", "longitude", "primary_device_id"]
MODEL_FEATURES = [c for c in FEATURE_COLUMNS if c != "history_days"]
TRANSACTION_COLUMNS = [
    "transaction_id",
    "partition_date",
    "timestamp",
    "customer_id",
    "channel",
    "amount",
    "latitude",
    "longitude",
    "device_id",
    *NETWORK_INPUT_COLUMNS,
]


def customer_number(customer_id: pl.Expr) -> pl.Expr:
    """The number inside a customer id (``C00000042`` -> 42)."""
    return customer_id.str.slice(1).cast(pl.Int64)


def compute_features(
    transactions: pl.DataFrame,
    events: pl.DataFrame,
    customers: pl.DataFrame,
    days: list[dt.date],
    earliest_day: dt.date,
) -> pl.DataFrame:
    """Features of the transactions dated on ``days``.

    ``transactions`` and the account ``events`` hold those days and the ``WINDOW_DAYS``
    before each of them, except days before ``earliest_day``, which do not exist. Each
    day is computed from exactly its own window, so a day gives the same values alone or
    in a range.
    """
    home = customers.select(
        customer_number=customer_number(pl.col("customer_id")),
        home_lat=pl.col("latitude"),
        home_lon=pl.col("longitude"),
        primary_device_id=pl.col("primary_device_id"),
    )
    history = transactions.select(TRANSACTION_COLUMNS)
    frames = []
    for day in days:
        window_start = max(day - dt.timedelta(days=WINDOW_DAYS), earliest_day)
        frames.append(
            _day_features(
                _within(history, window_start, day), _within(events, window_start, day), home, day,
                (day - window_start).days,
            )
        )  # fmt: skip
    return pl.concat(frames)


def _within(frame: pl.DataFrame, first: dt.date, last: dt.date) -> pl.DataFrame:
    """The rows dated ``first`` to ``last``, without a copy when that is all of them."""
    dates = frame["partition_date"]
    if frame.height and (dates.min() < first or dates.max() > last):
        return frame.filter(pl.col("partition_date").is_between(first, last))
    return frame


def _day_features(
    history: pl.DataFrame, events: pl.DataFrame, home: pl.DataFrame, day: dt.date,
    history_days: int,
) -> pl.DataFrame:  # fmt: skip
    windows = _window_features(history).filter(pl.col("partition_date") == day)
    network = network_features(history, _WINDOW_MICROS, windows["row"])
    rows = history[windows["row"]].hstack(windows.drop("row", "partition_date")).hstack(network)
    # Element-wise maths on one contiguous, identically ordered frame, so that SIMD
    # lanes and therefore the last bit of every float are the same on every run.
    day_rows = rows.join(home, on="customer_number", how="left").sort("sequence")
    day_rows = day_rows.hstack(event_features(day_rows, events)).rechunk()
    local_time = pl.col("timestamp").dt.convert_time_zone(TIMEZONE)
    hour = local_time.dt.hour() + local_time.dt.minute() / 60.0
    weekday = pl.col("partition_date").dt.weekday() - 1  # Monday = 0
    return day_rows.with_columns(
        history_days=pl.lit(history_days, dtype=pl.Int16),
        amount=pl.col("amount").cast(pl.Float64),
        amount_log=pl.col("amount").cast(pl.Float64).log1p(),
        channel_code=pl.col("channel").replace_strict(
            {c: i for i, c in enumerate(CHANNELS)}, return_dtype=pl.Int16
        ),
        is_p2p=(pl.col("channel") == "upi_p2p").cast(pl.Int16),
        hour_sin=(hour * _TAU / 24).sin(),
        hour_cos=(hour * _TAU / 24).cos(),
        dow_sin=(weekday * _TAU / 7).sin(),
        dow_cos=(weekday * _TAU / 7).cos(),
        is_night=(hour < 5).cast(pl.Int16),
        is_weekend=(weekday >= 5).cast(pl.Int16),
        distance_from_home_km=_haversine_km(
            pl.col("latitude"), pl.col("longitude"), pl.col("home_lat"), pl.col("home_lon")
        ),
        distance_from_last_km=_haversine_km(
            pl.col("latitude"), pl.col("longitude"), pl.col("previous_lat"), pl.col("previous_lon")
        ),
        is_new_device=(pl.col("device_id") != pl.col("primary_device_id"))
        .fill_null(True)
        .cast(pl.Int16),
        # a floor on the spread keeps two near-equal past amounts from exploding the score
        amount_zscore_7d=(pl.col("amount") - pl.col("customer_avg_amount_7d"))
        / pl.max_horizontal(
            pl.col("customer_std_amount_7d"), 0.1 * pl.col("customer_avg_amount_7d")
        ),
        amount_to_avg_ratio_7d=pl.col("amount") / pl.col("customer_avg_amount_7d"),
        seconds_since_last_txn=pl.col("micros_since_last_txn") / 1_000_000,
    ).select("transaction_id", "partition_date", *FEATURE_COLUMNS)


def _window_features(history: pl.DataFrame) -> pl.DataFrame:
    """Per-customer rolling aggregates, on a narrow all-numeric frame (fast to sort).

    One sorted integer axis serves all customers: each customer's transactions
    are spaced so far from the next customer's that no window crosses between them.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = customer_number(pl.col("customer_id"))
    gap = pl.col("key") - pl.col("key").shift(1)
    has_previous = gap <= _WINDOW_MICROS
    amount = pl.col("amount")
    # Eager on purpose: the lazy engine loses the sortedness of `key` between the
    # sort and the windows and then re-sorts for each of them.
    narrow = history.select(
        "partition_date",
        "latitude",
        "longitude",
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        customer_number=number,
        key=number * _CUSTOMER_SPAN + micros - micros.min(),
        sequence=pl.col("transaction_id").str.slice(1).cast(pl.Int64),  # ties: id order
        amount=amount.cast(pl.Float64),
        one=pl.lit(1, pl.Int32),
    ).sort("key", "sequence")
    return narrow.select(
        "row",
        "partition_date",
        "sequence",
        "customer_number",
        tx_count_1h=_rolling(pl.col("one"), "rolling_sum_by", _HOUR_MICROS),
        tx_count_24h=_rolling(pl.col("one"), "rolling_sum_by", 24 * _HOUR_MICROS),
        tx_count_7d=_rolling(pl.col("one"), "rolling_sum_by", _WINDOW_MICROS),
        amount_sum_1h=_rolling(amount, "rolling_sum_by", _HOUR_MICROS),
        amount_sum_24h=_rolling(amount, "rolling_sum_by", 24 * _HOUR_MICROS),
        amount_sum_7d=_rolling(amount, "rolling_sum_by", _WINDOW_MICROS),
        customer_avg_amount_7d=_rolling(amount, "rolling_mean_by", _WINDOW_MICROS, "left"),
        customer_std_amount_7d=_rolling(amount, "rolling_std_by", _WINDOW_MICROS, "left"),
        micros_since_last_txn=pl.when(has_previous).then(gap),
        previous_lat=pl.when(has_previous).then(pl.col("latitude").shift(1)),
        previous_lon=pl.when(has_previous).then(pl.col("longitude").shift(1)),
    )


def _rolling(expr: pl.Expr, fn: str, window_micros: int, closed: str = "right") -> pl.Expr:
    return getattr(expr, fn)(by="key", window_size=f"{window_micros}i", closed=closed)


def _haversine_km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    lat1, lon1, lat2, lon2 = (e.radians() for e in (lat1, lon1, lat2, lon2))
    a = ((lat2 - lat1) / 2).sin() ** 2 + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2).sin() ** 2
    return 2 * EARTH_RADIUS_KM * a.sqrt().arcsin()
