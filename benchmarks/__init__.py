"""Speed and memory measurements, printed as JSON lines: ``python -m benchmarks``."""

import synfinance_assets  # noqa: F401  (its settings must apply before Polars loads)
