"""Each customer's daily activity, summed, and the 30-day features rolled up from it.

Thirty days of raw payments are far too many to re-read for every day; a customer's day
summed (count, rupees, squared rupees, largest amount, declines) is small, and 30 of
them add up to the month's count, mean, spread and maximum. The day being featured adds
its own earlier payments, so each payment sees the 30 days before its day and its day up
to, and without, itself.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from synfinance_assets.domain.feature_catalogue import THIRTY, columns_of

THIRTY_DAYS = 30
ACTIVITY_COLUMNS = [
    "customer_id",
    "partition_date",
    "tx_count",
    "amount_sum",
    "amount_sq_sum",
    "amount_max",
    "declined_count",
]
TOTAL_COLUMNS = ["tx_count", "amount_sum", "amount_sq_sum", "amount_max", "active_days",
                 "declined_count"]  # fmt: skip
THIRTY_DAY_FEATURES = columns_of(THIRTY)


def daily_activity(transactions: pl.DataFrame) -> pl.DataFrame:
    """One row per customer and day with a payment (``customer_id``, ``partition_date``,
    ``amount``, ``status``)."""
    amount = pl.col("amount").cast(pl.Float64)
    return (
        transactions.group_by("customer_id", "partition_date")
        .agg(
            tx_count=pl.len().cast(pl.Int64),
            amount_sum=amount.sum(),
            amount_sq_sum=(amount * amount).sum(),
            amount_max=amount.max(),
            declined_count=(pl.col("status") == "declined").sum().cast(pl.Int64),
        )
        .sort("partition_date", "customer_id")
        .select(ACTIVITY_COLUMNS)
    )


def thirty_days_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day rolled up for ``day``'s features."""
    return day - dt.timedelta(days=THIRTY_DAYS), day - dt.timedelta(days=1)


def rolled_up(activity: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Per customer, the activity of the 30 days before ``day`` summed (as the warehouse's
    GROUP BY over ``customer_daily_activity`` gives it)."""
    first, last = thirty_days_before(day)
    return (
        activity.filter(pl.col("partition_date").is_between(first, last))
        .group_by("customer_id")
        .agg(
            pl.col("tx_count", "amount_sum", "amount_sq_sum", "declined_count").sum(),
            pl.col("amount_max").max(),
            active_days=pl.len().cast(pl.Int64),
        )
        .select("customer_id", *TOTAL_COLUMNS)
    )


def thirty_day_features(day_rows: pl.DataFrame, totals: pl.DataFrame) -> pl.DataFrame:
    """The 30-day features of ``day_rows`` (``customer_id``, ``amount``, ``declined``, in
    time order), in their order, from the customers' ``totals`` of the days before."""
    customer = "customer_id"
    amount = pl.col("amount").cast(pl.Float64)
    before = lambda expr: (expr.cum_sum() - expr).over(customer)  # noqa: E731  (today so far)
    frame = day_rows.select(
        customer,
        amount=amount,
        today_count=pl.int_range(pl.len()).over(customer),
        today_sum=before(amount),
        today_sq=before(amount * amount),
        today_max=amount.shift(1).cum_max().over(customer),
        today_declined=before(pl.col("declined").cast(pl.Int64)),
    ).join(totals, on=customer, how="left", maintain_order="left")
    count = pl.col("today_count") + pl.col("tx_count").fill_null(0)
    total = pl.col("today_sum") + pl.col("amount_sum").fill_null(0.0)
    mean = total / count
    spread = ((pl.col("today_sq") + pl.col("amount_sq_sum").fill_null(0.0)) / count
              - mean * mean).clip(lower_bound=0.0).sqrt()  # fmt: skip
    largest = pl.max_horizontal("today_max", "amount_max")
    return frame.select(
        tx_count_30d=count.cast(pl.Int32),
        amount_sum_30d=total,
        customer_avg_amount_30d=pl.when(count > 0).then(mean),
        customer_std_amount_30d=pl.when(count > 0).then(spread),
        # a floor on the spread keeps two near-equal past amounts from exploding the score
        amount_zscore_30d=pl.when(count > 0).then(
            (pl.col("amount") - mean) / pl.max_horizontal(spread, 0.1 * mean)
        ),
        amount_max_30d=largest,
        amount_to_max_ratio_30d=pl.col("amount") / largest,
        active_days_30d=pl.col("active_days").fill_null(0).cast(pl.Int32),
        declined_count_30d=(pl.col("today_declined") + pl.col("declined_count").fill_null(0)).cast(
            pl.Int32
        ),
    ).select(THIRTY_DAY_FEATURES)
