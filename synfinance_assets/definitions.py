"""The code location: every asset, check, job, schedule and resource of SynFinance."""

import dagster as dg

from synfinance_assets.defs.features import features_meet_quality_suite, transaction_features
from synfinance_assets.defs.models import fraud_model
from synfinance_assets.defs.predictions import fraud_predictions
from synfinance_assets.defs.reference import anomaly_patterns, customers, fraud_patterns, merchants
from synfinance_assets.defs.resources import resources_for_environment
from synfinance_assets.defs.schedules import (
    daily_refresh_job,
    nightly_refresh_schedule,
    retrain_job,
    weekly_retrain_schedule,
)
from synfinance_assets.defs.transactions import transactions, transactions_meet_quality_suite

defs = dg.Definitions(
    assets=[
        customers,
        merchants,
        fraud_patterns,
        anomaly_patterns,
        transactions,
        transaction_features,
        fraud_model,
        fraud_predictions,
    ],
    asset_checks=[transactions_meet_quality_suite, features_meet_quality_suite],
    jobs=[daily_refresh_job, retrain_job],
    schedules=[nightly_refresh_schedule, weekly_retrain_schedule],
    resources=resources_for_environment(),
)
