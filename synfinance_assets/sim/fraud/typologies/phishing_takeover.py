"""A phishing link or a fake support call gets the victim's credentials; the fraudster
resets the password, binds their own phone and empties the account within hours."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

REMOTE_SHARE = 0.6  # of imitating fraudsters, those who drive the victim's own phone


def render(b: CaseBatch) -> CaseRows:
    # careful fraudsters have the victim install a remote-access app instead of binding a phone
    remote = b.u(13) < REMOTE_SHARE * max(b.imitation, 0.0)
    return takeover(b, "password_reset", (10, 90), remote)


def takeover(
    b: CaseBatch, first_event: str, lead_minutes: tuple[float, float], remote: np.ndarray
) -> CaseRows:
    """The fraudster's phone is bound to the account after ``first_event`` (unless they work
    ``remote``ly on the victim's own phone), then transfers to mules follow over the next
    hours, account transfers after a new beneficiary."""
    c = b.world.customers
    phone = np.where(remote, 0, b.network.fraudster_phone(b.start, b.u(1), b.u(2))).astype(
        np.uint64
    )
    one = b.steps(np.ones(len(b), np.int64))
    bound = kit.hours_of(b.world, b.victim, one, 3, shift=2)
    s = b.steps(b.count(4, 1, 4))
    victim = b.victim[s.case]
    micros = kit.later(bound[s.case], s, 10, 5 + 40 * s.step, 30 + 120 * s.step)
    by_account = c.has_net_banking[victim] & (s.u(11) < 0.45)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    mule = b.mule_for(b.start[s.case], s.u(12))
    mean = 9_000.0 * c.transfer_scale[victim] * np.where(by_account, 2.5, 1.0)
    pay = kit.to_person(b.world, s, victim, mule, channel, mean, micros, device=phone[s.case])
    city = np.where(remote, c.city[b.victim], kit.away_city(b, c.city[b.victim], 9))
    kit.move_to(pay, city[s.case], s)
    offset = np.zeros(len(s), np.int64)
    bound_phone = kit.subset(one, np.flatnonzero(~remote))
    events = [
        CaseEvents.of(one, 0, b.victim, kit.before(bound, one, 8, *lead_minutes), first_event),
        CaseEvents.of(
            bound_phone, 0, b.victim[~remote], bound[~remote], "device_binding", phone[~remote]
        ),  # fmt: skip
    ]
    new_payee = np.flatnonzero(by_account)
    if len(new_payee):
        sub = kit.subset(s, new_payee)
        events.append(
            CaseEvents.of(
                sub,
                0,
                victim[new_payee],
                kit.before(micros, s, 14, 0.5, 10)[new_payee],
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
    default_share=0.09,
    horizon_days=1,
    rows_per_case=2.5,
    exposure=lambda world: kit.ages(world, 45, 85, 2.0),
    render=render,
    report_delay_hours=12.0,
    never_reported=0.1,
    characteristics={"before": "password_reset, device_binding", "device": "fraudster's"},
)
