"""SynFinance: synthetic, labelled Indian payment data and fraud models as Dagster assets.

The package root stays light: ``import synfinance_assets.sim`` loads no Dagster, Great
Expectations, MLflow or LightGBM. The Dagster definitions are built on first access to
``synfinance_assets.defs`` (which is how `dagster -m synfinance_assets` finds them).
"""

import os

# Nothing may phone home: set before Great Expectations or MLflow are imported.
for _name, _value in {
    "GX_ANALYTICS_ENABLED": "false",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DAGSTER_DISABLE_TELEMETRY": "yes",
    "DO_NOT_TRACK": "true",
}.items():
    os.environ.setdefault(_name, _value)

# Polars' allocator hands freed pages back to the system after 10 s by default, so
# each day's million-row columns fault in fresh pages again: a sixth of the
# generator's CPU time. Keeping freed pages for a minute lets the next day reuse them.
# Read once, when Polars loads; a value set by the user wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:60000,muzzy_decay_ms:60000")

__all__ = ["defs"]


def __getattr__(name: str):
    if name == "defs":
        from synfinance_assets.definitions import defs

        globals()["defs"] = defs
        return defs
    raise AttributeError(f"module 'synfinance_assets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), "defs"])
