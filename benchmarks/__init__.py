"""Speed and memory measurements, printed as JSON lines: ``python -m benchmarks``."""
