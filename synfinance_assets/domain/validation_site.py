"""Where Great Expectations validates and keeps its results: one site per Dagster home.

Suites live in memory in each process. Validation results are files under
``dagster_home/great_expectations/validations``, one per suite, day and run, so runs in
parallel never write the same file. The Data Docs under ``data_docs/`` are rebuilt for
each new result under a file lock, so concurrent runs never tear the front page. The
site shows validations, each listing its suite's expectations; it has no page per suite,
which a process could only render for the suites it holds itself.
"""

from __future__ import annotations

import fcntl
import os
from functools import cache
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.checkpoint.checkpoint import CheckpointResult  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

from synfinance_assets.settings import dagster_home  # noqa: E402

RESULT_FORMATS = ("BOOLEAN_ONLY", "SUMMARY")
FRONT_PAGE_LIMIT = 1000  # validations listed on the front page, newest first


class ValidationSite:
    """A GX context over one folder: its stores, its Data Docs, the suites registered."""

    def __init__(self, root: Path):
        self.root = root
        self.context = gx.get_context(mode="ephemeral", project_config=_config(root))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        frames = self.context.data_sources.add_pandas("synfinance_frames").add_dataframe_asset(
            "frame"
        )
        self.batches = frames.add_batch_definition_whole_dataframe("whole_frame")
        self.registered: dict[str, tuple[gx.ExpectationSuite, dict[str, gx.Checkpoint]]] = {}

    @property
    def front_page(self) -> Path:
        return self.root / "data_docs" / "index.html"

    def checkpoints(self, suite: gx.ExpectationSuite) -> dict[str, gx.Checkpoint]:
        """The suite's checkpoints by result format, registered once per suite object.

        GX's add_or_update compares a suite with the stored one expectation by
        expectation (quadratic: 10 s for the 175 of ml_features), so a suite seen before
        is reused, and a new suite of the same name replaces the old by delete and add."""
        known = self.registered.get(suite.name)
        if known is not None and known[0] is suite:
            return known[1]
        context = self.context
        if known is not None:
            for checkpoint in known[1].values():
                context.checkpoints.delete(checkpoint.name)
            context.validation_definitions.delete(suite.name)
            context.suites.delete(suite.name)
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(
                data=self.batches, suite=context.suites.add(suite), name=suite.name
            )
        )
        checkpoints = {
            result_format: context.checkpoints.add(
                gx.Checkpoint(
                    name=f"{suite.name} {result_format}",
                    validation_definitions=[validation],
                    result_format=result_format,
                )
            )
            for result_format in RESULT_FORMATS
        }
        self.registered[suite.name] = (suite, checkpoints)
        return checkpoints

    def publish(self, result: CheckpointResult) -> None:
        """Render the result's page and the front page, one process at a time."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".data_docs.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.context.build_data_docs(resource_identifiers=list(result.run_results))


def _config(root: Path) -> DataContextConfig:
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    config.stores["validation_results_store"] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(root / "validations")},
    }  # fmt: skip
    config.data_docs_sites = {
        "synfinance": {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(root / "data_docs")},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder",
                                   "validation_results_limit": FRONT_PAGE_LIMIT},
            "site_section_builders": {"expectations": "None"},
        }
    }  # fmt: skip
    return config


@cache
def _site_at(root: Path) -> ValidationSite:
    return ValidationSite(root)


def current_site() -> ValidationSite:
    """The site of the current ``DAGSTER_HOME`` (each home has its own)."""
    return _site_at(dagster_home() / "great_expectations")
