"""The victim's number is ported to a SIM the fraudster holds; OTPs follow it, a new phone
is bound to the account and the money leaves before the victim notices the dead SIM."""

import numpy as np

from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typologies.phishing_takeover import takeover
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseRows, Typology


def render(b: CaseBatch) -> CaseRows:
    # a SIM swap is worth nothing without a phone of their own to put it in
    return takeover(b, "sim_change", (30, 240), np.zeros(len(b), dtype=bool))


TYPOLOGY = Typology(
    name="sim_swap_takeover",
    description="The victim's mobile number is ported to a SIM the fraudster holds; with the "
    "OTPs they bind their own phone to the account and move the money to mules.",
    severity="high",
    default_share=0.04,
    horizon_days=1,
    rows_per_case=2.5,
    exposure=lambda world: kit.live(world) * world.customers.has_net_banking,
    render=render,
    report_delay_hours=8.0,
    never_reported=0.05,
    characteristics={"before": "sim_change, device_binding", "device": "fraudster's"},
)
