"""The daily `dataset_export` asset: the daily tables as Hive-style Parquet or CSV datasets
for pandas, Polars, DuckDB or Spark, under the `export_target` resource's root."""

import time
from typing import Literal

import dagster as dg
from pydantic import Field, field_validator

from synfinance_assets.dagster_defs.policies import WAREHOUSE_RETRY
from synfinance_assets.dagster_defs.resources import ExportTarget, Warehouse
from synfinance_assets.partitions import daily_partitions, days_in
from synfinance_assets.warehouse import export as exporting
from synfinance_assets.warehouse.models import Transaction


class DatasetExportConfig(dg.Config):
    format: Literal["parquet", "csv"] = "parquet"
    tables: list[str] = Field(
        default=list(exporting.EXPORTED_TABLES),
        description="the daily tables to export: " + ", ".join(exporting.EXPORTED_TABLES),
    )

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, tables: list[str]) -> list[str]:
        return exporting.check_tables(tables)


@dg.asset(
    group_name="exports",
    kinds={"parquet", "postgres"},
    deps=["transactions", "account_events", "transaction_features", "fraud_predictions"],
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    retry_policy=WAREHOUSE_RETRY,
)
def dataset_export(
    context: dg.AssetExecutionContext,
    config: DatasetExportConfig,
    warehouse: Warehouse,
    export_target: ExportTarget,
) -> dg.MaterializeResult:
    """The day's transactions, account events, features and predictions as files under the
    export root, one Hive-style folder per table and day
    (`<root>/<table>/partition_date=YYYY-MM-DD/part-0.parquet`), streamed from Postgres in
    batches (a million-row day in bounded memory). Each file is written beside its final
    name and renamed over it: a re-export replaces the day, a killed one leaves the
    previous file. Tables with no rows on the day (no predictions yet) write nothing."""
    days = days_in(context.partition_time_window)
    warehouse.require_days(Transaction.__table__, days, "dataset_export")
    root = export_target.resolved_root()
    began = time.perf_counter()
    written = exporting.export_range(warehouse.url(), days, config.tables, root, config.format)
    seconds = time.perf_counter() - began
    rows = sum(e.rows for e in written)
    per_table = exporting.summary_frame(written)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(rows),
            "files": dg.MetadataValue.int(len(written)),
            "bytes": dg.MetadataValue.int(sum(e.bytes for e in written)),
            "rows_per_second": dg.MetadataValue.float(rows / max(seconds, 1e-9)),
            "root": dg.MetadataValue.path(root),
            "format": dg.MetadataValue.text(config.format),
            "tables": dg.MetadataValue.table(
                records=[dg.TableRecord(row) for row in per_table.iter_rows(named=True)],
                schema=dg.TableSchema(
                    columns=[
                        dg.TableColumn("table", "string"),
                        dg.TableColumn("days", "int"),
                        dg.TableColumn("rows", "int"),
                        dg.TableColumn("bytes", "int"),
                    ]
                ),
            ),
        }
    )
