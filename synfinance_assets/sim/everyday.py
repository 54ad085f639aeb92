"""The payments people choose to make on a day: shops, people and account transfers.

How many payments a customer makes is their own habit (activity), moved by the
month, the weekday, their pay day, the festivals of their state and their mood that
day, and zero while they are on an inactive spell or their account is dormant.
Every payment is keyed by (customer, day, its number that day), so a customer's
day never depends on anybody else's.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from functools import lru_cache

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_HOUR, day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.core.search import GuidedSearch
from synfinance_assets.sim import calendar
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import reference as ref
from synfinance_assets.sim.amounts import SHAPE_INDEX, lognormal, shape_amounts
from synfinance_assets.sim.draft import CHANNEL, NOT_CARD, ONLINE, PRESENT, DayDraft
from synfinance_assets.sim.world import FAVOURITE_CATEGORIES, World

# Relative payment count by hour of day, IST: a night trough and NPCI's peak
# windows 10:00-13:00 and 17:00-21:30 (shape: assumption).
HOURLY = np.array(
    [0.15, 0.08, 0.05, 0.04, 0.05, 0.15, 0.40, 0.70, 0.95, 1.20, 1.55, 1.65,
     1.60, 1.30, 1.15, 1.15, 1.30, 1.55, 1.75, 1.85, 1.80, 1.50, 0.85, 0.40]
)  # fmt: skip
HOURLY_CUMULATIVE = np.cumsum(HOURLY)
# Monday .. Sunday count multipliers (assumption: Sundays a little quieter).
WEEKDAY = np.array([1.0, 1.0, 1.0, 1.0, 1.02, 1.03, 0.95])
PAY_DAY_LIFT = 1.25  # the first five days after the salary arrives (assumption)
PAY_DAYS = 5
ACTIVITY_SCALE = 1.5  # calibration: about two payments per customer a day at index 1.0

# what a shop payment is made with (the kinds of catalogue.KIND_NAMES)
CREDIT_ONLINE_SHARE = 0.5  # RBI 2025: the POS and online tickets imply about half
DEBIT_ONLINE_SHARE = 0.37  # RBI 2024: likewise for debit cards
# Calibration: the basket each way of paying carries, relative to the category's mean, in a
# month without festivals (card payments are the larger purchases: RBI's card tickets).
BASKET = {
    "upi": 1.08,
    "credit_pos": 2.6,
    "credit_online": 3.35,
    "debit_pos": 2.65,
    "debit_online": 3.45,
    "wallet": 0.585,
}
CREDIT_PREFERENCE = 1.17  # credit card holders reach for the card more than debit card holders
DEBIT_PREFERENCE = 0.17
WALLET_LIMIT = 10_000.0  # RBI cap on a small PPI's monthly loads
UPI_LIMIT_P2P = 100_000.0  # NPCI per-payment limits, INR
UPI_LIMIT_P2M = 500_000.0  # (raised for some merchant categories in 2025)
NB_LIMIT = 5_000_000.0  # one account transfer here (NEFT has no upper limit; assumption)
FAVOURITE_SHARE = 0.7  # share of everyday visits that go to the customer's usual shop
# UPI payments to shops with a counter, made from home: an order phoned to the local shop and
# paid on delivery, a tailor or a tutor paid later; some to a shop elsewhere (a hotel booked,
# fees, goods from the home town) (assumptions)
REMOTE_SHOP_SHARE = 0.12
REMOTE_ELSEWHERE_SHARE = 0.3
TRIP_DAYS = 3  # trips are cut into blocks of days ...
TRIP_SHARE = 0.02  # ... and a customer is away in about this share of them (assumption)
AWAY_SPREAD = float(np.hypot(0.06, 0.02))  # degrees: a visitor pays anywhere a resident would
# payments not made at a shop's counter are made around home, or on working days around
# the place of work or study, somewhere else in the city (assumptions)
WORK_HOURS = (9, 18)
AT_WORK_SHARE = 0.5  # of such payments in working hours, Monday to Saturday

# payments to people: (share, mean INR, log-spread) of small, everyday and large transfers
TRANSFERS = np.array([[0.62, 310.0, 0.9], [0.30, 2_350.0, 0.9], [0.08, 11_400.0, 0.8]])
CIRCLE_SHARE = 0.7  # share of payments to people that go to someone in their circle
CIRCLE_SLOT_WEIGHTS = np.array([0.05, 0.25, 0.25, 0.17, 0.15, 0.13])
# account transfers (IMPS/NEFT): mean INR of a transfer to a person, a supplier payment
NB_TRANSFER_MEAN = 10_500.0
NB_SUPPLIER_MEAN = 74_000.0
CATEGORY_SHAPE_INDEX = np.array([SHAPE_INDEX[shape] for shape in cat.CATEGORY_SHAPE])
# the slot of each category among a customer's usual shops, -1 when it has none
_FAVOURITE_SLOT = np.full(len(cat.CATEGORIES), -1)
_FAVOURITE_SLOT[FAVOURITE_CATEGORIES] = np.arange(len(FAVOURITE_CATEGORIES))
NB_MERCHANT_CATEGORIES = np.array(
    cat.category_indices("education", "insurance", "travel", "government_tax")
)


@lru_cache(maxsize=64)
def _month_norm(year: int, month: int) -> float:
    """The mean calendar lift of a month, so the month's total follows the monthly index."""
    days = [dt.date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1)]
    states, categories = tuple(geo.STATE_NAMES), tuple(cat.CATEGORY_NAMES)
    lifts = [
        WEEKDAY[d.weekday()] * float(calendar.day_context(d, states, categories).volume
                                     @ geo.STATE_SHARE)
        for d in days
    ]  # fmt: skip
    return float(np.mean(lifts))


@lru_cache(maxsize=64)
def _unexplained_season(year: int, month: int) -> dict[str, float]:
    """The published seasonal move of each kind's ticket in ``month``, divided by the move
    the festival calendar already makes by itself (what people buy, and at what price),
    so that the two together give the published month."""
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta(d) for d in range(monthrange(year, month)[1])]
    lift = np.zeros(len(cat.KIND_NAMES))
    for day in days:
        ctx = calendar.day_context(day, tuple(geo.STATE_NAMES), tuple(cat.CATEGORY_NAMES))
        weights = cat.KIND_WEIGHTS * (geo.STATE_SHARE @ ctx.category_weight)
        usual = cat.KIND_WEIGHTS @ cat.CATEGORY_MEAN / cat.KIND_WEIGHTS.sum(axis=1)
        lift += (weights @ (cat.CATEGORY_MEAN * ctx.ticket)) / weights.sum(axis=1) / usual
    lift = dict(zip(cat.KIND_NAMES, lift / len(days), strict=True))
    published = ref.ticket_seasonality(month)
    return {
        "upi": published["upi_p2m"] / lift["upi"],
        "credit_pos": published["credit_pos"] / lift["card_pos"],
        "credit_online": published["credit_online"] / lift["card_online"],
        "debit_pos": published["debit"] / lift["card_pos"],
        "debit_online": published["debit"] / lift["card_online"],
        "wallet": published["wallet"] / lift["wallet"],
    }


def expected_counts(
    world: World, day: dt.date, ctx: calendar.DayContext, who: np.ndarray
) -> np.ndarray:
    """The expected number of chosen payments on ``day`` of customers ``who`` (before mood)."""
    c = world.customers
    today = day_number(day)
    spells = KeyedStream(world.seed, "spells")
    week = (today + c.phase[who]) // 7
    block = (today + c.phase[who]) // 28
    quiet = (spells.uniform(spells.rows(who, week), 0) < c.quiet_week[who]) | (
        spells.uniform(spells.rows(who, block, 1), 0) < c.quiet_month[who]
    )
    salary_day = c.salary_day[who]
    # days since the last pay day, counting the previous month's real length
    previous_month_days = (day.replace(day=1) - dt.timedelta(days=1)).day
    since_pay = np.where(
        day.day >= salary_day, day.day - salary_day, day.day + previous_month_days - salary_day
    )
    pay_lift = np.where((salary_day > 0) & (since_pay < PAY_DAYS), PAY_DAY_LIFT, 1.0)
    lift = (
        ref.monthly_index(day)
        * WEEKDAY[day.weekday()]
        / _month_norm(day.year, day.month)
        * ctx.volume[geo.CITY_STATE_INDEX[c.city[who]]]
    )
    rate = ACTIVITY_SCALE * c.activity[who] * lift * pay_lift
    return np.where(c.dormant[who] | quiet, 0.0, rate)


def trips(world: World, who: np.ndarray, today: int) -> tuple[np.ndarray, np.ndarray]:
    """Whether each customer is away from home on ``today`` (a business trip, a visit to
    family: a few days, now and then) and the city they are in."""
    stream = KeyedStream(world.seed, "trips")
    block = today // TRIP_DAYS
    rows = stream.rows(who, block)
    travelling = stream.uniform(rows, 0) < TRIP_SHARE
    city = geo.other_city(world.customers.city[who], stream.uniform(rows, 1))
    return travelling & ~world.customers.dormant[who], city


def at_work(day: dt.date, hour: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Whether a payment made at ``hour`` (IST) on ``day`` is made at work, by uniforms ``u``."""
    working_day = day.weekday() < 6
    in_hours = (hour >= WORK_HOURS[0]) & (hour < WORK_HOURS[1])
    return working_day & in_hours & (u < AT_WORK_SHARE)


def workplace(world: World, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``who`` works or studies: a place of their home city, drawn once."""
    stream = KeyedStream(world.seed, "workplaces")
    rows = stream.rows(who)
    city = world.customers.city[who]
    return (
        geo.CITY_LAT[city] + stream.normal(rows, 0) * AWAY_SPREAD,
        geo.CITY_LON[city] + stream.normal(rows, 1) * AWAY_SPREAD,
    )


def everyday_payments(
    world: World, day: dt.date, ctx: calendar.DayContext, who: np.ndarray
) -> DayDraft:
    """The day's chosen payments of customers ``who`` (sorted customer indices)."""
    c = world.customers
    today = day_number(day)
    counts_stream = KeyedStream(world.seed, "counts")
    day_rows = counts_stream.rows(who, today)
    mood = np.exp(0.45 * counts_stream.normal(day_rows, 0) - 0.10125)
    counts = counts_stream.poisson(day_rows, 1, expected_counts(world, day, ctx, who) * mood)
    customer = np.repeat(who, counts)
    n = len(customer)
    k = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    stream = KeyedStream(world.seed, "payments")
    rows = stream.rows(customer, today, k)
    u = lambda draw: stream.uniform(rows, draw)  # noqa: E731

    hour = (np.searchsorted(HOURLY_CUMULATIVE, u(1) * HOURLY_CUMULATIVE[-1]) + c.chronotype[
        customer]) % 24  # fmt: skip
    micros = hour * MICROS_PER_HOUR + (u(2) * MICROS_PER_HOUR).astype(np.int64)

    purpose = u(0)
    to_person = purpose < c.p2p_share[customer]
    by_account = ~to_person & (purpose < c.p2p_share[customer] + c.net_banking_share[customer])
    at_shop = ~to_person & ~by_account

    travelling, where = trips(world, who, today)
    away = np.repeat(travelling, counts)
    city = np.where(away, np.repeat(where, counts), c.city[customer])
    # at home, around the home or the place of work; away, anywhere in the city visited
    spread = np.where(away, AWAY_SPREAD, 0.02)
    working = ~away & at_work(day, hour, u(24))
    work_lat, work_lon = workplace(world, customer)
    centre_lat = np.select([away, working], [geo.CITY_LAT[city], work_lat], c.lat[customer])
    centre_lon = np.select([away, working], [geo.CITY_LON[city], work_lon], c.lon[customer])
    draft = DayDraft.empty_like(
        n,
        customer=customer,
        key=rows,
        micros=micros,
        channel=np.full(n, CHANNEL["upi_p2m"], np.int8),
        amount=np.zeros(n),
        lat=centre_lat,
        lon=centre_lon,
        city=city,
        device=np.zeros(n, np.uint64),
    )
    at_the_till = _shop_payments(world, ctx, draft, np.flatnonzero(at_shop), stream)
    _person_payments(world, ctx, draft, np.flatnonzero(to_person), stream)
    _account_transfers(world, draft, np.flatnonzero(by_account), stream)
    # a payment at a till is where the shop is; any other, somewhere around the centre
    around = np.ones(n, dtype=bool)
    around[at_the_till] = False
    around = np.flatnonzero(around)
    draft.lat[around] += stream.normal(rows[around], 12) * spread[around]
    draft.lon[around] += stream.normal(rows[around], 13) * spread[around]
    return draft


def _shop_payments(world: World, ctx, draft: DayDraft, rows: np.ndarray, stream) -> np.ndarray:
    """Payments at shops, in person or online, of the draft's ``rows``; returns the rows paid
    in person (placed at the shop)."""
    c, m = world.customers, world.merchants
    who = draft.customer[rows]
    keys = draft.key[rows]
    u = lambda draw: stream.uniform(keys, draw)  # noqa: E731

    # what it is paid with: UPI unless a card or wallet habit says otherwise
    credit = c.has_credit[who] * c.card_propensity[who] * CREDIT_PREFERENCE
    debit = c.has_debit[who] * c.card_propensity[who] * DEBIT_PREFERENCE
    wallet = c.has_wallet[who] * c.wallet_propensity[who]
    pick = u(3) * np.maximum(1.0, credit + debit + wallet)
    is_credit = pick < credit
    is_debit = ~is_credit & (pick < credit + debit)
    is_wallet = ~is_credit & ~is_debit & (pick < credit + debit + wallet)
    card = np.flatnonzero(is_credit | is_debit)
    card_online = np.zeros(len(rows), dtype=bool)
    card_online[card] = stream.uniform(keys[card], 4) < np.where(
        is_credit[card], CREDIT_ONLINE_SHARE, DEBIT_ONLINE_SHARE
    )
    kind = np.select([is_wallet, card_online, is_credit | is_debit], [3, 2, 1], 0).astype(np.int64)

    state = geo.CITY_STATE_INDEX[c.city[who]]
    category = _category(kind, state, ctx, u(5))
    online = (kind == 2) | ((kind != 1) & (u(6) < cat.CATEGORY_ONLINE[category]))
    here = draft.city[rows]  # home, or the city visited
    at_home = here == c.city[who]
    # by UPI or a wallet app: both pay a shop's QR code from anywhere
    remote = ~online & ((kind == 0) | (kind == 3)) & at_home & (u(21) < REMOTE_SHOP_SHARE)
    elsewhere = remote & (u(22) < REMOTE_ELSEWHERE_SHARE)
    shop_city = np.where(elsewhere, geo.other_city(here, u(23)), here)
    slot = np.where(online, len(geo.CITIES), shop_city)
    merchant = m.pick(category, slot, u(7))
    favourite_slot = _FAVOURITE_SLOT[category]
    regular = np.flatnonzero(~online & at_home & ~elsewhere & (favourite_slot >= 0))
    regular = regular[stream.uniform(keys[regular], 8) < FAVOURITE_SHARE]
    merchant[regular] = c.favourites[who[regular], favourite_slot[regular]]

    season = _unexplained_season(ctx.day.year, ctx.day.month)
    basket = np.select(
        [is_credit & ~card_online, is_credit, is_debit & ~card_online, is_debit, is_wallet],
        [BASKET["credit_pos"] * season["credit_pos"],
         BASKET["credit_online"] * season["credit_online"],
         BASKET["debit_pos"] * season["debit_pos"],
         BASKET["debit_online"] * season["debit_online"],
         BASKET["wallet"] * season["wallet"]],
        BASKET["upi"] * season["upi"],
    )  # fmt: skip
    basket *= cat.CATEGORY_MEAN[category] * c.ticket_scale[who] * ctx.ticket[category]
    raw = lognormal(basket, cat.CATEGORY_SIGMA[category], stream.normal(keys, 9))
    raw = np.minimum(raw, np.where(is_wallet, WALLET_LIMIT, UPI_LIMIT_P2M))
    shape = CATEGORY_SHAPE_INDEX[category]

    channel = np.select(
        [is_wallet, is_credit, is_debit],
        [CHANNEL["wallet"], CHANNEL["credit_card"], CHANNEL["debit_card"]],
        CHANNEL["upi_p2m"],
    )
    in_person = ~online & ~remote
    draft.channel[rows] = channel
    draft.card[rows] = np.where(is_credit | is_debit, np.where(card_online, ONLINE, PRESENT),
                                NOT_CARD)  # fmt: skip
    draft.category[rows] = category
    draft.merchant[rows] = merchant
    draft.amount[rows] = shape_amounts(raw, shape, u(10))
    till = rows[in_person]
    draft.lat[till] = m.lat[merchant[in_person]]
    draft.lon[till] = m.lon[merchant[in_person]]
    draft.city[till] = m.city[merchant[in_person]]
    return till


def _category(kind: np.ndarray, state: np.ndarray, ctx, u: np.ndarray) -> np.ndarray:
    """A category per row from its kind's weights in its state that day."""
    weights = cat.KIND_WEIGHTS[:, None, :] * ctx.category_weight[None, :, :]
    table = np.cumsum(weights, axis=2)
    n_kinds, n_states, n_categories = table.shape
    # every (kind, state) row scaled to end at 1 and offset by its number: one sorted array
    flat = table / table[:, :, -1:] + np.arange(n_kinds * n_states).reshape(-1, n_states, 1)
    row = kind * n_states + state
    index = GuidedSearch(flat.ravel()).right(row + u * 0.999999999)
    return np.clip(index - row * n_categories, 0, n_categories - 1)


def _person_payments(world: World, ctx, draft: DayDraft, rows: np.ndarray, stream) -> None:
    c = world.customers
    who = draft.customer[rows]
    keys = draft.key[rows]
    u = lambda draw: stream.uniform(keys, draw)  # noqa: E731
    slot = np.searchsorted(np.cumsum(CIRCLE_SLOT_WEIGHTS), u(4) * CIRCLE_SLOT_WEIGHTS.sum())
    in_circle = u(3) < CIRCLE_SHARE
    outside = np.flatnonzero(~in_circle)
    stranger = stream.integers(keys[outside], 5, len(c))
    stranger = np.where(stranger == who[outside], (stranger + 1) % len(c), stranger)
    size = np.searchsorted(np.cumsum(TRANSFERS[:, 0]), u(6))
    raw = lognormal(
        TRANSFERS[size, 1] * c.transfer_scale[who] * ref.ticket_seasonality(ctx.day.month)[
            "upi_p2p"], TRANSFERS[size, 2], stream.normal(keys, 9),
    )  # fmt: skip
    raw = np.minimum(raw, UPI_LIMIT_P2P)
    draft.channel[rows] = CHANNEL["upi_p2p"]
    payee = c.circle[who, np.minimum(slot, c.circle.shape[1] - 1)]
    payee[outside] = stranger
    draft.counterparty[rows] = payee
    draft.amount[rows] = shape_amounts(raw, np.full(len(rows), SHAPE_INDEX["transfer"]), u(10))


def _account_transfers(world: World, draft: DayDraft, rows: np.ndarray, stream) -> None:
    """IMPS and NEFT: to family, to suppliers (small businesses), and a few bills."""
    c, m = world.customers, world.merchants
    who = draft.customer[rows]
    keys = draft.key[rows]
    u = lambda draw: stream.uniform(keys, draw)  # noqa: E731
    kind = u(3)
    supplier = c.business[who] & (kind < 0.6)
    to_shop = ~supplier & (kind > 0.8)
    category = NB_MERCHANT_CATEGORIES[stream.integers(keys, 4, len(NB_MERCHANT_CATEGORIES))]
    merchant = m.pick(category, np.full(len(rows), len(geo.CITIES)), u(5))
    family = c.circle[who, 1 + (u(6) < 0.5)]
    supplier_payee = stream.integers(keys, 7, len(c))
    supplier_payee = np.where(supplier_payee == who, (supplier_payee + 1) % len(c), supplier_payee)
    mean = np.select(
        [supplier, to_shop],
        [NB_SUPPLIER_MEAN * (c.income[who] / 65_000.0) ** 0.6,
         cat.CATEGORY_MEAN[category] * c.ticket_scale[who] * 1.5],
        NB_TRANSFER_MEAN * c.transfer_scale[who],
    )  # fmt: skip
    sigma = np.where(supplier, 1.0, 0.9)
    raw = np.minimum(lognormal(mean, sigma, stream.normal(keys, 9)), NB_LIMIT)
    draft.channel[rows] = CHANNEL["net_banking"]
    draft.category[rows] = np.where(to_shop, category, -1)
    draft.merchant[rows] = np.where(to_shop, merchant, -1)
    draft.counterparty[rows] = np.where(to_shop, -1, np.where(supplier, supplier_payee, family))
    draft.amount[rows] = shape_amounts(raw, np.full(len(rows), SHAPE_INDEX["invoice"]), u(10))
