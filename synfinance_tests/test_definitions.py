"""The real code location: asset graph, partitions, checks, jobs and schedules."""

import dagster as dg

from synfinance_assets import defs
from synfinance_assets.partitions import daily_partitions

DAILY = {
    "transactions",
    "account_events",
    "customer_daily_activity",
    "transaction_features",
    "fraud_predictions",
    "dataset_export",
}


def test_asset_graph():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys == {
        "customers",
        "merchants",
        "fraud_patterns",
        "anomaly_patterns",
        "transactions",
        "account_events",
        "customer_daily_activity",
        "transaction_features",
        "fraud_model",
        "fraud_predictions",
        "dataset_export",
    }
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["transactions"] == "transactions" and groups["fraud_model"] == "models"
    upstream = {
        key.to_user_string(): {p.to_user_string() for p in graph.get(key).parent_keys}
        for key in graph.get_all_asset_keys()
    }
    assert upstream["transactions"] == {"customers", "merchants"}
    assert upstream["account_events"] == {"transactions"}
    assert upstream["customer_daily_activity"] == {"transactions"}
    assert upstream["transaction_features"] == {
        "transactions",
        "account_events",
        "customer_daily_activity",
        "customers",
    }
    assert upstream["fraud_model"] == {"transaction_features"}
    assert upstream["fraud_predictions"] == {"transaction_features", "fraud_model"}
    assert upstream["dataset_export"] == {
        "transactions",
        "account_events",
        "transaction_features",
        "fraud_predictions",
    }
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key} needs a docstring"
        if key.to_user_string() in DAILY:
            assert node.partitions_def == daily_partitions
            assert node.backfill_policy == dg.BackfillPolicy.single_run()
        else:
            assert node.partitions_def is None


def test_daily_partitions():
    assert daily_partitions.get_first_partition_key() == "2025-01-01"
    assert daily_partitions.timezone == "Asia/Kolkata"


def test_quality_checks():
    graph = defs.resolve_asset_graph()
    checks = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys}
    assert set(checks) == {
        "transactions_meet_quality_suite",
        "transactions_match_published_figures",
        "transactions_pass_leak_audit",
        "transactions_hold_last_week_shape",
        "account_events_meet_quality_suite",
        "features_meet_quality_suite",
        "fraud_predictions_meet_quality_suite",
        "customers_meet_quality_suite",
        "merchants_meet_quality_suite",
        "customer_daily_activity_meets_quality_suite",
        "fraud_patterns_meet_quality_suite",
        "anomaly_patterns_meet_quality_suite",
        "beats_champion",
    }
    # the critical suites and the champion gate stop the downstream assets; the fidelity
    # report, the leak audit and the drift suite warn
    assert {name for name, spec in checks.items() if spec.blocking} == {
        "transactions_meet_quality_suite",
        "account_events_meet_quality_suite",
        "features_meet_quality_suite",
        "fraud_predictions_meet_quality_suite",
        "customers_meet_quality_suite",
        "merchants_meet_quality_suite",
        "customer_daily_activity_meets_quality_suite",
        "fraud_patterns_meet_quality_suite",
        "anomaly_patterns_meet_quality_suite",
        "beats_champion",
    }


def test_jobs_and_schedules():
    assert defs.resolve_job_def("daily_refresh_job").partitions_def == daily_partitions
    assert defs.resolve_job_def("retrain_job")
    nightly = defs.resolve_schedule_def("nightly_refresh_schedule")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Asia/Kolkata")
    assert nightly.job_name == "daily_refresh_job"
    weekly = defs.resolve_schedule_def("weekly_retrain_schedule")
    assert weekly.job_name == "retrain_job" and weekly.execution_timezone == "Asia/Kolkata"
