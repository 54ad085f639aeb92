"""Execution policies shared by the assets that write to the warehouse."""

import dagster as dg

from synfinance_assets.partitions import daily_partitions

# Transient database errors (a dropped connection, a restart) are retried with
# exponential backoff and jitter; failures that retrying cannot fix raise
# `dg.Failure(allow_retries=False)`.
WAREHOUSE_RETRY = dg.RetryPolicy(
    max_retries=2, delay=2, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS
)
# Concurrent backfills share one pool of warehouse writers (limit in dagster.yaml).
WAREHOUSE_POOL = "warehouse_writes"

# What every daily asset shares: the partitions, one run for a whole range, and
# the warehouse-writer policies above.
DAILY_WAREHOUSE_ASSET = {
    "partitions_def": daily_partitions,
    "backfill_policy": dg.BackfillPolicy.single_run(),
    "retry_policy": WAREHOUSE_RETRY,
    "pool": WAREHOUSE_POOL,
}
