"""The day's fraud: every case of every typology that has rows on the day.

Cases of a typology are planned per start day: their number is a keyed Poisson draw of
(seed, typology, start day), each case is keyed by (start day, number) and its victim
is drawn by that key, weighted by the typology's exposure. A day renders the cases
started on it and on the days before it within the typology's horizon, and keeps
their rows that fall on it. Nothing depends on another typology or on genuine draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_DAY, MICROS_PER_HOUR, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import reference as ref
from synfinance_assets.sim.draft import DayDraft
from synfinance_assets.sim.everyday import ACTIVITY_SCALE
from synfinance_assets.sim.fraud.network import FraudNetwork
from synfinance_assets.sim.fraud.typologies import TYPOLOGIES
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology
from synfinance_assets.sim.scenarios import FRAUD_SCENARIOS, normalised_mix
from synfinance_assets.sim.world import World

FRAUD_NAMES = list(FRAUD_SCENARIOS)
# How closely fraudsters copy their victims' hours, amounts, places and pacing, by difficulty
# preset: 0 keeps each typology's own habits, 1 would make them the victim's, and below 0
# exaggerates them (fraud easier to see than real fraud).
IMITATION = {"easy": -1.0, "medium": 0.55, "hard": 0.95}
CASES_PER_START_DAY = 100_000  # case ids: start day, typology, number that day


@dataclass
class FraudDay:
    payments: DayDraft
    events: CaseEvents  # ``case`` holds the global case number; ``offset`` is 0


def fraud_day(
    world: World,
    network: FraudNetwork,
    day: dt.date,
    rate: float,
    mix: dict[str, float],
    difficulty: str = "medium",
) -> FraudDay:
    """The fraud rows and case events of ``day``: about ``rate`` of all rows, split by ``mix``
    (shares of rows), with fraudsters imitating their victims as ``difficulty`` says."""
    if difficulty not in IMITATION:
        raise ValueError(f"difficulty: unknown preset {difficulty!r}; known: {list(IMITATION)}")
    names, shares = normalised_mix(mix, FRAUD_SCENARIOS, "fraud_mix")
    rows_per_day = _genuine_rows_per_day(world) * rate / max(1.0 - rate, 1e-9)
    today = day_number(day)
    payments, events = [], []
    for name, share in zip(names, shares, strict=True):
        typology = TYPOLOGIES[name]
        batch = _cases(world, network, typology, today, rows_per_day * share, IMITATION[difficulty])
        rendered = _within_days(typology.render(batch))
        code = FRAUD_NAMES.index(name)
        case_number = batch.start * CASES_PER_START_DAY * 100 + code * CASES_PER_START_DAY + (
            _number_within_start(batch.start))  # fmt: skip
        reported_at = _report_times(typology, batch, rendered)
        on_day = np.flatnonzero(batch.start[rendered.case] + rendered.offset == today)
        draft = rendered.payments.take(on_day)
        draft.fraud[:] = code
        draft.case = case_number[rendered.case[on_day]]
        paid_at = today * MICROS_PER_DAY + draft.micros
        report = reported_at[rendered.case[on_day]]
        draft.reported_after = np.where(report >= 0, np.maximum(report - paid_at, 0), -1)
        payments.append(draft)
        ev = rendered.events
        ev = ev.take(np.flatnonzero(batch.start[ev.case] + ev.offset == today))
        ev.case = case_number[ev.case]
        events.append(ev)
    return FraudDay(DayDraft.concat(payments), CaseEvents.join(events))


def _cases(
    world, network, typology: Typology, today: int, rows_per_day: float, imitation: float
) -> CaseBatch:
    stream = KeyedStream(world.seed, f"fraud:{typology.name}")
    # a case's rows may spill a day past its horizon, and its events start the day before
    starts = np.arange(today - typology.horizon_days, today + 2)
    season = np.array([ref.monthly_index(_date(s)) for s in starts])
    mean = rows_per_day * season / typology.rows_per_case
    counts = stream.poisson(stream.rows(starts), 0, mean)
    start = np.repeat(starts, counts)
    number = _number_within_start(start)
    key = stream.rows(start, number)
    exposure = _cumulative_exposure(world, typology.name)
    victim = np.searchsorted(exposure, stream.uniform(key, 0) * exposure[-1], side="right")
    victim = np.minimum(victim, world.n_customers - 1)
    return CaseBatch(world, network, stream, key, start, victim, imitation)


def _within_days(rows: CaseRows) -> CaseRows:
    """Times past midnight (or before it) moved to the next (or previous) day."""
    payment_days, event_days = (p.micros // MICROS_PER_DAY for p in (rows.payments, rows.events))
    rows.payments.micros = rows.payments.micros - payment_days * MICROS_PER_DAY
    rows.offset = rows.offset + payment_days
    rows.events.micros = rows.events.micros - event_days * MICROS_PER_DAY
    rows.events.offset = rows.events.offset + event_days
    return rows


@lru_cache(maxsize=2 * len(TYPOLOGIES))
def _cumulative_exposure(world: World, name: str) -> np.ndarray:
    """Each typology's victim weights over the world's customers, summed (kept per world)."""
    return np.cumsum(TYPOLOGIES[name].exposure(world))


def _number_within_start(start: np.ndarray) -> np.ndarray:
    """0, 1, 2 ... within each run of equal (sorted) start days."""
    if not len(start):
        return np.zeros(0, np.int64)
    first = np.r_[0, np.flatnonzero(np.diff(start)) + 1]
    runs = np.diff(np.r_[first, len(start)])
    return np.arange(len(start)) - np.repeat(first, runs)


def _report_times(typology: Typology, batch: CaseBatch, rendered) -> np.ndarray:
    """When each case is reported (absolute microseconds), -1 for never: a delay after the
    case's last payment, the same for all its rows."""
    paid = (batch.start[rendered.case] + rendered.offset) * MICROS_PER_DAY
    paid = paid + rendered.payments.micros
    last = np.full(len(batch), np.iinfo(np.int64).min)
    np.maximum.at(last, rendered.case, paid)
    delay = typology.report_delay_hours * np.exp(1.0 * batch.stream.normal(batch.key, 90))
    reported = batch.u(91) >= typology.never_reported
    return np.where(reported & (last > 0), last + (delay * MICROS_PER_HOUR).astype(np.int64), -1)


def _genuine_rows_per_day(world: World) -> float:
    """The world's genuine payments on an average day (the base fraud is a share of)."""
    c = world.customers
    return float(ACTIVITY_SCALE * c.activity[~c.dormant].sum())


def _date(number: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(number))
