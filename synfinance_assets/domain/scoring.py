"""Scores and reason codes: why the model raised an alert, in the features' own names.

A LightGBM alert is explained by its SHAP contributions (``pred_contrib``): the features
that pushed its score up most. A logistic regression's are its standardised values times
the coefficients; a random forest's, the change in fraud share at each split on the
alert's path through each tree, credited to the split's feature and averaged over the
trees. Contributions cost far more than scores, so only alerts are explained.
"""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import polars as pl
from scipy.sparse import csr_matrix
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

REASONS = 3  # reason codes per alert


def contributions(model: lgb.Booster | Pipeline, x: np.ndarray) -> np.ndarray:
    """Each feature's push on each row's score (one row per row of ``x``)."""
    if isinstance(model, lgb.Booster):
        return model.predict(x, pred_contrib=True)[:, :-1]  # the last column is the bias
    if isinstance(model[-1], LogisticRegression):
        return model[:-1].transform(x) * model[-1].coef_[0]
    if isinstance(model[-1], RandomForestClassifier):
        return _forest_contributions(model[-1], model[:-1].transform(x))
    raise TypeError(f"no contributions for a {type(model[-1]).__name__}")


def _forest_contributions(forest: RandomForestClassifier, x: np.ndarray) -> np.ndarray:
    fraud = list(forest.classes_).index(1)
    total = np.zeros(x.shape)
    for estimator in forest.estimators_:
        tree = estimator.tree_
        share = tree.value[:, 0, fraud] / tree.value[:, 0, :].sum(axis=1)
        parent = np.full(tree.node_count, -1)
        split = np.flatnonzero(tree.children_left >= 0)
        parent[tree.children_left[split]] = split
        parent[tree.children_right[split]] = split
        child = np.flatnonzero(parent >= 0)
        # node x feature: the change in fraud share on entering the node, at its parent's split
        step = csr_matrix(
            (share[child] - share[parent[child]], (child, tree.feature[parent[child]])),
            shape=(tree.node_count, x.shape[1]),
        )
        total += (estimator.decision_path(x) @ step).toarray()
    return total / len(forest.estimators_)


def reason_codes(
    model: lgb.Booster | Pipeline, x: np.ndarray, features: list[str], top: int = REASONS
) -> pl.Series:
    """For each row of ``x``: the ``top`` features that raised its score most, strongest
    first, joined by ", " (only features that raised it)."""
    if not len(x):
        return pl.Series("reason_codes", [], dtype=pl.String)
    pushes = contributions(model, x)
    strongest = np.argsort(-pushes, axis=1, kind="stable")[:, :top]
    names = np.asarray(features, dtype=object)[strongest]
    raised = np.take_along_axis(pushes, strongest, axis=1) > 0
    columns = {
        f"r{i}": np.where(raised[:, i], names[:, i], None) for i in range(strongest.shape[1])
    }
    return pl.DataFrame(columns, schema={c: pl.String for c in columns}).select(
        reason_codes=pl.concat_str(pl.all(), separator=", ", ignore_nulls=True)
    )["reason_codes"]
