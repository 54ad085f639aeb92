"""Deterministic random streams: every stream is a pure function of (seed, purpose, day)."""

from __future__ import annotations

import datetime as dt

import numpy as np

_PURPOSES = {"customers": 1, "merchants": 2, "transactions": 3}


def stream(seed: int, purpose: str, day: dt.date | None = None) -> np.random.Generator:
    """A generator for ``purpose`` that no other purpose or day shares."""
    key = [seed, _PURPOSES[purpose]]
    if day is not None:
        key.append(day.toordinal())
    return np.random.default_rng(key)


def jitter_km(rng: np.random.Generator, n: int, scale_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Normal offsets in degrees of latitude and longitude of about ``scale_km``."""
    degrees = scale_km / 111.0
    return rng.normal(0.0, degrees, n), rng.normal(0.0, degrees, n)


def padded_ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Ids like ``C0000042`` for a vector of integers, without a Python loop."""
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width))
