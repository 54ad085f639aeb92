"""Keyed random draws: pure functions of their identity, well spread, independent by purpose."""

import numpy as np
from scipy import stats

from synfinance_assets.core.keyed import KeyedStream

IDS = np.arange(200_000)


def test_a_draw_depends_only_on_its_identity():
    stream = KeyedStream(7, "spend")
    everyone = stream.uniform(stream.rows(IDS, 3), 0)
    # the same customers drawn alone, in another order, give the same numbers
    some = IDS[::-7][:500]
    assert np.array_equal(stream.uniform(stream.rows(some, 3), 0), everyone[some])
    assert np.array_equal(KeyedStream(7, "spend").uniform(stream.rows(IDS, 3), 0), everyone)


def test_purposes_seeds_ids_and_draw_numbers_give_unrelated_draws():
    base = KeyedStream(7, "spend")
    u = base.uniform(base.rows(IDS, 3), 0)
    others = [
        KeyedStream(7, "time").uniform(KeyedStream(7, "time").rows(IDS, 3), 0),
        KeyedStream(8, "spend").uniform(KeyedStream(8, "spend").rows(IDS, 3), 0),
        base.uniform(base.rows(IDS, 4), 0),
        base.uniform(base.rows(IDS, 3), 1),
    ]
    for other in others:
        assert abs(np.corrcoef(u, other)[0, 1]) < 0.01


def test_uniforms_normals_and_poisson_counts_have_their_distributions():
    stream = KeyedStream(1, "check")
    rows = stream.rows(IDS)
    u = stream.uniform(rows, 0)
    assert 0.0 < u.min() and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 0.001
    assert stats.kstest(stream.normal(rows, 1), "norm").pvalue > 0.001
    for mean in (0.3, 2.0, 40.0, 5_000.0):
        counts = stream.poisson(rows, 2, np.full(len(rows), mean))
        assert abs(counts.mean() - mean) < 4 * np.sqrt(mean / len(rows)) + 1e-9
        assert abs(counts.var() / mean - 1.0) < 0.05


def test_two_purposes_drawing_on_the_same_foreign_keys_disagree():
    keys = KeyedStream(7, "payments").rows(IDS)
    first, second = KeyedStream(7, "settlement"), KeyedStream(7, "anomalies")
    assert abs(np.corrcoef(first.uniform(keys, 0), second.uniform(keys, 0))[0, 1]) < 0.01
    assert (
        abs(np.corrcoef(first.uniform(keys, 0), KeyedStream(7, "payments").uniform(keys, 0))[0, 1])
        < 0.01
    )
