"""The figures a fraud team judges a model by, on hand-made scores."""

import datetime as dt

import numpy as np
import polars as pl
import pytest

from synfinance_assets.domain.evaluation import evaluate, expected_calibration_error

DAY_1, DAY_2 = dt.date(2025, 1, 1), dt.date(2025, 1, 2)


def window() -> pl.DataFrame:
    """Two days of 100 genuine rows and 4 fraud rows each; the model ranks them so:
    day 1 fraud scores 0.9, 0.8 (collect scam), 0.3, 0.01 (card testing); genuine rows
    0.0 .. 0.495, one anomaly among them at 0.495 and one at 0.0."""
    rows = []
    for day in (DAY_1, DAY_2):
        for i in range(100):
            anomaly = "unusual_hour" if i in (0, 99) else None
            rows.append((day, False, None, anomaly, 100.0, i * 0.005))
        for score, kind, amount in ((0.9, "upi_collect_scam", 5000.0),
                                    (0.8, "upi_collect_scam", 3000.0),
                                    (0.3, "card_testing", 10.0),
                                    (0.01, "card_testing", 10.0)):  # fmt: skip
            rows.append((day, True, kind, None, amount, score))
    return pl.DataFrame(
        rows,
        schema={
            "partition_date": pl.Date,
            "is_fraud": pl.Boolean,
            "fraud_type": pl.String,
            "anomaly_type": pl.String,
            "amount": pl.Float64,
            "score": pl.Float64,
        },
        orient="row",
    )


def test_operating_points_budget_and_typologies():
    test = window()
    result = evaluate(test, test["score"].to_numpy(), daily_alert_budget=2)
    m = result.metrics
    # 1 % of the 200 genuine rows lie above 0.49: the two 0.495 rows; fraud above it: 0.9, 0.8
    assert m["recall_at_1pct_fpr"] == pytest.approx(0.5)
    # the two best of each day are the two collect-scam rows: all fraud, 8,000 of 8,020 rupees
    assert m["precision_at_daily_budget"] == 1.0
    assert m["recall_at_daily_budget"] == pytest.approx(0.5)
    assert m["fraud_amount_caught_at_daily_budget"] == pytest.approx(16_000 / 16_040)
    assert result.recall_by_fraud_type == {"card_testing": 0.0, "upi_collect_scam": 1.0}
    # the anomaly at 0.495 is flagged at the operating point, the one at 0.0 is not
    assert result.fpr_by_anomaly_type == {"unusual_hour": 0.5}
    assert 0.5 < m["roc_auc"] < 1.0 and 0.5 < m["pr_auc"] < 1.0


def test_calibration_error_is_zero_only_when_scores_match_rates():
    y = np.array([0] * 90 + [1] * 10)
    assert expected_calibration_error(y, np.full(100, 0.1)) == pytest.approx(0.0)
    assert expected_calibration_error(y, np.full(100, 0.6)) == pytest.approx(0.5)


def test_a_window_without_fraud_is_refused():
    test = window().filter(~pl.col("is_fraud"))
    with pytest.raises(ValueError, match="both fraud and genuine"):
        evaluate(test, test["score"].to_numpy(), daily_alert_budget=2)
