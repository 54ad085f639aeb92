"""The leak audit finds a planted giveaway and stays quiet on labels that mean nothing."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.domain.leak_audit import LIMIT, leak_audit
from synfinance_tests import simulated


@pytest.fixture(scope="module")
def days():
    world = simulated.world(3, 3_000, 400)
    start = dt.date(2025, 2, 3)
    return simulated.days(world, [start + dt.timedelta(days=i) for i in range(4)])


def test_a_coordinate_written_differently_for_fraud_is_caught(days):
    planted = days.with_columns(
        latitude=pl.when("is_fraud").then(pl.col("latitude").round(2)).otherwise("latitude")
    )
    audit = leak_audit(planted)
    caught = audit.filter(pl.col("signal") == "latitude decimals")
    assert caught["auc"][0] > 0.95 and caught["status"][0] == "FAIL"


def test_labels_that_mean_nothing_leak_nothing(days):
    shuffled = days.with_columns(is_fraud=pl.col("is_fraud").shuffle(seed=1))
    audit = leak_audit(shuffled)
    assert audit.height > 30
    assert audit["auc"].max() < LIMIT
    assert (audit["status"] == "ok").all()
