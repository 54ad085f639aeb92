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
    horizon_days: int | None = None  # fraud cases: the days one case can span


FRAUD_SCENARIOS: dict[str, Scenario] = {
    name: Scenario(t.description, t.severity, t.default_share, t.characteristics, t.horizon_days)
    for name, t in TYPOLOGIES.items()
}

ANOMALY_SCENARIOS: dict[str, Scenario] = {
    "amount_spike": Scenario(
        "A legitimate payment far above the customer's usual amount (a phone, fees, a loan "
        "to family).",
        "low",
        0.20,
        {"amount_multiplier": "about 10x"},
    ),
    "unusual_hour": Scenario(
        "A legitimate payment in the small hours of the night.",
        "low",
        0.15,
        {"hours": "01-04"},
    ),
    "travel": Scenario(
        "A legitimate payment while travelling, at a merchant in another city.",
        "low",
        0.15,
        {"location": "another city"},
    ),
    "new_phone": Scenario(
        "A legitimate payment from a phone the customer has just started using.",
        "low",
        0.10,
        {"device": "new to the account"},
    ),
    "festival_splurge": Scenario(
        "A legitimate big-ticket purchase (electronics, apparel, jewellery, travel) after a "
        "bonus or before a festival, several times the customer's usual basket.",
        "low",
        0.15,
        {"categories": "electronics, apparel, jewellery, travel", "basket": "2.5-6x"},
    ),
    "first_in_category": Scenario(
        "A legitimate first payment in a category the customer never uses (school fees, an "
        "insurance premium, an investment, a hospital, a tax).",
        "low",
        0.15,
        {"categories": "education, insurance, investments, healthcare, government_tax"},
    ),
    "wedding_purchase": Scenario(
        "A legitimate wedding purchase: jewellery or apparel at a local shop, many times the "
        "customer's usual basket.",
        "low",
        0.10,
        {"categories": "jewellery, apparel", "basket": "6-15x"},
    ),
    "transfer_to_new_payee": Scenario(
        "A legitimate large transfer to someone the customer never paid before: a rent "
        "deposit, a second-hand purchase, a family event's caterer; by UPI, or by account "
        "transfer when it is large. What a scam payment looks like, and is not.",
        "medium",
        0.15,
        {"channel": "upi_p2p or net_banking", "payee": "a new person", "amount": "INR 5k-90k"},
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
