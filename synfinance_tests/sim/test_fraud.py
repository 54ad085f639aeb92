"""The fraud library as a fraud team would check it: every typology with its cases,
events and reports, the signature each one is meant to leave, and nothing else."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from synfinance_assets.core.clock import day_number
from synfinance_assets.domain.leak_audit import LIMIT, leak_audit
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.events import account_events
from synfinance_assets.sim.fraud.cases import IMITATION
from synfinance_assets.sim.render import render_draft, to_frame
from synfinance_assets.sim.scenarios import FRAUD_SCENARIOS
from synfinance_tests import simulated

DAYS = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(21)]


@pytest.fixture(scope="module")
def demo():
    """21 days of the demo world at the default (medium) difficulty, with their events."""
    world = simulated.world(42, 5_000, 800)
    network = simulated.network(world)
    payments, events = [], []
    for day in DAYS:
        rendered = render_draft(world, network, day, simulated.plan())
        payments.append(to_frame(world, rendered.payments, day))
        events.append(account_events(world, rendered, day))
    return world, network, pl.concat(payments), pl.concat(events)


def test_every_typology_has_cases_events_and_late_reports(demo):
    _, _, payments, events = demo
    fraud = payments.filter(pl.col("is_fraud"))
    with_events = set(events.filter(pl.col("fraud_case_id").is_not_null())["fraud_case_id"])
    for typology in FRAUD_SCENARIOS:
        rows = fraud.filter(pl.col("fraud_type") == typology)
        assert rows.height >= 5, typology
        assert rows["fraud_case_id"].null_count() == 0
        # cards are authorised by their networks, without the bank's app: card-only cases
        # leave no account events, the others do
        in_app = rows["card_present"].is_null().any()
        assert bool(set(rows["fraud_case_id"]) & with_events) == in_app, typology
        reported = rows.filter(pl.col("fraud_reported_at").is_not_null())
        assert reported.height > 0, typology
        assert (reported["fraud_reported_at"] >= reported["timestamp"]).all(), typology
    # reports come hours to weeks later, and some never come
    delay = (fraud["fraud_reported_at"] - fraud["timestamp"]).dt.total_hours()
    assert 6 < delay.median() < 24 * 30
    assert 0.05 < fraud["fraud_reported_at"].null_count() / fraud.height < 0.5
    assert (
        payments.filter(~pl.col("is_fraud"))["fraud_reported_at"].null_count()
        == payments.filter(~pl.col("is_fraud")).height
    )


def test_cases_span_days_as_their_typology_says(demo):
    _, _, payments, _ = demo
    span = (
        payments.filter(pl.col("is_fraud"))
        .group_by("fraud_case_id", "fraud_type")
        .agg(days=pl.col("partition_date").n_unique())
    )
    longest = dict(span.group_by("fraud_type").agg(pl.col("days").max()).iter_rows())
    assert longest["investment_scam"] >= 5
    assert longest["card_skimming"] >= 2
    # one sitting, which may run past midnight
    assert longest["qr_code_scam"] <= 2 and longest["remote_access_scam"] <= 2


def test_typology_signatures(demo):
    world, network, payments, _ = demo
    fraud = payments.filter(pl.col("is_fraud"))
    of = lambda name: fraud.filter(pl.col("fraud_type") == name)  # noqa: E731
    number = lambda ids: ids.str.slice(1).cast(pl.Int64).to_numpy() - 1  # noqa: E731
    first, last = (day_number(d) for d in (DAYS[0], DAYS[-1]))
    medium = IMITATION["medium"]
    mules = {m for d in range(first - 14, last + 2) for m in network.mules_on(d, medium).tolist()}
    # mules pass money on; bust-outs max out their own credit card
    assert set(number(of("mule_layering")["customer_id"])) <= mules
    bust = of("bust_out")
    assert set(number(bust["customer_id"])) <= set(network.bust_out.tolist())
    assert (bust["channel"] == "credit_card").all()
    # card testing: small online payments first, then larger ones
    testing = of("card_testing").sort("timestamp")
    assert (testing["card_present"] == False).all()  # noqa: E712
    cases = testing.group_by("fraud_case_id").agg(
        first=pl.col("amount").first(), last=pl.col("amount").last(), n=pl.len()
    )
    cases = cases.filter(pl.col("n") > 2)
    assert cases.height > 3 and (cases["first"] < cases["last"]).mean() > 0.6
    # a dead card fails every test, and the case ends there
    failed = testing.group_by("fraud_case_id").agg(
        declined=(pl.col("status") == "declined").mean(), n=pl.len()
    )
    dead = failed.filter(pl.col("declined") == 1.0)
    assert 0.15 < dead.height / failed.height < 0.6 and dead["n"].max() <= 4
    # skimmed cards are used in person
    assert (of("card_skimming")["card_present"] == True).all()  # noqa: E712
    # authorised scams go to people the victim has never paid, or to shell shops
    scams = fraud.filter(pl.col("fraud_type").is_in(["upi_collect_scam", "digital_arrest"]))
    assert set(number(scams["counterparty_customer_id"].drop_nulls())) <= mules
    assert scams["counterparty_customer_id"].null_count() == 0
    # shell shops are the ring's own: colluding merchants, and the accounts (online
    # businesses and shops with a counter) collecting what victims pay from their phones
    # (QR codes, "company" gateways, mules' cash-outs)
    colluding = set(network.colluding.tolist())
    shops = fraud.filter(
        (pl.col("fraud_type") == "merchant_collusion") & pl.col("merchant_id").is_not_null()
    )
    assert shops.height > 0 and set(number(shops["merchant_id"])) <= colluding
    collecting = fraud.filter(
        pl.col("fraud_type").is_in(["qr_code_scam", "investment_scam", "mule_layering"])
        & pl.col("merchant_id").is_not_null()
    )
    assert collecting.height > 0
    assert set(number(collecting["merchant_id"])) <= set(network.collecting.tolist())
    online = world.merchants.online[network.collecting]
    assert 0.2 < online.mean() < 0.8
    # paid from the phone, where the payer is: never at the counter of a shop far away
    online_ids = world.merchant_ids.filter(pl.Series(world.merchants.online)).implode()
    counter = collecting.filter(~pl.col("merchant_id").is_in(online_ids))
    home = np.array(geo.CITY_NAMES)[world.customers.city[number(counter["customer_id"])]]
    assert counter.height > 0 and (counter["city"].cast(pl.String) == home).mean() > 0.9
    # a remote-access sitting: several payments within the hour, from the victim's own phone
    sittings = (
        of("remote_access_scam")
        .group_by("fraud_case_id")
        .agg(
            n=pl.len(),
            minutes=(pl.col("timestamp").max() - pl.col("timestamp").min()).dt.total_minutes(),
            phones=pl.col("device_id").n_unique(),
        )
    )
    assert (sittings["n"] >= 2).mean() > 0.5 and (sittings["phones"] == 1).all()
    assert sittings["minutes"].median() < 120
    # investment scams escalate: the last payment of a case is larger than its first
    escalating = (
        of("investment_scam").sort("timestamp").group_by("fraud_case_id")
        .agg(first=pl.col("amount").first(), last=pl.col("amount").last(), n=pl.len())
        .filter(pl.col("n") >= 3)
    )  # fmt: skip
    assert escalating.height > 3 and (escalating["last"] > escalating["first"]).mean() > 0.7


def test_fraud_writes_its_fields_as_genuine_payments_do(demo):
    """No id, precision, coordinate or format that only fraud has: the audit, and the
    obvious rules checked one by one."""
    _, _, payments, _ = demo
    audit = leak_audit(payments)
    assert audit["auc"].max() < LIMIT, audit.head(5)
    fraud, genuine = (payments.filter(pl.col("is_fraud") == flag) for flag in (True, False))
    for frame in (fraud, genuine):
        assert frame["device_id"].str.contains(r"^D\d{13}$").all()
    genuine_devices = set(genuine["device_id"])
    assert np.mean([d in genuine_devices for d in fraud["device_id"]]) > 0.5
    paise = lambda f: (f["amount"] * 100 % 100 != 0).mean()  # noqa: E731
    assert abs(paise(fraud) - paise(genuine)) < 0.15


def test_harder_presets_imitate_victims_more():
    # hard fraudsters copy their victims fully (hours, amounts); payees, phones and events remain
    assert IMITATION["easy"] < IMITATION["medium"] < IMITATION["hard"] <= 1.0
    world = simulated.world(42, 5_000, 800)
    days = DAYS[7:14]
    by_preset = {
        preset: simulated.days(world, days, simulated.plan(difficulty=preset))
        for preset in ("easy", "hard")
    }
    night = {
        preset: frame.filter(pl.col("is_fraud"))
        .select(pl.col("timestamp").dt.convert_time_zone("Asia/Kolkata").dt.hour() < 6)
        .to_series()
        .mean()
        for preset, frame in by_preset.items()
    }
    assert night["hard"] < night["easy"]
    genuine = [f.filter(~pl.col("is_fraud")) for f in by_preset.values()]
    ids = ["transaction_id", "original_transaction_id"]
    assert genuine[0].drop(ids).equals(genuine[1].drop(ids))  # the preset moves fraud only
