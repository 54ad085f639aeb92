"""What every fraud typology shares: how it is described, and how it renders its cases.

A typology renders a batch of cases, each planned on a start day with its own key,
into payments and account events over the days of the case (``offset`` days after
the start). It never sees the current day: the planner renders every case that can
still have rows today and keeps today's, so each day stays a pure function of
(seed, date) and a case looks the same from every day it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim.draft import DayDraft
from synfinance_assets.sim.fraud.network import FraudNetwork
from synfinance_assets.sim.world import World


@dataclass(frozen=True)
class CaseBatch:
    """The cases of one typology that may have rows today."""

    world: World
    network: FraudNetwork
    stream: KeyedStream
    key: np.ndarray  # uint64 per case
    start: np.ndarray  # day number each case starts
    victim: np.ndarray  # customer index: the person the case strikes
    imitation: float  # 0..1: how closely fraudsters copy their victims' habits (difficulty)

    def __len__(self) -> int:
        return len(self.key)

    def u(self, draw: int) -> np.ndarray:
        return self.stream.uniform(self.key, draw)

    def count(self, draw: int, low: int, high: int) -> np.ndarray:
        """An integer per case in [low, high]."""
        return low + self.stream.integers(self.key, draw, high - low + 1)

    def mule_for(self, day: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A mule account in use on each ``day``, chosen by ``u``, as careful as the cases."""
        return self.network.mule_for(day, u, self.imitation)

    def collecting_for(
        self, day: np.ndarray, u: np.ndarray, near: np.ndarray, v: np.ndarray
    ) -> np.ndarray:
        """A merchant account collecting scam money on each ``day``, chosen by ``u``; where
        ``v`` falls below the cases' imitation, the account of a shop of the city ``near``
        when the ring holds one there (a local crew renting a neighbourhood shop's QR
        code)."""
        chosen = self.network.collecting_for(day, u, self.imitation)
        m = self.world.merchants
        shop_city = np.where(m.online, -1, m.city)
        local = self.network.collecting_in(day, near, u, shop_city, self.imitation)
        return np.where((local >= 0) & (v < self.imitation), local, chosen)

    def steps(self, counts: np.ndarray) -> Steps:
        """``counts[i]`` rows for case i, each with its own key."""
        case = np.repeat(np.arange(len(self)), counts)
        step = np.arange(len(case)) - np.repeat(np.cumsum(counts) - counts, counts)
        return Steps(
            self.stream, case, step, self.stream.rows(self.key[case], step), self.imitation
        )


@dataclass(frozen=True)
class Steps:
    """Rows of cases: which case, which step of it, and the row's key."""

    stream: KeyedStream
    case: np.ndarray
    step: np.ndarray
    key: np.ndarray
    imitation: float

    def __len__(self) -> int:
        return len(self.case)

    def u(self, draw: int) -> np.ndarray:
        return self.stream.uniform(self.key, draw)

    def z(self, draw: int) -> np.ndarray:
        return self.stream.normal(self.key, draw)


@dataclass
class CaseEvents:
    """Account events of cases: a SIM change, a new phone bound, a collect request..."""

    case: np.ndarray
    offset: np.ndarray
    customer: np.ndarray
    micros: np.ndarray
    kind: np.ndarray  # event type names
    device: np.ndarray  # uint64, 0 for the customer's own phone

    @classmethod
    def of(cls, steps: Steps, offset, customer, micros, kind: str, device=None) -> CaseEvents:
        n = len(steps)
        return cls(
            steps.case,
            np.broadcast_to(offset, n).astype(np.int64),
            np.asarray(customer, np.int64),
            np.asarray(micros, np.int64),
            np.full(n, kind, dtype=object),
            np.zeros(n, np.uint64) if device is None else np.asarray(device, np.uint64),
        )

    @classmethod
    def join(cls, parts: list[CaseEvents]) -> CaseEvents:
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in _EVENT_FIELDS))

    @classmethod
    def none(cls) -> CaseEvents:
        empty = np.zeros(0, np.int64)
        return cls(empty, empty, empty, empty, np.zeros(0, object), np.zeros(0, np.uint64))

    def take(self, rows: np.ndarray) -> CaseEvents:
        return CaseEvents(*(getattr(self, f)[rows] for f in _EVENT_FIELDS))


_EVENT_FIELDS = ("case", "offset", "customer", "micros", "kind", "device")


@dataclass
class CaseRows:
    """What a batch of cases renders: payments (with their case and day offset) and events."""

    payments: DayDraft
    case: np.ndarray
    offset: np.ndarray
    events: CaseEvents


@dataclass(frozen=True)
class Typology:
    name: str
    description: str
    severity: str
    default_share: float  # of fraud rows, in the default mix
    horizon_days: int  # a case started on day s has rows on s .. s + horizon_days - 1
    rows_per_case: float  # on average, to turn a share of rows into a number of cases
    exposure: Callable[[World], np.ndarray]  # each customer's weight as a victim
    render: Callable[[CaseBatch], CaseRows]
    report_delay_hours: float  # median time from the case's last payment to the report
    never_reported: float  # share of cases nobody reports
    characteristics: dict = field(default_factory=dict)
