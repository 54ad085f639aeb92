"""SynFinance: synthetic, labelled Indian payment data and fraud models as Dagster assets.

The package root stays light: ``import synfinance_assets.sim`` loads no Dagster, Great
Expectations, MLflow or LightGBM. The Dagster definitions are built on first access to
``synfinance_assets.defs`` (which is how `dagster -m synfinance_assets` finds them).
"""

import ctypes
import os
import sys

# Nothing may phone home: set before Great Expectations or MLflow are imported.
for _name, _value in {
    "GX_ANALYTICS_ENABLED": "false",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DAGSTER_DISABLE_TELEMETRY": "yes",
    "DO_NOT_TRACK": "true",
}.items():
    os.environ.setdefault(_name, _value)

# Polars' allocator (jemalloc) hands freed pages back to the system only when it is busy,
# after 10 s by default: a step that frees its inputs and then validates with pandas
# (another allocator) would hold both. A background thread returns them within a second;
# a day's reads and features still reuse pages freed moments before. Read once, when
# Polars loads; a value set by the user wins.
os.environ.setdefault(
    "_RJEM_MALLOC_CONF", "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"
)


def _reuse_freed_arrays() -> None:
    """NumPy's arrays come from the C library's malloc, which maps every large array afresh
    and unmaps it when freed: the kernel then zeroes new pages for each of the day's
    million-row temporaries (a fifth of the generator's CPU time). Serving arrays below
    32 MB from one heap that keeps up to 256 MB of freed memory lets them be reused.
    glibc only; left alone when the user tunes malloc through its environment."""
    if sys.platform != "linux" or any(name.startswith("MALLOC_") for name in os.environ):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # another C library
        return
    m_trim_threshold, m_mmap_threshold, m_arena_max = -1, -3, -8
    libc.mallopt(m_mmap_threshold, 32 << 20)
    libc.mallopt(m_trim_threshold, 256 << 20)
    libc.mallopt(m_arena_max, 1)  # threads share the heap, and so its freed memory


_reuse_freed_arrays()

__all__ = ["defs"]


def __getattr__(name: str):
    if name == "defs":
        from synfinance_assets.definitions import defs

        globals()["defs"] = defs
        return defs
    raise AttributeError(f"module 'synfinance_assets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), "defs"])
