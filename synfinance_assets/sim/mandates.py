"""Payments that recur on a schedule: rent, loan EMIs, SIPs, utility bills, recharges.

They are paid whatever the customer's mood, on their own day of the month (or, for
prepaid recharges, every 28 days), to the same payee: the landlord in the customer's
circle, their lender, their fund house, their electricity board, their operator.
Rent, EMI, SIP and the recharge plan are the same amount every time; the electricity
bill varies around the customer's usual. Only dormant accounts skip them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_HOUR, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.amounts import (
    MOBILE_PLAN_WEIGHTS,
    MOBILE_PLANS,
    from_price_list,
    lognormal,
)
from synfinance_assets.sim.draft import CHANNEL, NOT_CARD, ONLINE, DayDraft
from synfinance_assets.sim.everyday import UPI_LIMIT_P2P
from synfinance_assets.sim.world import World

RECHARGE_CYCLE_DAYS = 28
MANDATES = ("rent", "emi", "sip", "bill", "recharge")


def scheduled_payments(world: World, day: dt.date, customers: np.ndarray) -> DayDraft:
    """Every mandate of ``customers`` (sorted indices) that falls due on ``day``."""
    c = world.customers
    today = day_number(day)
    live = ~c.dormant[customers]
    due = {
        "rent": live & (c.rent[customers] > 0) & (c.rent_day[customers] == day.day),
        "emi": live & (c.emi[customers] > 0) & (c.emi_day[customers] == day.day),
        "sip": live & (c.sip[customers] > 0) & (c.sip_day[customers] == day.day),
        "bill": live & (c.bill_day[customers] == day.day),
        "recharge": live & ((today + c.phase[customers]) % RECHARGE_CYCLE_DAYS == 0),
    }
    stream = KeyedStream(world.seed, "mandates")
    habit = KeyedStream(world.seed, "mandate_habits")
    parts = []
    for number, name in enumerate(MANDATES):
        who = customers[due[name]]
        keys = stream.rows(who, today, number)
        # the same customer pays a mandate the same way every time
        way = habit.uniform(habit.rows(who, number), 0)
        # autopay and people's own payments both run through the day, from 06:00 or 08:00
        start_hour = 6 if name in ("emi", "sip") else 8
        micros = (
            (start_hour + stream.uniform(keys, 0) * (22 - start_hour)) * MICROS_PER_HOUR
        ).astype(np.int64)
        draft = DayDraft.empty_like(
            len(who),
            customer=who,
            key=keys,
            micros=micros,
            channel=np.full(len(who), CHANNEL["upi_p2m"], np.int8),
            amount=np.zeros(len(who)),
            lat=c.lat[who] + stream.normal(keys, 12) * 0.02,
            lon=c.lon[who] + stream.normal(keys, 13) * 0.02,
            city=c.city[who],
            device=np.zeros(len(who), np.uint64),
        )
        _FILL[name](world, draft, way, stream, keys)
        parts.append(draft)
    return DayDraft.concat(parts)


def _rent(world, draft, way, stream, keys):
    c = world.customers
    who = draft.customer
    by_account = (c.has_net_banking[who] & (way < 0.35)) | (c.rent[who] > UPI_LIMIT_P2P)
    draft.channel[:] = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    draft.counterparty[:] = c.circle[who, 0]
    draft.amount[:] = c.rent[who]


def _to_merchant(draft, merchant, category_name, channel):
    draft.merchant[:] = merchant
    draft.category[:] = cat.CATEGORY_INDEX[category_name]
    draft.channel[:] = channel


def _emi(world, draft, way, stream, keys):
    c = world.customers
    who = draft.customer
    _to_merchant(draft, c.lender[who], "loan_emi", CHANNEL["net_banking"])
    draft.amount[:] = c.emi[who]


def _sip(world, draft, way, stream, keys):
    c = world.customers
    who = draft.customer
    channel = np.where(c.has_net_banking[who] & (way < 0.4), CHANNEL["net_banking"],
                       CHANNEL["upi_p2m"])  # fmt: skip
    _to_merchant(draft, c.fund_house[who], "investments", channel)
    draft.amount[:] = c.sip[who]


def _bill(world, draft, way, stream, keys):
    c = world.customers
    who = draft.customer
    channel = np.select(
        [c.has_credit[who] & (way < 0.25), c.has_wallet[who] & (way > 0.85)],
        [CHANNEL["credit_card"], CHANNEL["wallet"]],
        CHANNEL["upi_p2m"],
    )
    _to_merchant(draft, c.utility[who], "utilities", channel)
    draft.card[:] = np.where(channel == CHANNEL["credit_card"], ONLINE, NOT_CARD)
    usual = 250.0 + 0.02 * c.income[who]
    draft.amount[:] = np.round(lognormal(usual, 0.3, stream.normal(keys, 9)), 2)


def _recharge(world, draft, way, stream, keys):
    c, m = world.customers, world.merchants
    who = draft.customer
    category = np.full(len(who), cat.CATEGORY_INDEX["mobile_recharge"])
    habit = KeyedStream(world.seed, "recharge_plan")
    # the customer's own operator app and plan, every cycle
    operator = m.pick(
        category, np.full(len(who), len(geo.CITIES)), habit.uniform(habit.rows(who), 1)
    )
    channel = np.where(c.has_wallet[who] & (way < 0.15), CHANNEL["wallet"], CHANNEL["upi_p2m"])
    _to_merchant(draft, operator, "mobile_recharge", channel)
    plan_draw = habit.uniform(habit.rows(who), 0)
    draft.amount[:] = from_price_list(MOBILE_PLANS, MOBILE_PLAN_WEIGHTS, plan_draw)


_FILL = {"rent": _rent, "emi": _emi, "sip": _sip, "bill": _bill, "recharge": _recharge}
