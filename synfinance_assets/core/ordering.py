"""Sorting NumPy columns with Polars' multi-threaded sort."""

import numpy as np
import polars as pl


def order_by(*keys: np.ndarray) -> np.ndarray:
    """The stable permutation that sorts rows by ``keys``, the first key most significant
    (``np.lexsort`` takes them the other way round, and on one thread)."""
    columns = {f"k{i}": key for i, key in enumerate(keys)}
    return (
        pl.DataFrame(columns)
        .select(pl.arg_sort_by(list(columns), maintain_order=True))["k0"]
        .to_numpy()
    )
