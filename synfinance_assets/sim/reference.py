"""Published figures on Indian retail payments that the simulation is held against.

Sources (transcribed in the project's reference file ``india_payments.json``):
- NPCI UPI ecosystem statistics, monthly P2P/P2M table, 2025: P2M share of count and
  value, P2P and P2M average tickets.
- RBI Payment System Indicators, monthly, 2025: credit and debit card tickets, at the
  point of sale and online; PPI wallet tickets.
- RBI Bulletin Table 43, FY2024-25: count and value of UPI, IMPS, NEFT, cards and PPI,
  which give each channel's share of count and value of the retail basket.
- NPCI per-day UPI volume by month divided by the year's mean, 2025 (the monthly index).
- NPCI (via press, 2025): groceries 24.3 % of P2M count (July), grocery ATS ₹221,
  fast food ₹117, online marketplaces ₹672, department stores ₹637 (April-August).

Scope: ``net_banking`` stands for IMPS and NEFT together, which include the account
transfers of small businesses (modelled by the ``small_business`` segment); that is
why its ticket is large and why it carries most of the basket's value.
Years after 2025 reuse the 2025 figures: nothing later is published yet.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

# month -> (P2M % of UPI count, P2M % of UPI value, P2P ticket, P2M ticket)
UPI_MONTHLY_2025: dict[int, tuple[float, float, float, float]] = {
    1: (62.2, 27.5, 2651, 610),
    2: (62.5, 26.9, 2660, 586),
    3: (62.6, 27.1, 2641, 585),
    4: (63.5, 27.7, 2647, 584),
    5: (63.5, 27.7, 2664, 588),
    6: (63.7, 28.4, 2574, 583),
    7: (63.6, 29.3, 2506, 593),
    8: (63.5, 29.1, 2412, 570),
    9: (63.0, 28.9, 2436, 582),
    10: (62.9, 30.3, 2479, 634),
    11: (62.7, 29.1, 2448, 595),
    12: (62.3, 28.9, 2440, 599),
}
# month -> (credit card, credit at POS, credit online, debit card, PPI wallet) tickets, INR
CARDS_MONTHLY_2025: dict[int, tuple[float, float, float, float, float]] = {
    1: (4276, 3189, 5389, 3202, 302),
    2: (4212, 3106, 5335, 3170, 297),
    3: (4393, 3104, 5693, 3246, 318),
    4: (4092, 2976, 5237, 3255, 308),
    5: (4059, 2951, 5187, 3214, 304),
    6: (3991, 2885, 5142, 3266, 324),
    7: (3987, 2893, 5083, 3403, 311),
    8: (3874, 2909, 4865, 3337, 275),
    9: (4376, 3002, 5684, 3511, 250),
    10: (4133, 3386, 4891, 3844, 254),
    11: (3754, 2980, 4542, 3373, 262),
    12: (3792, 2878, 4723, 3552, 257),
}
# FY2024-25, RBI: (count in millions, value in ₹ crore) by rail
RETAIL_BASKET_FY2025: dict[str, tuple[float, float]] = {
    "upi": (185_866.0, 26_056_955.0),
    "imps": (5_625.0, 7_139_110.0),
    "neft": (9_619.8, 44_361_464.0),
    "credit_card": (4_774.4, 2_109_350.0),
    "debit_card": (1_614.1, 496_156.0),
    "ppi": (7_025.4, 216_751.0),
}
# per-day UPI volume of each month / the year's mean (NPCI, 2025)
MONTHLY_INDEX_2025 = (0.88, 0.92, 0.94, 0.95, 0.96, 0.98, 1.0, 1.03, 1.05, 1.07, 1.09, 1.12)
GROCERY_SHARE_OF_P2M_PCT = 24.3
CATEGORY_TICKETS = {  # INR: category -> ATS, and which of our categories it covers
    "groceries": (221.0, ("kirana", "supermarket")),
    "fast food": (117.0, ("fast_food",)),
    "online marketplaces": (672.0, ("marketplace",)),
    "department stores": (637.0, ("department_store",)),
}
NPCI_PEAK_WINDOWS = ((10.0, 13.0), (17.0, 21.5))  # hours, IST (NPCI, from 31 July 2025)

SOURCES = {
    "upi_monthly": "NPCI UPI ecosystem statistics, P2P/P2M monthly, 2025",
    "cards_monthly": "RBI Payment System Indicators, monthly, 2025",
    "basket": "RBI Bulletin Table 43, FY2024-25 (UPI, IMPS+NEFT, cards, PPI)",
    "monthly_index": "NPCI per-day UPI volume by month / annual mean, 2025",
    "category": "NPCI via press, Apr-Aug 2025 (groceries share: Jul 2025)",
    "peak_hours": "NPCI peak-hour windows 10:00-13:00 and 17:00-21:30 IST",
    "assumption": "assumption (no published figure): SynFinance's own choice",
}


def basket_shares() -> tuple[dict[str, float], dict[str, float]]:
    """Each channel's share of count and of value of the retail basket, in %."""
    rails = {
        "upi": ("upi",),
        "net_banking": ("imps", "neft"),
        "credit_card": ("credit_card",),
        "debit_card": ("debit_card",),
        "wallet": ("ppi",),
    }
    count = {k: sum(RETAIL_BASKET_FY2025[r][0] for r in v) for k, v in rails.items()}
    value = {k: sum(RETAIL_BASKET_FY2025[r][1] for r in v) for k, v in rails.items()}
    total_count, total_value = sum(count.values()), sum(value.values())
    return (
        {k: 100 * v / total_count for k, v in count.items()},
        {k: 100 * v / total_value for k, v in value.items()},
    )


def net_banking_ticket() -> float:
    """IMPS and NEFT together: value over count, INR."""
    imps, neft = RETAIL_BASKET_FY2025["imps"], RETAIL_BASKET_FY2025["neft"]
    return (imps[1] + neft[1]) * 1e7 / ((imps[0] + neft[0]) * 1e6)


def ticket_seasonality(month: int) -> dict[str, float]:
    """Each payment kind's ticket in ``month`` relative to its 2025 mean: the share of
    the season that the simulation's own calendar does not explain."""

    def relative(table: dict, position: int) -> float:
        return table[month][position] / np.mean([row[position] for row in table.values()])

    return {
        "upi_p2m": relative(UPI_MONTHLY_2025, 3),
        "upi_p2p": relative(UPI_MONTHLY_2025, 2),
        "credit_pos": relative(CARDS_MONTHLY_2025, 1),
        "credit_online": relative(CARDS_MONTHLY_2025, 2),
        "debit": relative(CARDS_MONTHLY_2025, 3),
        "wallet": relative(CARDS_MONTHLY_2025, 4),
    }


def monthly_index(day: dt.date) -> float:
    return MONTHLY_INDEX_2025[day.month - 1]
