"""Running the Great Expectations suites from assets (before writing) and from asset checks."""

import datetime as dt

import dagster as dg
import polars as pl
from sqlalchemy import Table

from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.quality import SuiteReport, validate


def gate(frame: pl.DataFrame, suite, what: str) -> SuiteReport:
    """Refuse to write ``frame`` when it fails ``suite`` (write-audit-publish)."""
    report = validate(frame, suite)
    if not report.success:
        raise dg.Failure(
            f"{what} failed its quality suite; nothing was written. {report.summary()}",
            metadata={"failed_expectations": dg.MetadataValue.json(report.failures)},
            allow_retries=False,
        )
    return report


def stored_days_check(
    warehouse: Warehouse, table: Table, days: list[dt.date], suite
) -> dg.AssetCheckResult:
    """Validate each stored day on its own (the bands are daily); fail if any day fails.

    The failing expectations, tagged with their day, go into the check's metadata."""
    failures, rows, evaluated = [], 0, 0
    for day in days:
        stored = warehouse.read(table, where=table.c.partition_date == day)
        report = validate(stored, suite)
        failures += [{"day": day.isoformat(), **failure} for failure in report.failures]
        rows += stored.height
        evaluated += report.evaluated
    failed_days = sorted({f["day"] for f in failures})
    return dg.AssetCheckResult(
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{suite.name}: {len(days)} day(s) validated"
        + (f"; failing on {', '.join(failed_days)}" if failed_days else ", all expectations met"),
        metadata={
            "rows_validated": rows,
            "expectations_evaluated": evaluated,
            "failed_expectations": dg.MetadataValue.json(failures),
        },
    )
