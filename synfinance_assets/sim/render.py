"""One day of payments, rendered from the world and the keys of that day alone.

A day is a pure function of (world, fraud network, day, plan): rendering it alone or
inside a range gives the same rows, and rendering it never changes another day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from synfinance_assets.core.clock import day_number, utc_micros
from synfinance_assets.sim import calendar
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.anomalies import ANOMALY_NAMES, mark_anomalies
from synfinance_assets.sim.devices import Handsets
from synfinance_assets.sim.draft import CHANNELS, DECLINE_REASONS, STATUSES, DayDraft
from synfinance_assets.sim.everyday import everyday_payments, expected_counts
from synfinance_assets.sim.fraud import FRAUD_NAMES, FraudNetwork, fraud_cases
from synfinance_assets.sim.mandates import scheduled_payments
from synfinance_assets.sim.statuses import settle
from synfinance_assets.sim.world import World, padded_labels

TRANSACTION_COLUMNS = [
    "transaction_id",
    "partition_date",
    "timestamp",
    "customer_id",
    "merchant_id",
    "counterparty_customer_id",
    "channel",
    "card_present",
    "merchant_category",
    "mcc_code",
    "amount",
    "currency",
    "status",
    "decline_reason",
    "original_transaction_id",
    "city",
    "state",
    "latitude",
    "longitude",
    "device_id",
    "is_fraud",
    "fraud_type",
    "fraud_case_id",
    "fraud_reported_at",
    "is_anomaly",
    "anomaly_type",
]


@dataclass(frozen=True)
class DayPlan:
    """What a day needs besides the world: the fraud and anomaly settings."""

    fraud_rate: float
    anomaly_rate: float
    fraud_mix: dict[str, float]
    anomaly_mix: dict[str, float]


def context(day: dt.date) -> calendar.DayContext:
    return calendar.day_context(day, tuple(geo.STATE_NAMES), tuple(cat.CATEGORY_NAMES))


def render_draft(world: World, network: FraudNetwork, day: dt.date, plan: DayPlan) -> DayDraft:
    """The day's payments as arrays, in no particular order."""
    ctx = context(day)
    genuine = settle(
        DayDraft.concat([everyday_payments(world, day, ctx), scheduled_payments(world, day)]),
        world.seed,
    )
    expected = float(expected_counts(world, day, ctx).sum())
    fraud = fraud_cases(world, network, day, expected, plan.fraud_rate, plan.fraud_mix)
    draft = DayDraft.concat([genuine, fraud])
    phones = Handsets(world.seed).phone(draft.customer, day_number(day))
    draft.device = np.where(draft.device == 0, phones, draft.device)
    mark_anomalies(world, draft, plan.anomaly_rate, plan.anomaly_mix)
    return draft


def render_day(world: World, network: FraudNetwork, day: dt.date, plan: DayPlan) -> pl.DataFrame:
    """The day's payments as the ``transactions`` table's rows, in time order."""
    return to_frame(world, render_draft(world, network, day, plan), day)


def to_frame(world: World, draft: DayDraft, day: dt.date) -> pl.DataFrame:
    """Rows in time order with ids ``T<yyyymmdd><sequence>`` in that order."""
    # time order; equal microseconds fall back to the rows' keys
    sort_key = (draft.micros.astype(np.int64) << 26) | (draft.key >> np.uint64(38)).astype(np.int64)
    order = np.argsort(sort_key)
    d = draft.take(order)
    n = len(d)
    # a refund names its original by row: find that row's place in time order
    place = np.empty(n, dtype=np.int64)
    place[order] = np.arange(n)
    original = np.where(d.original >= 0, place[np.maximum(d.original, 0)], -1)
    micros = utc_micros(day, d.micros)
    transaction_ids = padded_labels(f"T{day:%Y%m%d}", np.arange(n), 8)
    ids = pl.DataFrame(
        {
            "transaction_id": transaction_ids,
            "customer_id": world.customer_ids.gather(d.customer),
            "merchant_id": _optional(world.merchant_ids, d.merchant),
            "counterparty_customer_id": _optional(world.customer_ids, d.counterparty),
            "original_transaction_id": _optional(transaction_ids, original),
            "device_id": padded_labels("D", (d.device % np.uint64(10**13)).astype(np.int64), 13),
            "fraud_case_id": _case_labels(d.case),
        }
    )
    codes = pl.DataFrame(
        {
            "channel": d.channel,
            "card": d.card,
            "category": d.category,
            "amount": d.amount,
            "status": d.status,
            "decline": d.decline,
            "city": d.city,
            "lat": d.lat,
            "lon": d.lon,
            "fraud": d.fraud,
            "micros": micros,
            "reported": np.where(d.reported_after >= 0, micros + d.reported_after, -1),
            "anomaly": d.anomaly,
        }
    )
    present = lambda name: pl.col(name) >= 0  # noqa: E731
    labelled = codes.select(
        partition_date=pl.lit(day, dtype=pl.Date),
        timestamp=pl.col("micros").cast(pl.Datetime("us", "UTC")),
        channel=_labels(CHANNELS, "channel"),
        card_present=pl.when(present("card")).then(pl.col("card") == 1),
        merchant_category=_labels(cat.CATEGORY_NAMES, "category"),
        mcc_code=_labels(cat.CATEGORY_MCC, "category"),
        amount=pl.col("amount").round(2),
        currency=pl.lit("INR"),
        status=_labels(STATUSES, "status"),
        decline_reason=_labels(DECLINE_REASONS, "decline"),
        city=_labels(geo.CITY_NAMES, "city"),
        state=_labels(geo.CITY_STATES, "city"),
        latitude=pl.col("lat").round(6),
        longitude=pl.col("lon").round(6),
        is_fraud=present("fraud"),
        fraud_type=_labels(FRAUD_NAMES, "fraud"),
        fraud_reported_at=pl.when(present("reported")).then(
            pl.col("reported").cast(pl.Datetime("us", "UTC"))
        ),
        is_anomaly=present("anomaly"),
        anomaly_type=_labels(ANOMALY_NAMES, "anomaly"),
    )
    return pl.concat([ids, labelled], how="horizontal").select(TRANSACTION_COLUMNS)


def _optional(labels: pl.Series, index: np.ndarray) -> pl.Series:
    """``labels`` at ``index``; null where the index is -1."""
    return labels.gather(np.maximum(index, 0)).set(pl.Series(index < 0), None)


def _case_labels(case: np.ndarray) -> pl.Series:
    """``F<number>`` for fraud rows, null for the rest (built only for the few fraud rows)."""
    labels = pl.Series(np.full(len(case), None), dtype=pl.String)
    rows = np.flatnonzero(case >= 0)
    return labels.scatter(rows, "F" + pl.Series(case[rows]).cast(pl.String))


def _labels(names, column: str) -> pl.Expr:
    """The name of each code in ``column``; code -1 gives null."""
    lookup = pl.Series([*names], dtype=pl.String)
    code = pl.col(column)
    return pl.when(code >= 0).then(pl.lit(lookup).gather(code.clip(0, len(names) - 1)))
