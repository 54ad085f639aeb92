"""Great Expectations suites for the warehouse tables, run on in-memory frames.

Each suite runs once per day, on the frame an asset is about to write: nothing
that fails it is ever loaded, and its result is the asset's check. Every result is
kept as Great Expectations Data Docs (`validation_site`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import polars as pl

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402

from synfinance_assets.domain.feature_catalogue import FEATURE_COLUMNS, FEATURES  # noqa: E402
from synfinance_assets.domain.validation_site import current_site  # noqa: E402
from synfinance_assets.sim.catalogue import CATEGORY_NAMES  # noqa: E402
from synfinance_assets.sim.draft import CHANNELS, STATUSES  # noqa: E402
from synfinance_assets.sim.events import EVENT_TYPES  # noqa: E402
from synfinance_assets.sim.geography import CITY_NAMES  # noqa: E402
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS  # noqa: E402
from synfinance_assets.sim.segments import SEGMENT_NAMES  # noqa: E402
from synfinance_assets.warehouse.models import (  # noqa: E402
    AccountEvent,
    Customer,
    CustomerDailyActivity,
    Merchant,
    ModelPrediction,
    Transaction,
)

STORED_TRANSACTION_COLUMNS = [column.name for column in Transaction.__table__.columns]
STORED_EVENT_COLUMNS = [column.name for column in AccountEvent.__table__.columns]


@dataclass(frozen=True)
class SuiteReport:
    suite: str
    success: bool
    evaluated: int
    failures: list[dict]

    def summary(self) -> str:
        if self.success:
            return f"{self.suite}: all {self.evaluated} expectations met"
        names = ", ".join(
            f["expectation"] + (f" ({f['column']})" if f["column"] else "") for f in self.failures
        )
        return (
            f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations failed: {names}"
        )


def transactions_suite(
    min_fraud_rate: float,
    max_fraud_rate: float,
    min_anomaly_rate: float = 0.0,
    max_anomaly_rate: float = 1.0,
) -> gx.ExpectationSuite:
    """Columns, unique ids, non-null keys, positive INR amounts, known labels, fraud- and
    anomaly-rate bands."""
    return gx.ExpectationSuite(
        name="transactions",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(
                column_set=STORED_TRANSACTION_COLUMNS, exact_match=True
            ),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnValuesToBeUnique(column="transaction_id"),
            *[
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in (
                    "transaction_id",
                    "partition_date",
                    "timestamp",
                    "customer_id",
                    "channel",
                    "amount",
                    "is_fraud",
                    "is_anomaly",
                    "status",
                    "device_id",
                )
            ],
            gxe.ExpectColumnValuesToBeOfType(column="amount", type_="float64"),
            gxe.ExpectColumnValuesToBeOfType(column="is_fraud", type_="bool"),
            gxe.ExpectColumnValuesToBeBetween(column="amount", min_value=0, strict_min=True),
            gxe.ExpectColumnValuesToBeInSet(column="currency", value_set=["INR"]),
            gxe.ExpectColumnValuesToBeInSet(column="channel", value_set=list(CHANNELS)),
            gxe.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
            gxe.ExpectColumnValuesToBeInSet(column="fraud_type", value_set=list(FRAUD_SCENARIOS)),
            gxe.ExpectColumnValuesToBeInSet(
                column="anomaly_type", value_set=list(ANOMALY_SCENARIOS)
            ),
            *_in_india(),
            gxe.ExpectColumnMeanToBeBetween(
                column="is_fraud", min_value=min_fraud_rate, max_value=max_fraud_rate
            ),
            gxe.ExpectColumnMeanToBeBetween(
                column="is_anomaly", min_value=min_anomaly_rate, max_value=max_anomaly_rate
            ),
        ],
    )


def account_events_suite() -> gx.ExpectationSuite:
    """Columns, unique ids, non-null keys, known event types."""
    return gx.ExpectationSuite(
        name="account_events",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=STORED_EVENT_COLUMNS, exact_match=True),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnValuesToBeUnique(column="event_id"),
            *[
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in ("event_id", "customer_id", "timestamp", "event_type", "device_id")
            ],
            gxe.ExpectColumnValuesToBeInSet(column="event_type", value_set=list(EVENT_TYPES)),
        ],
    )


def _keys_and_columns(table, keys: list[str], unique: str) -> list[gxe.Expectation]:
    """The stored columns exactly, at least one row, non-null keys, a unique id."""
    columns = [column.name for column in table.columns]
    return [
        gxe.ExpectTableColumnsToMatchSet(column_set=columns, exact_match=True),
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        *[gxe.ExpectColumnValuesToNotBeNull(column=c) for c in keys],
        gxe.ExpectColumnValuesToBeUnique(column=unique),
    ]


def _in_india() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(column="latitude", min_value=6.0, max_value=37.5),
        gxe.ExpectColumnValuesToBeBetween(column="longitude", min_value=68.0, max_value=97.5),
    ]


def _placed_and_scored(rupees: str) -> list[gxe.Expectation]:
    """A customer's or merchant's known city in India, a positive ``rupees`` figure and a
    risk score in [0, 1]."""
    return [
        gxe.ExpectColumnValuesToBeInSet(column="city", value_set=CITY_NAMES.tolist()),
        *_in_india(),
        gxe.ExpectColumnValuesToBeBetween(column=rupees, min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="risk_score", min_value=0, max_value=1),
    ]


def customers_suite() -> gx.ExpectationSuite:
    """Columns, unique ids and e-mails, known segments and cities, homes in India, adult
    ages, incomes > 0, risk scores in [0, 1]."""
    return gx.ExpectationSuite(
        name="customers",
        expectations=[
            *_keys_and_columns(Customer.__table__,
                               ["customer_id", "city", "primary_device_id"], "customer_id"),
            gxe.ExpectColumnValuesToBeUnique(column="email"),
            gxe.ExpectColumnValuesToBeInSet(column="occupation", value_set=SEGMENT_NAMES.tolist()),
            gxe.ExpectColumnValuesToBeBetween(column="age", min_value=18, max_value=100),
            *_placed_and_scored("monthly_income_inr"),
        ],
    )  # fmt: skip


def merchants_suite() -> gx.ExpectationSuite:
    """Columns, unique ids, known categories and cities, places in India, tickets > 0."""
    return gx.ExpectationSuite(
        name="merchants",
        expectations=[
            *_keys_and_columns(Merchant.__table__,
                               ["merchant_id", "category", "city"], "merchant_id"),
            gxe.ExpectColumnValuesToBeInSet(column="category", value_set=CATEGORY_NAMES.tolist()),
            *_placed_and_scored("avg_ticket_inr"),
        ],
    )  # fmt: skip


SEVERITIES = ("low", "medium", "high", "critical")


def catalogue_suite(table, scenarios: dict, labelled_rows: int) -> gx.ExpectationSuite:
    """The stored columns (but the server-set ``updated_at``), one row per scenario of the
    library, known severities, shares of the configured mix in [0, 1] summing to one,
    observed rows adding up to every labelled row stored (``labelled_rows``: a label
    outside the library would be lost from the catalogue), reported shares in [0, 1]."""
    columns = [c.name for c in table.columns if c.name != "updated_at"]
    return gx.ExpectationSuite(
        name=table.name,
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=columns, exact_match=True),
            gxe.ExpectTableRowCountToEqual(value=len(scenarios)),
            *[gxe.ExpectColumnValuesToNotBeNull(column=c)
              for c in ("pattern_type", "severity", "configured_share", "observed_rows")],
            gxe.ExpectColumnValuesToBeUnique(column="pattern_type"),
            gxe.ExpectColumnValuesToBeInSet(column="pattern_type", value_set=list(scenarios)),
            gxe.ExpectColumnValuesToBeInSet(column="severity", value_set=list(SEVERITIES)),
            gxe.ExpectColumnValuesToBeBetween(column="configured_share", min_value=0, max_value=1),
            gxe.ExpectColumnSumToBeBetween(
                column="configured_share", min_value=1 - 1e-9, max_value=1 + 1e-9
            ),
            gxe.ExpectColumnMinToBeBetween(column="observed_rows", min_value=0),
            gxe.ExpectColumnSumToBeBetween(
                column="observed_rows", min_value=labelled_rows, max_value=labelled_rows
            ),
            gxe.ExpectColumnValuesToBeBetween(column="reported_share", min_value=0, max_value=1),
        ],
    )  # fmt: skip


def activity_suite() -> gx.ExpectationSuite:
    """Columns, one row per customer, at least one payment each, sums that add up."""
    return gx.ExpectationSuite(
        name="customer_daily_activity",
        expectations=[
            *_keys_and_columns(CustomerDailyActivity.__table__,
                               ["customer_id", "partition_date", "last_at"], "customer_id"),
            gxe.ExpectColumnMinToBeBetween(column="tx_count", min_value=1),
            gxe.ExpectColumnMinToBeBetween(column="declined_count", min_value=0),
            gxe.ExpectColumnMinToBeBetween(column="amount_max", min_value=0, strict_min=True),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="tx_count", column_B="declined_count", or_equal=True
            ),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="amount_sum", column_B="amount_max", or_equal=True
            ),
        ],
    )  # fmt: skip


def predictions_suite() -> gx.ExpectationSuite:
    """Columns, one score per transaction, non-null keys and model version, probabilities
    and thresholds in [0, 1]."""
    return gx.ExpectationSuite(
        name="model_predictions",
        expectations=[
            *_keys_and_columns(
                ModelPrediction.__table__,
                [
                    "transaction_id",
                    "partition_date",
                    "model_name",
                    "model_version",
                    "fraud_probability",
                    "predicted_fraud",
                    "mlflow_run_id",
                ],
                "transaction_id",
            ),  # fmt: skip
            *[
                gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0.0, max_value=1.0)
                for c in ("fraud_probability", "threshold")
            ],
            gxe.ExpectColumnValuesToBeOfType(column="predicted_fraud", type_="bool"),
        ],
    )


@cache  # one suite object per set of empty features: GX registers it once
def features_suite(empty: frozenset[str] = frozenset()) -> gx.ExpectationSuite:
    """From the feature catalogue: every feature present, unique ids, non-null keys and
    features, every feature inside its range (flags 0 or 1), reals typed as floats.

    Ranges are checked on each column's minimum and maximum, one pass per column: the
    same verdict as a per-row range check, which GX runs on a copy of the whole frame
    without the column's nulls (five seconds a million rows for the nullable features).
    A nullable feature may be ``empty``, null on every row of a day (no SIM change yet on
    the first day): it has no minimum, and nothing out of range."""
    ranged = [f for f in FEATURES if f.name not in empty]
    return gx.ExpectationSuite(
        name="ml_features",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(
                column_set=["transaction_id", "partition_date", *FEATURE_COLUMNS], exact_match=True
            ),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnProportionOfUniqueValuesToBeBetween(
                column="transaction_id", min_value=1.0, max_value=1.0
            ),
            *[
                gxe.ExpectColumnValuesToNotBeNull(column=c)
                for c in ("transaction_id", "partition_date")
            ],
            *[gxe.ExpectColumnValuesToNotBeNull(column=f.name) for f in FEATURES if not f.nullable],
            *[
                gxe.ExpectColumnMinToBeBetween(column=f.name, min_value=f.low)
                for f in ranged
                if f.low is not None
            ],
            *[
                gxe.ExpectColumnMaxToBeBetween(column=f.name, max_value=f.high)
                for f in ranged
                if f.high is not None
            ],
            *[
                gxe.ExpectColumnValuesToBeOfType(column=f.name, type_="float64")
                for f in FEATURES
                if f.kind == "real"
            ],
        ],
    )


def empty_features(frame: pl.DataFrame) -> frozenset[str]:
    """The nullable features with no value on any row of ``frame``."""
    nullable = [f.name for f in FEATURES if f.nullable]
    counts = frame.select(pl.col(nullable).count()).row(0, named=True)
    return frozenset(name for name, values in counts.items() if values == 0)


def validate(
    frame: pl.DataFrame,
    suite: gx.ExpectationSuite,
    references: dict[str, pl.Series] | None = None,
    run_name: str | None = None,
) -> SuiteReport:
    """Run ``suite`` on ``frame``, and check that each column of ``references`` names only
    stored rows (its non-null values are among the given ids).

    GX's result is kept in the Data Docs under ``dagster_home/great_expectations`` as run
    ``run_name`` (by default the time of the run); the references are checked outside
    GX, so their failures are in the report and the check, not in the Data Docs."""
    site = current_site()
    checkpoints = site.checkpoints(suite)
    batch = {"dataframe": _as_pandas(frame)}
    run_id = gx.RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    # pass or fail alone is several times cheaper; a failing day is validated again for
    # the observed values its failures report, and that result replaces the first
    result = checkpoints["BOOLEAN_ONLY"].run(batch_parameters=batch, run_id=run_id)
    if not result.success:
        result = checkpoints["SUMMARY"].run(batch_parameters=batch, run_id=run_id)
    site.publish(result)
    (validated,) = result.run_results.values()
    failures = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column"),
            "observed": _observed(r.result),
        }
        for r in validated.results
        if not r.success
    ]
    broken = unknown_references(frame, references or {})
    return SuiteReport(
        suite.name,
        bool(result.success) and not broken,
        len(validated.results) + len(references or {}),
        failures + broken,
    )


def data_docs_index() -> Path:
    """The Data Docs' front page: every validation kept, newest first."""
    return current_site().front_page


def unknown_references(frame: pl.DataFrame, references: dict[str, pl.Series]) -> list[dict]:
    """Referential integrity, reported as the suite's failures are: one per column naming
    ids that no stored row has. A join in Polars rather than GX's value-set expectation,
    which takes 84 s to check a million ids against 500,000 customers."""
    failures = []
    for column, known in references.items():
        values = frame[column].drop_nulls()
        unknown = values.filter(~values.is_in(known.implode()))
        if unknown.len():
            failures.append(
                {
                    "expectation": "expect_column_values_to_name_stored_rows",
                    "column": column,
                    "observed": f"unexpected_count={unknown.len()}, "
                    f"examples={unknown.unique(maintain_order=True).head(5).to_list()}",
                }
            )
    return failures


def _as_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Numbers, booleans and times as NumPy columns (GX's range checks are vectorised on
    them, and only on 64-bit numbers: a narrower integer is checked value by value, a
    hundred times slower); identifiers (``*_id``) as Arrow-backed strings, which convert
    without copying; other strings, which are labels from short lists, as categoricals,
    which pandas hashes and compares by code. GX fingerprints every frame, so every
    column's cost counts."""
    return pd.DataFrame(
        {name: _as_pandas_column(frame[name]) for name in frame.columns}, copy=False
    )


def _as_pandas_column(column: pl.Series) -> pd.Series:
    if column.dtype.is_integer():
        return column.cast(pl.Int64).to_pandas()
    if column.dtype != pl.String:
        return column.to_pandas()
    if column.name.endswith("_id"):
        return column.to_pandas(use_pyarrow_extension_array=True)
    return column.cast(pl.Categorical).to_pandas()


def _observed(result: dict) -> str:
    for key in ("observed_value", "unexpected_percent", "unexpected_count"):
        if key in result and result[key] is not None:
            value = result[key]
            return f"{key}={value if not isinstance(value, float) else round(value, 6)}"
    partial = result.get("partial_unexpected_list")
    return f"examples={partial[:5]}" if partial else ""
