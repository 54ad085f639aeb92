"""Running the Great Expectations suites from assets (before writing) and from asset checks."""

import dagster as dg
import polars as pl

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


def suite_check_result(frame: pl.DataFrame, suite) -> dg.AssetCheckResult:
    """An asset check result with the failing expectations in its metadata."""
    report = validate(frame, suite)
    return dg.AssetCheckResult(
        passed=report.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=report.summary(),
        metadata={
            "rows_validated": frame.height,
            "expectations_evaluated": report.evaluated,
            "failed_expectations": dg.MetadataValue.json(report.failures),
        },
    )
