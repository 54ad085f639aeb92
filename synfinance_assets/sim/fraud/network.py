"""The fraud network: fraudsters and their phones, mule accounts, colluding merchants.

Roles live here, in the simulation, never in the published tables. Mule accounts are
ordinary customers with ordinary lives: the ring keeps a number of mule slots filled,
and each slot passes to a newly recruited account every few weeks (the old one is
abandoned), at its own phase, so the mules in use change all the time. Fraudsters are
people outside the bank's customer base who work from phones of their own, replaced
every couple of weeks and reused across their victims meanwhile. Every role is drawn
by keys of its own, so it never moves a genuine draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim.devices import device_identity
from synfinance_assets.sim.world import World

MULE_LIFE_DAYS = 10  # how long one account holds a mule slot before it is reported or dropped
# careful rings (hard difficulty) drop an account sooner and hold more at once, so that
# fewer victims pay any one of them
SHORTEST_MULE_LIFE_DAYS = 1
MOST_ACCOUNTS_PER_SLOT = 4
CUSTOMERS_PER_FRAUDSTER = 250
PHONE_LIFE_DAYS = 10  # how long a fraudster keeps a phone (assumption)
PHONES_AT_ONCE = 3
MIN_COLLECTING = 3  # merchant accounts collecting scam money, at least
# of the accounts that can collect scam money, those of shops with a counter (a kirana's QR
# code rented out, a shell shop's current account) rather than of online businesses
COUNTER_SHOPS = 0.55  # assumption
BUST_OUT_SHARE = 0.02  # of credit card holders, those who plan to max their card out


@lru_cache(maxsize=256)  # every case of the day, of every typology, asks again
def _slot_holders(seed: int, purpose: str, slots: int, life_days: int, candidates: int, day: int):
    """Which candidate holds each slot (of a mule, of a collecting account) on ``day``."""
    stream = KeyedStream(seed, purpose)
    slot = np.arange(slots)
    term = (day + stream.integers(stream.rows(slot), 0, life_days)) // life_days
    return stream.integers(stream.rows(slot, term), 1, candidates)


@dataclass(frozen=True, eq=False)  # one network is one object: hashed by identity
class FraudNetwork:
    seed: int
    # who can be recruited as a mule: anyone whose account is in use (a dormant account that
    # wakes up only to pass money on would be a mule by its silence alone)
    candidates: np.ndarray
    mule_slots: int
    colluding: np.ndarray  # merchant indices
    # merchant accounts that can collect scam money paid from the victim's phone (shell
    # companies behind a payment gateway, shops' QR codes), a few at a time, in turn
    collecting: np.ndarray
    collecting_slots: int
    fraudsters: int
    bust_out: np.ndarray  # customers who build a credit history to max it out once

    @classmethod
    def recruit(cls, world: World, mule_share: float, colluding_share: float) -> FraudNetwork:
        """``mule_share`` of the customers are mules at any one time; ``colluding_share`` of
        the merchants collude."""
        stream = KeyedStream(world.seed, "fraud_network")
        c = world.customers
        customers = np.arange(world.n_customers)
        merchants = np.arange(len(world.merchants))
        colluding = merchants[stream.uniform(stream.rows(merchants, 1), 0) < colluding_share]
        online = merchants[world.merchants.online]
        counter = merchants[~world.merchants.online]
        wanted = COUNTER_SHOPS / (1 - COUNTER_SHOPS) * len(online) / max(len(counter), 1)
        counter = counter[stream.uniform(stream.rows(counter, 4), 0) < wanted]
        collecting = np.concatenate([online, counter])
        credit = customers[~c.dormant & c.has_credit]
        bust_out = credit[stream.uniform(stream.rows(credit, 3), 0) < BUST_OUT_SHARE]
        return cls(
            seed=world.seed,
            candidates=customers[~c.dormant],
            mule_slots=max(2, round(mule_share * world.n_customers)),
            colluding=colluding if len(colluding) else merchants[:1],
            collecting=collecting if len(collecting) else merchants[:1],
            collecting_slots=max(MIN_COLLECTING, round(colluding_share * len(collecting))),
            fraudsters=max(4, world.n_customers // CUSTOMERS_PER_FRAUDSTER),
            bust_out=bust_out if len(bust_out) else (credit if len(credit) else customers)[:1],
        )

    def mules_on(self, day: int, imitation: float = 0.0) -> np.ndarray:
        """The accounts holding the mule slots on ``day`` (a day number). The closer the
        fraudsters imitate genuine traffic (``imitation``, the difficulty), the more
        accounts they spread victims over and the sooner they move on to fresh ones."""
        slots, life = _rotation(self.mule_slots, imitation)
        holders = _slot_holders(self.seed, "mule_slots", slots, life, len(self.candidates), day)
        return self.candidates[holders]

    def collecting_on(self, day: int, imitation: float = 0.0) -> np.ndarray:
        """The merchant accounts collecting scam money on ``day``, rotated as the mules are."""
        slots, life = _rotation(self.collecting_slots, imitation)
        holders = _slot_holders(
            self.seed, "collecting_slots", slots, life, len(self.collecting), day
        )
        return self.collecting[holders]

    def collecting_in(
        self, day: np.ndarray, city: np.ndarray, u: np.ndarray, shop_city: np.ndarray,
        imitation: float = 0.0,
    ) -> np.ndarray:  # fmt: skip
        """A collecting account in use on each ``day`` of a shop in each row's ``city``
        (``shop_city``: every merchant's city, -1 online), chosen by ``u``; -1 where the
        ring holds none there that day."""
        chosen = np.full(len(day), -1, dtype=np.int64)
        for one_day in np.unique(day):
            rows = np.flatnonzero(day == one_day)
            pool = np.unique(self.collecting_on(int(one_day), imitation))
            pool = pool[shop_city[pool] >= 0]
            pool = pool[np.argsort(shop_city[pool], kind="stable")]
            start = np.searchsorted(shop_city[pool], city[rows], side="left")
            count = np.searchsorted(shop_city[pool], city[rows], side="right") - start
            pick = start + (u[rows] * count).astype(np.int64)
            chosen[rows] = np.where(count > 0, pool[np.minimum(pick, len(pool) - 1)], -1)
        return chosen

    def mule_for(self, day: np.ndarray, u: np.ndarray, imitation: float = 0.0) -> np.ndarray:
        """A mule in use on each ``day``, chosen by ``u``."""
        return _one_of(lambda d: self.mules_on(d, imitation), day, u)

    def collecting_for(self, day: np.ndarray, u: np.ndarray, imitation: float = 0.0):
        """A merchant account collecting scam money on each ``day``, chosen by ``u``."""
        return _one_of(lambda d: self.collecting_on(d, imitation), day, u)

    def fraudster_phone(self, day: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The phone a fraudster works from on ``day``: fraudster by ``u``, one of the phones
        they hold then by ``v``."""
        stream = KeyedStream(self.seed, "fraudster_phones")
        who = (u * self.fraudsters).astype(np.int64)
        phase = stream.integers(stream.rows(who), 0, PHONE_LIFE_DAYS)
        term = (day + phase) // PHONE_LIFE_DAYS
        phone = term * PHONES_AT_ONCE + (v * PHONES_AT_ONCE).astype(np.int64)
        return device_identity(stream, who, phone)


def _rotation(base_slots: int, imitation: float) -> tuple[int, int]:
    """Slots and days an account holds one: careful rings use more accounts, each for less
    time (most of the shortening already at medium care)."""
    careful = min(max(imitation, 0.0), 1.0)
    life = round(MULE_LIFE_DAYS - (MULE_LIFE_DAYS - SHORTEST_MULE_LIFE_DAYS) * careful**0.5)
    return round(base_slots * (1 + (MOST_ACCOUNTS_PER_SLOT - 1) * careful)), life


def _one_of(pool_on, day: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each row, the member of ``pool_on(its day)`` that ``u`` picks."""
    chosen = np.empty(len(day), dtype=np.int64)
    for one_day in np.unique(day):
        rows = np.flatnonzero(day == one_day)
        pool = pool_on(int(one_day))
        chosen[rows] = pool[(u[rows] * len(pool)).astype(np.int64)]
    return chosen
