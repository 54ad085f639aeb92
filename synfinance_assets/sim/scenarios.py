"""The catalogue of labelled fraud and anomaly scenarios and their default shares.

Fraud scenarios are crimes (``is_fraud``), described by their typology modules
(``sim/fraud/typologies``); anomaly scenarios are unusual but legitimate behaviour
(``is_anomaly``) that a good model must not confuse with fraud. Each name here is the
label written to ``fraud_type`` / ``anomaly_type``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synfinance_assets.sim.fraud.typologies import TYPOLOGIES


@dataclass(frozen=True)
class Scenario:
    description: str
    severity: str
    default_share: float
    characteristics: dict = field(default_factory=dict)


FRAUD_SCENARIOS: dict[str, Scenario] = {
    name: Scenario(t.description, t.severity, t.default_share, t.characteristics)
    for name, t in TYPOLOGIES.items()
}

ANOMALY_SCENARIOS: dict[str, Scenario] = {
    "amount_spike": Scenario(
        "A legitimate purchase far above the customer's usual amount (a wedding, a phone, fees).",
        "low",
        0.40,
        {"amount_multiplier": "about 10x"},
    ),
    "unusual_hour": Scenario(
        "A legitimate payment in the small hours of the night.",
        "low",
        0.30,
        {"hours": "01-04"},
    ),
    "travel": Scenario(
        "A legitimate payment while travelling, at a merchant in another city.",
        "low",
        0.30,
        {"location": "another city"},
    ),
}


def default_mix(catalogue: dict[str, Scenario]) -> dict[str, float]:
    return {name: scenario.default_share for name, scenario in catalogue.items()}


def normalised_mix(mix: dict[str, float], catalogue: dict[str, Scenario], field_name: str):
    """Validate a scenario mix and return (names, probabilities) summing to one."""
    unknown = sorted(set(mix) - set(catalogue))
    if unknown:
        raise ValueError(f"{field_name}: unknown scenario(s) {unknown}; known: {sorted(catalogue)}")
    negative = sorted(name for name, weight in mix.items() if weight < 0)
    if negative:
        raise ValueError(f"{field_name}: weights must be >= 0, got negative for {negative}")
    total = sum(mix.values())
    if total <= 0:
        raise ValueError(f"{field_name}: at least one scenario needs a positive weight")
    names = [name for name in catalogue if name in mix]  # catalogue order: draws never
    return names, [mix[name] / total for name in names]  # depend on how the mix is written
