"""The daily `transactions` asset and its Great Expectations gate."""

import dagster as dg
import polars as pl

from synfinance_assets.defs.metadata import preview, transaction_metadata, transaction_tally
from synfinance_assets.defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.defs.quality import gate, stored_days_check
from synfinance_assets.defs.resources import GenerationSettings, QualityBands, Warehouse
from synfinance_assets.domain.population import Population
from synfinance_assets.domain.quality import transactions_suite
from synfinance_assets.domain.transactions import generate_day
from synfinance_assets.partitions import daily_partitions, days_in
from synfinance_assets.warehouse.models import Customer, Merchant, Transaction

TABLE = Transaction.__table__
PREVIEW_COLUMNS = [
    "transaction_id",
    "timestamp",
    "customer_id",
    "channel",
    "amount",
    "city",
    "fraud_type",
    "anomaly_type",
]


@dg.asset(
    group_name="transactions",
    kinds={"polars", "postgres"},
    deps=["customers", "merchants"],
    **DAILY_WAREHOUSE_ASSET,
)
def transactions(
    context: dg.AssetExecutionContext,
    generation: GenerationSettings,
    quality_bands: QualityBands,
    warehouse: Warehouse,
) -> dg.MaterializeResult:
    """One Asia/Kolkata day of UPI (P2P and P2M), card, net-banking and wallet payments in INR,
    each labelled with its fraud scenario (`fraud_type`) and anomaly (`anomaly_type`).

    A day is a pure function of (seed, date), so it is the same alone or inside a range.
    Each day is validated in memory by the Great Expectations suite before it is written,
    then replaces its partition in one transaction."""
    population = Population.from_frames(
        warehouse.require_rows(Customer.__table__, "transactions"),
        warehouse.require_rows(Merchant.__table__, "transactions"),
    )
    plan = generation.day_plan()
    suite = transactions_suite(quality_bands.min_fraud_rate, quality_bands.max_fraud_rate)
    days = days_in(context.partition_time_window)
    tallies = []
    for day in days:
        frame = generate_day(population, day, plan)
        gate(frame, suite, f"transactions {day}")
        warehouse.replace(TABLE, frame, TABLE.c.partition_date == day)
        context.log.info(f"transactions {day}: {frame.height} rows written")
        tallies.append(transaction_tally(frame))
        if day == days[0]:
            first_rows = preview(frame, PREVIEW_COLUMNS)
    return dg.MaterializeResult(
        metadata={
            **transaction_metadata(pl.concat(tallies)),
            "days": len(days),
            "preview": first_rows,
        }
    )


@dg.asset_check(
    asset=transactions,
    blocking=True,
    partitions_def=daily_partitions,
    description="The stored partition meets the transactions suite: columns and types, unique "
    "ids, non-null keys, amount > 0, known labels, coordinates in India, fraud rate in band.",
)
def transactions_meet_quality_suite(
    context: dg.AssetCheckExecutionContext, quality_bands: QualityBands, warehouse: Warehouse
) -> dg.AssetCheckResult:
    suite = transactions_suite(quality_bands.min_fraud_rate, quality_bands.max_fraud_rate)
    return stored_days_check(warehouse, TABLE, days_in(context.partition_time_window), suite)
