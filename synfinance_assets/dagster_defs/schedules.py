"""Jobs and schedules: the nightly refresh of the newest day and the weekly retrain."""

import dagster as dg

from synfinance_assets.partitions import TIMEZONE, daily_partitions

daily_refresh_job = dg.define_asset_job(
    "daily_refresh_job",
    selection=dg.AssetSelection.assets(
        "transactions",
        "account_events",
        "customer_daily_activity",
        "transaction_features",
        "fraud_predictions",
    ),
    partitions_def=daily_partitions,
    description="One day: transactions, then account_events, customer_daily_activity and "
    "transaction_features, then fraud_predictions, with the blocking quality checks between "
    "them.",
)

retrain_job = dg.define_asset_job(
    "retrain_job",
    selection=dg.AssetSelection.assets("fraud_model"),
    description="Retrain the three model families on the stored features; the champion moves "
    "only to a model that beats it on the same test window.",
)

nightly_refresh_schedule = dg.build_schedule_from_partitioned_job(
    daily_refresh_job,
    name="nightly_refresh_schedule",
    hour_of_day=2,
    minute_of_hour=0,
    description="02:00 Asia/Kolkata: refresh the previous day.",
)

weekly_retrain_schedule = dg.ScheduleDefinition(
    name="weekly_retrain_schedule",
    job=retrain_job,
    cron_schedule="0 4 * * 1",
    execution_timezone=TIMEZONE,
    description="Mondays 04:00 Asia/Kolkata, after the nightly refresh: retrain the model.",
)
