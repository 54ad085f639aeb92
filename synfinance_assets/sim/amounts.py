"""Ticket shapes: how the amounts people pay look, not only how large they are.

A raw amount comes from a heavy-tailed lognormal; its shape then turns it into what
people actually pay: whole rupees at a kirana, charm prices (₹99, ₹199, ₹499, ₹999)
in shops, fixed plans for recharges and subscriptions, paise on utility and
restaurant bills, round litres-or-rupees at the pump, round transfers between
people (₹500, ₹1,000, ₹2,000). Each rule uses one uniform per row.
"""

from __future__ import annotations

import numpy as np

SHAPES = (
    "whole",
    "charm",
    "bill",
    "fuel",
    "round",
    "plans",
    "subscriptions",
    "transfer",
    "invoice",
)
SHAPE_INDEX = {name: i for i, name in enumerate(SHAPES)}

# Prepaid mobile plans in INR and how often each is bought (assumption, from the
# price lists of the large Indian operators in 2025).
MOBILE_PLANS = np.array([19, 99, 155, 199, 239, 299, 349, 399, 449, 579, 719, 859, 999, 3599.0])
MOBILE_PLAN_WEIGHTS = np.array([4, 6, 6, 12, 12, 20, 14, 8, 5, 5, 3, 2, 1.5, 1.0])
# Streaming, music and cloud subscriptions (assumption).
SUBSCRIPTION_PRICES = np.array([59, 99, 119, 129, 149, 179, 199, 299, 399, 499, 649, 999, 1499.0])
SUBSCRIPTION_WEIGHTS = np.array([8, 14, 8, 10, 14, 6, 10, 10, 6, 6, 4, 3, 1.0])


def lognormal(mean: np.ndarray, sigma: np.ndarray, z: np.ndarray) -> np.ndarray:
    """A lognormal with the given mean (not median) and log-scale spread."""
    return mean * np.exp(sigma * z - 0.5 * sigma * sigma)


def from_price_list(prices: np.ndarray, weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    cumulative = np.cumsum(weights)
    index = np.searchsorted(cumulative, u * cumulative[-1])
    return prices[np.minimum(index, len(prices) - 1)]


def shape_amounts(raw: np.ndarray, shape: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Apply each row's shape (an index into ``SHAPES``) to its raw amount."""
    out = np.round(raw, 2)
    for name, rule in _RULES.items():
        rows = np.flatnonzero(shape == SHAPE_INDEX[name])
        if len(rows):
            out[rows] = rule(raw[rows], u[rows])
    return np.maximum(out, 1.0)


def round_to(x: np.ndarray, step: np.ndarray | float) -> np.ndarray:
    """``x`` rounded to a multiple of ``step``, never below one step."""
    return np.maximum(np.round(x / step), 1.0) * step


def _whole(x, u):
    # people type whole rupees; larger sums are often multiples of ten
    return np.where((u < 0.35) & (x >= 50), round_to(x, 10.0), np.round(np.maximum(x, 1.0)))


def _charm(x, u):
    # list prices end in 9 or 99; a basket of several items lands anywhere
    step = np.where(x >= 150, 100.0, 10.0)
    charm = np.maximum(np.round(x / step), 1.0) * step - 1.0
    return np.where(u < 0.55, charm, np.where(u < 0.85, np.round(x), np.round(x, 2)))


def _bill(x, u):
    # itemised bills with taxes carry paise; some are rounded off at the counter
    return np.where(u < 0.6, np.round(x, 2), np.round(x))


def _fuel(x, u):
    # "₹500 of petrol" or a full tank metered to the paisa
    step = np.where(x >= 300, 100.0, 50.0)
    return np.where(u < 0.55, round_to(x, step), np.round(x, 2))


def _round(x, u):
    # fees, gold and instalments in round sums
    step = np.select([x >= 5000, x >= 1000, x >= 100], [500.0, 100.0, 50.0], 10.0)
    return np.where(u < 0.7, round_to(x, step), np.round(x))


def _plans(x, u):
    return from_price_list(MOBILE_PLANS, MOBILE_PLAN_WEIGHTS, u)


def _subscriptions(x, u):
    return from_price_list(SUBSCRIPTION_PRICES, SUBSCRIPTION_WEIGHTS, u)


def _transfer(x, u):
    # between people: round hundreds and thousands dominate, small sums to the rupee
    big = np.where(u < 0.55, round_to(x, 500.0), np.where(u < 0.85, round_to(x, 100.0), 0.0))
    mid = np.where(u < 0.45, round_to(x, 100.0), np.where(u < 0.75, round_to(x, 50.0), 0.0))
    small = np.where(u < 0.5, round_to(x, 10.0), 0.0)
    rounded = np.select([x >= 2000, x >= 200], [big, mid], small)
    return np.where(rounded > 0, rounded, np.round(np.maximum(x, 1.0)))


def _invoice(x, u):
    # account transfers: round sums for people, paise for business invoices
    return np.where(u < 0.45, round_to(x, 1000.0), np.where(u < 0.7, np.round(x), np.round(x, 2)))


_RULES = {
    "whole": _whole,
    "charm": _charm,
    "bill": _bill,
    "fuel": _fuel,
    "round": _round,
    "plans": _plans,
    "subscriptions": _subscriptions,
    "transfer": _transfer,
    "invoice": _invoice,
}
