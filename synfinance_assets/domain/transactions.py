"""The daily transaction generator: a pure function of (population, day, seed, rates, mix)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.anomalies import inject_anomalies
from synfinance_assets.domain.draft import DayDraft
from synfinance_assets.domain.fraud import inject_fraud
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.randomness import jitter_km, stream

AMOUNT_SIGMA = 0.9
MERCHANT_CHANNELS = np.isin(ref.CHANNEL_NAMES, ["upi_p2m", "debit_card", "credit_card", "wallet"])
IN_PERSON_CHANNELS = np.isin(ref.CHANNEL_NAMES, ["upi_p2m", "debit_card", "credit_card"])


@dataclass(frozen=True)
class DayPlan:
    """What one day's generation needs besides the population."""

    seed: int
    fraud_rate: float
    anomaly_rate: float
    fraud_mix: dict[str, float]
    anomaly_mix: dict[str, float]


def day_volume_factor(day: dt.date) -> float:
    """Salary days at the start of the month and weekends lift volume."""
    factor = 1.0
    if day.day <= 5:
        factor *= 1.15
    if day.weekday() >= 5:
        factor *= 1.05
    return factor


def generate_day(population: Population, day: dt.date, plan: DayPlan) -> pl.DataFrame:
    """All transactions of ``day`` (an Asia/Kolkata calendar day), labelled."""
    rng = stream(plan.seed, "transactions", day)
    draft = _ordinary_payments(rng, population, day)
    inject_fraud(rng, draft, population, plan.fraud_rate, plan.fraud_mix)
    inject_anomalies(rng, draft, population, plan.anomaly_rate, plan.anomaly_mix)
    return draft.to_frame(population, day)


def _ordinary_payments(rng: np.random.Generator, pop: Population, day: dt.date) -> DayDraft:
    counts = rng.poisson(pop.customer_rate * day_volume_factor(day))
    customer = np.repeat(np.arange(pop.n_customers), counts)
    n = len(customer)
    hour = rng.choice(24, size=n, p=ref.HOURLY_WEIGHTS)
    micros = hour * 3_600_000_000 + rng.integers(0, 3_600_000_000, n)
    channel = rng.choice(len(ref.CHANNEL_NAMES), size=n, p=ref.CHANNEL_SHARES)

    # most merchant payments happen in the customer's own city
    home_city = pop.customer_city[customer]
    local = rng.random(n) < 0.85
    merchant = np.where(
        local, pop.merchants_in(rng, home_city), rng.integers(0, pop.n_merchants, n)
    )
    has_merchant = MERCHANT_CHANNELS[channel]
    merchant = np.where(has_merchant, merchant, -1)
    counterparty = np.where(
        channel == ref.P2P_CHANNEL,
        (customer + rng.integers(1, max(pop.n_customers, 2), n)) % pop.n_customers,
        -1,
    )

    ticket = ref.CHANNEL_MEAN_TICKET[channel] * pop.customer_income_factor[customer]
    category_factor = ref.CATEGORY_TICKET_FACTOR[pop.merchant_category[np.maximum(merchant, 0)]]
    ticket = np.where(has_merchant, ticket * category_factor, ticket)
    amount = ticket * rng.lognormal(-(AMOUNT_SIGMA**2) / 2, AMOUNT_SIGMA, n)

    # in-person payments happen at the merchant, the rest near home
    dlat, dlon = jitter_km(rng, n, 3.0)
    at_merchant = IN_PERSON_CHANNELS[channel] & (merchant >= 0)
    at_merchant &= ~np.isin(
        pop.merchant_category[np.maximum(merchant, 0)], ref.ONLINE_CATEGORY_CODES
    )
    m = np.maximum(merchant, 0)
    lat = np.where(at_merchant, pop.merchant_lat[m], pop.customer_lat[customer] + dlat)
    lon = np.where(at_merchant, pop.merchant_lon[m], pop.customer_lon[customer] + dlon)
    city = np.where(at_merchant, pop.merchant_city[m], home_city)

    return DayDraft(
        customer=customer,
        micros=micros,
        channel=channel,
        merchant=merchant,
        counterparty=counterparty,
        amount=amount,
        lat=lat,
        lon=lon,
        city=city,
        new_device=np.zeros(n, dtype=bool),
        fraud=np.full(n, -1, dtype=np.int8),
        anomaly=np.full(n, -1, dtype=np.int8),
    )
