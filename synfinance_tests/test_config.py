"""Generation, quality and training config refuse bad values with the field's name."""

import pytest
import yaml
from pydantic import ValidationError

from synfinance_assets.dagster_defs.models import FraudModelConfig
from synfinance_assets.dagster_defs.resources import GenerationSettings, QualityBands
from synfinance_tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    "values, message",
    [
        ({"seed": -1}, "seed must be >= 0"),
        ({"n_customers": -5}, "n_customers must be at least 2"),
        ({"n_customers": 50_000_000}, "n_customers must be at most"),
        ({"n_merchants": 0}, "n_merchants must be at least 52"),
        ({"fraud_rate": 1.5}, r"fraud_rate must be within \[0, 1\]"),
        ({"anomaly_rate": -0.1}, r"anomaly_rate must be within \[0, 1\]"),
        ({"fraud_mix": {"phishing": 1.0}}, "fraud_mix: unknown scenario"),
        ({"anomaly_mix": {"travel": -1.0}}, "anomaly_mix: weights must be >= 0"),
    ],
)
def test_generation_settings_name_the_bad_field(values, message):
    with pytest.raises(ValidationError, match=message):
        GenerationSettings(**values)


def test_defaults_are_the_demo_profile():
    settings = GenerationSettings()
    assert (settings.n_customers, settings.fraud_rate) == (5000, 0.02)


def test_training_window_end_before_start_is_refused():
    with pytest.raises(ValidationError, match="train_end .* is before train_start"):
        FraudModelConfig(train_start="2025-01-10", train_end="2025-01-05")
    with pytest.raises(ValidationError, match="train_end .* is before train_start"):
        FraudModelConfig(train_start="2025-01-10", train_end="20250105")
    with pytest.raises(ValidationError, match="train_start must be a date"):
        FraudModelConfig(train_start="10/01/2025")


def test_quality_band_must_be_ordered():
    with pytest.raises(ValidationError, match="min_fraud_rate and max_fraud_rate"):
        QualityBands(min_fraud_rate=0.2, max_fraud_rate=0.1)
    with pytest.raises(ValidationError, match="min_anomaly_rate and max_anomaly_rate"):
        QualityBands(min_anomaly_rate=-0.1)


@pytest.mark.parametrize("profile", ["demo.yaml", "large.yaml"])
def test_profiles_are_valid(profile):
    run_config = yaml.safe_load((REPO_ROOT / "config" / profile).read_text())
    settings = GenerationSettings(**run_config["resources"]["generation"]["config"])
    QualityBands(**run_config["resources"]["quality_bands"]["config"])
    if profile == "demo.yaml":
        assert settings == GenerationSettings()
    else:
        assert settings.n_customers * 2 >= 900_000  # about two payments a customer a day
