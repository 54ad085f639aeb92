"""A day of transactions under construction, as parallel NumPy arrays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import polars as pl

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS

FRAUD_NAMES = list(FRAUD_SCENARIOS)
ANOMALY_NAMES = list(ANOMALY_SCENARIOS)
MICROS_PER_DAY = 86_400_000_000
_IST_OFFSET_MICROS = 19_800_000_000  # Asia/Kolkata is UTC+05:30 all year


@dataclass
class DayDraft:
    customer: np.ndarray  # customer index
    micros: np.ndarray  # microseconds since local midnight
    channel: np.ndarray  # index into reference.CHANNEL_NAMES
    merchant: np.ndarray  # merchant index, -1 for none
    counterparty: np.ndarray  # payee customer index for P2P, -1 for none
    amount: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    city: np.ndarray
    new_device: np.ndarray
    fraud: np.ndarray  # index into FRAUD_NAMES, -1 for genuine
    anomaly: np.ndarray  # index into ANOMALY_NAMES, -1 for usual

    def __len__(self) -> int:
        return len(self.customer)

    def extend(self, other: DayDraft) -> None:
        for f in fields(self):
            setattr(self, f.name, np.concatenate([getattr(self, f.name), getattr(other, f.name)]))

    def take(self, rows: np.ndarray) -> DayDraft:
        return DayDraft(**{f.name: getattr(self, f.name)[rows].copy() for f in fields(self)})

    def to_frame(self, pop: Population, day: dt.date) -> pl.DataFrame:
        """The rows in time order, with ids ``T<yyyymmdd><sequence>`` in that order."""
        d = self.take(np.lexsort((self.customer, self.micros)))
        n = len(d)
        epoch_day = (day - dt.date(1970, 1, 1)).days
        utc_micros = epoch_day * MICROS_PER_DAY - _IST_OFFSET_MICROS + d.micros
        sequence = pl.Series(np.arange(n)).cast(pl.String).str.zfill(8)
        has_merchant = pl.Series(d.merchant >= 0)
        merchant = np.maximum(d.merchant, 0)
        return pl.DataFrame(
            {
                "transaction_id": f"T{day:%Y%m%d}" + sequence,
                "partition_date": pl.repeat(day, n, eager=True, dtype=pl.Date),
                "timestamp": pl.Series(utc_micros).cast(pl.Datetime("us", "UTC")),
                "customer_id": pop.customer_ids.gather(d.customer),
                "merchant_id": pop.merchant_ids.gather(merchant),
                "counterparty_customer_id": pop.customer_ids.gather(np.maximum(d.counterparty, 0)),
                "channel": _labels(ref.CHANNEL_NAMES, d.channel),
                "merchant_category": _labels(ref.CATEGORY_NAMES, pop.merchant_category[merchant]),
                "amount": np.round(np.maximum(d.amount, 1.0), 2),
                "currency": pl.repeat("INR", n, eager=True),
                "city": _labels(ref.CITY_NAMES, d.city),
                "state": _labels(ref.CITY_STATES, d.city),
                "latitude": np.round(d.lat, 6),  # about 0.1 m
                "longitude": np.round(d.lon, 6),
                "device_id": pop.device_ids.gather(d.customer),
                "is_fraud": d.fraud >= 0,
                "fraud_type": _labels(FRAUD_NAMES, d.fraud),
                "is_anomaly": d.anomaly >= 0,
                "anomaly_type": _labels(ANOMALY_NAMES, d.anomaly),
            }
        ).with_columns(
            merchant_id=pl.when(has_merchant).then("merchant_id"),
            merchant_category=pl.when(has_merchant).then("merchant_category"),
            counterparty_customer_id=pl.when(pl.Series(d.counterparty >= 0)).then(
                "counterparty_customer_id"
            ),
            # a fraudster's device: one per hijacked payment
            device_id=pl.when(pl.Series(d.new_device))
            .then(f"X{day:%Y%m%d}" + sequence)
            .otherwise("device_id"),
        )


def _labels(names, codes: np.ndarray) -> pl.Series:
    """The name of each code; code -1 gives null."""
    lookup = pl.Series([*names, None], dtype=pl.String)
    return lookup.gather(np.where(codes < 0, len(names), codes))
