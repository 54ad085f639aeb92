"""A fake support agent has the victim install a screen-sharing app, then makes payments
from the victim's own phone while they watch."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology


def render(b: CaseBatch) -> CaseRows:
    c = b.world.customers
    one = b.steps(np.ones(len(b), np.int64))
    session = kit.hours_of(b.world, b.victim, one, 3)
    s = b.steps(b.count(4, 2, 5))
    victim = b.victim[s.case]
    micros = kit.later(session[s.case], s, 10, 3 + 8 * s.step, 8 + 12 * s.step)
    by_account = c.has_net_banking[victim] & (s.u(11) < 0.3)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    mule = b.mule_for(b.start, b.u(7))[s.case]
    mean = 5_000.0 * c.transfer_scale[victim] * np.where(by_account, 2.0, 1.0)
    pay = kit.to_person(b.world, s, victim, mule, channel, mean, micros)
    return CaseRows(pay, s.case, np.zeros(len(s), np.int64), CaseEvents.none())


TYPOLOGY = Typology(
    name="remote_access_scam",
    description="A fake bank or courier agent has the victim install a screen-sharing app and "
    "makes several payments from the victim's own phone in one sitting.",
    severity="high",
    default_share=0.08,
    horizon_days=1,
    rows_per_case=3.5,
    exposure=lambda world: kit.ages(world, 50, 85, 2.5),
    render=render,
    report_delay_hours=18.0,
    never_reported=0.15,
    characteristics={"device": "own", "pacing": "several payments within an hour"},
)
