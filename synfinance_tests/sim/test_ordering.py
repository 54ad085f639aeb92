"""The stable sorts the day's tables are ordered by."""

import numpy as np
import pytest

from synfinance_assets.core.ordering import order_by, stable_order


@pytest.mark.parametrize(
    "key",
    [
        np.array([5, 3, 5, 1, 3, 5, 0], dtype=np.int64),  # ties keep their order
        np.random.default_rng(1).integers(-50, 50, 10_000),  # negative keys
        np.random.default_rng(2).integers(0, 2**62, 5_000),  # too wide for one word
        np.random.default_rng(3).integers(0, 2**40, 3_000).astype(np.uint64),
        np.array([7], dtype=np.int64),
        np.zeros(0, dtype=np.int64),
    ],
)
def test_stable_order_is_numpys_stable_argsort(key):
    assert np.array_equal(stable_order(key), np.argsort(key, kind="stable"))


def test_order_by_sorts_by_the_first_key_then_the_next():
    rng = np.random.default_rng(4)
    customer = rng.integers(0, 300, 20_000)
    micros = rng.integers(0, 86_400_000_000, 20_000)
    micros[::3] = micros[1::3][: len(micros[::3])]  # exact ties in time
    assert np.array_equal(order_by(customer, micros), np.lexsort((micros, customer)))
