"""Time-ordered training of the three model families, with labels as known at the time."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.domain import training
from synfinance_assets.domain.features import compute_features
from synfinance_tests import simulated

DAYS = [PARTITIONS_START + dt.timedelta(days=i) for i in range(9)]


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    world = simulated.world()
    transactions, events = simulated.days_with_events(world, DAYS)
    features = compute_features(
        transactions, events, simulated.customers(world), DAYS, PARTITIONS_START
    )
    labels = transactions.select("transaction_id", *training.LABEL_COLUMNS)
    return features.join(labels, on="transaction_id").sort("partition_date", "transaction_id")


def settings(**overrides) -> training.TrainingSettings:
    params = {"learning_rate": 0.1, "num_leaves": 15, "seed": 7, "deterministic": True,
              "num_threads": 2}  # fmt: skip
    return training.TrainingSettings(lightgbm=params, num_boost_round=60, **overrides)


def test_days_split_in_time_order_with_a_gap():
    split = training.split_days(list(reversed(DAYS)), test_days=3, gap_days=2)
    assert split.fit == DAYS[:3] and split.validation == [DAYS[3]]
    assert split.gap == DAYS[4:6] and split.test == DAYS[6:]
    assert split.labels_known_before == DAYS[6]
    with pytest.raises(ValueError, match="at least 8 days"):
        training.split_days(DAYS[:7], test_days=3, gap_days=3)


def test_training_labels_are_the_fraud_reported_before_the_cutoff():
    cutoff = dt.date(2025, 1, 10)  # 2025-01-09 18:30 UTC is midnight in India
    reported = [dt.datetime(2025, 1, 9, 18, 29), dt.datetime(2025, 1, 9, 18, 30), None, None]
    frame = pl.DataFrame(
        {
            "is_fraud": [True, True, True, False],
            "fraud_reported_at": pl.Series(reported, dtype=pl.Datetime("us", "UTC")),
        }
    )
    assert training.known_labels(frame, cutoff).tolist() == [1, 0, 0, 0]


def test_three_families_are_fitted_and_judged_on_the_test_window(frame):
    split = training.split_days(DAYS, test_days=2, gap_days=1)
    candidates = training.fit_candidates(frame, split, settings())
    assert [c.family for c in candidates] == list(training.FAMILIES)
    test_rows = frame.filter(pl.col("partition_date").is_in(split.test)).height
    for candidate in candidates:
        metrics = candidate.evaluation.metrics
        assert metrics["test_rows"] == test_rows
        assert 0.5 < metrics["roc_auc"] <= 1.0 and 0.0 < candidate.threshold < 1.0
        assert set(candidate.evaluation.recall_by_fraud_type) <= set(
            frame["fraud_type"].drop_nulls().unique()
        )
        assert sum(candidate.feature_importance.values()) == pytest.approx(1.0, abs=1e-3)
    best = training.best_of(candidates)
    assert best.evaluation.metrics["pr_auc"] == max(
        c.evaluation.metrics["pr_auc"] for c in candidates
    )
    x = training.matrix(frame.head(50))
    assert np.allclose(best.predict(x), training.fraud_probability(best.model, x))


def test_fraud_reported_only_after_the_cutoff_is_not_learnt(frame):
    late = frame.with_columns(
        fraud_reported_at=pl.when(pl.col("is_fraud"))
        .then(pl.lit(dt.datetime(2030, 1, 1), dtype=pl.Datetime("us", "UTC")))
        .otherwise(None)
    )
    split = training.split_days(DAYS, test_days=2, gap_days=1)
    with pytest.raises(ValueError, match="no fraud reported before"):
        training.fit_candidates(late, split, settings(families=("lightgbm",)))


def test_a_long_window_fits_every_fraud_and_weighted_genuine_rows(frame):
    split = training.split_days(DAYS, test_days=2, gap_days=1)
    labels = training.training_labels(frame, split, settings())
    sampled = training.sample_genuine(frame, split, settings(), 0.25)
    fit_day = pl.col("partition_date").is_in(split.fit)
    fit, kept = frame.filter(fit_day), sampled.filter(fit_day)
    fraud = labels[frame["partition_date"].is_in(split.fit).to_numpy()].astype(bool)
    # every fraud the models learn, about a quarter of the rest, each standing for four
    assert set(fit.filter(fraud)["transaction_id"]) <= set(kept["transaction_id"])
    genuine = kept.filter(~pl.col("transaction_id").is_in(fit.filter(fraud)["transaction_id"]))
    assert genuine.height == pytest.approx(0.25 * (~fraud).sum(), rel=0.05)
    assert set(genuine[training.WEIGHT]) == {4.0}
    assert kept[training.WEIGHT].sum() == pytest.approx(fit.height, rel=0.05)
    # the other days whole, and a day's draw the same alone as inside the window
    assert sampled.filter(~fit_day).drop(training.WEIGHT).equals(frame.filter(~fit_day))
    one_day = frame.filter(pl.col("partition_date") == split.fit[1])
    assert training.sample_genuine(one_day, split, settings(), 0.25).equals(
        sampled.filter(pl.col("partition_date") == split.fit[1])
    )


def test_sampled_training_stays_calibrated_and_about_as_good(frame):
    split = training.split_days(DAYS, test_days=2, gap_days=1)
    fit = frame.filter(pl.col("partition_date").is_in(split.fit))
    known_rate = training.training_labels(fit, split, settings()).mean()
    whole, sampled = (
        training.fit_candidates(frame, split, settings(max_fit_rows=m))
        for m in (fit.height, fit.height // 4)
    )
    for full, quarter in zip(whole, sampled, strict=True):
        # weighted, the genuine rows kept stand for those left out: unweighted, the mean
        # score would be about four times the fraud rate
        assert quarter.predict(training.matrix(fit)).mean() == pytest.approx(known_rate, rel=0.5)
        assert quarter.evaluation.metrics["pr_auc"] > 0.7 * full.evaluation.metrics["pr_auc"]
    assert training.genuine_share(fit.height, fit.height // 4) == pytest.approx(0.25, abs=1e-3)
    assert training.genuine_share(fit.height, 10 * fit.height) == 1.0
