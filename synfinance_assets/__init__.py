"""SynFinance: synthetic, labelled Indian payment data and fraud models as Dagster assets."""

import os

# Nothing may phone home: set before Great Expectations or MLflow are imported.
for _name, _value in {
    "GX_ANALYTICS_ENABLED": "false",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DAGSTER_DISABLE_TELEMETRY": "yes",
    "DO_NOT_TRACK": "true",
}.items():
    os.environ.setdefault(_name, _value)

from synfinance_assets.definitions import defs  # noqa: E402

__all__ = ["defs"]
