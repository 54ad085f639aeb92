"""The persistent world: customers with habits, merchants with customers of their own.

Everything here is a pure function of (seed, n_customers, n_merchants), drawn with
keys by customer or merchant number: customer 42's own traits and habits do not
depend on how many customers there are (whom they pay and where they shop do, since
those people and shops must exist). A habit holds from day to day: the hours someone is
active, the shops they return to, the circle of people they pay, their salary day
and monthly mandates, the instruments they hold, how often they go quiet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import polars as pl

from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.core.search import GuidedSearch
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import segments as seg
from synfinance_assets.sim.amounts import round_to

MIN_MERCHANTS = 2 * len(cat.CATEGORIES)
TICKET_SCALE_OFFSET = 0.17  # calibration: log of the payment-weighted mean of ticket scales
# a month of shop payments at one payment a day costs about this many times the ticket scale
SHOP_SPEND_PER_DAILY_PAYMENT = 18_000.0
BUDGET_SHARE = 0.9  # of income the usual month of shop payments may take
CIRCLE_SIZE = 6  # slot 0: landlord or a friend; 1-2: family; 3-5: friends
# the everyday categories a customer keeps going back to the same shop for
FAVOURITE_CATEGORIES = np.array(
    [
        cat.CATEGORY_INDEX[name]
        for name in (
            "kirana",
            "supermarket",
            "street_food",
            "fast_food",
            "restaurant",
            "pharmacy",
            "fuel",
        )
    ]
)
# online sellers are headquartered in the metros
_ONLINE_HQ = np.flatnonzero(
    np.isin(geo.CITY_NAMES, ["Bengaluru", "Mumbai", "Delhi", "Hyderabad", "Pune", "Chennai"])
)


@dataclass(frozen=True)
class Customers:
    """Per-customer arrays; index i is customer number i + 1."""

    segment: np.ndarray
    age: np.ndarray
    female: np.ndarray
    income: np.ndarray  # monthly INR
    city: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    dormant: np.ndarray  # the account exists but is not used
    activity: np.ndarray  # payments a day when active, before the calendar
    quiet_week: np.ndarray  # probability that a given week is an inactive spell
    quiet_month: np.ndarray  # probability that a given 4-week block is a long absence
    phase: np.ndarray  # offsets the customer's week and recharge cycle
    chronotype: np.ndarray  # hours the day's rhythm is shifted by (-2 .. 2)
    ticket_scale: np.ndarray  # the customer's basket size relative to the category's
    transfer_scale: np.ndarray  # the same for payments to people
    p2p_share: np.ndarray
    net_banking_share: np.ndarray
    has_credit: np.ndarray
    has_debit: np.ndarray
    has_wallet: np.ndarray
    has_net_banking: np.ndarray
    card_propensity: np.ndarray  # share of shop payments made by card, when one is held
    wallet_propensity: np.ndarray
    salary_day: np.ndarray  # 0 = no fixed pay day
    rent: np.ndarray  # INR a month, 0 = none; paid to circle slot 0
    rent_day: np.ndarray
    emi: np.ndarray
    emi_day: np.ndarray
    sip: np.ndarray
    sip_day: np.ndarray
    bill_day: np.ndarray
    business: np.ndarray
    circle: np.ndarray  # (n, CIRCLE_SIZE) customer indices
    favourites: np.ndarray  # (n, len(FAVOURITE_CATEGORIES)) merchant indices
    lender: np.ndarray  # merchant receiving the EMI
    fund_house: np.ndarray  # merchant receiving the SIP
    utility: np.ndarray  # merchant billing electricity

    def __len__(self) -> int:
        return len(self.segment)


@dataclass(frozen=True)
class Merchants:
    """Per-merchant arrays and a lookup by (category, city) weighted by popularity."""

    category: np.ndarray
    city: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    online: np.ndarray
    popularity: np.ndarray
    order: np.ndarray  # merchant indices sorted by (category, slot)
    cumulative: np.ndarray  # popularity summed along ``order``
    group_start: np.ndarray  # (categories, cities + 1): slot = city, or the last for online
    group_end: np.ndarray
    resolved_slot: np.ndarray  # (categories, cities + 1): a non-empty slot to use instead

    def __len__(self) -> int:
        return len(self.category)

    @cached_property
    def _search(self) -> GuidedSearch:
        return GuidedSearch(self.cumulative)

    def pick(self, category: np.ndarray, slot: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A merchant of ``category`` in ``slot`` (a city, or online), busier ones more often."""
        slot = self.resolved_slot[category, slot]
        start = self.group_start[category, slot]
        end = self.group_end[category, slot]
        base = np.where(start > 0, self.cumulative[np.maximum(start - 1, 0)], 0.0)
        span = self.cumulative[end - 1] - base
        position = self._search.right(base + u * span)
        return self.order[np.clip(position, start, end - 1)]


@dataclass(frozen=True, eq=False)  # one world is one object: hashed by identity
class World:
    seed: int
    customers: Customers
    merchants: Merchants

    @property
    def n_customers(self) -> int:
        return len(self.customers)

    @cached_property
    def customer_ids(self) -> pl.Series:
        """``C`` and the 8-digit customer number, by customer index."""
        return padded_labels("C", np.arange(1, self.n_customers + 1), 8)

    @cached_property
    def merchant_ids(self) -> pl.Series:
        return padded_labels("M", np.arange(1, len(self.merchants) + 1), 7)


def padded_labels(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """Labels like ``C00000042``: the prefix and each number zero-padded to ``width``."""
    letters = prefix.rstrip("0123456789")
    digits = prefix[len(letters) :]
    numbers = pl.Series(numbers, dtype=pl.Int64)
    if digits[:1] not in ("", "0"):  # a prefix ending in digits (a date) carries the width
        return letters + (numbers + int(digits) * 10**width).cast(pl.String)
    # adding 10**width fixes the width; the leading 1 is then dropped
    return prefix + (numbers + 10**width).cast(pl.String).str.slice(1)


def build_world(seed: int, n_customers: int, n_merchants: int) -> World:
    """The customers, the merchants and every habit, from the seed alone."""
    if n_customers < 2:
        raise ValueError(f"n_customers must be at least 2, got {n_customers}")
    if n_merchants < MIN_MERCHANTS:
        raise ValueError(
            f"n_merchants must be at least {MIN_MERCHANTS} (two per category), got {n_merchants}"
        )
    merchants = build_merchants(seed, n_merchants)
    return World(seed, build_customers(seed, n_customers, merchants), merchants)


@lru_cache(maxsize=2)
def cached_world(seed: int, n_customers: int, n_merchants: int) -> World:
    """``build_world``, kept for the process: every asset of a run shares one world."""
    return build_world(seed, n_customers, n_merchants)


def build_merchants(seed: int, n: int) -> Merchants:
    stream = KeyedStream(seed, "merchants")
    rows = stream.rows(np.arange(n))
    category = _allocate(n, cat.MERCHANT_SHARE)
    online = stream.uniform(rows, 0) < cat.CATEGORY_ONLINE[category]
    # every category with both kinds of seller gets at least one of each
    first_of_category = np.r_[True, category[1:] != category[:-1]]
    both = (cat.CATEGORY_ONLINE[category] > 0) & (cat.CATEGORY_ONLINE[category] < 1)
    online = np.where(first_of_category & both, True, online)
    city_cumulative = np.cumsum(geo.CITY_WEIGHTS)
    hq = _ONLINE_HQ[stream.integers(rows, 1, len(_ONLINE_HQ))]
    city = np.where(online, hq, stream.choice(rows, 2, city_cumulative))
    lat = geo.CITY_LAT[city] + stream.normal(rows, 3) * 0.05
    lon = geo.CITY_LON[city] + stream.normal(rows, 4) * 0.05
    # a few shops are busy, most are quiet (a Pareto tail of footfall)
    popularity = stream.uniform(rows, 5) ** -0.7
    n_cities = len(geo.CITIES)
    slot = np.where(online, n_cities, city)
    order = np.lexsort((np.arange(n), slot, category))
    group_key = category[order] * (n_cities + 1) + slot[order]
    keys = np.arange(len(cat.CATEGORIES) * (n_cities + 1))
    group_start = np.searchsorted(group_key, keys, side="left").reshape(-1, n_cities + 1)
    group_end = np.searchsorted(group_key, keys, side="right").reshape(-1, n_cities + 1)
    return Merchants(
        category=category,
        city=city,
        lat=lat,
        lon=lon,
        online=online,
        popularity=popularity,
        order=order,
        cumulative=np.cumsum(popularity[order]),
        group_start=group_start,
        group_end=group_end,
        resolved_slot=_resolve_slots(group_end - group_start),
    )


def _allocate(n: int, shares: np.ndarray) -> np.ndarray:
    """Category of each of ``n`` merchants: at least two each, the rest by share, in order."""
    counts = 2 + np.floor(shares * (n - 2 * len(shares))).astype(np.int64)
    counts[np.argsort(-shares)[: n - counts.sum()]] += 1
    return np.repeat(np.arange(len(shares)), counts)


def _resolve_slots(sizes: np.ndarray) -> np.ndarray:
    """For an empty (category, city) group, the nearest city that has one, else online."""
    n_cities = len(geo.CITIES)
    distance = np.hypot(
        geo.CITY_LAT[:, None] - geo.CITY_LAT[None, :],
        (geo.CITY_LON[:, None] - geo.CITY_LON[None, :]) * np.cos(np.radians(22.0)),
    )
    by_nearness = np.argsort(distance, axis=1)  # row c: cities nearest to c first
    resolved = np.tile(np.arange(n_cities + 1), (len(sizes), 1))
    for category in range(len(sizes)):
        physical = sizes[category, :n_cities] > 0
        for city in range(n_cities):
            if not physical[city]:
                candidates = by_nearness[city][physical[by_nearness[city]]]
                resolved[category, city] = candidates[0] if len(candidates) else n_cities
        if sizes[category, n_cities] == 0:
            resolved[category, n_cities] = int(np.argmax(sizes[category, :n_cities]))
    return resolved


def build_customers(seed: int, n: int, merchants: Merchants) -> Customers:
    stream = KeyedStream(seed, "customers")
    number = np.arange(n)
    rows = stream.rows(number)
    u = lambda draw: stream.uniform(rows, draw)  # noqa: E731
    z = lambda draw: stream.normal(rows, draw)  # noqa: E731

    segment = np.minimum(
        np.searchsorted(np.cumsum(seg.SEGMENT_SHARES), u(0)), len(seg.SEGMENTS) - 1
    )
    age_min, age_max = seg.column("age_min")[segment], seg.column("age_max")[segment]
    # ages lean young inside each segment's range
    age = (age_min + (age_max - age_min + 1) * u(1) ** 1.4).astype(np.int16)
    income_median = seg.column("income_median")[segment]
    income = np.round(income_median * np.exp(seg.column("income_sigma")[segment] * z(2)), -2)
    income = np.maximum(income, 3_000.0)
    relative_income = income / income_median
    city = np.minimum(np.searchsorted(np.cumsum(geo.CITY_WEIGHTS), u(3)), len(geo.CITIES) - 1)
    lat = geo.CITY_LAT[city] + z(4) * 0.06
    lon = geo.CITY_LON[city] + z(5) * 0.06

    # richer people buy more per visit; the constant keeps the population mean at one
    ticket_scale = (income / 40_000.0) ** 0.35 * np.exp(0.25 * z(10) - TICKET_SCALE_OFFSET)
    # how often people pay is their habit, within what their income allows
    affordable = BUDGET_SHARE * income / (SHOP_SPEND_PER_DAILY_PAYMENT * ticket_scale)
    activity = np.minimum(
        seg.column("activity")[segment] * np.exp(0.75 * z(6) - 0.28) * relative_income**0.25,
        affordable,
    )
    quiet_week = 0.25 * u(7) ** 3  # most rarely go quiet for a week, some often
    quiet_month = np.where(u(8) < 0.12, 0.5 * u(9), 0.0)  # a few have long absences
    transfer_scale = (income / 35_000.0) ** 0.55 * np.exp(0.3 * z(11) - 0.045)

    has_credit = u(12) < np.minimum(seg.column("credit_card")[segment] * relative_income**0.5, 0.95)
    has_debit = u(13) < 0.85
    has_wallet = u(14) < seg.column("wallet")[segment]
    has_net_banking = u(15) < seg.column("net_banking")[segment]
    card_propensity = 0.05 + 0.08 * u(16)
    wallet_propensity = 0.32 * u(17)
    p2p_share = np.clip(0.33 * seg.column("p2p_bias")[segment] * np.exp(0.3 * z(18)), 0.05, 0.8)
    business = seg.column("business")[segment]
    net_banking_share = np.where(
        has_net_banking, np.where(business, 0.23, 0.067) * np.exp(0.4 * z(19) - 0.08), 0.0
    )

    salaried = seg.column("salaried")[segment]
    salary_day = np.where(salaried, np.where(u(20) < 0.7, 1, np.where(u(21) < 0.5, 7, 28)), 0)
    rent = np.where(
        u(22) < seg.column("rent")[segment],
        round_to(
            np.clip(income * (0.18 + 0.12 * u(23)), 3_000, 150_000),
            np.where(u(24) < 0.6, 1000.0, 100.0),
        ),
        0.0,
    )
    rent_day = np.array([1, 1, 2, 3, 4, 5, 5, 7, 10])[(u(25) * 9).astype(np.int64)]
    emi = np.where(
        u(26) < seg.column("emi")[segment],
        np.round(income * (0.08 + 0.22 * u(27)), 0),
        0.0,
    )
    emi_day = np.array([2, 5, 5, 7, 10, 10, 15, 20])[(u(28) * 8).astype(np.int64)]
    sip = np.where(
        u(29) < seg.column("sip")[segment],
        np.clip(
            round_to(income * (0.02 + 0.06 * u(30)), np.where(u(31) < 0.5, 1000.0, 500.0)),
            500,
            100_000,
        ),
        0.0,
    )
    sip_day = 1 + (u(32) * 28).astype(np.int64)
    bill_day = 5 + (u(33) * 20).astype(np.int64)
    chronotype = np.array([-2, -1, 0, 0, 0, 1, 2])[(u(34) * 7).astype(np.int64)]
    phase = (u(35) * 28).astype(np.int64)
    dormant = u(36) < 0.03

    online = np.full(n, len(geo.CITIES))
    return Customers(
        segment=segment,
        age=age,
        female=u(37) < np.where(seg.SEGMENT_NAMES[segment] == "homemaker", 0.95, 0.42),
        income=income,
        city=city,
        lat=lat,
        lon=lon,
        dormant=dormant,
        activity=activity,
        quiet_week=quiet_week,
        quiet_month=quiet_month,
        phase=phase,
        chronotype=chronotype,
        ticket_scale=ticket_scale,
        transfer_scale=transfer_scale,
        p2p_share=p2p_share,
        net_banking_share=net_banking_share,
        has_credit=has_credit,
        has_debit=has_debit,
        has_wallet=has_wallet,
        has_net_banking=has_net_banking,
        card_propensity=card_propensity,
        wallet_propensity=wallet_propensity,
        salary_day=salary_day,
        rent=rent,
        rent_day=rent_day,
        emi=emi,
        emi_day=emi_day,
        sip=sip,
        sip_day=sip_day,
        bill_day=bill_day,
        business=business,
        circle=_circles(stream, number, city),
        favourites=np.stack(
            [
                merchants.pick(np.full(n, c), city, stream.uniform(stream.rows(number, c), 0))
                for c in FAVOURITE_CATEGORIES
            ],
            axis=1,
        ),
        lender=merchants.pick(np.full(n, cat.CATEGORY_INDEX["loan_emi"]), online, u(38)),
        fund_house=merchants.pick(np.full(n, cat.CATEGORY_INDEX["investments"]), online, u(39)),
        utility=merchants.pick(np.full(n, cat.CATEGORY_INDEX["utilities"]), online, u(40)),
    )


def _circles(stream: KeyedStream, number: np.ndarray, city: np.ndarray) -> np.ndarray:
    """Each customer's circle: mostly people of the same city, family sometimes far away."""
    n = len(number)
    by_city = np.argsort(city, kind="stable")
    offsets = np.searchsorted(city[by_city], np.arange(len(geo.CITIES) + 1))
    start, size = offsets[city], offsets[city + 1] - offsets[city]
    circle = np.empty((n, CIRCLE_SIZE), dtype=np.int64)
    for slot in range(CIRCLE_SIZE):
        rows = stream.rows(number, 1000 + slot)
        same_city = stream.uniform(rows, 0) < (0.5 if slot in (1, 2) else 0.85)
        local = by_city[start + stream.integers(rows, 1, size)]
        anywhere = stream.integers(rows, 2, n)
        pick = np.where(same_city, local, anywhere)
        circle[:, slot] = np.where(pick == number, (pick + 1) % n, pick)
    return circle


def device_labels(identity: np.ndarray) -> pl.Series:
    """Device ids as published: ``D`` and 13 digits of the 64-bit device identity."""
    return padded_labels("D", (identity % np.uint64(10**13)).astype(np.int64), 13)


def sparse_labels(present: np.ndarray, labels_of) -> pl.Series:
    """A string column, null except on the (few) rows where ``present``, which get
    ``labels_of(rows)``."""
    rows = np.flatnonzero(present)
    empty = pl.repeat(None, len(present), dtype=pl.String, eager=True)
    return empty.scatter(rows, labels_of(rows))


def case_labels(case: np.ndarray) -> pl.Series:
    """``F<case number>`` on fraud rows, null elsewhere."""
    return sparse_labels(case >= 0, lambda rows: "F" + pl.Series(case[rows]).cast(pl.String))
