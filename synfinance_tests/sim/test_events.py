"""Account events line up with the day's payments and the customers' phones."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.core.clock import day_number
from synfinance_assets.sim.devices import Handsets
from synfinance_assets.sim.events import EVENT_COLUMNS, EVENT_TYPES, account_events
from synfinance_assets.sim.households import relatives_sharing_their_phone
from synfinance_assets.sim.render import render_draft, to_frame
from synfinance_assets.sim.world import device_labels
from synfinance_tests import simulated

DAY = dt.date(2025, 4, 7)


@pytest.fixture(scope="module")
def day():
    world = simulated.world(5, 5_000, 800)
    draft = render_draft(world, simulated.network(world), DAY, simulated.plan())
    return world, to_frame(world, draft.payments, DAY), account_events(world, draft, DAY)


def test_events_are_well_formed(day):
    world, payments, events = day
    assert events.columns == EVENT_COLUMNS
    assert events["event_id"].is_unique().all()
    assert set(events["event_type"]) <= set(EVENT_TYPES)
    assert {"login", "upi_collect_request", "beneficiary_added"} <= set(events["event_type"])
    assert (events["partition_date"] == DAY).all()


def test_every_payer_logged_in_before_paying_from_the_same_phone(day):
    """Payments in an app follow a login on their phone; a card is authorised without one."""
    world, payments, events = day
    logins = events.filter(pl.col("event_type") == "login")
    payments = payments.filter(pl.col("card_present").is_null())
    first = payments.group_by("customer_id").agg(pl.col("timestamp").min())
    first_login = logins.group_by("customer_id").agg(login=pl.col("timestamp").min())
    joined = first.join(first_login, on="customer_id", how="left")
    assert joined["login"].is_not_null().all()
    assert (joined["login"] <= joined["timestamp"]).mean() > 0.99
    phones = logins.join(payments.select("customer_id", "device_id").unique(), on="customer_id")
    assert (phones["device_id"] == phones["device_id_right"]).mean() > 0.95


def test_events_carry_a_fraud_case_only_around_fraud(day):
    world, payments, events = day
    with_case = events.filter(pl.col("fraud_case_id").is_not_null())
    assert with_case.height > 0
    fraud_cases = set(payments.filter(pl.col("is_fraud"))["fraud_case_id"])
    assert set(with_case["fraud_case_id"]) <= fraud_cases
    # the same kinds of event happen to everybody, without any case
    for kind in ("upi_collect_request", "sim_change", "device_binding", "beneficiary_added"):
        of_kind = events.filter(pl.col("event_type") == kind)
        assert of_kind["fraud_case_id"].null_count() > 0, kind


def test_many_genuine_payments_follow_a_collect_request(day):
    """Approving a collect request is how people pay a friend's share or an online shop:
    a request minutes before a payment is not the collect scam's alone."""
    world, payments, events = day
    requests = events.filter(pl.col("event_type") == "upi_collect_request").select(
        "customer_id", asked=pl.col("timestamp")
    )
    upi = payments.filter(pl.col("channel").cast(pl.String).is_in(["upi_p2p", "upi_p2m"]))
    after = (
        upi.sort("timestamp")
        .join_asof(
            requests.sort("asked"),
            left_on="timestamp",
            right_on="asked",
            by="customer_id",
            tolerance=dt.timedelta(minutes=45),
            check_sortedness=False,  # both sorted just above
        )  # fmt: skip
        .filter(pl.col("asked").is_not_null())
    )
    genuine = after.filter(~pl.col("is_fraud"))
    share = genuine.height / upi.filter(~pl.col("is_fraud")).height
    assert 0.05 < share < 0.2
    assert after["is_fraud"].mean() < 0.2


def test_cases_leave_their_signature_in_the_account_events():
    world = simulated.world(5, 5_000, 800)
    mix = {"sim_swap_takeover": 1.0, "phishing_takeover": 1.0, "upi_collect_scam": 1.0}
    plan = simulated.plan(fraud_mix=mix)
    payments, events = [], []
    for day in (DAY - dt.timedelta(days=1), DAY):  # an event can come the evening before
        draft = render_draft(world, simulated.network(world), day, plan)
        payments.append(to_frame(world, draft.payments, day))
        events.append(account_events(world, draft, day))
    payments, events = pl.concat(payments), pl.concat(events)
    # the cases that start on DAY
    fraud = payments.filter(pl.col("is_fraud") & (pl.col("partition_date") == DAY))
    fraud = fraud.filter(~pl.col("fraud_case_id").is_in(
        payments.filter(pl.col("partition_date") < DAY)["fraud_case_id"].drop_nulls()
    ))  # fmt: skip
    first = fraud.group_by("fraud_case_id", "fraud_type").agg(
        paid=pl.col("timestamp").min(), device=pl.col("device_id").first()
    )
    before = first.join(
        events.filter(pl.col("fraud_case_id").is_not_null()), on="fraud_case_id", how="left"
    )
    expected = {
        "sim_swap_takeover": ["sim_change", "device_binding"],
        "phishing_takeover": ["password_reset"],  # some drive the victim's own phone
        "upi_collect_scam": ["upi_collect_request"],
    }
    for typology, kinds in expected.items():
        cases = before.filter(pl.col("fraud_type") == typology)
        assert cases.height > 0, typology
        for kind in kinds:
            seen = cases.filter(
                (pl.col("event_type") == kind) & (pl.col("timestamp") <= pl.col("paid"))
            )
            assert seen["fraud_case_id"].n_unique() == cases["fraud_case_id"].n_unique(), kind
    # a takeover's payments come from the phone bound to the account just before, if any
    bound = before.filter(pl.col("event_type") == "device_binding")
    assert (bound["device_id"] == bound["device"]).all()


def test_a_relatives_new_phone_is_bound_by_whoever_pays_from_it():
    """A phone bound to two accounts is not a fraud farm's alone: someone who pays from a
    relative's phone binds it again when the relative buys a new one."""
    world = simulated.world(5, 5_000, 800)
    handsets = Handsets(world.seed)
    sharer, relative = relatives_sharing_their_phone(world)
    start = day_number(DAY)
    day = next(d for d in range(start, start + 365) if handsets.phone_changed(relative, d).any())
    date = DAY + dt.timedelta(days=day - start)
    changed = handsets.phone_changed(relative, day)
    draft = render_draft(world, simulated.network(world), date, simulated.plan())
    events = account_events(world, draft, date).filter(pl.col("event_type") == "device_binding")
    new_phones = device_labels(handsets.phone(relative[changed], day))
    bound = events.filter(pl.col("device_id").is_in(new_phones.implode()))
    assert bound["customer_id"].n_unique() >= 2  # the relative and whoever shares the phone
    assert bound["fraud_case_id"].null_count() == bound.height
