"""The champion alias moves only to a model that beats the champion on the same test
window: real models, a real MLflow store on the test database's server."""

import dataclasses
import datetime as dt

import lightgbm as lgb
import numpy as np
import polars as pl
import pytest

from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.dagster_defs.model_registry import MLflowTracking
from synfinance_assets.dagster_defs.models import _judge
from synfinance_assets.domain import training
from synfinance_assets.domain.evaluation import evaluate
from synfinance_assets.domain.features import MODEL_FEATURES, compute_features
from synfinance_tests import simulated

DAYS = [PARTITIONS_START + dt.timedelta(days=i) for i in range(8)]


@pytest.fixture(scope="module")
def tracking(database_url) -> MLflowTracking:
    resource = MLflowTracking(
        experiment_name="gate-test", registered_model_name="synfinance-fraud-gate-test"
    )
    resource.setup_for_execution(None)
    return resource


@pytest.fixture(scope="module")
def fitted():
    world = simulated.world()
    transactions, events = simulated.days_with_events(world, DAYS)
    features = compute_features(
        transactions, events, simulated.customers(world), DAYS, PARTITIONS_START
    )
    frame = features.join(
        transactions.select("transaction_id", *training.LABEL_COLUMNS), on="transaction_id"
    ).sort("partition_date", "transaction_id")
    split = training.split_days(DAYS, test_days=2, gap_days=1)
    params = {"learning_rate": 0.1, "seed": 7, "deterministic": True, "num_threads": 2}
    settings = training.TrainingSettings(
        lightgbm=params, num_boost_round=60, families=("lightgbm",)
    )
    (good,) = training.fit_candidates(frame, split, settings)
    return frame, split, good


def register(tracking, candidate, split):
    run = tracking.log_model_run(
        run_name=candidate.family, model=candidate.model, params=candidate.params,
        metrics=candidate.evaluation.metrics, tables={}, figures={},
        input_example=pl.DataFrame({n: [0.0] for n in MODEL_FEATURES}),
    )  # fmt: skip
    return tracking.register(run, candidate.family, candidate.threshold, MODEL_FEATURES,
                             f"{split.test[0]}..{split.test[-1]}")  # fmt: skip


def worse_than(good, frame, split):
    """A LightGBM that learnt noise: two rounds on shuffled labels."""
    fit = frame.filter(pl.col("partition_date").is_in(split.fit))
    noise = np.random.default_rng(0).permutation(fit["is_fraud"].cast(pl.Int8).to_numpy())
    booster = lgb.train(
        {"objective": "binary", "verbosity": -1, "num_threads": 2},
        lgb.Dataset(training.matrix(fit), noise, feature_name=MODEL_FEATURES),
        num_boost_round=2,
    )
    test = frame.filter(pl.col("partition_date").is_in(split.test))
    score = booster.predict(training.matrix(test))
    return dataclasses.replace(good, model=booster, evaluation=evaluate(test, score, 100))


def test_a_worse_challenger_does_not_move_the_alias(tracking, fitted):
    frame, split, good = fitted
    test = frame.filter(pl.col("partition_date").is_in(split.test))
    first = register(tracking, good, split)
    verdict = _judge(tracking, tracking.champion(), good, first, test)
    assert verdict.promote and verdict.passed
    tracking.promote(first.version)

    bad = worse_than(good, frame, split)
    assert bad.evaluation.metrics["pr_auc"] < good.evaluation.metrics["pr_auc"]
    second = register(tracking, bad, split)
    verdict = _judge(tracking, tracking.champion(), bad, second, test)
    assert not verdict.promote and not verdict.passed
    assert verdict.comparison["champion_version"] == first.version
    assert verdict.comparison["champion_pr_auc"] == pytest.approx(
        good.evaluation.metrics["pr_auc"], abs=1e-6
    )
    assert tracking.champion().version == first.version

    # the same model again ties: the champion stays, and the gate passes
    third = register(tracking, good, split)
    verdict = _judge(tracking, tracking.champion(), good, third, test)
    assert not verdict.promote and verdict.passed

    # what scores the days is the champion's own model, its features and threshold
    champion = tracking.champion()
    model = tracking.load(champion)
    x = training.matrix(frame.head(200), champion.features)
    assert champion.features == MODEL_FEATURES and champion.threshold == good.threshold
    assert np.allclose(training.fraud_probability(model, x), good.predict(x))
