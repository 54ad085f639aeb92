"""The figures each model's MLflow run carries: curves, importance, recall per typology."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only, never a window

import matplotlib.pyplot as plt  # noqa: E402

from synfinance_assets.domain.evaluation import OPERATING_FPR, Evaluation  # noqa: E402

TOP_FEATURES = 15


def model_figures(family: str, evaluation: Evaluation, importance: dict[str, float]) -> dict:
    """Figures by artifact name."""
    return {
        "roc_and_pr_curves": _curves(family, evaluation),
        "feature_importance": _bars(
            dict(sorted(importance.items(), key=lambda kv: kv[1])[-TOP_FEATURES:]),
            f"{family}: share of importance, top {TOP_FEATURES}",
        ),
        "recall_by_fraud_type": _bars(
            dict(sorted(evaluation.recall_by_fraud_type.items(), key=lambda kv: kv[1])),
            f"{family}: recall per fraud type at {OPERATING_FPR:.0%} false positives",
        ),
    }


def _curves(family: str, evaluation: Evaluation):
    figure, (roc, pr) = plt.subplots(1, 2, figsize=(9, 4))
    fpr, recall = evaluation.roc
    roc.plot(fpr, recall)
    roc.plot([0, 1], [0, 1], linestyle=":", color="grey")
    roc.set(xlabel="false-positive rate", ylabel="recall",
            title=f"ROC (AUC {evaluation.metrics['roc_auc']:.3f})")  # fmt: skip
    recall, precision = evaluation.pr
    pr.plot(recall, precision)
    pr.set(xlabel="recall", ylabel="precision",
           title=f"precision-recall (AP {evaluation.metrics['pr_auc']:.3f})")  # fmt: skip
    figure.suptitle(f"{family} on the test window")
    figure.tight_layout()
    return figure


def _bars(values: dict[str, float], title: str):
    figure, axes = plt.subplots(figsize=(7, 0.3 * len(values) + 1.2))
    axes.barh(list(values), list(values.values()))
    axes.set(title=title)
    figure.tight_layout()
    return figure
