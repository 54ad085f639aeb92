"""Customers and merchants as NumPy arrays, indexed once for fast daily generation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from synfinance_assets.domain import reference as ref

_CITY_INDEX = {name: i for i, name in enumerate(ref.CITY_NAMES)}


@dataclass(frozen=True)
class Population:
    customer_ids: pl.Series
    customer_city: np.ndarray
    customer_lat: np.ndarray
    customer_lon: np.ndarray
    customer_rate: np.ndarray
    customer_income_factor: np.ndarray
    device_ids: pl.Series
    mules: np.ndarray  # indices of mule customers
    merchant_ids: pl.Series
    merchant_category: np.ndarray
    merchant_lat: np.ndarray
    merchant_lon: np.ndarray
    merchant_city: np.ndarray
    city_merchants: np.ndarray  # merchant indices sorted by city
    city_offsets: np.ndarray  # city c owns city_merchants[offsets[c]:offsets[c + 1]]
    colluding: np.ndarray
    online: np.ndarray

    @property
    def n_customers(self) -> int:
        return len(self.customer_city)

    @property
    def n_merchants(self) -> int:
        return len(self.merchant_city)

    @classmethod
    def from_frames(cls, customers: pl.DataFrame, merchants: pl.DataFrame) -> Population:
        if customers.is_empty() or merchants.is_empty():
            raise ValueError("transactions need at least one customer and one merchant")
        customers = customers.sort("customer_id")
        merchants = merchants.sort("merchant_id")
        customer_city = _city_index(customers["city"])
        merchant_city = _city_index(merchants["city"])
        category_index = {name: i for i, name in enumerate(ref.CATEGORY_NAMES)}
        merchant_category = np.array([category_index[c] for c in merchants["category"]])
        by_city = np.argsort(merchant_city, kind="stable")
        offsets = np.searchsorted(merchant_city[by_city], np.arange(len(ref.CITIES) + 1))
        mules = np.flatnonzero(customers["is_mule"].to_numpy())
        colluding = np.flatnonzero(merchants["is_colluding"].to_numpy())
        return cls(
            customer_ids=customers["customer_id"],
            customer_city=customer_city,
            customer_lat=customers["latitude"].to_numpy(),
            customer_lon=customers["longitude"].to_numpy(),
            customer_rate=customers["daily_txn_rate"].to_numpy(),
            customer_income_factor=(customers["monthly_income_inr"].to_numpy() / 30000.0) ** 0.3,
            device_ids=customers["primary_device_id"],
            # without mules or colluders the ring scenarios fall back to ordinary accounts
            mules=mules if len(mules) else np.arange(len(customers)),
            merchant_ids=merchants["merchant_id"],
            merchant_category=merchant_category,
            merchant_lat=merchants["latitude"].to_numpy(),
            merchant_lon=merchants["longitude"].to_numpy(),
            merchant_city=merchant_city,
            city_merchants=by_city,
            city_offsets=offsets,
            colluding=colluding if len(colluding) else np.arange(len(merchants)),
            online=np.flatnonzero(np.isin(merchant_category, ref.ONLINE_CATEGORY_CODES)),
        )

    def merchants_in(self, rng: np.random.Generator, city: np.ndarray) -> np.ndarray:
        """A random merchant in each given city, or anywhere when the city has none."""
        start = self.city_offsets[city]
        count = self.city_offsets[city + 1] - start
        anywhere = rng.integers(0, self.n_merchants, len(city))
        local = self.city_merchants[
            np.minimum(
                start + (rng.random(len(city)) * count).astype(np.int64), self.n_merchants - 1
            )
        ]
        return np.where(count > 0, local, anywhere)


def _city_index(cities: pl.Series) -> np.ndarray:
    unknown = set(cities.unique()) - set(_CITY_INDEX)
    if unknown:
        raise ValueError(f"city: not in the reference cities: {sorted(unknown)[:5]}")
    return cities.replace_strict(_CITY_INDEX, return_dtype=pl.Int64).to_numpy()
