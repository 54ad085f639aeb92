"""The world as the bank's tables show it: the ``customers`` and ``merchants`` rows.

Only what a bank would hold is published: demographics, home, income band, the
instruments held, the phone on file. Habits (activity, favourite shops, circles,
spells) stay inside the simulation.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from synfinance_assets.core.clock import REFERENCE_DATE, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import names
from synfinance_assets.sim import segments as seg
from synfinance_assets.sim.devices import Handsets
from synfinance_assets.sim.world import World, device_labels, padded_labels

_BANK_HANDLES = np.array(["okaxis", "oksbi", "okhdfcbank", "okicici", "ybl", "paytm", "ibl"])


def _pick(values: np.ndarray, u: np.ndarray) -> np.ndarray:
    return values[(u * len(values)).astype(np.int64)]


def customer_table(world: World) -> pl.DataFrame:
    """The published customer records: no fraud role appears here."""
    c = world.customers
    n = len(c)
    stream = KeyedStream(world.seed, "customer_records")
    rows = stream.rows(np.arange(n))
    u = lambda draw: stream.uniform(rows, draw)  # noqa: E731
    first = np.where(c.female, _pick(names.FIRST_NAMES_F, u(0)), _pick(names.FIRST_NAMES_M, u(0)))
    last = _pick(names.LAST_NAMES, u(1))
    handle = pl.Series(first).str.to_lowercase() + "." + pl.Series(last).str.to_lowercase()
    number = pl.Series(np.arange(1, n + 1)).cast(pl.String)
    reference_day = day_number(REFERENCE_DATE)
    birth = reference_day - c.age.astype(np.int64) * 365 - (u(2) * 365).astype(np.int64)
    tenure = (30 + u(3) ** 0.7 * 3600).astype(np.int64)
    credit = np.clip(650 + 60 * np.log(c.income / 30_000) + 50 * stream.normal(rows, 4), 300, 900)
    risk = np.clip(stream.uniform(rows, 5) ** 3 + (credit < 600) * 0.2, 0.0, 1.0)
    level_bounds = np.array([bound for _, bound in seg.INCOME_LEVELS[:-1]])
    level = np.array([name for name, _ in seg.INCOME_LEVELS])[
        np.searchsorted(level_bounds, c.income, side="right")
    ]
    phone_on_file = Handsets(world.seed).phone(np.arange(n), reference_day)
    return pl.DataFrame(
        {
            "customer_id": world.customer_ids,
            "first_name": first,
            "last_name": last,
            "email": handle + "." + number + "@example.in",
            "phone": padded_labels(
                "+91", 7_000_000_000 + stream.integers(rows, 6, 2_999_999_999), 10
            ),  # fmt: skip
            "upi_vpa": handle + number + "@" + pl.Series(_pick(_BANK_HANDLES, u(7))),
            "gender": np.where(c.female, "F", "M"),
            "date_of_birth": pl.Series(birth).cast(pl.Date),
            "age": c.age,
            "occupation": seg.SEGMENT_NAMES[c.segment],
            "income_level": level,
            "monthly_income_inr": c.income,
            "city": geo.CITY_NAMES[c.city],
            "state": geo.CITY_STATES[c.city],
            "latitude": np.round(c.lat, 6),
            "longitude": np.round(c.lon, 6),
            "account_created": pl.Series(reference_day - tenure).cast(pl.Date),
            "account_status": np.where(c.dormant, "dormant", "active"),
            "credit_score": credit.astype(np.int16),
            "risk_score": risk,
            "risk_category": np.select([risk < 0.25, risk < 0.5], ["low", "medium"], "high"),
            "has_credit_card": c.has_credit,
            "has_debit_card": c.has_debit,
            "has_net_banking": c.has_net_banking,
            "has_wallet": c.has_wallet,
            "salary_day": pl.Series(c.salary_day, dtype=pl.Int16).replace(0, None),
            "primary_device_id": device_labels(phone_on_file),
        }
    )


def merchant_table(world: World) -> pl.DataFrame:
    """The published merchant records: no fraud role appears here."""
    m = world.merchants
    n = len(m)
    stream = KeyedStream(world.seed, "merchant_records")
    rows = stream.rows(np.arange(n))
    risk = stream.uniform(rows, 1) ** 4
    ids = world.merchant_ids
    return pl.DataFrame(
        {
            "merchant_id": ids,
            "name": pl.Series(_pick(names.LAST_NAMES, stream.uniform(rows, 0)))
            + " "
            + pl.Series(cat.CATEGORY_LABEL[m.category]),
            "category": cat.CATEGORY_NAMES[m.category],
            "mcc_code": cat.CATEGORY_MCC[m.category],
            "is_online": m.online,
            "merchant_vpa": ids.str.to_lowercase() + "@merchant",
            "city": geo.CITY_NAMES[m.city],
            "state": geo.CITY_STATES[m.city],
            "country": np.full(n, "IN"),
            "latitude": np.round(m.lat, 6),
            "longitude": np.round(m.lon, 6),
            "avg_ticket_inr": np.round(cat.CATEGORY_MEAN[m.category], 2),
            "risk_score": risk,
            "risk_category": np.select([risk < 0.15, risk < 0.35], ["low", "medium"], "high"),
        }
    ).with_columns(
        # physical shops take cards on a terminal of their own
        terminal_id=pl.when(~pl.col("is_online")).then("POS" + pl.col("merchant_id").str.slice(1))
    )
