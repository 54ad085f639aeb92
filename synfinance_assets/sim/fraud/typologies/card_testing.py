"""Card details bought online are checked with a few small payments at digital merchants;
the cards that work are used for large online purchases within a day or two."""

import numpy as np

from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.devices import device_identity
from synfinance_assets.sim.draft import DECLINE, STATUS
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

TESTS = cat.category_indices(
    "mobile_recharge", "digital_subscriptions", "food_delivery", "marketplace"
)
CASH_OUT = cat.category_indices("electronics", "travel", "marketplace", "apparel")
WORKING_CARDS = 0.6  # of the card details tried (assumption)
# a dead card's test fails on its security check (a wrong CVV, expiry or OTP) or on a
# blocked or empty account (assumptions)
FAILED_CHECK = 0.7


def render(b: CaseBatch) -> CaseRows:
    world = b.world
    channel = kit.card_of(world, b.victim, b.u(1))
    tests = b.count(2, 1, 4)
    works = b.u(3) < WORKING_CARDS
    s = b.steps(tests + np.where(works, b.count(4, 1, 3), 0))
    testing = s.step < tests[s.case]
    category = np.where(
        testing,
        TESTS[(s.u(5) * len(TESTS)).astype(np.int64)],
        CASH_OUT[(s.u(6) * len(CASH_OUT)).astype(np.int64)],
    )
    merchant = world.merchants.pick(category, np.full(len(s), kit.ONLINE_SLOT), s.u(7))
    offset = np.where(testing, 0, (s.u(8) < 0.6)).astype(np.int64)
    first = kit.hours_of(world, b.victim, b.steps(np.ones(len(b), np.int64)), 9, shift=3)
    micros = np.where(
        testing,
        kit.later(first[s.case], s, 20, 2 * s.step, 6 + 6 * s.step),
        kit.hours_of(world, b.victim[s.case], s, 21, shift=3),
    )
    scale = np.where(testing, 0.4, 2.2)
    # in a browser of the fraudster's, a fresh one for each card (its fingerprint would tie
    # the cards together), from their city (or the victim's, for a careful local crew)
    browser = device_identity(KeyedStream(world.seed, "card_testing_browsers"), b.key, np.int64(0))
    victim = b.victim[s.case]
    pay = kit.at_merchant(
        world, s, victim, merchant, channel[s.case], scale, micros, browser[s.case]
    )
    city = kit.away_city(b, world.customers.city[b.victim], 13)
    kit.move_to(pay, city[s.case], s)
    dead = np.flatnonzero(~works[s.case])  # every test of a dead card fails
    pay.status[dead] = STATUS["declined"]
    pay.decline[dead] = np.where(
        s.u(10)[dead] < FAILED_CHECK,
        DECLINE["authentication_failed"],
        DECLINE["insufficient_funds"],
    )
    return CaseRows(pay, s.case, offset, CaseEvents.none())


TYPOLOGY = Typology(
    name="card_testing",
    description="Stolen card details are tried with a few small online payments (a recharge, a "
    "subscription, a meal), which fail on a dead card; cards that work are used for large "
    "online purchases within a day or two.",
    severity="medium",
    default_share=0.09,
    horizon_days=2,
    rows_per_case=3.7,
    exposure=kit.card_holders,
    render=render,
    report_delay_hours=120.0,
    never_reported=0.3,
    characteristics={
        "channel": "card online",
        "pattern": "small tests, then large purchases",
        "device": "a browser of the fraudster's, new for each card",
    },
)
