"""Transaction features, computed with Polars.

A transaction's features depend only on what happened before it: the raw payments of
its day and the day before (the customer's last hours, the payee's last 24 hours), the
other parties' payments of the week before (payees, devices), the customer's daily
activity of the 7 and 30 days before (rolled up from daily aggregates), the account's
events, and fraud reported by then. So a day's features are the same whether the day is
computed alone or inside a longer range, and later days never change them. The feature
list itself is the catalogue's (`feature_catalogue.py`).
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.domain.activity import (
    SEVEN_DAYS,
    THIRTY_DAYS,
    daily_activity,
    rolled_up,
)
from synfinance_assets.domain.columns import id_number, looked_up
from synfinance_assets.domain.customer_windows import customer_windows
from synfinance_assets.domain.event_features import FEATURE_EVENT_TYPES, event_features
from synfinance_assets.domain.feature_catalogue import FEATURE_COLUMNS, MODEL_FEATURES
from synfinance_assets.domain.network_features import (
    NETWORK_HISTORY_COLUMNS,
    WINDOW_DAYS,
    network_features,
    parties,
)
from synfinance_assets.sim.calendar import events_on
from synfinance_assets.sim.draft import CHANNELS

__all__ = ["FEATURE_COLUMNS", "MODEL_FEATURES", "compute_features", "day_features"]

EARTH_RADIUS_KM = 6371.0088
_TAU = 2 * math.pi
_MINUTES_PER_DAY = 24 * 60
CUSTOMER_COLUMNS = ["customer_id", "latitude", "longitude", "primary_device_id",
                    "account_created"]  # fmt: skip
# the raw payments of the day and the day before, as the features read them
TRANSACTION_COLUMNS = list(dict.fromkeys([
    "transaction_id", "partition_date", "timestamp", "customer_id", "channel",
    "merchant_category", "status", "amount", "city", "latitude", "longitude",
    *NETWORK_HISTORY_COLUMNS,
]))  # fmt: skip


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
    numbered = parties(transactions.select(NETWORK_HISTORY_COLUMNS))
    events = events.filter(pl.col("event_type").cast(pl.String).is_in(FEATURE_EVENT_TYPES))
    frames = []
    for day in days:
        week_start = max(day - dt.timedelta(days=WINDOW_DAYS), earliest_day)
        month = rolled_up(activity, day, THIRTY_DAYS)
        frames.append(
            day_features(
                _within(transactions, day - dt.timedelta(days=1), day).select(TRANSACTION_COLUMNS),
                network_features(
                    numbered.filter(pl.col("date").is_between(week_start, day)),
                    day,
                    month.select("customer_number", "last_at"),
                ),
                _within(events, week_start, day),
                customers,
                rolled_up(activity, day, SEVEN_DAYS),
                month,
                day,
                earliest_day,
            )
        )
    return pl.concat(frames)


def _within(frame: pl.DataFrame, first: dt.date, last: dt.date) -> pl.DataFrame:
    """The rows dated ``first`` to ``last``, without a copy when that is all of them."""
    dates = frame["partition_date"]
    if frame.height and (dates.min() < first or dates.max() > last):
        return frame.filter(pl.col("partition_date").is_between(first, last))
    return frame


def day_features(
    recent: pl.DataFrame,
    network: pl.DataFrame,
    events: pl.DataFrame,
    customers: pl.DataFrame,
    week: pl.DataFrame,
    month: pl.DataFrame,
    day: dt.date,
    earliest_day: dt.date,
) -> pl.DataFrame:
    """The features of ``day``'s transactions, in id order.

    ``recent`` holds the raw payments of the day and the day before
    (``TRANSACTION_COLUMNS``), ``network`` the payee and device features of the day's
    payments (`network_features`, computed first so that the week of history it reads
    can be let go before the rest), ``events`` the account events of the ``WINDOW_DAYS``
    before the day and the day, ``week`` and ``month`` each customer's activity of the 7
    and 30 days before (`activity.rolled_up`)."""
    home = customers.select(
        customer_number=id_number("customer_id"),
        home_lat=pl.col("latitude"),
        home_lon=pl.col("longitude"),
        primary_device_id=pl.col("primary_device_id"),
        account_created=pl.col("account_created"),
    )
    today = recent.filter(pl.col("partition_date") == day).with_columns(
        customer_number=id_number("customer_id"),
        sequence=id_number("transaction_id"),
    )
    if not today["sequence"].is_sorted():
        today = today.sort("sequence")
    # Element-wise maths on one contiguous, identically ordered frame, so that SIMD
    # lanes and therefore the last bit of every float are the same on every run.
    day_rows = (
        today.hstack(customer_windows(recent, day, week, month))
        .hstack(network)
        .hstack(looked_up(today, ["customer_number"], home))
    )
    day_rows = day_rows.hstack(event_features(day_rows, events)).rechunk()
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


def _haversine_km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    lat1, lon1, lat2, lon2 = (e.radians() for e in (lat1, lon1, lat2, lon2))
    a = ((lat2 - lat1) / 2).sin() ** 2 + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2).sin() ** 2
    return 2 * EARTH_RADIUS_KM * a.sqrt().arcsin()
