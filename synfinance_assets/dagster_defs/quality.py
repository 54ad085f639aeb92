"""Great Expectations suites as asset checks that run before a partition is published.

An asset validates each day's frame in memory while the day loads, and the load is
committed only if the suite passes (write-audit-publish); the result is reported as
its own asset check. A critical suite's check blocks: a failing day records the failed
check with its expectations, is rolled back (nothing is written) and fails the run, so
nothing downstream runs either. A warn suite's check only warns. Each suite
runs once per day, on exactly the rows written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import great_expectations as gx
import polars as pl
from sqlalchemy import Table

from synfinance_assets.dagster_defs.resources import Warehouse
from synfinance_assets.domain.quality import SuiteReport, data_docs_index, validate


class SuiteGate:
    """One asset's suite, the check that reports it, and the days validated so far."""

    def __init__(
        self,
        asset: str,
        check_name: str,
        suite: gx.ExpectationSuite | None,
        references: dict[str, pl.Series] | None = None,
        blocking: bool = True,
    ):
        self.asset = asset
        self.check_name = check_name
        self.suite = suite  # None: each day brings its own
        self.references = references  # column -> the stored ids its values must name
        self.blocking = blocking
        self.reports: dict[dt.date | str, SuiteReport] = {}

    @staticmethod
    def spec(
        asset: str, check_name: str, description: str, blocking: bool = True
    ) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            check_name, asset=asset, blocking=blocking, description=description
        )

    def audit(
        self, frame: pl.DataFrame, day: dt.date | str, suite: gx.ExpectationSuite | None = None
    ) -> Iterator[dg.AssetCheckResult]:
        """Validate ``frame``, a ``day`` of the asset (or the whole table, for an asset
        without partitions) against ``suite``, else the gate's own; when a blocking suite
        fails, yield the failed check and raise before any write."""
        self._validate(frame, day, suite)
        yield from self._enforce(day)

    def audited_write(
        self,
        warehouse: Warehouse,
        table: Table,
        frame: pl.DataFrame,
        day: dt.date,
        suite: gx.ExpectationSuite | None = None,
    ) -> Iterator[dg.AssetCheckResult]:
        """Replace ``day`` of ``table`` by ``frame`` as `audit` then a write would, in about
        the time of the longer of the two: the suite runs while the rows are loaded, and
        the load is committed only if the suite passes (or does not block), else rolled
        back, leaving the day as it was before the failure is raised."""
        with ThreadPoolExecutor(max_workers=1) as validator:
            report = validator.submit(self._validate, frame, day, suite)
            publish = lambda: report.result().success or not self.blocking  # noqa: E731
            try:
                warehouse.replace_day(table, frame, day, approve=publish)
            except Exception:
                if publish():
                    raise
                # rows the suite fails may break a table constraint too: the suite's
                # report, which names every failed expectation, is the error to raise
        yield from self._enforce(day)

    def _validate(
        self, frame: pl.DataFrame, day: dt.date | str, suite: gx.ExpectationSuite | None
    ) -> SuiteReport:
        report = validate(frame, suite or self.suite, self.references, run_name=str(day))
        self.reports[day] = report
        return report

    def _enforce(self, day: dt.date | str) -> Iterator[dg.AssetCheckResult]:
        """When a blocking suite failed on ``day``: the failed check, then the run fails."""
        report = self.reports[day]
        if not report.success and self.blocking:
            yield self.result()
            raise dg.Failure(
                f"{self.asset} {day} failed its quality suite; nothing was written. "
                + report.summary(),
                metadata={"failed_expectations": dg.MetadataValue.json(report.failures)},
                allow_retries=False,
            )

    def result(self) -> dg.AssetCheckResult:
        """The check over every day validated: failing if any day failed."""
        failures = [
            {"day": str(day), **failure}
            for day, report in self.reports.items()
            for failure in report.failures
        ]
        failed_days = sorted({f["day"] for f in failures})
        return dg.AssetCheckResult(
            check_name=self.check_name,
            asset_key=self.asset,
            passed=not failures,
            severity=dg.AssetCheckSeverity.ERROR if self.blocking else dg.AssetCheckSeverity.WARN,
            description=f"{self.check_name}: {len(self.reports)} day(s) validated"
            + (
                f"; failing on {', '.join(failed_days)}"
                if failed_days
                else ", all expectations met"
            ),
            metadata={
                "expectations_evaluated": sum(r.evaluated for r in self.reports.values()),
                "data_docs": dg.MetadataValue.path(str(data_docs_index())),
                "failed_expectations": dg.MetadataValue.json(failures),
            },
        )
