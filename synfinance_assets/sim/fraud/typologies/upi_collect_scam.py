"""A stranger sends UPI collect requests ("to receive your refund, approve"); the victim
approves one or more of them on their own phone, sometimes the next day too."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology


def render(b: CaseBatch) -> CaseRows:
    s = b.steps(b.count(1, 1, 3))
    victim = b.victim[s.case]
    mule = b.mule_for(b.start, b.u(2))[s.case]
    offset = np.where(s.step == 0, 0, s.u(3) < 0.3).astype(np.int64)
    micros = kit.hours_of(b.world, victim, s, 4, shift=2)
    mean = 1_800.0 * b.world.customers.transfer_scale[victim] ** 0.7 * (1 + 0.4 * s.step)
    pay = kit.to_person(b.world, s, victim, mule, CHANNEL["upi_p2p"], mean, micros)
    asked = kit.before(micros, s, 8, 1, 20)
    request = CaseEvents.of(s, offset, victim, asked, "upi_collect_request")
    return CaseRows(pay, s.case, offset, request)


TYPOLOGY = Typology(
    name="upi_collect_scam",
    description="A stranger sends UPI collect requests posing as a buyer, a refund desk or "
    "a relative; the victim approves them on their own phone, believing they will receive "
    "money.",
    severity="medium",
    default_share=0.14,
    horizon_days=2,
    rows_per_case=2.0,
    exposure=kit.upi_users,
    render=render,
    report_delay_hours=30.0,
    never_reported=0.35,
    characteristics={"channel": "upi_p2p", "before": "upi_collect_request", "device": "own"},
)
