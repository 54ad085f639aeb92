"""The customer generator: demographics, home city, income and spending rate."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.randomness import jitter_km, padded_ids, stream

REFERENCE_DATE = dt.date(2025, 1, 1)  # ages and account tenures are measured at this date
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def customer_ids(n: int) -> np.ndarray:
    return padded_ids("C", np.arange(1, n + 1), 8)


def customer_number(customer_id: pl.Expr) -> pl.Expr:
    """The number inside an id made by ``customer_ids`` (``C00000042`` -> 42)."""
    return customer_id.str.slice(1).cast(pl.Int64)


def generate_customers(seed: int, n_customers: int, mule_share: float) -> pl.DataFrame:
    """``n_customers`` customers; a ``mule_share`` of them are mule accounts used by fraud rings."""
    rng = stream(seed, "customers")
    n = n_customers
    city = rng.choice(len(ref.CITIES), size=n, p=ref.CITY_WEIGHTS)
    gender = np.where(rng.random(n) < 0.5, "F", "M")
    first = np.where(
        gender == "F",
        rng.choice(ref.FIRST_NAMES_F, n),
        rng.choice(ref.FIRST_NAMES_M, n),
    )
    last = rng.choice(ref.LAST_NAMES, n)
    ids = customer_ids(n)
    age = np.clip(rng.gamma(6.0, 6.5, n) + 18, 18, 85).astype(np.int16)
    birth_offset = rng.integers(0, 365, n)
    level = rng.choice(len(ref.INCOME_LEVEL_NAMES), size=n, p=ref.INCOME_LEVEL_SHARES)
    income = np.round(ref.INCOME_LEVEL_MEDIAN[level] * rng.lognormal(0.0, 0.35, n), -2)
    rate = ref.INCOME_LEVEL_DAILY_TXNS[level] * rng.lognormal(0.0, 0.4, n)
    tenure_days = rng.integers(30, 3650, n)
    credit = np.clip(rng.normal(700 + 25 * level, 60), 300, 900).astype(np.int16)
    risk = np.clip(rng.beta(2.0, 8.0, n) + (credit < 600) * 0.2, 0.0, 1.0)
    is_mule = rng.random(n) < mule_share
    dlat, dlon = jitter_km(rng, n, 8.0)
    reference_ordinal = REFERENCE_DATE.toordinal()

    return pl.DataFrame(
        {
            "customer_id": ids,
            "first_name": first,
            "last_name": last,
            "email": np.char.add(
                np.char.add(np.char.lower(np.char.add(np.char.add(first, "."), last)), "."),
                np.char.add(np.char.lstrip(ids, "C"), "@example.in"),
            ),
            "phone": padded_ids("+91", 7_000_000_000 + rng.integers(0, 2_999_999_999, n), 10),
            "gender": gender,
            "date_of_birth": reference_ordinal - age.astype(np.int64) * 365 - birth_offset,
            "age": age,
            "occupation": rng.choice(ref.OCCUPATIONS, n),
            "income_level": ref.INCOME_LEVEL_NAMES[level],
            "monthly_income_inr": income,
            "city": ref.CITY_NAMES[city],
            "state": ref.CITY_STATES[city],
            "latitude": ref.CITY_LAT[city] + dlat,
            "longitude": ref.CITY_LON[city] + dlon,
            "account_created": reference_ordinal - tenure_days,
            "account_status": np.where(rng.random(n) < 0.98, "active", "dormant"),
            "credit_score": credit,
            "risk_score": risk,
            "risk_category": np.select([risk < 0.25, risk < 0.5], ["low", "medium"], "high"),
            "primary_device_id": padded_ids("D", np.arange(1, n + 1), 10),
            "daily_txn_rate": rate,
            "is_mule": is_mule,
        }
    ).with_columns(
        pl.from_epoch(pl.col("date_of_birth") - _EPOCH_ORDINAL, time_unit="d"),
        pl.from_epoch(pl.col("account_created") - _EPOCH_ORDINAL, time_unit="d"),
    )
