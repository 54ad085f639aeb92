"""Transaction features over each customer's trailing windows, computed with Polars.

A transaction's features depend only on what happened before it: the customer's own
payments and the other parties' in the ``WINDOW_DAYS`` before its day (read raw), the
customer's daily activity of the 30 days before (rolled up from daily aggregates), the
account's events, and fraud reported by then. So a day's features are the same whether
the day is computed alone or inside a longer range, and later days never change them.
The feature list itself is the catalogue's (`feature_catalogue.py`).
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.domain.activity import (
    THIRTY_DAYS,
    daily_activity,
    rolled_up,
    thirty_day_features,
)
from synfinance_assets.domain.event_features import event_features
from synfinance_assets.domain.feature_catalogue import FEATURE_COLUMNS, MODEL_FEATURES
from synfinance_assets.domain.network_features import NETWORK_INPUT_COLUMNS, network_features
from synfinance_assets.sim.calendar import events_on
from synfinance_assets.sim.draft import CHANNELS

__all__ = ["FEATURE_COLUMNS", "MODEL_FEATURES", "compute_features", "day_features"]

WINDOW_DAYS = 7
EARTH_RADIUS_KM = 6371.0088
_HOUR_MICROS = 3_600_000_000
_WINDOW_MICROS = WINDOW_DAYS * 24 * _HOUR_MICROS
# wider than any loaded window (WINDOW_DAYS before the day, plus the day)
_CUSTOMER_SPAN = (WINDOW_DAYS + 2) * 24 * _HOUR_MICROS
MAX_CUSTOMERS = (2**63 - 1) // _CUSTOMER_SPAN - 1  # keeps the window key inside Int64
_TAU = 2 * math.pi
_MINUTES_PER_DAY = 24 * 60
CUSTOMER_COLUMNS = ["customer_id", "latitude", "longitude", "primary_device_id",
                    "account_created"]  # fmt: skip
TRANSACTION_COLUMNS = [
    "transaction_id",
    "partition_date",
    "timestamp",
    "customer_id",
    "channel",
    "merchant_category",
    "status",
    "amount",
    "city",
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
    activity: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Features of the transactions dated on ``days``, in memory.

    ``transactions`` and the account ``events`` hold those days and the ``WINDOW_DAYS``
    before each of them, except days before ``earliest_day``, which do not exist.
    ``activity`` holds the customers' daily activity (`daily_activity`) of the 30 days
    before each day; by default it is summed from ``transactions`` themselves. Each day
    is computed from exactly its own windows, so a day gives the same values alone or in
    a range.
    """
    if activity is None:
        activity = daily_activity(transactions)
    history = transactions.select(TRANSACTION_COLUMNS)
    frames = []
    for day in days:
        window_start = max(day - dt.timedelta(days=WINDOW_DAYS), earliest_day)
        frames.append(
            day_features(
                _within(history, window_start, day), _within(events, window_start, day),
                customers, rolled_up(activity, day), day, earliest_day,
            )
        )  # fmt: skip
    return pl.concat(frames)


def _within(frame: pl.DataFrame, first: dt.date, last: dt.date) -> pl.DataFrame:
    """The rows dated ``first`` to ``last``, without a copy when that is all of them."""
    dates = frame["partition_date"]
    if frame.height and (dates.min() < first or dates.max() > last):
        return frame.filter(pl.col("partition_date").is_between(first, last))
    return frame


def day_features(
    history: pl.DataFrame,
    events: pl.DataFrame,
    customers: pl.DataFrame,
    totals: pl.DataFrame,
    day: dt.date,
    earliest_day: dt.date,
) -> pl.DataFrame:
    """The features of ``day``'s transactions: ``history`` holds the day and the
    ``WINDOW_DAYS`` before it (``TRANSACTION_COLUMNS``), ``events`` the same days' account
    events, ``totals`` each customer's activity of the 30 days before (`rolled_up`)."""
    home = customers.select(
        customer_number=customer_number(pl.col("customer_id")),
        home_lat=pl.col("latitude"),
        home_lon=pl.col("longitude"),
        primary_device_id=pl.col("primary_device_id"),
        account_created=pl.col("account_created"),
    )
    windows = _window_features(history).filter(pl.col("partition_date") == day)
    network = network_features(history, _WINDOW_MICROS, windows["row"])
    rows = history[windows["row"]].hstack(windows.drop("row", "partition_date")).hstack(network)
    # Element-wise maths on one contiguous, identically ordered frame, so that SIMD
    # lanes and therefore the last bit of every float are the same on every run.
    day_rows = rows.join(home, on="customer_number", how="left").sort("sequence")
    day_rows = day_rows.hstack(event_features(day_rows, events))
    month = thirty_day_features(
        day_rows.select("customer_id", "amount", declined=pl.col("status") == "declined"),
        totals,
    )
    day_rows = day_rows.hstack(month).rechunk()
    local_time = pl.col("timestamp").dt.convert_time_zone(TIMEZONE)
    hour = local_time.dt.hour() + local_time.dt.minute() / 60.0
    weekday = pl.col("partition_date").dt.weekday() - 1  # Monday = 0
    month_angle = (pl.col("partition_date").dt.month() - 1) * _TAU / 12
    seconds_since_last = pl.col("micros_since_last_txn") / 1_000_000
    first_of_window = max(day - dt.timedelta(days=THIRTY_DAYS), earliest_day)
    features = day_rows.with_columns(
        history_days=pl.lit((day - first_of_window).days, dtype=pl.Int16),
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
        month_sin=month_angle.sin(),
        month_cos=month_angle.cos(),
        is_night=(hour < 5).cast(pl.Int16),
        is_weekend=(weekday >= 5).cast(pl.Int16),
        is_month_start=(pl.col("partition_date").dt.day() <= 5).cast(pl.Int16),
        is_festival_day=pl.lit(int(_is_festival_day(day)), dtype=pl.Int16),
        account_age_days=(pl.col("partition_date") - pl.col("account_created"))
        .dt.total_days()
        .clip(lower_bound=0)
        .fill_null(0)
        .cast(pl.Int32),
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
        amount_to_max_ratio_7d=pl.col("amount") / pl.col("amount_max_7d"),
        seconds_since_last_txn=seconds_since_last,
    )
    recent_change = pl.min_horizontal(
        "minutes_since_sim_change", "minutes_since_device_binding",
        "minutes_since_credential_reset",
    ) < _MINUTES_PER_DAY  # fmt: skip
    return features.with_columns(
        # at least a minute apart: two payments in the same minute are not a journey
        speed_from_last_kmh=pl.col("distance_from_last_km")
        / (pl.max_horizontal(seconds_since_last, 60.0) / 3600.0),
        new_device_x_amount_log=pl.col("is_new_device") * pl.col("amount_log"),
        new_payee_x_amount_ratio_7d=pl.col("payee_is_new") * pl.col("amount_to_avg_ratio_7d"),
        account_change_24h_x_new_payee=pl.when(pl.col("payee_is_new").is_not_null())
        .then(recent_change.fill_null(False) & (pl.col("payee_is_new") == 1))
        .cast(pl.Int16),
    ).select("transaction_id", "partition_date", *FEATURE_COLUMNS)


def _is_festival_day(day: dt.date) -> bool:
    """A national festival's or sale's own day (not its season)."""
    return any(
        event.kind != "season" and event.states is None and event.peak.get(day.year) == day
        for event in events_on(day)
    )


def _window_features(history: pl.DataFrame) -> pl.DataFrame:
    """Per-customer rolling aggregates, on a narrow frame (fast to sort).

    One sorted integer axis serves all customers: each customer's transactions
    are spaced so far from the next customer's that no window crosses between them.
    """
    micros = pl.col("timestamp").dt.epoch("us")
    number = customer_number(pl.col("customer_id"))
    gap = pl.col("key") - pl.col("key").shift(1)
    has_previous = gap <= _WINDOW_MICROS
    amount = pl.col("amount")
    local_time = pl.col("timestamp").dt.convert_time_zone(TIMEZONE)
    angle = (local_time.dt.hour() + local_time.dt.minute() / 60.0) * _TAU / 24
    # Eager on purpose: the lazy engine loses the sortedness of `key` between the
    # sort and the windows and then re-sorts for each of them.
    narrow = history.select(
        "partition_date",
        "latitude",
        "longitude",
        "channel",
        "merchant_category",
        "city",
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        customer_number=number,
        key=number * _CUSTOMER_SPAN + micros - micros.min(),
        sequence=pl.col("transaction_id").str.slice(1).cast(pl.Int64),  # ties: id order
        amount=amount.cast(pl.Float64),
        declined=(pl.col("status") == "declined").cast(pl.Int32),
        hour_x=angle.cos(),
        hour_y=angle.sin(),
        one=pl.lit(1, pl.Int32),
    ).sort("key", "sequence")
    first_time = lambda *by: pl.struct("customer_number", *by).is_first_distinct()  # noqa: E731
    usual_angle = pl.arctan2(
        _rolling(pl.col("hour_y"), "rolling_mean_by", _WINDOW_MICROS, "left"),
        _rolling(pl.col("hour_x"), "rolling_mean_by", _WINDOW_MICROS, "left"),
    )
    turn = (pl.arctan2(pl.col("hour_y"), pl.col("hour_x")) - usual_angle).abs()
    return narrow.select(
        "row",
        "partition_date",
        "sequence",
        "customer_number",
        tx_count_1h=_rolling(pl.col("one"), "rolling_sum_by", _HOUR_MICROS),
        tx_count_6h=_rolling(pl.col("one"), "rolling_sum_by", 6 * _HOUR_MICROS),
        tx_count_24h=_rolling(pl.col("one"), "rolling_sum_by", 24 * _HOUR_MICROS),
        tx_count_7d=_rolling(pl.col("one"), "rolling_sum_by", _WINDOW_MICROS),
        amount_sum_1h=_rolling(amount, "rolling_sum_by", _HOUR_MICROS),
        amount_sum_6h=_rolling(amount, "rolling_sum_by", 6 * _HOUR_MICROS),
        amount_sum_24h=_rolling(amount, "rolling_sum_by", 24 * _HOUR_MICROS),
        amount_sum_7d=_rolling(amount, "rolling_sum_by", _WINDOW_MICROS),
        customer_avg_amount_7d=_rolling(amount, "rolling_mean_by", _WINDOW_MICROS, "left"),
        customer_std_amount_7d=_rolling(amount, "rolling_std_by", _WINDOW_MICROS, "left"),
        amount_max_7d=_rolling(amount, "rolling_max_by", _WINDOW_MICROS, "left"),
        declined_count_24h=_rolling(
            pl.col("declined"), "rolling_sum_by", 24 * _HOUR_MICROS, "left"
        ).fill_null(0),  # fmt: skip
        channel_is_new_7d=first_time("channel").cast(pl.Int16),
        category_is_new_7d=pl.when(pl.col("merchant_category").is_not_null())
        .then(first_time("merchant_category"))
        .cast(pl.Int16),
        city_is_new_7d=first_time("city").cast(pl.Int16),
        # the circular distance, in hours, from the customer's mean time of day
        hour_deviation_7d=pl.min_horizontal(turn, _TAU - turn) * 24 / _TAU,
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
