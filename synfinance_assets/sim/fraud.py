"""Fraud cases added to a day: each scenario plans its own cases from its own keys.

A scenario's cases are keyed by (seed, scenario, day, case number), and its victims
are drawn by those keys, so changing one scenario's share or adding a scenario
leaves every genuine payment and every other scenario's rows as they were. The
fraud network (mule accounts, colluding merchants) is drawn apart from the world's
habits, keyed by customer and merchant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_DAY, MICROS_PER_HOUR, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.devices import device_identity
from synfinance_assets.sim.draft import CHANNEL, ONLINE, PRESENT, DayDraft
from synfinance_assets.sim.scenarios import FRAUD_SCENARIOS, normalised_mix
from synfinance_assets.sim.world import World

FRAUD_NAMES = list(FRAUD_SCENARIOS)
ROWS_PER_CASE = {"card_testing": 5.0}
REPORTED_SHARE = 0.85  # victims who report the fraud at all (assumption)


@dataclass(frozen=True)
class FraudNetwork:
    """Mule accounts and colluding merchants."""

    mules: np.ndarray  # customer indices
    colluding: np.ndarray  # merchant indices

    @classmethod
    def recruit(cls, world: World, mule_share: float, colluding_share: float) -> FraudNetwork:
        stream = KeyedStream(world.seed, "fraud_network")
        customers = np.arange(world.n_customers)
        merchants = np.arange(len(world.merchants))
        mules = customers[stream.uniform(stream.rows(customers), 0) < mule_share]
        colluding = merchants[stream.uniform(stream.rows(merchants, 1), 0) < colluding_share]
        # without any, the ring scenarios fall back to ordinary accounts
        return cls(
            mules if len(mules) else customers[:1],
            colluding if len(colluding) else merchants[:1],
        )


def fraud_cases(
    world: World,
    network: FraudNetwork,
    day: dt.date,
    expected_genuine: float,
    rate: float,
    mix: dict[str, float],
) -> DayDraft:
    """The day's fraud rows: about ``rate`` of all rows, split by ``mix``."""
    names, shares = normalised_mix(mix, FRAUD_SCENARIOS, "fraud_mix")
    fraud_rows = expected_genuine * rate / max(1.0 - rate, 1e-9)
    parts = []
    for name, share in zip(names, shares, strict=True):
        stream = KeyedStream(world.seed, f"fraud:{name}")
        today = day_number(day)
        mean_cases = np.array([fraud_rows * share / ROWS_PER_CASE.get(name, 1.0)])
        n = int(stream.poisson(stream.rows(today), 0, mean_cases)[0])
        case = np.arange(n)
        keys = stream.rows(today, case)
        pool = _victim_pool(world, name)
        victim = pool[stream.integers(keys, 0, len(pool))]
        draft = _SCENARIOS[name](world, network, stream, keys, victim)
        draft.fraud[:] = FRAUD_NAMES.index(name)
        draft.case[:] = (today * 1_000_000 + FRAUD_NAMES.index(name) * 100_000 +
                         np.repeat(case, len(draft) // max(n, 1)))  # fmt: skip
        reported = stream.uniform(draft.key, 20) < REPORTED_SHARE
        delay = np.exp(np.log(36.0) + 1.0 * stream.normal(draft.key, 21)) * MICROS_PER_HOUR
        draft.reported_after[:] = np.where(reported, delay.astype(np.int64), -1)
        parts.append(draft)
    return DayDraft.concat(parts) if parts else DayDraft.empty_like(0, **_no_rows())


def _victim_pool(world: World, scenario: str) -> np.ndarray:
    """Customers a scenario can strike: live accounts, and for card fraud, card holders."""
    c = world.customers
    eligible = ~c.dormant
    if scenario in ("card_cloning", "merchant_collusion"):
        eligible &= c.has_credit | c.has_debit
    elif scenario == "card_testing":
        eligible &= c.has_credit
    pool = np.flatnonzero(eligible)
    return pool if len(pool) else np.arange(world.n_customers)


def _no_rows() -> dict[str, np.ndarray]:
    return {
        "customer": np.zeros(0, np.int64),
        "key": np.zeros(0, np.uint64),
        "micros": np.zeros(0, np.int64),
        "channel": np.zeros(0, np.int8),
        "amount": np.zeros(0),
        "lat": np.zeros(0),
        "lon": np.zeros(0),
        "city": np.zeros(0, np.int64),
        "device": np.zeros(0, np.uint64),
    }


def _base(world: World, stream: KeyedStream, keys: np.ndarray, victim: np.ndarray) -> DayDraft:
    """One row per case, at the victim's home, at an ordinary hour."""
    c = world.customers
    n = len(keys)
    hour = 8 + stream.uniform(keys, 1) * 14
    return DayDraft.empty_like(
        n,
        customer=victim,
        key=keys,
        micros=(hour * MICROS_PER_HOUR).astype(np.int64),
        channel=np.full(n, CHANNEL["upi_p2p"], np.int8),
        amount=np.zeros(n),
        lat=c.lat[victim] + stream.normal(keys, 2) * 0.02,
        lon=c.lon[victim] + stream.normal(keys, 3) * 0.02,
        city=c.city[victim].copy(),
        device=np.zeros(n, np.uint64),  # the victim's own phone, filled in later
    )


def _pick(stream, keys, draw, pool):
    return pool[stream.integers(keys, draw, len(pool))]


def _account_takeover(world, network, stream, keys, victim):
    d = _base(world, stream, keys, victim)
    n = len(d)
    d.micros = (stream.uniform(keys, 4) * 5 * MICROS_PER_HOUR).astype(np.int64)
    d.channel = np.where(stream.uniform(keys, 5) < 0.7, CHANNEL["upi_p2p"],
                         CHANNEL["net_banking"]).astype(np.int8)  # fmt: skip
    d.counterparty = _pick(stream, keys, 6, network.mules)
    d.amount = np.round(world.customers.transfer_scale[victim] * 8 * 2_600 *
                        np.exp(0.5 * stream.normal(keys, 7)), -2)  # fmt: skip
    away = (d.city + 1 + stream.integers(keys, 8, len(geo.CITIES) - 1)) % len(geo.CITIES)
    d.city = away
    d.lat = geo.CITY_LAT[away] + stream.normal(keys, 9) * 0.05
    d.lon = geo.CITY_LON[away] + stream.normal(keys, 10) * 0.05
    d.device = device_identity(stream, np.full(n, -1), keys.astype(np.int64))  # the fraudster's
    return d


def _social_engineering(world, network, stream, keys, victim):
    d = _base(world, stream, keys, victim)
    d.counterparty = _pick(stream, keys, 6, network.mules)
    d.amount = np.round(12_000 * np.exp(0.9 * stream.normal(keys, 7) - 0.405))
    return d


def _card_cloning(world, network, stream, keys, victim):
    d = _base(world, stream, keys, victim)
    m = world.merchants
    c = world.customers
    credit = c.has_credit[victim] & (~c.has_debit[victim] | (stream.uniform(keys, 5) < 0.5))
    d.channel = np.where(credit, CHANNEL["credit_card"], CHANNEL["debit_card"]).astype(np.int8)
    d.card[:] = PRESENT
    away = (d.city + 1 + stream.integers(keys, 8, len(geo.CITIES) - 1)) % len(geo.CITIES)
    category = _pick(stream, keys, 11, np.array([cat.CATEGORY_INDEX[c] for c in (
        "electronics", "jewellery", "apparel", "supermarket")]))  # fmt: skip
    merchant = m.pick(category, away, stream.uniform(keys, 12))
    d.category, d.merchant = category, merchant
    d.lat, d.lon, d.city = m.lat[merchant], m.lon[merchant], m.city[merchant]
    d.amount = np.round(cat.CATEGORY_MEAN[category] * 3 * np.exp(0.4 * stream.normal(keys, 7)), 2)
    return d


def _card_testing(world, network, stream, keys, victim):
    repeats = 5
    base = _base(world, stream, keys, victim)
    d = base.take(np.repeat(np.arange(len(base)), repeats))
    step = np.tile(np.arange(repeats), len(base))
    d.key = stream.rows(d.key, step)
    gap = (5_000_000 + stream.uniform(d.key, 4) * 85_000_000).astype(np.int64)
    d.micros = np.minimum(d.micros, MICROS_PER_DAY - repeats * 90_000_000) + gap * step
    d.channel[:] = CHANNEL["credit_card"]
    d.card[:] = ONLINE
    category = np.full(len(d), cat.CATEGORY_INDEX["marketplace"])
    d.category = category
    d.merchant = world.merchants.pick(category, np.full(len(d), len(geo.CITIES)),
                                      stream.uniform(d.key, 12))  # fmt: skip
    d.amount = np.round(1.0 + stream.uniform(d.key, 7) * 199.0, 2)
    return d


def _merchant_collusion(world, network, stream, keys, victim):
    d = _base(world, stream, keys, victim)
    m = world.merchants
    credit = world.customers.has_credit[victim] & (stream.uniform(keys, 5) >= 0.6)
    d.channel = np.where(credit, CHANNEL["credit_card"], CHANNEL["upi_p2m"]).astype(np.int8)
    d.card = np.where(credit, PRESENT, -1).astype(np.int8)
    merchant = _pick(stream, keys, 6, network.colluding)
    d.merchant, d.category = merchant, m.category[merchant]
    d.lat, d.lon, d.city = m.lat[merchant], m.lon[merchant], m.city[merchant]
    d.amount = (5 + stream.integers(keys, 7, 46)) * 1000.0
    return d


_SCENARIOS = {
    "account_takeover": _account_takeover,
    "social_engineering": _social_engineering,
    "card_cloning": _card_cloning,
    "card_testing": _card_testing,
    "merchant_collusion": _merchant_collusion,
}
assert set(_SCENARIOS) == set(FRAUD_SCENARIOS), "every catalogued scenario needs a generator"
