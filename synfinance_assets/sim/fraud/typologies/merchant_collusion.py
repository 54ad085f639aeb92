"""A colluding merchant charges stolen card details and compromised UPI handles for sales
that never happen, a few times over some days, and cashes out."""

import numpy as np

from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

CARD_POS = cat.KIND_WEIGHTS[cat.KIND_NAMES.index("card_pos")]
CARD_ONLINE = cat.KIND_WEIGHTS[cat.KIND_NAMES.index("card_online")]


def render(b: CaseBatch) -> CaseRows:
    world = b.world
    merchant = b.network.colluding[(b.u(1) * len(b.network.colluding)).astype(np.int64)]
    card = kit.card_of(world, b.victim, b.u(2))
    by_card = world.customers.has_credit[b.victim] | world.customers.has_debit[b.victim]
    # a shop's charges look like its sales: by card only where its customers pay by card
    category = world.merchants.category[merchant]
    online = world.merchants.online[merchant]
    takes_cards = np.where(online, CARD_ONLINE[category], CARD_POS[category]) > 0
    by_card &= takes_cards & (b.u(3) < 0.7)
    channel = np.where(by_card, card, CHANNEL["upi_p2m"]).astype(np.int8)
    s = b.steps(b.count(4, 1, 3))
    offset = np.minimum(s.step + (s.u(5) < 0.5) * s.step, 2).astype(np.int64)
    micros = kit.hours_of(world, b.victim[s.case], s, 6, shift=2)
    pay = kit.at_merchant(world, s, b.victim[s.case], merchant[s.case], channel[s.case], 2.0,
                          micros)  # fmt: skip
    return CaseRows(pay, s.case, offset, CaseEvents.none())


TYPOLOGY = Typology(
    name="merchant_collusion",
    description="A colluding merchant charges stolen card details or compromised UPI handles "
    "for sales that never happen, a few times over some days.",
    severity="medium",
    default_share=0.02,
    horizon_days=3,
    rows_per_case=2.0,
    exposure=kit.card_holders,
    render=render,
    report_delay_hours=200.0,
    never_reported=0.3,
    characteristics={"merchant": "colluding", "channel": "card or upi_p2m"},
)
