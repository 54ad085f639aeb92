"""One day of payments, rendered from the world and the keys of that day alone.

A day is a pure function of (world, fraud network, day, plan): rendering it alone or
inside a range gives the same rows, and rendering it never changes another day.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from synfinance_assets.core.clock import day_number, utc_micros
from synfinance_assets.core.ordering import stable_order
from synfinance_assets.sim import calendar
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.anomalies import ANOMALY_NAMES, mark_anomalies
from synfinance_assets.sim.devices import Handsets
from synfinance_assets.sim.draft import CHANNELS, DECLINE_REASONS, STATUSES, DayDraft
from synfinance_assets.sim.everyday import everyday_payments
from synfinance_assets.sim.fraud.cases import FRAUD_NAMES, fraud_day
from synfinance_assets.sim.fraud.network import FraudNetwork
from synfinance_assets.sim.fraud.typology import CaseEvents
from synfinance_assets.sim.households import use_computers, use_household_devices
from synfinance_assets.sim.mandates import scheduled_payments
from synfinance_assets.sim.statuses import settle
from synfinance_assets.sim.world import (
    World,
    case_labels,
    device_labels,
    padded_labels,
    sparse_labels,
)

SHARDS = 2  # this machine's cores; NumPy and Polars release the GIL in their loops
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
    difficulty: str = "medium"


def context(day: dt.date) -> calendar.DayContext:
    return calendar.day_context(day, tuple(geo.STATE_NAMES), tuple(cat.CATEGORY_NAMES))


@dataclass
class RenderedDay:
    """A day's payments, in no particular order, and the account events of its fraud cases."""

    payments: DayDraft
    case_events: CaseEvents


def render_draft(world: World, network: FraudNetwork, day: dt.date, plan: DayPlan) -> RenderedDay:
    """The day's payments as arrays, and the account events its fraud cases cause."""
    ctx = context(day)
    # customers' days are independent: render them in shards, side by side
    bounds = np.linspace(0, world.n_customers, SHARDS + 1).astype(np.int64)
    shards = [np.arange(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    with ThreadPoolExecutor(SHARDS + 1) as pool:  # the fraud cases alongside the shards
        cases = pool.submit(
            fraud_day, world, network, day, plan.fraud_rate, plan.fraud_mix, plan.difficulty
        )
        genuine = pool.map(lambda who: _genuine(world, day, ctx, who, plan), shards)
        genuine = [part for parts in genuine for part in parts]
        fraud = cases.result()
    handsets = Handsets(world.seed)
    payments = settle(fraud.payments, world.seed)
    for part in payments:
        part.device = np.where(
            part.device == 0, handsets.phone(part.customer, day_number(day)), part.device
        )
    # one copy of the whole day, from all its parts at once
    return RenderedDay(DayDraft.concat([*genuine, *payments]), fraud.events)


def _genuine(world: World, day: dt.date, ctx, who: np.ndarray, plan: DayPlan) -> list[DayDraft]:
    """The genuine payments of customers ``who``, the unusual ones marked as anomalies, then
    settled (declines, retries, refunds follow the payment as made), each on the payer's
    phone or another device of their household; in parts, to be joined once with the rest
    of the day."""
    draft = DayDraft.concat(
        [everyday_payments(world, day, ctx, who), scheduled_payments(world, day, who)]
    )
    mark_anomalies(world, draft, plan.anomaly_rate, plan.anomaly_mix)
    handsets = Handsets(world.seed)
    phones = handsets.phone(who, day_number(day))
    parts = settle(draft, world.seed)
    for part in parts:
        # every payment is on the payer's phone, unless an anomaly put it on a new one
        part.device = np.where(part.device == 0, phones[part.customer - who[0]], part.device)
        # some pay now and then from another phone or tablet of their household
        use_household_devices(world, part, day)
        use_computers(world, part)
    return parts


def render_day(world: World, network: FraudNetwork, day: dt.date, plan: DayPlan) -> pl.DataFrame:
    """The day's payments as the ``transactions`` table's rows, in time order."""
    return to_frame(world, render_draft(world, network, day, plan).payments, day)


def to_frame(world: World, draft: DayDraft, day: dt.date) -> pl.DataFrame:
    """Rows in time order with ids ``T<yyyymmdd><sequence>`` in that order."""
    micros = utc_micros(day, draft.micros)
    raw = pl.DataFrame(
        {
            "key": draft.key,
            "original": draft.original,
            "customer": draft.customer,
            "merchant": draft.merchant,
            "counterparty": draft.counterparty,
            "device": draft.device,
            "case": draft.case,
            "channel": draft.channel,
            "card": draft.card,
            "category": draft.category,
            "amount": draft.amount,
            "status": draft.status,
            "decline": draft.decline,
            "city": draft.city,
            "lat": draft.lat,
            "lon": draft.lon,
            "fraud": draft.fraud,
            "micros": micros,
            "reported": np.where(draft.reported_after >= 0, micros + draft.reported_after, -1),
            "anomaly": draft.anomaly,
        }
    )[stable_order(draft.micros)]  # equal microseconds keep the draft's own order
    n = raw.height
    transaction_ids = padded_labels(f"T{day:%Y%m%d}", np.arange(n), 8)
    original = _positions_of(raw["key"].to_numpy(), raw["original"].to_numpy())
    cases = raw["case"].to_numpy()
    present = lambda name: pl.col(name) >= 0  # noqa: E731
    return raw.with_columns(original=original).select(
        transaction_id=pl.lit(transaction_ids),
        partition_date=pl.lit(day, dtype=pl.Date),
        timestamp=pl.col("micros").cast(pl.Datetime("us", "UTC")),
        customer_id=pl.lit(world.customer_ids).gather(pl.col("customer")),
        merchant_id=pl.lit(_ids_where_set(world.merchant_ids, raw["merchant"].to_numpy())),
        counterparty_customer_id=pl.lit(
            _ids_where_set(world.customer_ids, raw["counterparty"].to_numpy())
        ),
        channel=_labels(CHANNELS, "channel"),
        card_present=pl.when(present("card")).then(pl.col("card") == 1),
        merchant_category=_labels(cat.CATEGORY_NAMES, "category"),
        mcc_code=_labels(cat.CATEGORY_MCC, "category"),
        amount=pl.col("amount").round(2),
        currency=pl.lit("INR"),
        status=_labels(STATUSES, "status"),
        decline_reason=_labels(DECLINE_REASONS, "decline"),
        original_transaction_id=pl.lit(
            sparse_labels(original >= 0, lambda rows: transaction_ids.gather(original[rows]))
        ),
        city=_labels(geo.CITY_NAMES, "city"),
        state=_labels(geo.CITY_STATES, "city"),
        latitude=pl.col("lat").round(6),
        longitude=pl.col("lon").round(6),
        device_id=pl.lit(device_labels(raw["device"].to_numpy())),
        is_fraud=present("fraud"),
        fraud_type=_labels(FRAUD_NAMES, "fraud"),
        fraud_case_id=pl.lit(case_labels(cases)),
        fraud_reported_at=pl.when(present("reported")).then(
            pl.col("reported").cast(pl.Datetime("us", "UTC"))
        ),
        is_anomaly=present("anomaly"),
        anomaly_type=_labels(ANOMALY_NAMES, "anomaly"),
    )


def _positions_of(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The row holding each wanted key (a refund's original); -1 where none is wanted."""
    position = np.full(len(wanted), -1, dtype=np.int64)
    asks = np.flatnonzero(wanted != 0)
    if len(asks):
        rows = pl.DataFrame({"key": keys, "row": np.arange(len(keys))})
        found = pl.DataFrame({"key": wanted[asks]}).join(rows, on="key", how="left",
                                                          maintain_order="left")  # fmt: skip
        position[asks] = found["row"].to_numpy()
    return position


def _ids_where_set(ids: pl.Series, index: np.ndarray) -> pl.Series:
    """``ids[index]`` where index >= 0, null elsewhere (most rows have no such party)."""
    return sparse_labels(index >= 0, lambda rows: ids.gather(index[rows]))


def _labels(names, column: str) -> pl.Expr:
    """The label of each code in ``column``; code -1 gives null. Labels come as an Enum of
    the names: a code per row rather than a string, cheap to build, and written and
    compared as the text it stands for."""
    kind = pl.Enum(list(dict.fromkeys(names)))
    lookup = pl.Series([*names, None], dtype=kind)
    code = pl.col(column)
    return pl.lit(lookup).gather(pl.when(code >= 0).then(code).otherwise(len(lookup) - 1))
