"""Account events of a day: what customers do in their banking apps besides paying.

Everybody has them: a login before a session of payments, a new phone bound to the
account, a SIM replaced, a forgotten PIN reset, a beneficiary added before a first
account transfer to someone new, collect requests from shops and friends. They are derived from
the day's rendered payments and the customers' handsets, so they line up with the
payments in time and device. Rates are assumptions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from synfinance_assets.core.clock import (
    MICROS_PER_DAY,
    MICROS_PER_HOUR,
    day_number,
    minutes_between,
    utc_micros,
)
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.core.ordering import order_by
from synfinance_assets.sim.anomalies import ANOMALY_NAMES
from synfinance_assets.sim.devices import Handsets
from synfinance_assets.sim.draft import CHANNEL, DECLINE, NOT_CARD, DayDraft
from synfinance_assets.sim.everyday import HOURLY_CUMULATIVE
from synfinance_assets.sim.fraud.typology import CaseEvents
from synfinance_assets.sim.households import relatives_sharing_their_phone
from synfinance_assets.sim.render import RenderedDay
from synfinance_assets.sim.world import World, case_labels, device_labels, padded_labels

EVENT_TYPES = (
    "login",
    "device_binding",
    "sim_change",
    "upi_pin_reset",
    "password_reset",
    "beneficiary_added",
    "upi_collect_request",
)
EVENT = {name: i for i, name in enumerate(EVENT_TYPES)}
SESSION_GAP = 2 * MICROS_PER_HOUR  # payments closer than this share one login
IDLE_LOGIN_RATE = 0.12  # customers who open the app without paying, per day
PIN_RESET_RATE = 0.0015  # per customer and day, besides those after a wrong PIN
PIN_RESET_AFTER_WRONG_PIN = 0.12
PASSWORD_RESET_RATE = 0.0015  # a forgotten password, about one person in 20 a month (assumption)
NEW_BENEFICIARY_SHARE = 0.15  # account transfers to a person that need one first
COLLECT_REQUEST_RATE = 0.03  # requests declined or left to expire, per customer and day
# payments approved from a collect request the payee sent: a friend's share of a bill, an
# online shop's UPI checkout (assumptions)
APPROVED_COLLECT_SHARE = {CHANNEL["upi_p2p"]: 0.12, CHANNEL["upi_p2m"]: 0.06}
RESET_ON_NEW_PHONE = 0.35  # a forgotten password or PIN, reset on the new phone
REBIND_AFTER_SIM_CHANGE = 0.6  # UPI apps ask to verify the number again
SIM_CHANGE_OVERNIGHT = 0.25  # number ports and e-SIM switches completed out of shop hours
NEW_PHONE_ANOMALY = ANOMALY_NAMES.index("new_phone")
EVENT_COLUMNS = [
    "event_id",
    "customer_id",
    "timestamp",
    "partition_date",
    "event_type",
    "device_id",
    "fraud_case_id",
]


def account_events(world: World, rendered: RenderedDay, day: dt.date) -> pl.DataFrame:
    """The day's account events, in time order, ids ``E<yyyymmdd><sequence>``."""
    today = day_number(day)
    stream = KeyedStream(world.seed, "account_events")
    draft = rendered.payments
    parts = [
        _of_fraud_cases(rendered.case_events),
        _new_phones(draft, stream),
        _logins(draft),
        _after_declines(draft, stream),
        _beneficiaries(draft, stream),
        _approved_requests(draft, stream),
        _handset_changes(world, today),
        _spontaneous(world, today, stream),
    ]
    customer = np.concatenate([p[0] for p in parts])
    micros = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([p[2] for p in parts])
    device = np.concatenate([p[3] for p in parts])
    case = np.concatenate([p[4] for p in parts])
    own_phone = np.flatnonzero(device == 0)  # events that do not follow a payment
    device[own_phone] = Handsets(world.seed).phone(customer[own_phone], today)
    # time, then kind; the rare exact ties keep the parts' order
    order = order_by(micros * len(EVENT_TYPES) + kind)
    n = len(order)
    return pl.DataFrame(
        {
            "event_id": padded_labels(f"E{day:%Y%m%d}", np.arange(n), 8),
            "customer_id": world.customer_ids.gather(customer[order]),
            "timestamp": pl.Series(utc_micros(day, micros[order])).cast(pl.Datetime("us", "UTC")),
            "partition_date": pl.repeat(day, n, eager=True, dtype=pl.Date),
            "event_type": pl.Series(EVENT_TYPES, dtype=pl.Enum(EVENT_TYPES)).gather(kind[order]),
            "device_id": device_labels(device[order]),
            "fraud_case_id": case_labels(case[order]),
        }
    )


def _events(customer, micros, kind, device=None, case=None):
    """Event columns; an event pushed past midnight (or before it) belongs to another day's
    partition and is left out of this one, never pinned to the day's edge."""
    n = len(customer)
    columns = (
        customer.astype(np.int64),
        micros.astype(np.int64),
        np.full(n, EVENT[kind], np.int64),
        np.zeros(n, np.uint64) if device is None else device,
        np.full(n, -1, np.int64) if case is None else case,
    )
    inside = (columns[1] >= 0) & (columns[1] < MICROS_PER_DAY)
    return tuple(column[inside] for column in columns)


def _of_fraud_cases(events: CaseEvents):
    """What fraud cases do to accounts before their payments: a SIM swapped, the
    fraudster's phone bound, a collect request sent, a beneficiary added."""
    kind = np.array([EVENT[name] for name in events.kind], dtype=np.int64)
    return (
        events.customer.astype(np.int64),
        events.micros.astype(np.int64),
        kind,
        events.device.astype(np.uint64),
        events.case.astype(np.int64),
    )


def _logins(draft: DayDraft):
    """One login before each session of payments made in the bank's or a UPI app (a card is
    authorised by its network, without one): payments closer than SESSION_GAP."""
    in_app = np.flatnonzero(draft.card == NOT_CARD)
    order = in_app[order_by(draft.customer[in_app], draft.micros[in_app])]
    who, when = draft.customer[order], draft.micros[order]
    starts = np.r_[True, (who[1:] != who[:-1]) | (when[1:] - when[:-1] > SESSION_GAP)]
    rows = order[starts]
    lead = 10_000_000 + (draft.key[rows] % np.uint64(290_000_000)).astype(np.int64)
    return _events(
        draft.customer[rows], draft.micros[rows] - lead, "login", draft.device[rows],
        draft.case[rows],
    )  # fmt: skip


def _after_declines(draft: DayDraft, stream: KeyedStream):
    wrong_pin = np.flatnonzero(draft.decline == DECLINE["wrong_pin"])
    keys = draft.key[wrong_pin]
    resets = wrong_pin[stream.uniform(keys, 0) < PIN_RESET_AFTER_WRONG_PIN]
    later = (stream.uniform(draft.key[resets], 1) * MICROS_PER_HOUR).astype(np.int64)
    return _events(
        draft.customer[resets], draft.micros[resets] + later, "upi_pin_reset",
        draft.device[resets], draft.case[resets],
    )  # fmt: skip


def _beneficiaries(draft: DayDraft, stream: KeyedStream):
    transfer = np.flatnonzero((draft.channel == CHANNEL["net_banking"]) & (draft.counterparty >= 0))
    rows = transfer[stream.uniform(draft.key[transfer], 2) < NEW_BENEFICIARY_SHARE]
    before = (60_000_000 + stream.uniform(draft.key[rows], 3) * 1_800_000_000).astype(np.int64)
    return _events(
        draft.customer[rows], draft.micros[rows] - before, "beneficiary_added",
        draft.device[rows], draft.case[rows],
    )  # fmt: skip


def _approved_requests(draft: DayDraft, stream: KeyedStream):
    """Genuine payments made by approving the payee's collect request, sent minutes
    before (online shops' checkouts, friends asking for their share)."""
    share = np.zeros(len(draft))
    for channel, approved in APPROVED_COLLECT_SHARE.items():
        share[draft.channel == channel] = approved
    asked = np.flatnonzero((share > 0) & (draft.case < 0))
    rows = asked[stream.uniform(draft.key[asked], 5) < share[asked]]
    before = minutes_between(stream.uniform(draft.key[rows], 6), 1, 45)
    return _events(draft.customer[rows], draft.micros[rows] - before, "upi_collect_request",
                   draft.device[rows])  # fmt: skip


def _handset_changes(world: World, today: int):
    """A new phone is bound to the account, often after a forgotten password or PIN is
    reset on it; a replaced SIM is often followed by binding the phone again."""
    handsets = Handsets(world.seed)
    everyone = np.arange(world.n_customers)
    stream = KeyedStream(world.seed, "handset_change_times")
    live = ~world.customers.dormant
    parts = []
    new_phone = np.flatnonzero(handsets.phone_changed(everyone, today) & live)
    rows = stream.rows(new_phone, today, EVENT["device_binding"])
    bound = _in_daily_rhythm(world, new_phone, stream.uniform(rows, 0), stream.uniform(rows, 5))
    parts.append(_events(new_phone, bound, "device_binding"))
    reset = stream.uniform(rows, 1) < RESET_ON_NEW_PHONE
    reset_kind = stream.uniform(rows, 2) < 0.5
    lead = minutes_between(stream.uniform(rows, 3), 2, 40)
    for kind, chosen in (
        ("password_reset", reset & reset_kind),
        ("upi_pin_reset", reset & ~reset_kind),
    ):
        parts.append(_events(new_phone[chosen], (bound - lead)[chosen], kind))
    new_sim = np.flatnonzero(handsets.sim_changed(everyone, today) & live)
    rows = stream.rows(new_sim, today, EVENT["sim_change"])
    # a replacement SIM starts working while the shop is open; a ported number or an
    # e-SIM often switches over in the night
    overnight = stream.uniform(rows, 6) < SIM_CHANGE_OVERNIGHT
    hour = np.where(
        overnight, (21 + stream.uniform(rows, 0) * 12) % 24, 9 + stream.uniform(rows, 0) * 12
    )
    swapped = (hour * MICROS_PER_HOUR).astype(np.int64)
    parts.append(_events(new_sim, swapped, "sim_change"))
    rebind = stream.uniform(rows, 1) < REBIND_AFTER_SIM_CHANGE
    again = swapped + minutes_between(stream.uniform(rows, 2), 10, 180)
    parts.append(_events(new_sim[rebind], again[rebind], "device_binding"))
    # whoever pays from a relative's phone binds the relative's new phone as well
    sharer, relative = relatives_sharing_their_phone(world)
    changed = handsets.phone_changed(relative, today) & live[sharer]
    sharer, relative = sharer[changed], relative[changed]
    their_rows = stream.rows(relative, today, EVENT["device_binding"])
    their_bound = _in_daily_rhythm(
        world, relative, stream.uniform(their_rows, 0), stream.uniform(their_rows, 5)
    )
    later = minutes_between(stream.uniform(stream.rows(sharer, today, 99), 0), 5, 180)
    bound = their_bound + later
    parts.append(_events(sharer, bound, "device_binding", handsets.phone(relative, today)))
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def _in_daily_rhythm(world: World, who: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Microseconds after midnight on the payments' daily curve, in each customer's own
    rhythm: people open their banking apps when they pay, at any hour they are awake."""
    hour = np.searchsorted(HOURLY_CUMULATIVE, u * HOURLY_CUMULATIVE[-1])
    hour = (hour + world.customers.chronotype[who]) % 24
    return hour * MICROS_PER_HOUR + (v * MICROS_PER_HOUR).astype(np.int64)


def _new_phones(draft: DayDraft, stream: KeyedStream):
    """A payment from a phone the customer has just started using follows its binding."""
    rows = np.flatnonzero(draft.anomaly == NEW_PHONE_ANOMALY)
    lead = minutes_between(stream.uniform(draft.key[rows], 4), 1, 150)
    return _events(
        draft.customer[rows], draft.micros[rows] - lead, "device_binding", draft.device[rows]
    )


def _spontaneous(world: World, today: int, stream: KeyedStream):
    """Events that do not follow a payment: idle logins, resets, collect requests."""
    live = np.flatnonzero(~world.customers.dormant)
    rows = stream.rows(live, today)
    parts = []
    for draw, (kind, rate) in enumerate(
        (
            ("login", IDLE_LOGIN_RATE),
            ("upi_pin_reset", PIN_RESET_RATE),
            ("password_reset", PASSWORD_RESET_RATE),
            ("upi_collect_request", COLLECT_REQUEST_RATE),
        )
    ):
        happens = stream.uniform(rows, 10 + draw) < rate
        chosen = rows[happens]
        micros = _in_daily_rhythm(
            world,
            live[happens],
            stream.uniform(chosen, 20 + draw),
            stream.uniform(chosen, 30 + draw),
        )
        parts.append(_events(live[happens], micros, kind))
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))
