"""Jobs and schedules: the nightly refresh of the newest day, the weekly retrain, and the
generation of past days in parallel."""

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

history_job = dg.define_asset_job(
    "history_job",
    selection=dg.AssetSelection.assets("transactions", "account_events", "customer_daily_activity"),
    partitions_def=daily_partitions,
    description="Generate past days: each day's transactions, account events and daily activity "
    "depend on no other day, so a backfill of this job runs many days at once (the run queue and "
    "the warehouse_writes pool bound how many). The features, which read the week before each "
    "day, follow as one range.",
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
