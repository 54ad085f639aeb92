"""The Great Expectations suites pass good frames and name what fails in bad ones."""

import datetime as dt

import dagster as dg
import polars as pl
import pytest
from sqlalchemy import Float, func, select

from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.reference import catalogue_frame
from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.activity import daily_activity
from synfinance_assets.domain.features import compute_features
from synfinance_assets.domain.quality import (
    activity_suite,
    catalogue_suite,
    customers_suite,
    empty_features,
    features_suite,
    merchants_suite,
    predictions_suite,
    transactions_suite,
    validate,
)
from synfinance_assets.sim.scenarios import FRAUD_SCENARIOS, default_mix
from synfinance_assets.warehouse.models import FraudPattern, Transaction
from synfinance_tests import simulated

TRANSACTIONS = Transaction.__table__


@pytest.fixture(scope="module")
def day():
    return simulated.days(simulated.world(1, 1500, 200), [dt.date(2025, 2, 1)])


def test_generated_transactions_meet_the_suite(day):
    report = validate(day, transactions_suite(0.005, 0.08))
    assert report.success, report.summary()
    assert report.evaluated >= 15


def test_failures_name_the_expectation_and_column(day):
    bad = day.with_columns(
        amount=pl.when(pl.int_range(pl.len()) < 3).then(-5.0).otherwise("amount"),
        transaction_id=pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit(day["transaction_id"][0]))
        .otherwise("transaction_id"),
    )
    report = validate(bad, transactions_suite(0.005, 0.08))
    failed = {(f["expectation"], f["column"]) for f in report.failures}
    assert failed == {
        ("expect_column_values_to_be_between", "amount"),
        ("expect_column_values_to_be_unique", "transaction_id"),
    }


def test_fraud_rate_outside_the_band_fails(day):
    report = validate(day, transactions_suite(0.10, 0.20))
    assert [f["column"] for f in report.failures] == ["is_fraud"]


def test_anomaly_rate_outside_the_band_fails(day):
    report = validate(day, transactions_suite(0.005, 0.08, 0.10, 0.20))
    assert [f["column"] for f in report.failures] == ["is_anomaly"]


def test_ids_that_name_no_stored_row_fail(day):
    customers = day["customer_id"].unique()
    known = {
        "customer_id": customers.filter(customers != day["customer_id"][0]),
        "merchant_id": day["merchant_id"].drop_nulls().unique(),
    }
    report = validate(day, transactions_suite(0.005, 0.08), known)
    assert not report.success and report.evaluated == validate(day, transactions_suite(
        0.005, 0.08)).evaluated + 2  # fmt: skip
    (failure,) = report.failures
    assert failure["column"] == "customer_id"
    assert f"examples=['{day['customer_id'][0]}']" in failure["observed"]
    assert validate(day, transactions_suite(0.005, 0.08), {"customer_id": customers}).success


def test_gate_reports_the_failed_check_then_refuses_to_write(day):
    gate = SuiteGate("transactions", "suite", transactions_suite(0.005, 0.08))
    audit = gate.audit(day.with_columns(amount=pl.lit(0.0)), dt.date(2025, 2, 1))
    failed = next(audit)
    assert not failed.passed and failed.check_name == "suite"
    assert [f["column"] for f in failed.metadata["failed_expectations"].value] == ["amount"]
    with pytest.raises(dg.Failure, match="nothing was written.*amount"):
        next(audit)


def test_a_gated_write_commits_a_passing_day_and_rolls_back_a_failing_one(day, scratch_warehouse):
    """The suite runs while the day loads: a passing day is committed; a failing one
    (whose rows the table's constraints refuse too) reports the suite's failures after
    its load is rolled back, and the day stored before is still there."""
    warehouse = Warehouse(database_url=scratch_warehouse.render_as_string(hide_password=False))
    date = day["partition_date"][0]
    stored = lambda: warehouse.query(  # noqa: E731
        select(
            func.count().label("rows"),
            func.sum(TRANSACTIONS.c.amount).cast(Float).label("amount"),
        ).where(TRANSACTIONS.c.partition_date == date)
    ).row(0)
    gate = SuiteGate("transactions", "suite", transactions_suite(0.005, 0.08))
    assert list(gate.audited_write(warehouse, TRANSACTIONS, day, date)) == []
    assert stored() == (day.height, pytest.approx(float(day["amount"].sum())))
    writes = gate.audited_write(
        warehouse, TRANSACTIONS, day.head(100).with_columns(amount=pl.lit(0.0)), date
    )
    failed = next(writes)
    assert not failed.passed
    with pytest.raises(dg.Failure, match="nothing was written.*amount"):
        next(writes)
    assert stored() == (day.height, pytest.approx(float(day["amount"].sum())))


def test_gate_passes_good_days(day):
    gate = SuiteGate("transactions", "suite", transactions_suite(0.005, 0.08))
    assert list(gate.audit(day, dt.date(2025, 2, 1))) == []
    assert gate.result().passed


def test_features_out_of_range_fail_with_the_observed_value():
    world = simulated.world(1, 1500, 200)
    days = [dt.date(2025, 2, 1) + dt.timedelta(days=i) for i in range(3)]
    transactions, events = simulated.days_with_events(world, days)
    features = compute_features(
        transactions, events, simulated.customers(world), days[-1:], days[0]
    )
    assert validate(features, features_suite()).success
    # a nullable feature with no value all day (no SIM change yet) has nothing out of range
    quiet = features.with_columns(minutes_since_sim_change=pl.lit(None, pl.Float64))
    assert empty_features(quiet) == {"minutes_since_sim_change"} | empty_features(features)
    assert validate(quiet, features_suite(empty_features(quiet))).success
    bad = features.with_columns(
        is_night=pl.when(pl.int_range(pl.len()) == 0).then(2).otherwise("is_night"),
        tx_count_24h=pl.lit(0, pl.Int32),
        minutes_since_sim_change=pl.lit(-1.0),
        transaction_id=pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit(features["transaction_id"][0]))
        .otherwise("transaction_id"),
    )
    failures = {f["column"]: f for f in validate(bad, features_suite()).failures}
    assert set(failures) == {
        "is_night", "tx_count_24h", "minutes_since_sim_change", "transaction_id"
    }  # fmt: skip
    assert failures["transaction_id"]["observed"] == (
        f"observed_value={round((features.height - 1) / features.height, 6)}"
    )
    assert failures["is_night"]["expectation"] == "expect_column_max_to_be_between"
    assert failures["is_night"]["observed"] == "observed_value=2"


def test_predictions_suite_holds_probabilities_to_the_unit_interval(day):
    scores = (
        day.select("transaction_id", "partition_date")
        .with_columns(
            model_name=pl.lit("synfinance-fraud"),
            model_version=pl.lit("3"),
            fraud_probability=pl.int_range(pl.len()) / pl.len(),
            threshold=pl.lit(0.5),
            mlflow_run_id=pl.lit("abc"),
            scored_at=pl.lit(dt.datetime(2025, 2, 2, tzinfo=dt.UTC)).dt.cast_time_unit("us"),
            reason_codes=pl.lit(None, pl.String),
        )
        .with_columns(predicted_fraud=pl.col("fraud_probability") >= pl.col("threshold"))
    )
    assert validate(scores, predictions_suite()).success
    over = scores.with_columns(fraud_probability=pl.col("fraud_probability") + 0.5)
    failures = validate(over, predictions_suite()).failures
    assert [(f["expectation"], f["column"]) for f in failures] == [
        ("expect_column_values_to_be_between", "fraud_probability")
    ]


def test_reference_and_activity_suites_pass_generated_tables_and_name_bad_rows(day):
    world = simulated.world(1, 1500, 200)
    customers, merchants = simulated.customers(world), simulated.merchant_rows(world)
    activity = daily_activity(day)
    for frame, suite in ((customers, customers_suite()), (merchants, merchants_suite()),
                         (activity, activity_suite())):  # fmt: skip
        report = validate(frame, suite)
        assert report.success, report.summary()
    first = pl.int_range(pl.len()) == 0
    bad_customers = customers.with_columns(
        age=pl.when(first).then(12).otherwise("age"),
        city=pl.when(first).then(pl.lit("Atlantis")).otherwise("city"),
    )
    assert {f["column"] for f in validate(bad_customers, customers_suite()).failures} == {
        "age",
        "city",
    }
    more_declines = activity.with_columns(declined_count=pl.col("tx_count") + 1)
    (failure,) = validate(more_declines, activity_suite()).failures
    assert failure["expectation"] == "expect_column_pair_values_a_to_be_greater_than_b"


def test_the_catalogue_suite_refuses_a_label_outside_the_library():
    known, *_ = FRAUD_SCENARIOS
    observed = pl.DataFrame(
        {"pattern_type": [known, "invented_scam"], "observed_rows": [5, 3],
         "observed_cases": [2, 1], "reported_share": [0.4, 1.0]}
    )  # fmt: skip
    frame = catalogue_frame(FRAUD_SCENARIOS, default_mix(FRAUD_SCENARIOS), observed)
    suite = catalogue_suite(FraudPattern.__table__, FRAUD_SCENARIOS, labelled_rows=8)
    (failure,) = validate(frame, suite).failures
    assert (failure["column"], failure["observed"]) == ("observed_rows", "observed_value=5")
    only_known = observed.head(1)
    frame = catalogue_frame(FRAUD_SCENARIOS, default_mix(FRAUD_SCENARIOS), only_known)
    report = validate(frame, catalogue_suite(FraudPattern.__table__, FRAUD_SCENARIOS, 5))
    assert report.success, report.summary()
