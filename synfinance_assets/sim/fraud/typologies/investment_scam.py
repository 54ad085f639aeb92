"""A "trading group", a part-time "task" job or a loan app: small first payments that seem
to earn returns, then larger and larger ones over one to two weeks, until withdrawals stop."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

GATEWAY_SHARE = 0.5  # cases that collect through a merchant account (assumption)


def render(b: CaseBatch) -> CaseRows:
    c = b.world.customers
    length = b.count(1, 5, 14)
    s = b.steps(b.count(2, 3, 8))
    victim = b.victim[s.case]
    count = np.bincount(s.case, minlength=len(b))[s.case]
    offset = (s.step * length[s.case] // np.maximum(count, 1)).astype(np.int64)
    micros = kit.hours_of(b.world, victim, s, 3, shift=3)
    # each case pays one or two "company accounts" (mules)
    mule = b.mule_for(b.start[s.case] + offset, b.stream.uniform(b.key[s.case], 4 + (s.step > 3)))
    by_account = c.has_net_banking[victim] & (s.step >= 3) & (s.u(8) < 0.5)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    mean = 800.0 * c.transfer_scale[victim] * 1.9**s.step
    person = kit.to_person(b.world, s, victim, mule, channel, mean, micros)
    # many such "companies" collect through a payment gateway, as a merchant
    merchant = b.collecting_for(
        b.start[s.case] + offset, b.u(10)[s.case], c.city[victim], b.u(15)[s.case]
    )
    scale = 0.35 * c.transfer_scale[victim] * 1.9**s.step
    shop = kit.at_merchant(
        b.world, s, victim, merchant, CHANNEL["upi_p2m"], scale, micros, remote=True
    )
    pay = kit.either(~by_account & (b.u(11)[s.case] < GATEWAY_SHARE), person, shop)
    added = np.flatnonzero(by_account & ((s.step == 3) | (s.u(9) < 0.2)))
    sub = kit.subset(s, added)
    added_at = kit.before(micros, s, 12, 3, 30)[added]
    events = CaseEvents.of(sub, offset[added], victim[added], added_at, "beneficiary_added")
    return CaseRows(pay, s.case, offset, events)


TYPOLOGY = Typology(
    name="investment_scam",
    description="A fake trading group, a part-time 'task' job or a loan app: small first "
    "payments that seem to earn, then larger and larger ones over one to two weeks to the same "
    "'company' accounts, until withdrawals stop (I4C: the most reported cyber fraud in 2024).",
    severity="high",
    default_share=0.16,
    horizon_days=14,
    rows_per_case=5.5,
    exposure=lambda world: kit.ages(world, 22, 45, 2.0) * (world.customers.income > 15_000),
    render=render,
    report_delay_hours=400.0,
    never_reported=0.3,
    characteristics={"pacing": "escalating over 5-14 days", "payee": "one or two mules"},
)
