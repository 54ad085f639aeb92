"""A customer who built an ordinary credit history maxes out their card in a few days of
large purchases and never pays the bill: the bank finds out at charge-off."""

import numpy as np

from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

GOODS = cat.category_indices("electronics", "jewellery", "travel", "marketplace", "apparel")


def render(b: CaseBatch) -> CaseRows:
    world = b.world
    who = b.network.bust_out[(b.u(1) * len(b.network.bust_out)).astype(np.int64)]
    s = b.steps(b.count(2, 3, 7))
    payer = who[s.case]
    offset = np.minimum(s.step // 2, 3).astype(np.int64)
    category = GOODS[(s.u(4) * len(GOODS)).astype(np.int64)]
    online = s.u(5) < 0.5
    slot = np.where(online, kit.ONLINE_SLOT, world.customers.city[payer])
    merchant = world.merchants.pick(category, slot, s.u(6))
    micros = kit.hours_of(world, payer, s, 7)
    scale = 2.0 * world.customers.ticket_scale[payer]
    pay = kit.at_merchant(world, s, payer, merchant, CHANNEL["credit_card"], scale, micros)
    return CaseRows(pay, s.case, offset, CaseEvents.none())


TYPOLOGY = Typology(
    name="bust_out",
    description="A customer who built an ordinary credit history maxes out their credit card "
    "with a few days of large purchases and never pays; the bank learns it at charge-off.",
    severity="medium",
    default_share=0.02,
    horizon_days=4,
    rows_per_case=5.0,
    exposure=kit.live,
    render=render,
    report_delay_hours=1_500.0,
    never_reported=0.0,
    characteristics={"payer": "the fraudster's own account", "channel": "credit_card"},
)
