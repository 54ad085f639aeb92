"""The merchant generator: category, city, typical ticket and risk."""

from __future__ import annotations

import numpy as np
import polars as pl

from synfinance_assets.domain import reference as ref
from synfinance_assets.domain.randomness import jitter_km, padded_ids, stream

_NAME_SUFFIX = {
    "grocery": "Kirana Store",
    "restaurants": "Restaurant",
    "fast_food": "Snacks Corner",
    "fuel": "Fuel Station",
    "pharmacy": "Medicals",
    "apparel": "Fashions",
    "electronics": "Electronics",
    "online_marketplace": "Online Mart",
    "utilities": "Power & Water",
    "telecom": "Mobile Recharge",
    "travel": "Travels",
    "education": "Academy",
    "jewellery": "Jewellers",
    "entertainment": "Cinemas",
}


def generate_merchants(seed: int, n_merchants: int, colluding_share: float) -> pl.DataFrame:
    """``n_merchants`` merchants; a ``colluding_share`` of them launder money for fraud rings."""
    rng = stream(seed, "merchants")
    n = n_merchants
    city = rng.choice(len(ref.CITIES), size=n, p=ref.CITY_WEIGHTS)
    category = rng.choice(len(ref.CATEGORY_NAMES), size=n, p=ref.CATEGORY_WEIGHTS)
    names = np.char.add(
        np.char.add(rng.choice(ref.LAST_NAMES, n), " "),
        np.array([_NAME_SUFFIX[c] for c in ref.CATEGORY_NAMES])[category],
    )
    ticket = np.round(
        ref.CHANNEL_MEAN_TICKET[0]
        * ref.CATEGORY_TICKET_FACTOR[category]
        * rng.lognormal(0, 0.3, n),
        2,
    )
    risk = rng.beta(1.5, 10.0, n)
    dlat, dlon = jitter_km(rng, n, 6.0)
    return pl.DataFrame(
        {
            "merchant_id": padded_ids("M", np.arange(1, n + 1), 7),
            "name": names,
            "category": ref.CATEGORY_NAMES[category],
            "mcc_code": ref.CATEGORY_MCC[category],
            "city": ref.CITY_NAMES[city],
            "state": ref.CITY_STATES[city],
            "country": np.full(n, "IN"),
            "latitude": ref.CITY_LAT[city] + dlat,
            "longitude": ref.CITY_LON[city] + dlon,
            "avg_ticket_inr": ticket,
            "risk_score": risk,
            "risk_category": np.select([risk < 0.15, risk < 0.35], ["low", "medium"], "high"),
            "is_colluding": rng.random(n) < colluding_share,
        }
    )
