"""Time in SynFinance: Asia/Kolkata days, microsecond timestamps, the first partition."""

from __future__ import annotations

import datetime as dt

import numpy as np

TIMEZONE = "Asia/Kolkata"  # every day, hour and partition of SynFinance is Indian time
PARTITIONS_START = dt.date(2025, 1, 1)
REFERENCE_DATE = PARTITIONS_START  # ages, tenures and the listed device are as of this day
MICROS_PER_HOUR = 3_600_000_000
MICROS_PER_DAY = 24 * MICROS_PER_HOUR
IST_OFFSET_MICROS = 19_800_000_000  # UTC+05:30 all year, no daylight saving
_EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01: the day's key in random draws and in epoch arithmetic."""
    return (day - _EPOCH).days


def utc_micros(day: dt.date, local_micros):
    """UTC epoch microseconds of times given as microseconds after local midnight of ``day``."""
    return day_number(day) * MICROS_PER_DAY - IST_OFFSET_MICROS + local_micros


def minutes_between(u: np.ndarray, low: float, high: float) -> np.ndarray:
    """Durations in microseconds between ``low`` and ``high`` minutes, by uniforms ``u``:
    continuous, never a whole number of seconds by design."""
    return ((low + u * (high - low)) * 60_000_000).astype(np.int64)
