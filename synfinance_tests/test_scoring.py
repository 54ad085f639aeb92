"""Reason codes name the features that raised an alert's score, for the families that
can say so; the batch scorer scores a day's frame as each family was trained."""

import dagster as dg
import lightgbm as lgb
import numpy as np
import polars as pl
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from synfinance_assets.dagster_defs.predictions import batch_scorer
from synfinance_assets.domain.scoring import reason_codes
from synfinance_assets.domain.training import fraud_probability

FEATURES = ["amount_log", "payee_is_new", "hour_sin", "device_age_hours"]


@pytest.fixture(scope="module")
def data():
    """Fraud is a large amount to a new payee; the other two columns are noise."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4000, 4))
    x[:, 1] = rng.random(4000) < 0.3
    y = ((x[:, 0] > 1.0) & (x[:, 1] == 1)).astype(int)
    return x, y


def test_lightgbm_alerts_are_explained_by_what_drives_them(data):
    x, y = data
    booster = lgb.train({"objective": "binary", "verbosity": -1, "num_leaves": 7},
                        lgb.Dataset(x, y), num_boost_round=30)  # fmt: skip
    fraud = x[y == 1][:50]
    reasons = reason_codes(booster, fraud, FEATURES).to_list()
    assert all(set(r.split(", ")[:2]) == {"amount_log", "payee_is_new"} for r in reasons)


def test_logistic_and_forest_alerts_are_explained_too(data):
    x, y = data
    linear = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y)
    reasons = reason_codes(linear, x[y == 1][:20], FEATURES, top=1).to_list()
    assert set(reasons) <= {"amount_log", "payee_is_new"} and "amount_log" in reasons
    forest = make_pipeline(
        StandardScaler(), RandomForestClassifier(n_estimators=20, max_depth=6, random_state=1)
    ).fit(x, y)
    reasons = reason_codes(forest, x[y == 1][:50], FEATURES).to_list()
    assert all(set(r.split(", ")[:2]) == {"amount_log", "payee_is_new"} for r in reasons)
    assert reason_codes(linear, x[:0], FEATURES).len() == 0


def test_the_batch_scorer_reads_the_champions_features_by_name(data, tmp_path):
    """A day's frame holds more columns, in another order: each family scores from its
    own features, as it was trained on them (LightGBM through its compiled trees)."""
    x, y = data
    frame = pl.DataFrame(x, schema=FEATURES).with_columns(
        transaction_id=pl.int_range(pl.len()).cast(pl.String), unused=pl.lit(1.0)
    )
    frame = frame.select(reversed(frame.columns))
    booster = lgb.train({"objective": "binary", "verbosity": -1, "num_leaves": 7},
                        lgb.Dataset(x, y), num_boost_round=30)  # fmt: skip
    linear = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y)
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        for model in (booster, linear):
            scores = batch_scorer(model, FEATURES, instance)(frame)
            assert np.abs(scores - fraud_probability(model, x)).max() < 1e-12
        assert list((tmp_path / "storage" / "compiled_trees").glob("*.o"))
