"""The fraud network: fraudsters and their phones, mule accounts, colluding merchants.

Roles live here, in the simulation, never in the published tables. Mules are ordinary
customers with ordinary lives who are recruited on a day of their own, used for a
while and then abandoned; fraudsters are people outside the bank's customer base who
work from a few phones of their own, reused across their victims. Every role is
drawn by keys of its own, so it never moves a genuine draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synfinance_assets.core.clock import PARTITIONS_START, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim.devices import device_identity
from synfinance_assets.sim.world import World

RECRUITING_DAYS = 730  # mules are recruited over two years from 60 days before the data
MULE_LIFE_DAYS = (20, 120)  # how long a mule account stays in use (assumption)
CUSTOMERS_PER_FRAUDSTER = 2_500
PHONES_PER_FRAUDSTER = 3


@dataclass(frozen=True)
class FraudNetwork:
    seed: int
    mules: np.ndarray  # customer indices
    mule_from: np.ndarray  # day number each mule is first used
    mule_until: np.ndarray  # day number after its last use
    colluding: np.ndarray  # merchant indices
    fraudsters: int
    bust_out: np.ndarray  # customers who build a credit history to max it out once

    @classmethod
    def recruit(cls, world: World, mule_share: float, colluding_share: float) -> FraudNetwork:
        stream = KeyedStream(world.seed, "fraud_network")
        customers = np.arange(world.n_customers)
        merchants = np.arange(len(world.merchants))
        rows = stream.rows(customers)
        live = ~world.customers.dormant
        mules = customers[live & (stream.uniform(rows, 0) < mule_share)]
        if not len(mules):  # a tiny world still needs somewhere for money to go
            mules = customers[:1]
        mule_rows = stream.rows(mules, 7)
        start = day_number(PARTITIONS_START) - 60
        mule_from = start + (stream.uniform(mule_rows, 1) * RECRUITING_DAYS).astype(np.int64)
        low, high = MULE_LIFE_DAYS
        life = (low + stream.uniform(mule_rows, 2) * (high - low)).astype(np.int64)
        colluding = merchants[stream.uniform(stream.rows(merchants, 1), 0) < colluding_share]
        bust_out = customers[
            live & world.customers.has_credit & (stream.uniform(rows, 3) < mule_share / 4)
        ]
        return cls(
            seed=world.seed,
            mules=mules,
            mule_from=mule_from,
            mule_until=mule_from + life,
            colluding=colluding if len(colluding) else merchants[:1],
            fraudsters=max(4, world.n_customers // CUSTOMERS_PER_FRAUDSTER),
            bust_out=bust_out if len(bust_out) else customers[world.customers.has_credit][:1],
        )

    def mule_for(self, start_day: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A mule in use on each ``start_day`` (any mule if none is), chosen by ``u``."""
        chosen = np.empty(len(start_day), dtype=np.int64)
        for day in np.unique(start_day):
            rows = np.flatnonzero(start_day == day)
            active = self.mules[(self.mule_from <= day) & (day < self.mule_until)]
            pool = active if len(active) else self.mules
            chosen[rows] = pool[(u[rows] * len(pool)).astype(np.int64)]
        return chosen

    def fraudster_phone(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The phone a fraudster works from: fraudster by ``u``, one of their phones by ``v``."""
        who = (u * self.fraudsters).astype(np.int64)
        phone = (v * PHONES_PER_FRAUDSTER).astype(np.int64)
        return device_identity(KeyedStream(self.seed, "fraudster_phones"), who, phone)
