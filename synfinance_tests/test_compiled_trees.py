"""A booster compiled to native code scores as LightGBM does, and is compiled once."""

import datetime as dt

import lightgbm as lgb
import numpy as np
import polars as pl
import pytest

from synfinance_assets.core.clock import PARTITIONS_START
from synfinance_assets.domain import training
from synfinance_assets.domain.compiled_trees import compile_trees
from synfinance_assets.domain.features import MODEL_FEATURES, compute_features
from synfinance_tests import simulated

DAYS = [PARTITIONS_START + dt.timedelta(days=i) for i in range(3)]


@pytest.fixture(scope="module")
def features() -> pl.DataFrame:
    """Three simulated days of the project's features, with their fraud labels."""
    world = simulated.world()
    transactions, events = simulated.days_with_events(world, DAYS)
    return compute_features(
        transactions, events, simulated.customers(world), DAYS, PARTITIONS_START
    ).join(transactions.select("transaction_id", "is_fraud"), on="transaction_id")


@pytest.fixture(scope="module")
def booster(features) -> lgb.Booster:
    x, y = training.matrix(features), features["is_fraud"].cast(pl.Int8).to_numpy()
    params = {"objective": "binary", "num_leaves": 31, "seed": 7, "deterministic": True,
              "num_threads": 2, "verbosity": -1}  # fmt: skip
    return lgb.train(params, lgb.Dataset(x, y, feature_name=MODEL_FEATURES), num_boost_round=40)


def test_compiled_probabilities_are_lightgbms(features, booster, tmp_path):
    x = training.matrix(features)
    assert np.isnan(x).any()  # missing values take each tree's default side
    compiled = compile_trees(booster, tmp_path)
    expected = booster.predict(x)
    assert np.abs(compiled.predict(features, MODEL_FEATURES) - expected).max() < 1e-12
    # blocks that do not divide the rows evenly: every row scored once, in its place
    assert len(features) % 1000
    blocks = compiled.predict(features, MODEL_FEATURES, block_rows=1000)
    assert np.abs(blocks - expected).max() < 1e-12
    assert np.abs(compiled.predict(features.head(1), MODEL_FEATURES) - expected[:1]).max() < 1e-12
    assert compiled.predict(features.head(0), MODEL_FEATURES).shape == (0,)


def test_the_object_is_compiled_once_and_reused(booster, tmp_path):
    first = compile_trees(booster, tmp_path)
    stored = first.object_file.stat()
    again = compile_trees(booster, tmp_path)
    assert again.object_file == first.object_file
    reused = again.object_file.stat()
    assert (reused.st_ino, reused.st_mtime_ns) == (stored.st_ino, stored.st_mtime_ns)
    assert list(tmp_path.iterdir()) == [first.object_file]  # no scratch files left behind


def test_another_model_gets_an_object_of_its_own(features, booster, tmp_path):
    x = training.matrix(features)
    shorter = lgb.Booster(model_str=booster.model_to_string(num_iteration=10))
    whole, first_trees = compile_trees(booster, tmp_path), compile_trees(shorter, tmp_path)
    assert whole.object_file != first_trees.object_file
    assert sorted(tmp_path.iterdir()) == sorted([whole.object_file, first_trees.object_file])
    assert np.abs(first_trees.predict(features, MODEL_FEATURES) - shorter.predict(x)).max() < 1e-12
    assert np.abs(whole.predict(features, MODEL_FEATURES) - booster.predict(x)).max() < 1e-12
