"""A phishing link or a fake support call gets the victim's credentials; the fraudster
resets the password, binds their own phone and empties the account within hours."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology


def render(b: CaseBatch) -> CaseRows:
    return takeover(b, first_event="password_reset", lead_minutes=(10, 90))


def takeover(b: CaseBatch, first_event: str, lead_minutes: tuple[float, float]) -> CaseRows:
    """The fraudster's phone is bound to the account after ``first_event``, then transfers
    to mules follow over the next hours, account transfers after a new beneficiary."""
    c = b.world.customers
    phone = b.network.fraudster_phone(b.u(1), b.u(2))
    one = b.steps(np.ones(len(b), np.int64))
    bound = kit.hours_of(b.world, b.victim, one, 3, shift=2)
    s = b.steps(b.count(4, 1, 4))
    victim = b.victim[s.case]
    micros = kit.later(bound[s.case], s, 10, 5 + 40 * s.step, 30 + 120 * s.step)
    by_account = c.has_net_banking[victim] & (s.u(11) < 0.45)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    mule = b.network.mule_for(b.start[s.case], s.u(12))
    mean = 9_000.0 * c.transfer_scale[victim] * np.where(by_account, 2.5, 1.0)
    pay = kit.to_person(b.world, s, victim, mule, channel, mean, micros, device=phone[s.case])
    kit.move_to(pay, kit.away_city(c.city[b.victim], b.u(9))[s.case], s)  # where they work from
    offset = np.zeros(len(s), np.int64)
    lead = (lead_minutes[0] + one.u(8) * (lead_minutes[1] - lead_minutes[0])) * 60_000_000
    events = [
        CaseEvents.of(one, 0, b.victim, np.maximum(bound - lead.astype(np.int64), 0), first_event),
        CaseEvents.of(one, 0, b.victim, bound, "device_binding", phone),
    ]
    new_payee = np.flatnonzero(by_account)
    if len(new_payee):
        sub = kit.subset(s, new_payee)
        events.append(
            CaseEvents.of(
                sub,
                0,
                victim[new_payee],
                micros[new_payee] - 60_000_000,
                "beneficiary_added",
                phone[s.case[new_payee]],
            )  # fmt: skip
        )
    return CaseRows(pay, s.case, offset, CaseEvents.join(events))


TYPOLOGY = Typology(
    name="phishing_takeover",
    description="A phishing link or a fake support call yields the victim's credentials; the "
    "fraudster resets the password, binds their own phone (used on other victims too) and "
    "moves the money out to mule accounts within hours.",
    severity="high",
    default_share=0.08,
    horizon_days=1,
    rows_per_case=2.5,
    exposure=lambda world: kit.ages(world, 45, 85, 2.0),
    render=render,
    report_delay_hours=12.0,
    never_reported=0.1,
    characteristics={"before": "password_reset, device_binding", "device": "fraudster's"},
)
