"""Who the customers are: segments with consistent ages, incomes, habits and instruments.

Shares, incomes and holdings are assumptions for urban Indian users of digital
payments, anchored where a published figure exists: the adult age structure (SRS
2023: 9.7 % of the population is 60+, about 13 % of adults), urban consumption
(HCES 2023-24: mean monthly per-capita spending ₹6,996, top 5 % ₹20,310), and card
holding (RBI: about 100 million credit cards for some 400 million UPI users).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    name: str
    share: float  # of customers
    age_min: int
    age_max: int
    income_median: float  # monthly, INR (a household allowance for homemakers)
    income_sigma: float
    activity: float  # median payments a day when active
    credit_card: float  # probability of holding one
    net_banking: float
    wallet: float
    rent: float  # probability of paying rent
    emi: float  # of paying a loan instalment
    sip: float  # of a monthly investment plan
    salaried: bool  # paid on a fixed day of the month
    p2p_bias: float  # multiplier on the share of person-to-person payments
    business: bool  # pays suppliers by account transfer


# fmt: off
SEGMENTS: tuple[Segment, ...] = (
    Segment("student", 0.12, 18, 25, 8_000, 0.6, 1.6, 0.03, 0.25, 0.55, 0.30, 0.03, 0.03, False, 1.4, False),  # noqa: E501
    Segment("salaried", 0.33, 22, 60, 42_000, 0.55, 2.0, 0.32, 0.70, 0.35, 0.45, 0.35, 0.30, True, 1.0, False),  # noqa: E501
    Segment("gig_worker", 0.09, 19, 45, 22_000, 0.4, 2.6, 0.04, 0.20, 0.45, 0.50, 0.20, 0.04, False, 1.1, False),  # noqa: E501
    Segment("small_business", 0.10, 25, 65, 65_000, 0.75, 3.2, 0.35, 0.90, 0.30, 0.20, 0.35, 0.20, False, 1.0, True),  # noqa: E501
    Segment("homemaker", 0.12, 22, 65, 14_000, 0.5, 1.4, 0.08, 0.20, 0.30, 0.00, 0.00, 0.05, False, 0.9, False),  # noqa: E501
    Segment("farmer", 0.05, 25, 70, 16_000, 0.7, 0.9, 0.02, 0.15, 0.10, 0.00, 0.20, 0.02, False, 1.2, False),  # noqa: E501
    Segment("retiree", 0.10, 60, 85, 28_000, 0.6, 0.9, 0.12, 0.55, 0.05, 0.05, 0.02, 0.10, True, 1.1, False),  # noqa: E501
    Segment("professional", 0.09, 26, 62, 140_000, 0.6, 2.8, 0.80, 0.90, 0.40, 0.50, 0.50, 0.60, True, 0.9, False),  # noqa: E501
)
# fmt: on

SEGMENT_NAMES = np.array([s.name for s in SEGMENTS])
SEGMENT_SHARES = np.array([s.share for s in SEGMENTS]) / sum(s.share for s in SEGMENTS)


def column(field: str) -> np.ndarray:
    """One field of every segment, in segment order."""
    return np.array([getattr(s, field) for s in SEGMENTS])


# Income levels as published in the customers table (monthly INR upper bounds).
INCOME_LEVELS = (
    ("low", 15_000),
    ("lower_middle", 35_000),
    ("middle", 75_000),
    ("upper_middle", 200_000),
    ("high", float("inf")),
)
