"""The day's fraud: every case of every typology that has rows on the day.

Cases of a typology are planned per start day: their number is a keyed Poisson draw of
(seed, typology, start day), each case is keyed by (start day, number) and its victim
is drawn by that key, weighted by the typology's exposure. A day renders the cases
started on it and on the days before it within the typology's horizon, and keeps
their rows that fall on it. Nothing depends on another typology or on genuine draws.
The cases of a start day are rendered once per process and reused by the later days of
their horizon: a memo of a pure function, so a day alone gives the same rows.
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
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.network import FraudNetwork
from synfinance_assets.sim.fraud.typologies import TYPOLOGIES
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology
from synfinance_assets.sim.scenarios import FRAUD_SCENARIOS, normalised_mix
from synfinance_assets.sim.world import World

FRAUD_NAMES = list(FRAUD_SCENARIOS)
# How closely fraudsters copy their victims' hours, amounts, places and pacing, by difficulty
# preset: 0 keeps each typology's own habits, 1 would make them the victim's, and below 0
# exaggerates them (fraud easier to see than real fraud).
IMITATION = {"easy": -1.0, "medium": 0.55, "hard": 1.0}
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
        # a case's rows may spill a day past its horizon, and its events start the day before
        for start in range(today - typology.horizon_days, today + 2):
            planned = _planned(world, network, name, start, rows_per_day * share,
                               IMITATION[difficulty])  # fmt: skip
            rows, case_number, reported_at = planned.rows, planned.case_number, planned.reported_at
            on_day = np.flatnonzero(start + rows.offset == today)
            draft = rows.payments.take(on_day)
            draft.fraud[:] = FRAUD_NAMES.index(name)
            draft.case = case_number[rows.case[on_day]]
            kit.where_payers_are(world, draft, day)
            paid_at = today * MICROS_PER_DAY + draft.micros
            report = reported_at[rows.case[on_day]]
            draft.reported_after = np.where(report >= 0, np.maximum(report - paid_at, 0), -1)
            payments.append(draft)
            ev = rows.events.take(np.flatnonzero(start + rows.events.offset == today))
            ev.case = case_number[ev.case]
            events.append(ev)
    return FraudDay(DayDraft.concat(payments), CaseEvents.join(events))


@dataclass(frozen=True)
class _PlannedCases:
    rows: CaseRows  # every row of the cases, whichever day it falls on (offset from start)
    case_number: np.ndarray
    reported_at: np.ndarray  # absolute microseconds, -1 for never


# Cases started on one day are rendered once and kept while later days of their horizon
# are rendered (a pure function of its arguments, so keeping it changes no row).
@lru_cache(maxsize=512)
def _planned(
    world: World, network: FraudNetwork, name: str, start: int, rows_per_day: float,
    imitation: float,
) -> _PlannedCases:  # fmt: skip
    """The cases of typology ``name`` started on day number ``start``, rendered."""
    typology = TYPOLOGIES[name]
    batch = _cases(world, network, typology, start, rows_per_day, imitation)
    rows = _within_days(typology.render(batch))
    code = FRAUD_NAMES.index(name)
    case_number = start * CASES_PER_START_DAY * 100 + code * CASES_PER_START_DAY + (
        np.arange(len(batch)))  # fmt: skip
    return _PlannedCases(rows, case_number, _report_times(typology, batch, rows))


def _cases(
    world, network, typology: Typology, start_day: int, rows_per_day: float, imitation: float
) -> CaseBatch:
    stream = KeyedStream(world.seed, f"fraud:{typology.name}")
    mean = rows_per_day * ref.monthly_index(_date(start_day)) / typology.rows_per_case
    count = int(stream.poisson(stream.rows(np.array([start_day])), 0, np.array([mean]))[0])
    start = np.full(count, start_day, dtype=np.int64)
    key = stream.rows(start, np.arange(count))
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
