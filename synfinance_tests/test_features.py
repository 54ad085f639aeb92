"""Trailing-window features: correct values, and a day alone equals the day in a range."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.domain.activity import daily_activity
from synfinance_assets.domain.event_features import EVENT_FEATURES
from synfinance_assets.domain.feature_catalogue import EVENTS, FEATURES, MODEL_FEATURES, columns_of
from synfinance_assets.domain.features import FEATURE_COLUMNS, compute_features
from synfinance_tests import simulated

START = dt.date(2025, 1, 1)
DAYS = [START + dt.timedelta(days=i) for i in range(12)]


@pytest.fixture(scope="module")
def data():
    world = simulated.world()
    return simulated.customers(world), *simulated.days_with_events(world, DAYS)


def test_a_day_alone_equals_the_same_day_in_a_range(data):
    customers, transactions, events = data
    in_range = compute_features(transactions, events, customers, DAYS[7:], START)
    day = DAYS[10]
    # as the asset reads them: the raw week, and the daily activity of the month before
    own = pl.col("partition_date").is_between(day - dt.timedelta(days=7), day)
    month = daily_activity(transactions.filter(pl.col("partition_date") < day))
    alone = compute_features(
        transactions.filter(own), events.filter(own), customers, [day], START, activity=month
    )
    assert alone.equals(in_range.filter(pl.col("partition_date") == day))


def test_windows_count_the_customers_trailing_payments(data):
    """The 7-day window is the 7 days before the payment's day and its day up to it."""
    customers, transactions, events = data
    day = DAYS[9]
    features = compute_features(transactions, events, customers, [day], START)
    row = features.filter(pl.col("tx_count_7d") >= 3).row(0, named=True)
    txn = transactions.filter(pl.col("transaction_id") == row["transaction_id"]).row(0, named=True)
    own = transactions.filter(pl.col("customer_id") == txn["customer_id"])
    history = own.filter(
        pl.col("partition_date").is_between(day - dt.timedelta(days=7), day - dt.timedelta(days=1))
        | ((pl.col("partition_date") == day) & (pl.col("transaction_id") <= txn["transaction_id"]))
    )
    assert row["tx_count_7d"] == history.height
    assert row["amount_sum_7d"] == pytest.approx(history["amount"].sum())
    earlier = history.filter(pl.col("transaction_id") < txn["transaction_id"])
    assert row["customer_avg_amount_7d"] == pytest.approx(earlier["amount"].mean())
    assert row["amount_max_7d"] == pytest.approx(earlier["amount"].max())
    day_before = own.filter(pl.col("timestamp") > txn["timestamp"] - dt.timedelta(hours=24))
    assert row["tx_count_24h"] == day_before.filter(pl.col("timestamp") <= txn["timestamp"]).height
    previous = own.filter(pl.col("transaction_id") < txn["transaction_id"])["timestamp"].max()
    gap = (txn["timestamp"] - previous).total_seconds()
    assert row["seconds_since_last_txn"] == pytest.approx(gap)


def test_first_days_have_short_windows(data):
    customers, transactions, events = data
    features = compute_features(transactions, events, customers, DAYS[:3], START)
    by_day = dict(features.group_by("partition_date").agg(pl.col("history_days").max()).iter_rows())
    assert by_day == {DAYS[0]: 0, DAYS[1]: 1, DAYS[2]: 2}


def test_a_takeover_starts_on_a_device_new_to_the_account(data):
    customers, transactions, events = data
    features = compute_features(transactions, events, customers, DAYS[7:], START).join(
        transactions.select("transaction_id", "fraud_type", "fraud_case_id", "timestamp"),
        on="transaction_id",
    )
    first = features.sort("timestamp").group_by("fraud_case_id", "fraud_type").first()
    sim_swaps = first.filter(pl.col("fraud_type") == "sim_swap_takeover")
    phishing = first.filter(pl.col("fraud_type") == "phishing_takeover")
    genuine = features.filter(pl.col("fraud_type").is_null())
    assert sim_swaps.height > 0 and phishing.height > 0
    assert (sim_swaps["is_new_device"] == 1).all()
    # some phishers drive the victim's own phone through a remote-access app instead
    assert 0.4 < phishing["is_new_device"].mean() < 1.0
    assert genuine["is_new_device"].mean() < 0.2


def test_the_catalogue_declares_every_feature_once():
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names)) and len(MODEL_FEATURES) >= 69
    assert set(EVENT_FEATURES) == set(columns_of(EVENTS))


def test_computed_features_follow_the_catalogue(data):
    customers, transactions, events = data
    features = compute_features(transactions, events, customers, DAYS[-2:], START)
    assert features.columns == ["transaction_id", "partition_date", *FEATURE_COLUMNS]
    for f in FEATURES:
        column = features[f.name]
        assert f.nullable or column.null_count() == 0, f.name
        values = column.drop_nulls()
        if f.low is not None:
            assert values.min() >= f.low, f.name
        if f.high is not None:
            assert values.max() <= f.high, f.name
        assert column.dtype.is_float() == (f.kind == "real"), f.name


def test_minutes_since_account_events(data):
    """A SIM-swap takeover pays soon after the SIM change; genuine customers replace SIMs
    and bind phones too, and pay later."""
    customers, transactions, events = data
    features = compute_features(transactions, events, customers, DAYS[7:], START).join(
        transactions.select("transaction_id", "fraud_type"), on="transaction_id"
    )
    swaps = features.filter(pl.col("fraud_type") == "sim_swap_takeover")
    genuine = features.filter(pl.col("fraud_type").is_null())
    assert swaps.height > 0
    assert swaps["minutes_since_sim_change"].is_not_null().mean() > 0.9
    assert swaps["minutes_since_sim_change"].median() < 24 * 60
    assert genuine["minutes_since_sim_change"].is_not_null().sum() > 0
    assert genuine["minutes_since_device_binding"].is_not_null().sum() > 0
    assert (genuine["minutes_since_collect_request"] < 45).sum() > 0
