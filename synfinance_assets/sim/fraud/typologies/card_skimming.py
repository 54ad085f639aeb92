"""A card skimmed at a shop or an ATM is cloned and used in person in another city over a
few days, while the victim goes on paying at home."""

import numpy as np

from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

TARGETS = cat.category_indices(
    "electronics", "jewellery", "apparel", "supermarket", "fuel", "department_store"
)


def render(b: CaseBatch) -> CaseRows:
    world = b.world
    city = kit.away_city(b, world.customers.city[b.victim], 10)
    channel = kit.card_of(world, b.victim, b.u(2))
    s = b.steps(b.count(3, 1, 5))
    offset = np.minimum(s.step // 2 + (s.u(4) < 0.3), 3).astype(np.int64)
    category = TARGETS[(s.u(5) * len(TARGETS)).astype(np.int64)]
    merchant = world.merchants.pick(category, city[s.case], s.u(6))
    micros = kit.hours_of(world, b.victim[s.case], s, 7, shift=1)
    pay = kit.at_merchant(world, s, b.victim[s.case], merchant, channel[s.case], 1.8, micros)
    return CaseRows(pay, s.case, offset, CaseEvents.none())


TYPOLOGY = Typology(
    name="card_skimming",
    description="A card skimmed at a shop or ATM is cloned and used in person in another city "
    "over a few days, while the victim's own payments go on at home.",
    severity="high",
    default_share=0.06,
    horizon_days=4,
    rows_per_case=3.0,
    exposure=kit.card_holders,
    render=render,
    report_delay_hours=96.0,
    never_reported=0.1,
    characteristics={"channel": "card present", "place": "another city", "days": "1-4"},
)
