"""Mule accounts pass scam money on: to other mules, to wallets, to colluding shops for
"purchases" that are cash-outs, a hop or two a day."""

import numpy as np

from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.draft import CHANNEL
from synfinance_assets.sim.fraud import kit
from synfinance_assets.sim.fraud.typology import CaseBatch, CaseEvents, CaseRows, Typology

WALLET_SPEND_SHARE = 0.4  # of cash-outs by mules who hold a wallet (assumption)
WALLETS = cat.KIND_WEIGHTS[cat.KIND_NAMES.index("wallet")]  # categories wallets pay


def render(b: CaseBatch) -> CaseRows:
    world = b.world
    s = b.steps(b.count(1, 2, 4))
    hop_day = np.minimum(s.step // 2, 2).astype(np.int64)
    payer = b.mule_for(b.start[s.case] + hop_day, s.u(2))
    payee = b.mule_for(b.start[s.case] + hop_day, s.u(3))
    other = b.mule_for(b.start[s.case] + hop_day, (s.u(3) + 0.5) % 1.0)
    payee = np.where(payee == payer, other, payee)
    cash_out = s.u(4) < 0.35
    merchant = b.collecting_for(
        b.start[s.case] + hop_day, s.u(5), world.customers.city[payer], s.u(12)
    )
    micros = kit.hours_of(world, payer, s, 6, shift=4)
    mean = 5_000.0 * np.exp(0.3 * s.step)  # scam money passed on in pieces
    by_account = world.customers.has_net_banking[payer] & (s.u(9) < 0.3)
    channel = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    hop = kit.to_person(world, s, payer, payee, channel, mean, micros)
    # some cash-outs go through the mule's wallet, topped up and spent (rails are mixed)
    takes_wallets = WALLETS[world.merchants.category[merchant]] > 0
    by_wallet = world.customers.has_wallet[payer] & takes_wallets & (s.u(11) < WALLET_SPEND_SHARE)
    spend_channel = np.where(by_wallet, CHANNEL["wallet"], CHANNEL["upi_p2m"])
    spend = kit.at_merchant(world, s, payer, merchant, spend_channel, 4.0, micros, remote=True)
    return CaseRows(kit.either(cash_out, hop, spend), s.case, hop_day, CaseEvents.none())


TYPOLOGY = Typology(
    name="mule_layering",
    description="Mule accounts pass scam money on within hours or days: to other mules, by UPI "
    "or account transfer, and out through colluding shops as purchases that are cash-outs.",
    severity="high",
    default_share=0.15,
    horizon_days=3,
    rows_per_case=3.0,
    exposure=kit.live,
    render=render,
    report_delay_hours=240.0,
    never_reported=0.5,
    characteristics={"payer": "mule accounts", "payee": "mules and colluding merchants"},
)
