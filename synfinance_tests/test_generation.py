"""The generators: deterministic per (seed, day), labelled, Indian, INR."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.customers import generate_customers
from synfinance_assets.domain.merchants import generate_merchants
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.scenarios import (
    ANOMALY_SCENARIOS,
    FRAUD_SCENARIOS,
    default_mix,
    normalised_mix,
)
from synfinance_assets.domain.transactions import DayPlan, generate_day

DAY = dt.date(2025, 3, 14)


@pytest.fixture(scope="module")
def population():
    return Population.from_frames(
        generate_customers(7, 3000, 0.02), generate_merchants(7, 400, 0.03)
    )


def plan(**overrides):
    values = dict(
        seed=7,
        fraud_rate=0.03,
        anomaly_rate=0.03,
        fraud_mix=default_mix(FRAUD_SCENARIOS),
        anomaly_mix=default_mix(ANOMALY_SCENARIOS),
    )
    return DayPlan(**{**values, **overrides})


def test_a_day_is_a_pure_function_of_seed_and_date(population):
    first = generate_day(population, DAY, plan())
    assert first.equals(generate_day(population, DAY, plan()))
    assert not first.equals(generate_day(population, DAY, plan(seed=8)))
    assert not first.equals(generate_day(population, DAY + dt.timedelta(days=1), plan()))


def test_transactions_are_labelled_indian_inr_payments(population):
    frame = generate_day(population, DAY, plan())
    assert frame["transaction_id"].is_unique().all()
    assert frame["transaction_id"].str.starts_with("T20250314").all()
    assert (frame["amount"] > 0).all()
    assert set(frame["currency"].unique()) == {"INR"}
    assert set(frame["channel"].unique()) == set(ref.CHANNEL_NAMES)
    assert set(frame["city"].unique()) <= set(ref.CITY_NAMES)
    assert set(frame["fraud_type"].drop_nulls().unique()) == set(FRAUD_SCENARIOS)
    assert set(frame["anomaly_type"].drop_nulls().unique()) == set(ANOMALY_SCENARIOS)
    assert (frame["is_fraud"] == frame["fraud_type"].is_not_null()).all()
    assert not (frame["is_fraud"] & frame["is_anomaly"]).any()
    local = frame["timestamp"].dt.convert_time_zone("Asia/Kolkata").dt.date()
    assert (local == DAY).all()
    assert frame["fraud_type"].is_not_null().mean() == pytest.approx(0.03, abs=0.006)


def test_p2p_payments_have_a_payee_and_no_merchant(population):
    frame = generate_day(population, DAY, plan())
    p2p = frame.filter(pl.col("channel") == "upi_p2p")
    assert p2p["counterparty_customer_id"].is_not_null().all()
    assert p2p["merchant_id"].is_null().all()
    p2m = frame.filter(pl.col("channel") == "upi_p2m")
    assert p2m["merchant_id"].is_not_null().all()


def test_fraud_scenarios_leave_their_signature(population):
    frame = generate_day(population, DAY, plan(fraud_rate=0.1))
    takeover = frame.filter(pl.col("fraud_type") == "account_takeover")
    assert takeover["device_id"].str.starts_with("X").all()
    testing = frame.filter(pl.col("fraud_type") == "card_testing")
    assert (testing["amount"] <= 200).all() and (testing["channel"] == "credit_card").all()
    mule_ids = set(population.customer_ids.gather(population.mules))
    social = frame.filter(pl.col("fraud_type") == "social_engineering")
    assert set(social["counterparty_customer_id"]) <= mule_ids


def test_the_order_a_mix_is_written_in_does_not_matter(population):
    mix = default_mix(FRAUD_SCENARIOS)
    reversed_mix = dict(reversed(list(mix.items())))
    assert generate_day(population, DAY, plan(fraud_mix=reversed_mix)).equals(
        generate_day(population, DAY, plan(fraud_mix=mix))
    )


def test_zero_rates_give_clean_days(population):
    frame = generate_day(population, DAY, plan(fraud_rate=0.0, anomaly_rate=0.0))
    assert not frame["is_fraud"].any() and not frame["is_anomaly"].any()


@pytest.mark.parametrize(
    "mix, message",
    [
        ({"phishing": 1.0}, "unknown scenario"),
        ({"card_testing": -1.0}, "must be >= 0"),
        ({"card_testing": 0.0}, "positive weight"),
    ],
)
def test_bad_scenario_mix_names_the_field(mix, message):
    with pytest.raises(ValueError, match=f"fraud_mix: .*{message}"):
        normalised_mix(mix, FRAUD_SCENARIOS, "fraud_mix")
