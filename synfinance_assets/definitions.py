"""The code location: every asset, check, job, schedule and resource of SynFinance."""

import dagster as dg

from synfinance_assets.dagster_defs.account_events import account_events
from synfinance_assets.dagster_defs.activity import customer_daily_activity
from synfinance_assets.dagster_defs.exports import dataset_export
from synfinance_assets.dagster_defs.features import transaction_features
from synfinance_assets.dagster_defs.models import fraud_model
from synfinance_assets.dagster_defs.predictions import fraud_predictions
from synfinance_assets.dagster_defs.reference import (
    anomaly_patterns,
    customers,
    fraud_patterns,
    merchants,
)
from synfinance_assets.dagster_defs.resources import resources_for_environment
from synfinance_assets.dagster_defs.schedules import (
    daily_refresh_job,
    history_job,
    nightly_refresh_schedule,
    retrain_job,
    weekly_retrain_schedule,
)
from synfinance_assets.dagster_defs.transactions import transactions

defs = dg.Definitions(
    assets=[
        customers,
        merchants,
        fraud_patterns,
        anomaly_patterns,
        transactions,
        account_events,
        customer_daily_activity,
        transaction_features,
        fraud_model,
        fraud_predictions,
        dataset_export,
    ],
    jobs=[daily_refresh_job, history_job, retrain_job],
    schedules=[nightly_refresh_schedule, weekly_retrain_schedule],
    resources=resources_for_environment(),
    # Steps run one after another in the run's process: each step already uses every core
    # (Polars, NumPy threads), and a new process per step would re-import the stack and
    # rebuild the simulated world each time.
    executor=dg.in_process_executor,
)
