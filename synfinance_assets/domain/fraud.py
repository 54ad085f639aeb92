"""Fraud scenarios: each turns chosen payments of a day into a labelled fraud."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.draft import FRAUD_NAMES, MICROS_PER_DAY, DayDraft
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.scenarios import FRAUD_SCENARIOS, normalised_mix

HOUR = 3_600_000_000
CHANNEL = {name: i for i, name in enumerate(ref.CHANNEL_NAMES)}


def inject_fraud(
    rng: np.random.Generator,
    draft: DayDraft,
    pop: Population,
    rate: float,
    mix: dict[str, float],
) -> None:
    """Turn about ``rate`` of the day's payments into fraud, split by ``mix``."""
    names, probs = normalised_mix(mix, FRAUD_SCENARIOS, "fraud_mix")
    # bursts add rows: pick fewer cases so that fraud rows stay about `rate` of all rows
    rows_per_case = sum(
        p * _ROWS_PER_CASE.get(name, 1.0) for name, p in zip(names, probs, strict=True)
    )
    case_rate = rate / (rows_per_case - rate * (rows_per_case - 1.0))
    victims = rng.choice(len(draft), size=rng.binomial(len(draft), case_rate), replace=False)
    assignment = rng.choice(len(names), size=len(victims), p=probs)
    bursts = []
    for k, name in enumerate(names):
        rows = victims[assignment == k]
        draft.fraud[rows] = FRAUD_NAMES.index(name)
        burst = _SCENARIOS[name](rng, draft, pop, rows)
        if burst is not None:
            bursts.append(burst)
    for burst in bursts:
        draft.extend(burst)


def other_city(rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
    """A city different from each given one."""
    return (city + rng.integers(1, len(ref.CITIES), len(city))) % len(ref.CITIES)


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), n)]


def _pay_mule(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    draft.merchant[rows] = -1
    draft.counterparty[rows] = _pick(rng, pop.mules, len(rows))


def _move_to_merchant(draft: DayDraft, pop: Population, rows: np.ndarray, merchant) -> None:
    draft.merchant[rows] = merchant
    draft.lat[rows] = pop.merchant_lat[merchant]
    draft.lon[rows] = pop.merchant_lon[merchant]
    draft.city[rows] = pop.merchant_city[merchant]


def _account_takeover(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    n = len(rows)
    draft.new_device[rows] = True
    draft.micros[rows] = rng.integers(0, 5 * HOUR, n)
    draft.channel[rows] = np.where(rng.random(n) < 0.7, CHANNEL["upi_p2p"], CHANNEL["net_banking"])
    _pay_mule(rng, draft, pop, rows)
    draft.amount[rows] *= rng.lognormal(np.log(8.0), 0.5, n)
    city = other_city(rng, draft.city[rows])
    draft.city[rows] = city
    draft.lat[rows] = ref.CITY_LAT[city]
    draft.lon[rows] = ref.CITY_LON[city]


def _social_engineering(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    draft.channel[rows] = CHANNEL["upi_p2p"]
    _pay_mule(rng, draft, pop, rows)
    draft.amount[rows] = rng.lognormal(np.log(12_000.0), 0.9, len(rows))


def _card_cloning(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    n = len(rows)
    draft.channel[rows] = np.where(
        rng.random(n) < 0.5, CHANNEL["debit_card"], CHANNEL["credit_card"]
    )
    draft.counterparty[rows] = -1
    far = pop.merchants_in(rng, other_city(rng, pop.customer_city[draft.customer[rows]]))
    _move_to_merchant(draft, pop, rows, far)
    draft.amount[rows] *= rng.lognormal(np.log(3.0), 0.4, n)


def _card_testing(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> DayDraft:
    """Tiny online card payments; each stolen card is tried again 2-6 more times."""
    online = pop.online if len(pop.online) else np.arange(pop.n_merchants)
    draft.channel[rows] = CHANNEL["credit_card"]
    draft.counterparty[rows] = -1
    draft.merchant[rows] = _pick(rng, online, len(rows))
    draft.amount[rows] = rng.uniform(1.0, 200.0, len(rows))
    repeats = rng.integers(2, 7, len(rows))  # 4 more on average: see _ROWS_PER_CASE
    burst = draft.take(np.repeat(rows, repeats))
    gap = rng.integers(5_000_000, 90_000_000, len(burst))
    burst.micros = np.minimum(burst.micros + gap * _rank_within(repeats), MICROS_PER_DAY - 1)
    burst.merchant = _pick(rng, online, len(burst))
    burst.amount = rng.uniform(1.0, 200.0, len(burst))
    return burst


def _rank_within(repeats: np.ndarray) -> np.ndarray:
    """1, 2, ... within each run of a repeated row."""
    starts = np.repeat(np.cumsum(repeats) - repeats, repeats)
    return np.arange(repeats.sum()) - starts + 1


def _merchant_collusion(rng, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    n = len(rows)
    draft.channel[rows] = np.where(rng.random(n) < 0.6, CHANNEL["upi_p2m"], CHANNEL["credit_card"])
    draft.counterparty[rows] = -1
    _move_to_merchant(draft, pop, rows, _pick(rng, pop.colluding, n))
    draft.amount[rows] = rng.integers(5, 51, n) * 1000.0


_ROWS_PER_CASE = {"card_testing": 5.0}

_SCENARIOS: dict[str, Callable[..., DayDraft | None]] = {
    "account_takeover": _account_takeover,
    "social_engineering": _social_engineering,
    "card_cloning": _card_cloning,
    "card_testing": _card_testing,
    "merchant_collusion": _merchant_collusion,
}
assert set(_SCENARIOS) == set(FRAUD_SCENARIOS), "every catalogued scenario needs a generator"
