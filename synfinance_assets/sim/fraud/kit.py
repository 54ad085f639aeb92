"""Building blocks that render fraud the way genuine payments are rendered.

Amounts come from the same shapes as genuine traffic (whole rupees, price points,
round transfers), places from the same homes and shops, times from the same daily
curve, devices from the same kind of phones: a case differs from genuine traffic in
what people do (who pays whom, how much against their habits, how fast, after which
account events), never in how a single field is written.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_HOUR, day_number, minutes_between
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim.amounts import SHAPE_INDEX, lognormal, shape_amounts
from synfinance_assets.sim.draft import CHANNEL, NOT_CARD, ONLINE, PRESENT, DayDraft
from synfinance_assets.sim.everyday import (
    AWAY_SPREAD,
    CATEGORY_SHAPE_INDEX,
    HOURLY_CUMULATIVE,
    NB_LIMIT,
    TRANSFERS,
    UPI_LIMIT_P2M,
    UPI_LIMIT_P2P,
    WALLET_LIMIT,
    at_work,
    trips,
    workplace,
)
from synfinance_assets.sim.fraud.typology import CaseBatch, Steps
from synfinance_assets.sim.world import World

ONLINE_SLOT = len(geo.CITIES)  # Merchants.pick's slot for online shops
# a customer's mean payment to a person, before their own transfer scale
USUAL_TRANSFER = float(TRANSFERS[:, 0] @ TRANSFERS[:, 1])
_LIMIT = {
    CHANNEL["upi_p2p"]: UPI_LIMIT_P2P,
    CHANNEL["upi_p2m"]: UPI_LIMIT_P2M,
    CHANNEL["wallet"]: WALLET_LIMIT,
    CHANNEL["net_banking"]: NB_LIMIT,
    CHANNEL["debit_card"]: UPI_LIMIT_P2M,
    CHANNEL["credit_card"]: UPI_LIMIT_P2M,
}


def hours_of(world: World, who: np.ndarray, steps: Steps, draw: int, shift: int = 0):
    """Microseconds after midnight on the genuine daily curve, in ``who``'s rhythm, moved by
    ``shift`` hours (a fraudster's evening, a caller's office hours) unless the fraudster
    imitates the victim's hours."""
    u = steps.u(draw)
    hour = np.searchsorted(HOURLY_CUMULATIVE, u * HOURLY_CUMULATIVE[-1])
    shift = np.where(steps.u(draw + 2) < steps.imitation, 0, shift)
    hour = (hour + world.customers.chronotype[who] + shift) % 24
    return hour * MICROS_PER_HOUR + (steps.u(draw + 1) * MICROS_PER_HOUR).astype(np.int64)


def later(micros: np.ndarray, steps: Steps, draw: int, low_minutes, high_minutes):
    """``micros`` moved on by between low and high minutes (past midnight, the case's
    planner moves the row to the next day); fraudsters who imitate their victims take
    their time (up to three times as long)."""
    return micros + _scaled(minutes_between(steps.u(draw), low_minutes, high_minutes), steps)


def before(micros: np.ndarray, steps: Steps, draw: int, low_minutes, high_minutes):
    """``micros`` moved back by between low and high minutes: an account event that
    precedes a payment (before midnight, it lands on the day before), longer before for
    fraudsters who take their time."""
    return micros - _scaled(minutes_between(steps.u(draw), low_minutes, high_minutes), steps)


def _scaled(duration: np.ndarray, steps: Steps) -> np.ndarray:
    """A duration stretched by the fraudster's pace, still in whole microseconds."""
    return (duration * max(1.0 + 2.0 * steps.imitation, 0.2)).astype(np.int64)


def to_person(
    world: World,
    steps: Steps,
    payer: np.ndarray,
    payee: np.ndarray,
    channel: np.ndarray | int,
    mean: np.ndarray,
    micros: np.ndarray,
    device: np.ndarray | None = None,
    sigma: float = 0.9,
    imitated: bool = True,
) -> DayDraft:
    """Transfers to people by UPI or account transfer, written as people write them; the
    amount pulled towards the payer's usual transfer when ``imitated`` (not what an
    extortionist takes)."""
    c = world.customers
    n = len(steps)
    channel = np.broadcast_to(np.asarray(channel, np.int8), n).copy()
    if imitated:
        mean = imitate(mean, USUAL_TRANSFER * c.transfer_scale[payer], steps.imitation)
    raw = np.minimum(lognormal(mean, sigma, steps.z(40)), _limits(channel))
    shape = np.where(
        channel == CHANNEL["net_banking"], SHAPE_INDEX["invoice"], SHAPE_INDEX["transfer"]
    )
    return DayDraft.empty_like(
        n,
        customer=payer,
        key=steps.key,
        micros=micros,
        channel=channel,
        counterparty=payee,
        amount=shape_amounts(raw, shape, steps.u(41)),
        lat=c.lat[payer] + steps.z(42) * 0.02,
        lon=c.lon[payer] + steps.z(43) * 0.02,
        city=c.city[payer].copy(),
        device=np.zeros(n, np.uint64) if device is None else device,
    )


def at_merchant(
    world: World,
    steps: Steps,
    payer: np.ndarray,
    merchant: np.ndarray,
    channel: np.ndarray | int,
    scale: np.ndarray | float,
    micros: np.ndarray,
    device: np.ndarray | None = None,
    remote: bool = False,
) -> DayDraft:
    """Payments at shops, in person (at the shop) or online (where the payer is), at the
    shop's own ticket shape ``scale`` times its usual basket; ``remote`` payments are made
    from where the payer is even to a shop with a counter (a QR code sent in a chat)."""
    c, m = world.customers, world.merchants
    n = len(steps)
    channel = np.broadcast_to(np.asarray(channel, np.int8), n).copy()
    category = m.category[merchant]
    scale = imitate(scale, c.ticket_scale[payer], steps.imitation)
    raw = lognormal(cat.CATEGORY_MEAN[category] * scale, cat.CATEGORY_SIGMA[category], steps.z(44))
    raw = np.minimum(raw, _limits(channel))
    is_card = (channel == CHANNEL["credit_card"]) | (channel == CHANNEL["debit_card"])
    online = m.online[merchant] | remote
    return DayDraft.empty_like(
        n,
        customer=payer,
        key=steps.key,
        micros=micros,
        channel=channel,
        card=np.where(is_card, np.where(online, ONLINE, PRESENT), NOT_CARD).astype(np.int8),
        category=category,
        merchant=merchant,
        amount=shape_amounts(raw, CATEGORY_SHAPE_INDEX[category], steps.u(45)),
        lat=np.where(online, c.lat[payer] + steps.z(46) * 0.02, m.lat[merchant]),
        lon=np.where(online, c.lon[payer] + steps.z(47) * 0.02, m.lon[merchant]),
        city=np.where(online, c.city[payer], m.city[merchant]),
        device=np.zeros(n, np.uint64) if device is None else device,
    )


def where_payers_are(world: World, draft: DayDraft, day: dt.date) -> None:
    """Payments made on the payer's own phone from around their home move with the payer,
    as genuine ones do: to the place of work in working hours, to the city visited on a
    day of a trip. Payments at a shop's counter stay where the shop is."""
    c = world.customers
    at_counter = draft.at_counter(world.merchants)
    travelling, city = trips(world, draft.customer, day_number(day))
    at_home = draft.city == c.city[draft.customer]
    mobile = np.flatnonzero(at_home & (draft.device == 0) & ~at_counter)
    stream = KeyedStream(world.seed, "fraud_whereabouts")
    keys = draft.key[mobile]
    working = at_work(day, draft.micros[mobile] // MICROS_PER_HOUR, stream.uniform(keys, 2))
    work = mobile[working & ~travelling[mobile]]
    work_lat, work_lon = workplace(world, draft.customer[work])
    draft.lat[work] = work_lat + stream.normal(draft.key[work], 3) * 0.02
    draft.lon[work] = work_lon + stream.normal(draft.key[work], 4) * 0.02
    away = mobile[travelling[mobile]]
    draft.city[away] = city[away]
    draft.lat[away] = geo.CITY_LAT[city[away]] + stream.normal(draft.key[away], 0) * AWAY_SPREAD
    draft.lon[away] = geo.CITY_LON[city[away]] + stream.normal(draft.key[away], 1) * AWAY_SPREAD


def imitate(fraud_value, usual_value, imitation: float):
    """The fraudster's choice pulled towards the victim's usual one (geometric blend)."""
    return np.asarray(fraud_value) ** (1.0 - imitation) * np.asarray(usual_value) ** imitation


def card_of(world: World, who: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The card channel of a card each customer holds: credit, when they hold both, three
    times in four (card-not-present and skimming losses fall mostly on credit cards)."""
    c = world.customers
    credit = c.has_credit[who] & (~c.has_debit[who] | (u < 0.75))
    return np.where(credit, CHANNEL["credit_card"], CHANNEL["debit_card"]).astype(np.int8)


def away_city(b: CaseBatch, home: np.ndarray, draw: int) -> np.ndarray:
    """Where a case's fraudster operates: another city, the busier ones more often, or the
    victim's own city for fraudsters who imitate (a local crew, a local proxy)."""
    return np.where(b.u(draw + 1) < b.imitation, home, geo.other_city(home, b.u(draw)))


def _limits(channel: np.ndarray) -> np.ndarray:
    return np.select([channel == code for code in _LIMIT], list(_LIMIT.values()), UPI_LIMIT_P2M)


# who is exposed to a typology: weights over customers (0: never a victim)


def live(world: World) -> np.ndarray:
    return (~world.customers.dormant).astype(np.float64)


def card_holders(world: World) -> np.ndarray:
    """Card holders, credit card holders eight times as exposed: their cards are the ones
    used online and worth cloning."""
    c = world.customers
    return live(world) * np.where(c.has_credit, 4.0, np.where(c.has_debit, 0.5, 0.0))


def upi_users(world: World) -> np.ndarray:
    """Heavier UPI users meet more collect requests and QR codes."""
    return live(world) * world.customers.activity


def ages(world: World, low: int, high: int, inside: float = 3.0) -> np.ndarray:
    """Live customers, ``inside`` times as exposed when aged low..high."""
    age = world.customers.age
    return live(world) * np.where((age >= low) & (age <= high), inside, 1.0)


def subset(steps: Steps, rows: np.ndarray) -> Steps:
    return Steps(steps.stream, steps.case[rows], steps.step[rows], steps.key[rows], steps.imitation)


def move_to(draft: DayDraft, city: np.ndarray, steps: Steps) -> None:
    """Place payments in ``city`` with the spread of a home there (0.06 degrees) plus the
    spread of a payment around a home (0.02): what a resident's own payments look like."""
    draft.city = city
    draft.lat = geo.CITY_LAT[city] + steps.z(48) * AWAY_SPREAD
    draft.lon = geo.CITY_LON[city] + steps.z(49) * AWAY_SPREAD


def either(use_second: np.ndarray, first: DayDraft, second: DayDraft) -> DayDraft:
    """Row by row, ``second`` where ``use_second`` and ``first`` elsewhere (same rows)."""
    chosen = first.take(np.arange(len(first)))
    for name in ("channel", "card", "category", "merchant", "counterparty", "amount", "lat",
                 "lon", "city"):  # fmt: skip
        getattr(chosen, name)[use_second] = getattr(second, name)[use_second]
    return chosen
