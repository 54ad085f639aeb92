"""Resources: the warehouse, generation parameters, quality bands and the export root
(MLflow has its own module, `model_registry`)."""

import datetime as dt
import os
from collections.abc import Callable, Mapping
from typing import Literal

import dagster as dg
import polars as pl
from pydantic import Field, model_validator
from sqlalchemy import Select, Table
from sqlalchemy.engine import URL

from synfinance_assets.dagster_defs.model_registry import MLflowTracking
from synfinance_assets.domain.customer_windows import MAX_CUSTOMERS
from synfinance_assets.settings import dagster_home, resolve_warehouse_url, warehouse_url
from synfinance_assets.sim.fraud import FraudNetwork
from synfinance_assets.sim.render import DayPlan
from synfinance_assets.sim.scenarios import (
    ANOMALY_SCENARIOS,
    FRAUD_SCENARIOS,
    default_mix,
    normalised_mix,
)
from synfinance_assets.sim.world import MIN_MERCHANTS, World, cached_world
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.schema_version import SchemaVersionError, require_head


class Warehouse(dg.ConfigurableResource):
    """The Postgres warehouse (schema ``synfinance``); the embedded server when no URL is set."""

    database_url: str | None = Field(
        default=None, description="Postgres URL; unset starts the embedded server"
    )

    def url(self) -> URL:
        if self.database_url:
            return resolve_warehouse_url(self.database_url)
        return warehouse_url()  # the environment at run time, else the embedded server

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # refuse to run against a schema older (or newer) than the models, before any write
        try:
            require_head(self.url())
        except SchemaVersionError as error:
            raise dg.Failure(str(error), allow_retries=False) from None

    def replace(self, table: Table, frame: pl.DataFrame, where=None) -> int:
        return io.replace_rows(self.url(), table, frame, where)

    def replace_day(
        self,
        table: Table,
        frame: pl.DataFrame,
        day: dt.date,
        approve: Callable[[], bool] | None = None,
    ) -> int:
        """Swap one day of a day-partitioned table for ``frame``, committed only if
        ``approve`` (when given) says so once the rows are loaded."""
        return io.replace_day(self.url(), table, frame, day, approve)

    def read(self, table: Table, columns=None, where=None) -> pl.DataFrame:
        return io.read_rows(self.url(), table, columns, where)

    def query(self, statement: Select, settings: Mapping[str, str] | None = None) -> pl.DataFrame:
        """The result of a SELECT whose output columns are named and typed, planned under
        the server ``settings`` given (for this query only)."""
        return io.read_query(self.url(), statement, settings)

    def require_days(self, table: Table, days: list[dt.date], needed_by: str) -> None:
        """Fail, before anything is written, when a day of ``table`` has no rows."""
        if not days:
            return
        present = io.partition_dates(self.url(), table, days)
        missing = sorted(set(days) - present)
        if missing:
            shown = ", ".join(d.isoformat() for d in missing[:10])
            more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            raise dg.Failure(
                f"{needed_by} needs {table.name} partitions that are not materialized: "
                f"{shown}{more}. Materialize them first.",
                allow_retries=False,
            )

    def require_rows(self, table: Table, needed_by: str, columns=None) -> pl.DataFrame:
        """All rows of ``table``; fail before any write when it is empty."""
        frame = self.read(table, columns)
        if frame.is_empty():
            raise dg.Failure(
                f"{needed_by} needs {table.name}, which is empty: materialize {table.name} first",
                allow_retries=False,
            )
        return frame


class GenerationSettings(dg.ConfigurableResource):
    """How the synthetic population and its payments are generated (the run-config profile)."""

    seed: int = Field(default=42, description="every table is a pure function of this seed")
    n_customers: int = Field(default=5_000, description="number of customers")
    n_merchants: int = Field(default=800, description="number of merchants")
    mule_share: float = Field(default=0.01, description="share of customers that are mules")
    colluding_share: float = Field(default=0.02, description="share of colluding merchants")
    fraud_rate: float = Field(
        default=0.02,
        description="share of transactions that are fraud; far above the real-world rate of a "
        "few per million so that models see enough positives",
    )
    anomaly_rate: float = Field(
        default=0.02, description="share of genuine payments that are anomalies"
    )
    fraud_mix: dict[str, float] = Field(
        default_factory=lambda: default_mix(FRAUD_SCENARIOS),
        description=f"relative weight of each fraud scenario: {sorted(FRAUD_SCENARIOS)}",
    )
    difficulty: Literal["easy", "medium", "hard"] = Field(
        default="medium",
        description="how closely fraudsters imitate their victims' hours, amounts and pacing",
    )
    anomaly_mix: dict[str, float] = Field(
        default_factory=lambda: default_mix(ANOMALY_SCENARIOS),
        description=f"relative weight of each anomaly scenario: {sorted(ANOMALY_SCENARIOS)}",
    )

    @model_validator(mode="after")
    def _check_ranges(self) -> "GenerationSettings":
        if self.seed < 0:
            raise ValueError(f"seed must be >= 0, got {self.seed}")
        if self.n_customers < 2:
            raise ValueError(f"n_customers must be at least 2, got {self.n_customers}")
        if self.n_merchants < MIN_MERCHANTS:
            raise ValueError(
                f"n_merchants must be at least {MIN_MERCHANTS} (two per merchant category), "
                f"got {self.n_merchants}"
            )
        if self.n_customers > MAX_CUSTOMERS:
            raise ValueError(f"n_customers must be at most {MAX_CUSTOMERS}, got {self.n_customers}")
        for name in ("mule_share", "colluding_share", "fraud_rate", "anomaly_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], got {value}")
        normalised_mix(self.fraud_mix, FRAUD_SCENARIOS, "fraud_mix")
        normalised_mix(self.anomaly_mix, ANOMALY_SCENARIOS, "anomaly_mix")
        return self

    def day_plan(self) -> DayPlan:
        return DayPlan(
            self.fraud_rate, self.anomaly_rate, self.fraud_mix, self.anomaly_mix, self.difficulty
        )

    def world(self) -> World:
        """The customers, merchants and habits of this profile (built once per process)."""
        return cached_world(self.seed, self.n_customers, self.n_merchants)

    def network(self) -> FraudNetwork:
        return FraudNetwork.recruit(self.world(), self.mule_share, self.colluding_share)


class ExportTarget(dg.ConfigurableResource):
    """Where exported datasets are written: a local folder, or an object store's URI
    (``s3://bucket/prefix``, ``gs://...``) with its credentials configured the way
    PyArrow's filesystems read them."""

    root: str | None = Field(
        default=None, description="folder or URI; default <DAGSTER_HOME>/exports"
    )

    def resolved_root(self) -> str:
        return self.root or str(dagster_home() / "exports")


class QualityBands(dg.ConfigurableResource):
    """Bounds the quality suites enforce that depend on the generation profile."""

    min_fraud_rate: float = Field(default=0.005, description="lowest acceptable daily fraud rate")
    max_fraud_rate: float = Field(default=0.08, description="highest acceptable daily fraud rate")
    min_anomaly_rate: float = Field(
        default=0.005, description="lowest acceptable daily anomaly rate"
    )
    max_anomaly_rate: float = Field(
        default=0.08, description="highest acceptable daily anomaly rate"
    )

    @model_validator(mode="after")
    def _check_band(self) -> "QualityBands":
        for kind in ("fraud", "anomaly"):
            low, high = getattr(self, f"min_{kind}_rate"), getattr(self, f"max_{kind}_rate")
            if not 0.0 <= low <= high <= 1.0:
                raise ValueError(
                    f"min_{kind}_rate and max_{kind}_rate must satisfy 0 <= min <= max <= 1, "
                    f"got {low} and {high}"
                )
        return self


def resources_for_environment() -> dict[str, dg.ConfigurableResource]:
    """The resources, with secrets taken from the environment through ``EnvVar`` only."""
    env = os.environ
    return {
        "warehouse": Warehouse(database_url=dg.EnvVar("SYNFINANCE_DATABASE_URL"))
        if env.get("SYNFINANCE_DATABASE_URL")
        else Warehouse(),
        "mlflow_tracking": MLflowTracking(
            **(
                {"tracking_uri": dg.EnvVar("MLFLOW_TRACKING_URI")}
                if env.get("MLFLOW_TRACKING_URI")
                else {}
            ),
            **(
                {"ui_url": env["SYNFINANCE_MLFLOW_UI_URL"]}
                if env.get("SYNFINANCE_MLFLOW_UI_URL")
                else {}
            ),
        ),  # fmt: skip
        "export_target": ExportTarget(root=dg.EnvVar("SYNFINANCE_EXPORT_ROOT"))
        if env.get("SYNFINANCE_EXPORT_ROOT")
        else ExportTarget(),
        "generation": GenerationSettings.configure_at_launch(),
        "quality_bands": QualityBands.configure_at_launch(),
    }
