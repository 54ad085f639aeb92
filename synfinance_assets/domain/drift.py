"""The warn suite: a day's payments against the week before it.

The amounts, Indian hours, channels and merchant categories of the day are compared
with the same distributions over the 7 days before, by Great Expectations'
KL-divergence expectation, and the day's row count with the same weekday a week
earlier. Measured on the large profile, a day's amounts, hours and channels sit within
0.004 of its week; its category mix within 0.025 on working days and 0.057 on a Sunday,
when people shop differently. A limit of 0.1 passes that rhythm and flags a real shift
(every amount tripled scores 0.18), while a festival's lift may warn, as it should. The
week is counted by Postgres in one scan, never read back row by row.
"""

from __future__ import annotations

import datetime as dt

import great_expectations as gx
import great_expectations.expectations as gxe
import numpy as np
import polars as pl
from sqlalchemy import Integer, Numeric, Select, and_, cast, func, select
from sqlalchemy.dialects import postgresql

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.warehouse.models import Transaction

KL_LIMIT = 0.1
# the weight a value never seen in the week is given, so that its divergence is a number
# (a new category at 5 % of the day scores 0.2 and warns, at 1 % only 0.02)
UNSEEN_WEIGHT = 0.001
ROW_COUNT_TOLERANCE = 0.25  # the day's rows within ±25 % of the same weekday last week
# rupee edges of the amount histogram: tickets from a tea to a car's down payment
AMOUNT_EDGES = [0, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000]
_BEYOND = 1e12  # the top bin's upper edge
CATEGORICAL = ("hour", "channel", "merchant_category")
TABLE = Transaction.__table__


def drift_frame(day: pl.DataFrame) -> pl.DataFrame:
    """The columns the warn suite compares, from a day of transactions."""
    return day.select(
        pl.col("amount").cast(pl.Float64),
        hour=pl.col("timestamp").dt.convert_time_zone(TIMEZONE).dt.hour().cast(pl.Int32),
        channel=pl.col("channel"),
        merchant_category=pl.col("merchant_category"),
    )


def week_before(day: dt.date) -> Select:
    """The stored payments of the 7 days before ``day`` counted by date, Indian hour,
    channel, category and amount bin (1-based: bin i holds amounts from edge i-1)."""
    hour = cast(func.extract("hour", func.timezone(TIMEZONE, TABLE.c.timestamp)), Integer)
    amount_bin = func.width_bucket(
        TABLE.c.amount, cast(postgresql.array(AMOUNT_EDGES), postgresql.ARRAY(Numeric))
    )
    keys = [
        TABLE.c.partition_date,
        hour.label("hour"),
        TABLE.c.channel,
        TABLE.c.merchant_category,
        cast(amount_bin, Integer).label("amount_bin"),
    ]
    return (
        select(*keys, func.count().label("payments"))
        .where(
            and_(
                TABLE.c.partition_date >= day - dt.timedelta(days=7),
                TABLE.c.partition_date < day,
            )
        )
        .group_by(*keys)
    )


def drift_suite(day: dt.date, week: pl.DataFrame) -> gx.ExpectationSuite | None:
    """The warn suite for ``day`` from its week's counts (`week_before`); None until all 7
    days before it are stored (the first week, or days of a parallel backfill landing
    out of order), when there is no whole week to compare with."""
    if week.is_empty() or week["partition_date"].n_unique() < 7:
        return None
    expectations = [
        gxe.ExpectColumnKLDivergenceToBeLessThan(
            column="amount",
            partition_object=_amount_partition(week),
            threshold=KL_LIMIT,
            internal_weight_holdout=UNSEEN_WEIGHT,
        ),
        *[
            gxe.ExpectColumnKLDivergenceToBeLessThan(
                column=column,
                partition_object=_partition(week, column),
                threshold=KL_LIMIT,
                tail_weight_holdout=UNSEEN_WEIGHT,
            )
            for column in CATEGORICAL
        ],
    ]
    last_week = week.filter(pl.col("partition_date") == day - dt.timedelta(days=7))
    if not last_week.is_empty():
        rows = int(last_week["payments"].sum())
        expectations.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=int(rows * (1 - ROW_COUNT_TOLERANCE)),
                max_value=int(rows * (1 + ROW_COUNT_TOLERANCE)),
            )
        )
    return gx.ExpectationSuite(name="transactions_drift", expectations=expectations)


def _partition(week: pl.DataFrame, column: str) -> dict:
    counts = week.filter(pl.col(column).is_not_null()).group_by(column).agg(pl.sum("payments"))
    counts = counts.sort(column)
    weights = counts["payments"].to_numpy() / counts["payments"].sum()
    return {"values": counts[column].to_list(), "weights": weights.tolist()}


def _amount_partition(week: pl.DataFrame) -> dict:
    counts = np.zeros(len(AMOUNT_EDGES))
    summed = week.group_by("amount_bin").agg(pl.sum("payments"))
    counts[summed["amount_bin"].to_numpy() - 1] = summed["payments"].to_numpy()
    return {"bins": [*AMOUNT_EDGES, _BEYOND], "weights": (counts / counts.sum()).tolist()}
