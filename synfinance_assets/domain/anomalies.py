"""Anomaly scenarios: unusual but legitimate payments, labelled apart from fraud."""

from __future__ import annotations

import numpy as np

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.draft import ANOMALY_NAMES, DayDraft
from synfinance_assets.domain.fraud import HOUR, other_city
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.randomness import jitter_km
from synfinance_assets.domain.scenarios import ANOMALY_SCENARIOS, normalised_mix


def inject_anomalies(
    rng: np.random.Generator,
    draft: DayDraft,
    pop: Population,
    rate: float,
    mix: dict[str, float],
) -> None:
    """Mark about ``rate`` of the genuine payments as anomalies, split by ``mix``."""
    names, probs = normalised_mix(mix, ANOMALY_SCENARIOS, "anomaly_mix")
    genuine = np.flatnonzero(draft.fraud < 0)
    chosen = rng.choice(genuine, size=rng.binomial(len(genuine), rate), replace=False)
    assignment = rng.choice(len(names), size=len(chosen), p=probs)
    for k, name in enumerate(names):
        rows = chosen[assignment == k]
        draft.anomaly[rows] = ANOMALY_NAMES.index(name)
        if name == "amount_spike":
            draft.amount[rows] *= rng.lognormal(np.log(10.0), 0.3, len(rows))
        elif name == "unusual_hour":
            draft.micros[rows] = rng.integers(1 * HOUR, 4 * HOUR, len(rows))
        elif name == "travel":
            _travel(rng, draft, pop, rows)


def _travel(rng: np.random.Generator, draft: DayDraft, pop: Population, rows: np.ndarray) -> None:
    city = other_city(rng, draft.city[rows])
    away = pop.merchants_in(rng, city)
    has_merchant = draft.merchant[rows] >= 0
    draft.merchant[rows] = np.where(has_merchant, away, -1)
    dlat, dlon = jitter_km(rng, len(rows), 3.0)
    draft.lat[rows] = np.where(has_merchant, pop.merchant_lat[away], ref.CITY_LAT[city] + dlat)
    draft.lon[rows] = np.where(has_merchant, pop.merchant_lon[away], ref.CITY_LON[city] + dlon)
    draft.city[rows] = np.where(has_merchant, pop.merchant_city[away], city)
