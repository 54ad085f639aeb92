"""Anomalies: genuine payments that are unusual, labelled apart from fraud.

A genuine payment becomes an anomaly by a draw keyed by its own identity, so the
anomaly mix never moves any other draw.
"""

from __future__ import annotations

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_HOUR
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.amounts import SHAPE_INDEX, lognormal, shape_amounts
from synfinance_assets.sim.devices import device_identity
from synfinance_assets.sim.draft import CHANNEL, NOT_CARD, ONLINE, PRESENT, DayDraft
from synfinance_assets.sim.everyday import (
    AWAY_SPREAD,
    CATEGORY_SHAPE_INDEX,
    NB_LIMIT,
    UPI_LIMIT_P2M,
    UPI_LIMIT_P2P,
    WALLET_LIMIT,
)
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, normalised_mix
from synfinance_assets.sim.world import World

ANOMALY_NAMES = list(ANOMALY_SCENARIOS)
# purchases from this many rupees are often not paid by UPI or a wallet (assumptions)
BIG_PURCHASE = 25_000.0
BIG_BY_ACCOUNT = 0.5  # of big purchases by customers who bank online
BIG_BY_CREDIT_CARD = 0.2  # of big purchases by credit card holders not paying by account
# a spike of a fixed-price purchase (a plan, a subscription) is a round sum, not a price point
_SPIKE_SHAPE = np.where(
    np.isin(cat.CATEGORY_SHAPE, ["plans", "subscriptions"]),
    SHAPE_INDEX["round"],
    CATEGORY_SHAPE_INDEX,
)


def mark_anomalies(world: World, draft: DayDraft, rate: float, mix: dict[str, float]) -> None:
    """Turn about ``rate`` of the genuine payments into anomalies, split by ``mix``."""
    names, shares = normalised_mix(mix, ANOMALY_SCENARIOS, "anomaly_mix")
    stream = KeyedStream(world.seed, "anomalies")
    chosen = np.flatnonzero((draft.fraud < 0) & (stream.uniform(draft.key, 0) < rate))
    kind = np.searchsorted(np.cumsum(shares), stream.uniform(draft.key[chosen], 1))
    for k, name in enumerate(names):
        rows = chosen[kind == k]
        keys = draft.key[rows]
        draft.anomaly[rows] = ANOMALY_NAMES.index(name)
        if name == "amount_spike":
            _spike(draft, rows, stream, keys)
        elif name == "unusual_hour":
            draft.micros[rows] = ((1 + 3 * stream.uniform(keys, 3)) * MICROS_PER_HOUR).astype(
                np.int64
            )
        elif name == "travel":
            _travel(world, draft, rows, stream, keys)
        elif name == "transfer_to_new_payee":
            _transfer_to_new_payee(world, draft, rows, stream, keys)
        elif name == "new_phone":
            # a phone of the customer's own, never seen before: the next version of theirs
            draft.device[rows] = device_identity(
                KeyedStream(world.seed, "new_phone_anomaly"), draft.customer[rows],
                keys.astype(np.int64),
            )  # fmt: skip
        else:
            categories, low, high, local = _PURCHASES[name]
            _purchase(world, draft, rows, stream, keys, categories, (low, high), local)


def _spike(draft: DayDraft, rows: np.ndarray, stream: KeyedStream, keys: np.ndarray) -> None:
    """About ten times the usual amount, paid the way such amounts are paid (a round
    transfer, a shop's price), within the channel's limit."""
    channel, category = draft.channel[rows], draft.category[rows]
    limit = np.select(
        [channel == CHANNEL["upi_p2p"], channel == CHANNEL["wallet"],
         channel == CHANNEL["net_banking"]],
        [UPI_LIMIT_P2P, WALLET_LIMIT, NB_LIMIT],
        UPI_LIMIT_P2M,
    )  # fmt: skip
    raw = draft.amount[rows] * np.exp(np.log(10.0) + 0.3 * stream.normal(keys, 2))
    raw = np.minimum(raw, limit * (0.5 + 0.5 * stream.uniform(keys, 9)))
    shape = np.where(
        category >= 0,
        _SPIKE_SHAPE[np.maximum(category, 0)],
        np.where(channel == CHANNEL["upi_p2p"], SHAPE_INDEX["transfer"], SHAPE_INDEX["invoice"]),
    )
    draft.amount[rows] = shape_amounts(raw, shape, stream.uniform(keys, 8))


def _travel(world: World, draft: DayDraft, rows: np.ndarray, stream, keys) -> None:
    m = world.merchants
    n_cities = len(geo.CITIES)
    away = (draft.city[rows] + 1 + stream.integers(keys, 4, n_cities - 1)) % n_cities
    has_merchant = draft.merchant[rows] >= 0
    category = np.maximum(draft.category[rows], 0)
    moved = m.pick(category, away, stream.uniform(keys, 5))
    # at a shop the payment is where the shop is; online, where the traveller is
    at_shop = has_merchant & ~m.online[moved]
    draft.merchant[rows] = np.where(has_merchant, moved, -1)
    draft.lat[rows] = np.where(
        at_shop, m.lat[moved], geo.CITY_LAT[away] + stream.normal(keys, 6) * AWAY_SPREAD
    )
    draft.lon[rows] = np.where(
        at_shop, m.lon[moved], geo.CITY_LON[away] + stream.normal(keys, 7) * AWAY_SPREAD
    )
    draft.city[rows] = np.where(at_shop, m.city[moved], away)


def _transfer_to_new_payee(world: World, draft: DayDraft, rows, stream, keys) -> None:
    """The payment becomes a large transfer to a person the customer has not paid before,
    made from around home: by UPI, or by account transfer (when the customer banks online)
    for the larger ones."""
    c = world.customers
    who = draft.customer[rows]
    stranger = stream.integers(keys, 20, len(c))
    stranger = np.where(stranger == who, (stranger + 1) % len(c), stranger)
    raw = np.exp(np.log(5_000.0) + stream.uniform(keys, 21) * np.log(18.0))  # INR 5k-90k
    by_account = c.has_net_banking[who] & (raw > 25_000) & (stream.uniform(keys, 22) < 0.5)
    draft.channel[rows] = np.where(by_account, CHANNEL["net_banking"], CHANNEL["upi_p2p"])
    draft.card[rows] = NOT_CARD
    draft.category[rows] = -1
    draft.merchant[rows] = -1
    draft.counterparty[rows] = stranger
    draft.amount[rows] = shape_amounts(
        raw, np.where(by_account, SHAPE_INDEX["invoice"], SHAPE_INDEX["transfer"]),
        stream.uniform(keys, 23),
    )  # fmt: skip
    draft.lat[rows] = c.lat[who] + stream.normal(keys, 24) * 0.02
    draft.lon[rows] = c.lon[who] + stream.normal(keys, 25) * 0.02
    draft.city[rows] = c.city[who]


def _purchase(world, draft, rows, stream, keys, categories, basket, local) -> None:
    """The payment becomes a purchase in one of ``categories`` at ``basket`` (low, high)
    times the customer's usual basket there, paid as the customer paid (a person-to-person
    payment becomes a UPI purchase; a big one is often an account transfer or a credit card
    payment), at a shop in their city (or online when allowed)."""
    c, m = world.customers, world.merchants
    who = draft.customer[rows]
    category = categories[stream.integers(keys, 10, len(categories))]
    online = ~local & (stream.uniform(keys, 11) < cat.CATEGORY_ONLINE[category])
    merchant = m.pick(category, np.where(online, len(geo.CITIES), c.city[who]),
                      stream.uniform(keys, 12))  # fmt: skip
    online = m.online[merchant]
    scale = basket[0] + (basket[1] - basket[0]) * stream.uniform(keys, 13)
    mean = cat.CATEGORY_MEAN[category] * c.ticket_scale[who] * scale
    channel = draft.channel[rows]
    channel = np.where(
        np.isin(channel, [CHANNEL["upi_p2p"], CHANNEL["net_banking"]]), CHANNEL["upi_p2m"], channel
    )
    raw = lognormal(mean, cat.CATEGORY_SIGMA[category], stream.normal(keys, 14))
    # a big purchase is often paid by account transfer to the shop, or on the credit card
    big = raw >= BIG_PURCHASE
    u = stream.uniform(keys, 17)
    by_account = big & c.has_net_banking[who] & (u < BIG_BY_ACCOUNT)
    by_card = big & ~by_account & c.has_credit[who] & (u > 1.0 - BIG_BY_CREDIT_CARD)
    channel = np.select(
        [by_account, by_card], [CHANNEL["net_banking"], CHANNEL["credit_card"]], channel
    )
    limit = np.select(
        [channel == CHANNEL["wallet"], channel == CHANNEL["net_banking"]],
        [WALLET_LIMIT, NB_LIMIT],
        UPI_LIMIT_P2M,
    )
    # above the channel's limit the purchase is a part payment, anywhere below it
    raw = np.where(raw > limit, limit * (0.3 + 0.6 * stream.uniform(keys, 16)), raw)
    is_card = (channel == CHANNEL["credit_card"]) | (channel == CHANNEL["debit_card"])
    draft.channel[rows] = channel
    draft.card[rows] = np.where(is_card, np.where(online, ONLINE, PRESENT), NOT_CARD)
    draft.category[rows] = category
    draft.merchant[rows] = merchant
    draft.counterparty[rows] = -1
    draft.amount[rows] = shape_amounts(
        raw, CATEGORY_SHAPE_INDEX[category], stream.uniform(keys, 15)
    )
    draft.lat[rows] = np.where(online, draft.lat[rows], m.lat[merchant])
    draft.lon[rows] = np.where(online, draft.lon[rows], m.lon[merchant])
    draft.city[rows] = np.where(online, draft.city[rows], m.city[merchant])


# the purchases an anomaly turns a payment into: categories, basket range, local shops only
_PURCHASES = {
    "festival_splurge": (
        cat.category_indices("electronics", "apparel", "jewellery", "travel"), 2.0, 4.5, False
    ),
    "first_in_category": (
        cat.category_indices(
            "education", "insurance", "investments", "healthcare", "government_tax"
        ),
        0.8, 1.5, False,
    ),
    "wedding_purchase": (cat.category_indices("jewellery", "apparel"), 3.0, 8.0, True),
}  # fmt: skip
