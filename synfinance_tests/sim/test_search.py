"""The guided search answers exactly as NumPy's binary search does."""

import numpy as np

from synfinance_assets.core.search import GuidedSearch


def test_guided_search_equals_searchsorted_right():
    rng = np.random.default_rng(7)
    # heavy-tailed steps: many values crowd into one bucket, some buckets stay empty
    values = np.cumsum(rng.lognormal(0.0, 2.5, 5_000))
    queries = np.concatenate(
        [
            rng.random(200_000) * values[-1] * 1.1 - 0.05 * values[-1],
            values[rng.integers(0, len(values), 1_000)],  # exact hits go right of the value
            [values[0], values[-1], -1.0, values[-1] + 1.0],
        ]
    )
    expected = np.searchsorted(values, queries, side="right")
    assert np.array_equal(GuidedSearch(values).right(queries), expected)


def test_a_single_value_and_ties():
    assert GuidedSearch(np.array([3.0])).right(np.array([2.0, 3.0, 4.0])).tolist() == [0, 1, 1]
    ties = np.array([1.0, 2.0, 2.0, 2.0, 5.0])
    assert GuidedSearch(ties).right(np.array([2.0, 1.5, 5.0])).tolist() == [4, 1, 5]
