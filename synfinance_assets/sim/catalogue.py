"""Merchant categories: MCC, where they are paid from, and their ticket shapes.

Per category:
- ``mcc``: ISO 18245 merchant category code.
- ``online``: share of the category's merchants that sell online only.
- ``upi``, ``card_pos``, ``card_online``, ``wallet``: relative weight of the category
  among the payments of that kind. The UPI weights put groceries (kirana plus
  supermarkets) at 24.3 % of P2M count (NPCI, July 2025) and fast food at 9.8 %
  (NPCI, April-August 2025: 5.9 bn of about 60 bn P2M payments); the others are
  assumptions.
- ``mean``: mean ticket in INR before the payer's own scale. Published: groceries
  about 221 (kirana and supermarkets together), fast food 117, online marketplaces
  672, department stores 637 (NPCI via press, April-August 2025); the rest are
  assumptions chosen so that the UPI P2M mean lands on NPCI's (about 600).
- ``sigma``: log-scale spread of the ticket (a lognormal body).
- ``shape``: how people pay amounts there (see ``sim.amounts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Category:
    name: str
    mcc: str
    label: str  # shop-name suffix, e.g. "Kirana Store"
    online: float
    upi: float
    card_pos: float
    card_online: float
    wallet: float
    mean: float
    sigma: float
    shape: str


# fmt: off
CATEGORIES: tuple[Category, ...] = (
    Category("kirana", "5411", "Kirana Store", 0.0, 16.0, 3, 0, 0, 180, 0.85, "whole"),
    Category("supermarket", "5411", "Supermarket", 0.1, 7.2, 20, 3, 0, 310, 0.85, "bill"),
    Category("street_food", "5499", "Tea & Snacks", 0.0, 12.0, 0, 0, 0, 60, 0.7, "whole"),
    Category("fast_food", "5814", "Quick Bites", 0.0, 9.8, 4, 0, 10, 117, 0.7, "charm"),
    Category("restaurant", "5812", "Restaurant", 0.0, 4.5, 14, 0, 0, 550, 0.8, "bill"),
    Category("food_delivery", "5814", "Food Delivery", 1.0, 3.0, 0, 10, 15, 380, 0.6, "bill"),
    Category("fuel", "5541", "Fuel Station", 0.0, 5.5, 16, 0, 0, 650, 0.7, "fuel"),
    Category("pharmacy", "5912", "Medicals", 0.1, 4.0, 5, 1, 0, 380, 0.9, "bill"),
    Category("healthcare", "8062", "Clinic", 0.0, 1.8, 5, 1, 0, 900, 0.8, "round"),
    Category("mobile_recharge", "4814", "Recharge", 0.7, 4.0, 0, 5, 20, 320, 0.0, "plans"),
    Category("utilities", "4900", "Power & Water", 1.0, 2.8, 0, 8, 8, 1200, 0.8, "bill"),
    Category("transport", "4121", "Cabs & Autos", 0.3, 5.0, 0, 2, 20, 180, 0.7, "whole"),
    Category("apparel", "5651", "Fashions", 0.2, 2.4, 12, 5, 0, 1150, 0.7, "charm"),
    Category("department_store", "5311", "Department Store", 0.0, 0.55, 8, 0, 0, 637, 0.9, "bill"),
    Category("marketplace", "5399", "Online Mart", 1.0, 0.84, 0, 30, 7, 672, 0.9, "charm"),
    Category("electronics", "5732", "Electronics", 0.3, 0.8, 6, 6, 0, 4800, 0.7, "charm"),
    Category("jewellery", "5944", "Jewellers", 0.0, 0.25, 1, 0, 0, 19000, 0.6, "round"),
    Category("sweets_gifts", "5441", "Sweets & Gifts", 0.1, 1.8, 2, 0, 0, 450, 0.7, "whole"),
    Category("travel", "4722", "Travels", 0.8, 1.0, 2, 12, 0, 2600, 0.7, "bill"),
    Category("entertainment", "7832", "Cinemas", 0.5, 1.3, 3, 5, 5, 450, 0.6, "charm"),
    Category("education", "8299", "Academy", 0.3, 0.7, 0, 3, 0, 5000, 0.7, "round"),
    Category("insurance", "6300", "Insurance", 1.0, 0.4, 0, 6, 0, 4500, 0.6, "bill"),
    Category("loan_emi", "6012", "Finance", 1.0, 0.6, 0, 0, 0, 4500, 0.7, "bill"),
    Category("government_tax", "9311", "Govt Services", 1.0, 0.3, 0, 2, 0, 2500, 0.8, "bill"),
    Category("digital_subscriptions", "5815", "Digital", 1.0, 1.2, 0, 10, 10, 230, 0.0, "subscriptions"),  # noqa: E501
    Category("investments", "6211", "Securities", 1.0, 0.8, 0, 0, 0, 2500, 0.9, "round"),
)
# fmt: on

CATEGORY_NAMES = np.array([c.name for c in CATEGORIES])
CATEGORY_MCC = np.array([c.mcc for c in CATEGORIES])
CATEGORY_LABEL = np.array([c.label for c in CATEGORIES])
CATEGORY_ONLINE = np.array([c.online for c in CATEGORIES])
CATEGORY_MEAN = np.array([c.mean for c in CATEGORIES])
CATEGORY_SIGMA = np.array([c.sigma for c in CATEGORIES])
CATEGORY_SHAPE = np.array([c.shape for c in CATEGORIES])
CATEGORY_INDEX = {c.name: i for i, c in enumerate(CATEGORIES)}


def category_indices(*names: str) -> np.ndarray:
    """The indices of the named categories."""
    return np.array([CATEGORY_INDEX[name] for name in names])


# Which payment kinds a category is paid by: relative weights per kind.
KIND_NAMES = ("upi", "card_pos", "card_online", "wallet")
KIND_WEIGHTS = np.array([[getattr(c, kind) for c in CATEGORIES] for kind in KIND_NAMES], float)

# Share of a category's merchants in the merchant table: more kirana shops than jewellers.
MERCHANT_SHARE = KIND_WEIGHTS[0] + 0.2 * KIND_WEIGHTS[1:].sum(axis=0)
MERCHANT_SHARE = MERCHANT_SHARE / MERCHANT_SHARE.sum()
