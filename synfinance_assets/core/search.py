"""Searching one sorted array for a million values at once, faster than a binary search.

``np.searchsorted`` bisects the whole array for every value, a dozen or more reads at
random places. A guide table, built once, holds where each of many equal-width buckets
of the value range starts; a search then starts there and steps forward, usually not at
all. The answers are exactly ``np.searchsorted(values, queries, side="right")``.
"""

from __future__ import annotations

import numpy as np

BUCKETS_PER_VALUE = 4


class GuidedSearch:
    """``np.searchsorted(values, queries, side="right")`` for a fixed sorted ``values``."""

    def __init__(self, values: np.ndarray):
        self.values = np.asarray(values, dtype=np.float64)
        self._low = float(self.values[0])
        width = float(self.values[-1]) - self._low
        self._buckets = BUCKETS_PER_VALUE * len(self.values)
        self._scale = self._buckets / width if width > 0 else 0.0
        self._edges = self._low + np.arange(self._buckets + 1) / (self._scale or 1.0)
        # the first index above each bucket's lower edge; a value in the bucket is at or past it
        self._start = np.searchsorted(self.values, self._edges, side="right")

    def right(self, queries: np.ndarray) -> np.ndarray:
        """For each query, the index of the first value greater than it."""
        queries = np.asarray(queries, dtype=np.float64)
        bucket = np.clip(((queries - self._low) * self._scale).astype(np.int64), 0, self._buckets)
        bucket -= self._edges[bucket] > queries  # rounding put it one bucket too far
        position = np.where(bucket >= 0, self._start[np.maximum(bucket, 0)], 0)
        values, n = self.values, len(self.values)
        behind = np.flatnonzero(position < n)
        behind = behind[values[position[behind]] <= queries[behind]]
        while len(behind):
            position[behind] += 1
            behind = behind[position[behind] < n]
            behind = behind[values[position[behind]] <= queries[behind]]
        return position
