"""Every fraud typology, one module each; their order fixes the labels' codes."""

from synfinance_assets.sim.fraud.typologies import (
    bust_out,
    card_skimming,
    card_testing,
    digital_arrest,
    investment_scam,
    merchant_collusion,
    mule_layering,
    phishing_takeover,
    qr_code_scam,
    remote_access_scam,
    sim_swap_takeover,
    upi_collect_scam,
)

TYPOLOGIES = {
    module.TYPOLOGY.name: module.TYPOLOGY
    for module in (
        upi_collect_scam,
        qr_code_scam,
        remote_access_scam,
        investment_scam,
        digital_arrest,
        phishing_takeover,
        sim_swap_takeover,
        card_skimming,
        card_testing,
        merchant_collusion,
        bust_out,
        mule_layering,
    )
}
