"""A "buyer" of something the victim sells online sends a QR code "to receive payment";
scanning it pays the scammer, and the victim often tries again."""

import numpy as np

from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

MERCHANT_QR_SHARE = 0.7  # assumption


def render(b: CaseBatch) -> CaseRows:
    s = b.steps(b.count(1, 1, 3))
    victim = b.victim[s.case]
    mule = b.mule_for(b.start, b.u(2))[s.case]
    first = kit.hours_of(b.world, b.victim, b.steps(np.ones(len(b), np.int64)), 4, shift=1)
    micros = kit.later(first[s.case], s, 5, 0, 25 * s.step)
    mean = 2_200.0 * b.world.customers.transfer_scale[victim] ** 0.6
    person = kit.to_person(b.world, s, victim, mule, CHANNEL["upi_p2p"], mean, micros)
    # most such codes are merchant QR codes of shell shops, paid as purchases
    home = b.world.customers.city[b.victim]
    merchant = b.collecting_for(b.start, b.u(3), home, b.u(14))[s.case]
    shop = kit.at_merchant(
        b.world, s, victim, merchant, CHANNEL["upi_p2m"], 3.0, micros, remote=True
    )
    pay = kit.either(b.u(7)[s.case] < MERCHANT_QR_SHARE, person, shop)
    return CaseRows(pay, s.case, np.zeros(len(s), np.int64), CaseEvents.none())


TYPOLOGY = Typology(
    name="qr_code_scam",
    description="A fake buyer sends a QR code 'to receive payment' for something the victim "
    "sells online; scanning it pays the scammer, and the victim often scans again within "
    "minutes.",
    severity="medium",
    default_share=0.11,
    horizon_days=1,
    rows_per_case=2.0,
    exposure=kit.upi_users,
    render=render,
    report_delay_hours=24.0,
    never_reported=0.4,
    characteristics={
        "channel": "upi_p2m to a shell shop's QR, or upi_p2p",
        "pacing": "repeats within minutes",
        "device": "own",
    },
)
