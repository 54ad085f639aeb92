"""Festival, season and sale calendar of India: how each day moves payments, state by state.

Indian payment volume is not flat across the year. Festivals lift the count of payments in
the states that celebrate them and shift what people buy (jewellery on Dhanteras, sweets on
Raksha Bandhan, new clothes for Onam and Eid), the wedding months lift jewellery, apparel and
travel for weeks, and the big e-commerce sales pull spending online. This module holds those
events for 2025, 2026 and 2027 and turns any calendar day into multipliers for the generator:
payment count per state, category choice weight per state and category, and ticket size per
category.

Dates are per year, because the Hindu and Islamic festivals follow lunar calendars and move
every year. They are taken from the central and state government holiday lists (2025 and
2026) and the published panchang calendars (drikpanchang and the regional panjika /
panchangam); the tithi, nakshatra and sankranti times behind the 2027 dates were checked
with an astronomical computation of the Sun and the Moon. Islamic festivals depend on the
sighting of the crescent, so their dates can still move by a day. Each event names its
source in ``Event.source``.

Every multiplier is an assumption: chosen so that a festival's main day stands out sharply
(x1.2-1.6 in its states, Diwali among the largest days of the Indian UPI year) while its
surrounding window moves little (x1.02-1.10), which keeps month totals near the NPCI monthly
index. The generator normalises each month to that index itself, so these numbers only shape
the days within a month.

Overlapping events multiply. Days outside the table's years get a neutral context.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

YEARS = (2025, 2026, 2027)

KINDS = ("festival", "season", "sale")

# Share of an event's category and ticket uplift that its non-peak window days get. A festival
# is about its day; a sale stays strong all week; a wedding season has no single day, so its
# window is flat (its peak is nominal).
_WINDOW_STRENGTH = {"festival": 0.4, "sale": 0.6, "season": 1.0}


@dataclass(frozen=True)
class Event:
    """One festival, season or sale with its dates per year and its effect on payments."""

    name: str
    kind: str
    dates: dict[int, tuple[dt.date, dt.date]]
    peak: dict[int, dt.date]
    states: frozenset[str] | None
    peak_volume: float
    window_volume: float
    category_uplift: dict[str, float]
    source: str
    # Ticket-size multiplier per category; only national events carry one, because the
    # ticket multiplier of a day has no state dimension.
    ticket_uplift: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.dates.keys() != self.peak.keys():
            raise ValueError(f"{self.name}: dates and peak cover different years")
        for year, (first, last) in self.dates.items():
            if not first.year == last.year == year or not first <= self.peak[year] <= last:
                raise ValueError(f"{self.name}: bad window or peak for {year}")
        if self.ticket_uplift and self.states is not None:
            raise ValueError(f"{self.name}: a regional event cannot change national tickets")


@dataclass(frozen=True)
class DayContext:
    """Multipliers for one day, aligned with the states and categories asked for."""

    day: dt.date
    volume: np.ndarray
    category_weight: np.ndarray
    ticket: np.ndarray
    events: tuple[str, ...]


Schedule = Mapping[int, tuple[str, str, str]]  # year -> ("MM-DD" first, last, peak)


def _each_year(first: str, last: str, peak: str) -> dict[int, tuple[str, str, str]]:
    return {year: (first, last, peak) for year in YEARS}


def _event(
    name: str,
    kind: str,
    schedule: Schedule,
    *,
    states: Sequence[str] | None,
    peak_volume: float,
    window_volume: float,
    category_uplift: dict[str, float],
    source: str,
    ticket_uplift: dict[str, float] | None = None,
) -> Event:
    def day(year: int, month_day: str) -> dt.date:
        return dt.date.fromisoformat(f"{year}-{month_day}")

    return Event(
        name=name,
        kind=kind,
        dates={y: (day(y, first), day(y, last)) for y, (first, last, _) in schedule.items()},
        peak={y: day(y, peak) for y, (_, _, peak) in schedule.items()},
        states=None if states is None else frozenset(states),
        peak_volume=peak_volume,
        window_volume=window_volume,
        category_uplift=category_uplift,
        source=source,
        ticket_uplift=ticket_uplift or {},
    )


# fmt: off
_HOLI_STATES = (
    "Uttar Pradesh", "Bihar", "Delhi", "Rajasthan", "Madhya Pradesh", "Haryana", "Punjab",
    "Gujarat", "Maharashtra", "Uttarakhand", "Jharkhand", "Chandigarh",
)
_RAKHI_STATES = (
    *_HOLI_STATES, "Himachal Pradesh", "Jammu And Kashmir", "Chhattisgarh",
)
_NAVRATRI_STATES = (
    "Gujarat", "Maharashtra", "Madhya Pradesh", "Rajasthan", "Delhi", "Uttar Pradesh",
)
_DURGA_PUJA_STATES = ("West Bengal", "Assam", "Odisha", "Bihar", "Jharkhand", "Tripura")
_GANESH_STATES = ("Maharashtra", "Karnataka", "Telangana", "Andhra Pradesh", "Goa")
# Kerala, Goa and the north-eastern states among those the generator models.
_CHRISTMAS_STATES = ("Kerala", "Goa", "Assam", "Tripura")

_PANCHANG = "drikpanchang and the government holiday lists 2025-2026; 2027 from the panchang"

_WEDDING_UPLIFT = {
    "jewellery": 1.8,
    "apparel": 1.5,
    "travel": 1.4,
    "electronics": 1.3,
    "sweets_gifts": 1.3,
    "department_store": 1.2,
    "restaurant": 1.15,
}
_WEDDING_SOURCE = "assumption: muhurat months between the kharmas and chaturmas breaks"

EVENTS: tuple[Event, ...] = (
    # Dhanteras to Bhai Dooj; the peak is Lakshmi Puja.
    _event(
        "diwali", "festival",
        {2025: ("10-18", "10-23", "10-20"), 2026: ("11-06", "11-11", "11-08"),
         2027: ("10-27", "10-31", "10-29")},
        states=None, peak_volume=1.45, window_volume=1.08,
        category_uplift={
            "sweets_gifts": 3.0, "apparel": 1.8, "jewellery": 1.5, "electronics": 1.6,
            "department_store": 1.6, "supermarket": 1.4, "marketplace": 1.4, "kirana": 1.25,
        },
        ticket_uplift={"sweets_gifts": 1.2},
        source=_PANCHANG,
    ),
    # Dhanteras and the next day (Choti Diwali), both heavy shopping days.
    _event(
        "dhanteras", "festival",
        {2025: ("10-18", "10-19", "10-18"), 2026: ("11-06", "11-07", "11-06"),
         2027: ("10-27", "10-28", "10-27")},
        states=None, peak_volume=1.35, window_volume=1.10,
        # Utensils are bought at department stores and kirana shops.
        category_uplift={
            "jewellery": 5.0, "electronics": 2.5, "department_store": 2.0, "marketplace": 1.5,
            "kirana": 1.15,
        },
        ticket_uplift={"jewellery": 1.3, "electronics": 1.15},
        source=_PANCHANG,
    ),
    # Two days of shopping up to Rangwali Holi (Holika Dahan is the eve).
    _event(
        "holi", "festival",
        {2025: ("03-12", "03-14", "03-14"), 2026: ("03-02", "03-04", "03-04"),
         2027: ("03-20", "03-22", "03-22")},
        states=_HOLI_STATES, peak_volume=1.3, window_volume=1.05,
        category_uplift={
            "sweets_gifts": 2.2, "street_food": 1.6, "kirana": 1.4, "supermarket": 1.3,
            "apparel": 1.3, "fast_food": 1.2,
        },
        source=_PANCHANG,
    ),
    _event(
        "eid_al_fitr", "festival",
        {2025: ("03-28", "03-31", "03-31"), 2026: ("03-18", "03-21", "03-21"),
         2027: ("03-07", "03-10", "03-10")},
        states=None, peak_volume=1.15, window_volume=1.04,
        category_uplift={
            "apparel": 1.8, "sweets_gifts": 1.8, "restaurant": 1.5, "street_food": 1.4,
            "food_delivery": 1.3, "fast_food": 1.2,
        },
        source="government holiday lists 2025-2026; 2027 expected from the Hijri calendar "
        "(crescent sighting can move it by a day)",
    ),
    _event(
        "eid_al_adha", "festival",
        {2025: ("06-05", "06-07", "06-07"), 2026: ("05-25", "05-27", "05-27"),
         2027: ("05-15", "05-17", "05-17")},
        states=None, peak_volume=1.10, window_volume=1.03,
        category_uplift={"apparel": 1.4, "kirana": 1.3, "sweets_gifts": 1.3, "restaurant": 1.2},
        source="government holiday lists 2025-2026; 2027 expected from the Hijri calendar "
        "(crescent sighting can move it by a day)",
    ),
    # Ghatasthapana to Maha Navami; the first day carries the purchases.
    _event(
        "navratri", "festival",
        {2025: ("09-22", "10-01", "09-22"), 2026: ("10-11", "10-19", "10-11"),
         2027: ("09-30", "10-08", "09-30")},
        states=_NAVRATRI_STATES, peak_volume=1.2, window_volume=1.05,
        category_uplift={
            "apparel": 1.7, "jewellery": 1.4, "sweets_gifts": 1.4, "entertainment": 1.4,
            "kirana": 1.2,
        },
        source=_PANCHANG,
    ),
    # Shashthi to Dashami; the peak is Maha Ashtami.
    _event(
        "durga_puja", "festival",
        {2025: ("09-28", "10-02", "09-30"), 2026: ("10-16", "10-20", "10-18"),
         2027: ("10-05", "10-09", "10-07")},
        states=_DURGA_PUJA_STATES, peak_volume=1.45, window_volume=1.10,
        category_uplift={
            "street_food": 2.0, "restaurant": 1.8, "sweets_gifts": 1.8, "apparel": 1.6,
            "entertainment": 1.5, "food_delivery": 1.3, "transport": 1.3,
        },
        source="West Bengal and Andhra Pradesh holiday lists and the Bengali panjika; "
        "2027 from the panchang",
    ),
    _event(
        "dussehra", "festival",
        {2025: ("10-02", "10-02", "10-02"), 2026: ("10-20", "10-20", "10-20"),
         2027: ("10-09", "10-09", "10-09")},
        states=None, peak_volume=1.2, window_volume=1.0,
        # An auspicious day to buy vehicles, gadgets and gold.
        category_uplift={
            "sweets_gifts": 1.6, "electronics": 1.5, "jewellery": 1.5, "apparel": 1.3,
        },
        source=_PANCHANG,
    ),
    # Atham to Thiruvonam (Shravana nakshatra in the month of Chingam).
    _event(
        "onam", "festival",
        {2025: ("08-26", "09-05", "09-05"), 2026: ("08-16", "08-26", "08-26"),
         2027: ("09-03", "09-12", "09-12")},
        states=("Kerala",), peak_volume=1.45, window_volume=1.08,
        category_uplift={
            "apparel": 2.0, "supermarket": 1.6, "kirana": 1.6, "sweets_gifts": 1.5,
            "electronics": 1.5, "jewellery": 1.4, "department_store": 1.4,
        },
        source="Kerala holiday lists 2025-2026 and drikpanchang; 2027 from the panchang",
    ),
    # Bhogi to Kaanum Pongal; the peak is Thai Pongal.
    _event(
        "pongal", "festival",
        {2025: ("01-13", "01-16", "01-14"), 2026: ("01-14", "01-17", "01-15"),
         2027: ("01-14", "01-17", "01-15")},
        states=("Tamil Nadu",), peak_volume=1.35, window_volume=1.06,
        category_uplift={
            "kirana": 1.6, "sweets_gifts": 1.6, "apparel": 1.6, "supermarket": 1.3,
            "travel": 1.3, "transport": 1.3,
        },
        source="Tamil Nadu holiday lists 2025-2026; 2027 from the Makara sankranti time",
    ),
    _event(
        "makar_sankranti", "festival",
        {2025: ("01-14", "01-14", "01-14"), 2026: ("01-14", "01-14", "01-14"),
         2027: ("01-15", "01-15", "01-15")},
        states=None, peak_volume=1.08, window_volume=1.0,
        category_uplift={"sweets_gifts": 1.4, "kirana": 1.2},
        source="government holiday lists 2025-2026; 2027 from the Makara sankranti time",
    ),
    # Bhogi, Sankranti and Kanuma: the homecoming festival of the Telugu states.
    _event(
        "sankranti", "festival",
        {2025: ("01-13", "01-15", "01-14"), 2026: ("01-14", "01-16", "01-15"),
         2027: ("01-14", "01-16", "01-15")},
        states=("Andhra Pradesh", "Telangana", "Karnataka"), peak_volume=1.35,
        window_volume=1.08,
        category_uplift={
            "apparel": 1.7, "sweets_gifts": 1.6, "travel": 1.5, "kirana": 1.4,
            "transport": 1.4, "jewellery": 1.3,
        },
        source="Andhra Pradesh and Telangana holiday lists 2025-2026; 2027 from the "
        "Makara sankranti time",
    ),
    # Rakhi money sent to sisters is P2P, not a merchant category; the volume uplift carries it.
    _event(
        "raksha_bandhan", "festival",
        {2025: ("08-07", "08-09", "08-09"), 2026: ("08-26", "08-28", "08-28"),
         2027: ("08-15", "08-17", "08-17")},
        states=_RAKHI_STATES, peak_volume=1.25, window_volume=1.05,
        category_uplift={
            "sweets_gifts": 3.0, "apparel": 1.4, "marketplace": 1.3, "jewellery": 1.2,
        },
        source=_PANCHANG,
    ),
    # Two days of shopping, Chaturthi, then the immersion on Anant Chaturdashi.
    _event(
        "ganesh_chaturthi", "festival",
        {2025: ("08-25", "09-06", "08-27"), 2026: ("09-12", "09-25", "09-14"),
         2027: ("09-02", "09-14", "09-04")},
        states=_GANESH_STATES, peak_volume=1.35, window_volume=1.05,
        category_uplift={
            "sweets_gifts": 2.0, "kirana": 1.4, "apparel": 1.3, "electronics": 1.3,
            "department_store": 1.3, "entertainment": 1.2,
        },
        source=_PANCHANG,
    ),
    # The other big gold-buying day of the year.
    _event(
        "akshaya_tritiya", "festival",
        {2025: ("04-30", "04-30", "04-30"), 2026: ("04-19", "04-19", "04-19"),
         2027: ("05-09", "05-09", "05-09")},
        states=None, peak_volume=1.10, window_volume=1.0,
        category_uplift={"jewellery": 4.0, "electronics": 1.3},
        ticket_uplift={"jewellery": 1.15},
        source="drikpanchang 2025-2026; 2027 from the panchang",
    ),
    _event(
        "christmas", "festival", _each_year("12-22", "12-26", "12-25"),
        states=None, peak_volume=1.05, window_volume=1.02,
        category_uplift={
            "sweets_gifts": 1.5, "restaurant": 1.3, "entertainment": 1.3, "department_store": 1.2,
        },
        source="fixed date",
    ),
    # On top of the national Christmas where the festival is larger.
    _event(
        "christmas_regional", "festival", _each_year("12-22", "12-26", "12-25"),
        states=_CHRISTMAS_STATES, peak_volume=1.2, window_volume=1.05,
        category_uplift={
            "sweets_gifts": 1.5, "restaurant": 1.4, "apparel": 1.3, "travel": 1.3,
            "entertainment": 1.2,
        },
        source="fixed date",
    ),
    _event(
        "new_year_eve", "festival", _each_year("12-30", "12-31", "12-31"),
        states=None, peak_volume=1.15, window_volume=1.03,
        category_uplift={
            "restaurant": 2.0, "food_delivery": 1.8, "entertainment": 1.8, "fast_food": 1.4,
            "supermarket": 1.3, "travel": 1.3, "transport": 1.3,
        },
        source="fixed date",
    ),
    # Ends before Holashtak, the eight days before Holi when no weddings are held.
    _event(
        "wedding_season_jan_mar", "season",
        {2025: ("01-16", "03-06", "02-10"), 2026: ("01-16", "02-23", "02-10"),
         2027: ("01-16", "03-13", "02-10")},
        states=None, peak_volume=1.03, window_volume=1.03,
        category_uplift=_WEDDING_UPLIFT, ticket_uplift={"jewellery": 1.1},
        source=_WEDDING_SOURCE,
    ),
    # In 2026 the Adhik Maas (17 May - 15 June) closes the season early.
    _event(
        "wedding_season_apr_may", "season",
        {2025: ("04-15", "05-31", "05-08"), 2026: ("04-15", "05-16", "05-01"),
         2027: ("04-15", "05-31", "05-08")},
        states=None, peak_volume=1.03, window_volume=1.03,
        category_uplift=_WEDDING_UPLIFT, ticket_uplift={"jewellery": 1.1},
        source=_WEDDING_SOURCE,
    ),
    _event(
        "wedding_season_nov_dec", "season", _each_year("11-15", "12-15", "11-30"),
        states=None, peak_volume=1.03, window_volume=1.03,
        category_uplift=_WEDDING_UPLIFT, ticket_uplift={"jewellery": 1.1},
        source=_WEDDING_SOURCE,
    ),
    # Big Billion Days / Great Indian Festival: the week before Navratri, opening day heaviest.
    _event(
        "festive_sale", "sale",
        {2025: ("09-23", "09-30", "09-23"), 2026: ("10-03", "10-10", "10-03"),
         2027: ("09-22", "09-29", "09-22")},
        states=None, peak_volume=1.08, window_volume=1.03,
        category_uplift={"marketplace": 3.0, "electronics": 2.5},
        source="2025 opening day as announced by Flipkart and Amazon, length assumed; "
        "2026-2027 assumption (the week before Navratri)",
    ),
    _event(
        "republic_day_sale", "sale", _each_year("01-17", "01-22", "01-17"),
        states=None, peak_volume=1.05, window_volume=1.02,
        category_uplift={"marketplace": 2.2, "electronics": 1.8},
        source="assumption: the usual Republic Day sale window of the large marketplaces",
    ),
    _event(
        "independence_day_sale", "sale", _each_year("08-06", "08-12", "08-06"),
        states=None, peak_volume=1.05, window_volume=1.02,
        category_uplift={"marketplace": 2.2, "electronics": 1.8},
        source="assumption: the usual Independence Day sale window of the large marketplaces",
    ),
)
# fmt: on


def _index_by_day(events: Sequence[Event]) -> dict[dt.date, tuple[Event, ...]]:
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        for first, last in event.dates.values():
            for offset in range((last - first).days + 1):
                by_day.setdefault(first + dt.timedelta(days=offset), []).append(event)
    return {day: tuple(active) for day, active in by_day.items()}


_EVENTS_BY_DAY = _index_by_day(EVENTS)


def events_on(day: dt.date) -> tuple[Event, ...]:
    """The events whose window contains ``day``, in any state."""
    return _EVENTS_BY_DAY.get(day, ())


def day_context(day: dt.date, states: Sequence[str], categories: Sequence[str]) -> DayContext:
    """Multipliers for ``day``, aligned with ``states`` and ``categories``.

    The arrays are cached and shared between calls, so they are read-only.
    """
    return _cached_context(day, tuple(states), tuple(categories))


def _uplift(
    uplift: Mapping[str, float], categories: tuple[str, ...], strength: float
) -> np.ndarray:
    return np.array([1.0 + (uplift.get(c, 1.0) - 1.0) * strength for c in categories])


@functools.lru_cache(maxsize=8192)
def _cached_context(
    day: dt.date, states: tuple[str, ...], categories: tuple[str, ...]
) -> DayContext:
    volume = np.ones(len(states))
    category_weight = np.ones((len(states), len(categories)))
    ticket = np.ones(len(categories))
    active = events_on(day)
    for event in active:
        on_peak = day == event.peak[day.year]
        strength = 1.0 if on_peak else _WINDOW_STRENGTH[event.kind]
        rows = np.array([event.states is None or s in event.states for s in states], dtype=bool)
        volume[rows] *= event.peak_volume if on_peak else event.window_volume
        category_weight[rows] *= _uplift(event.category_uplift, categories, strength)
        ticket *= _uplift(event.ticket_uplift, categories, strength)
    for array in (volume, category_weight, ticket):
        array.flags.writeable = False
    return DayContext(
        day=day,
        volume=volume,
        category_weight=category_weight,
        ticket=ticket,
        events=tuple(event.name for event in active),
    )
