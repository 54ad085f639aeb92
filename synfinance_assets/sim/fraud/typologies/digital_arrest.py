"""Callers posing as police, customs or a regulator keep the victim on a video call under
"digital arrest" until they transfer their savings to "verification" accounts."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology


def render(b: CaseBatch) -> CaseRows:
    c = b.world.customers
    s = b.steps(b.count(1, 1, 4))
    victim = b.victim[s.case]
    offset = np.minimum(s.step // 2, 2).astype(np.int64)
    micros = kit.hours_of(b.world, victim, s, 2, shift=1)
    by_account = c.has_net_banking[victim] & (s.u(8) < 0.7)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    mule = b.mule_for(b.start[s.case] + offset, s.u(9))
    # their savings: a few months of income, most of it by account transfer
    mean = c.income[victim] * np.where(by_account, 2.0, 0.6)
    pay = kit.to_person(b.world, s, victim, mule, channel, mean, micros, sigma=0.6, imitated=False)
    added = np.flatnonzero(by_account)
    added_at = kit.before(micros, s, 10, 5, 40)[added]
    events = CaseEvents.of(
        kit.subset(s, added), offset[added], victim[added], added_at, "beneficiary_added"
    )
    return CaseRows(pay, s.case, offset, events)


TYPOLOGY = Typology(
    name="digital_arrest",
    description="Callers posing as police, customs or a regulator keep the victim on a video "
    "call under 'digital arrest' until they move their savings to 'verification' accounts, "
    "mostly by account transfer to new beneficiaries.",
    severity="critical",
    default_share=0.04,
    horizon_days=3,
    rows_per_case=2.5,
    exposure=lambda world: kit.ages(world, 55, 85, 4.0),
    render=render,
    report_delay_hours=48.0,
    never_reported=0.2,
    characteristics={"channel": "mostly net_banking", "before": "beneficiary_added"},
)
