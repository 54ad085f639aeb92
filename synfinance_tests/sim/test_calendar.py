"""Tests of the festival and event calendar."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from synfinance_assets.sim.calendar import EVENTS, YEARS, day_context, events_on

# Spelled exactly as the generator's catalogue and geography spell them.
STATES = (
    "Maharashtra", "Delhi", "Karnataka", "Telangana", "Gujarat", "Tamil Nadu", "West Bengal",
    "Rajasthan", "Uttar Pradesh", "Madhya Pradesh", "Andhra Pradesh", "Bihar", "Punjab",
    "Haryana", "Assam", "Chandigarh", "Odisha", "Kerala", "Jharkhand", "Chhattisgarh",
    "Uttarakhand", "Goa", "Tripura", "Jammu And Kashmir", "Himachal Pradesh",
)  # fmt: skip
CATEGORIES = (
    "kirana", "supermarket", "street_food", "fast_food", "restaurant", "food_delivery", "fuel",
    "pharmacy", "healthcare", "mobile_recharge", "utilities", "transport", "apparel",
    "department_store", "marketplace", "electronics", "jewellery", "sweets_gifts", "travel",
    "entertainment", "education", "insurance", "loan_emi", "government_tax",
    "digital_subscriptions", "investments",
)  # fmt: skip

BY_NAME = {event.name: event for event in EVENTS}


def national_volume(day: dt.date) -> float:
    return float(day_context(day, STATES, CATEGORIES).volume.mean())


def month_days(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    return [
        first + dt.timedelta(days=i) for i in range(31) if (first + dt.timedelta(i)).month == month
    ]


def test_diwali_2025_peaks_on_lakshmi_puja_above_the_rest_of_october():
    assert BY_NAME["diwali"].peak[2025] == dt.date(2025, 10, 20)
    assert BY_NAME["dhanteras"].peak[2025] == dt.date(2025, 10, 18)
    diwali = national_volume(dt.date(2025, 10, 20))
    others = [
        d for d in month_days(2025, 10) if d not in (dt.date(2025, 10, 20), dt.date(2025, 10, 18))
    ]
    assert diwali > max(national_volume(d) for d in others)


def test_published_peak_dates():
    expected = {
        "diwali": ("2025-10-20", "2026-11-08", "2027-10-29"),
        "dhanteras": ("2025-10-18", "2026-11-06", "2027-10-27"),
        "holi": ("2025-03-14", "2026-03-04", "2027-03-22"),
        "dussehra": ("2025-10-02", "2026-10-20", "2027-10-09"),
        "onam": ("2025-09-05", "2026-08-26", "2027-09-12"),
        "raksha_bandhan": ("2025-08-09", "2026-08-28", "2027-08-17"),
        "ganesh_chaturthi": ("2025-08-27", "2026-09-14", "2027-09-04"),
    }
    for name, dates in expected.items():
        peaks = tuple(BY_NAME[name].peak[year].isoformat() for year in YEARS)
        assert peaks == dates, name


def test_holi_2026_lifts_uttar_pradesh_not_tamil_nadu():
    context = day_context(dt.date(2026, 3, 4), STATES, CATEGORIES)
    volume = dict(zip(STATES, context.volume, strict=True))
    assert "holi" in context.events
    assert volume["Uttar Pradesh"] >= 1.2
    assert volume["Tamil Nadu"] == 1.0


def test_onam_lifts_only_kerala():
    assert BY_NAME["onam"].states == frozenset({"Kerala"})
    context = day_context(dt.date(2026, 8, 20), STATES, CATEGORIES)  # inside Onam, nothing else
    assert context.events == ("onam",)
    lifted = {state for state, v in zip(STATES, context.volume, strict=True) if v != 1.0}
    assert lifted == {"Kerala"}
    untouched = np.delete(context.category_weight, STATES.index("Kerala"), axis=0)
    assert np.all(untouched == 1.0)
    thiruvonam = day_context(dt.date(2025, 9, 5), STATES, CATEGORIES)
    assert thiruvonam.volume[STATES.index("Kerala")] == pytest.approx(BY_NAME["onam"].peak_volume)
    assert thiruvonam.volume[STATES.index("Tamil Nadu")] == 1.0


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_every_event_is_dated_and_spelled_as_the_generator(event):
    assert set(event.dates) >= set(YEARS)
    for year in YEARS:
        first, last = event.dates[year]
        assert first <= event.peak[year] <= last
        assert first.year == last.year == year
    assert event.kind in ("festival", "season", "sale")
    assert event.states is None or event.states <= set(STATES)
    assert set(event.category_uplift) <= set(CATEGORIES)
    assert set(event.ticket_uplift) <= set(CATEGORIES)
    assert event.source


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_peaks_are_sharp_and_windows_mild(event):
    assert 1.0 <= event.window_volume <= 1.10
    assert event.window_volume <= event.peak_volume <= 1.6


def test_event_names_are_unique():
    assert len({event.name for event in EVENTS}) == len(EVENTS)


def test_a_quiet_day_is_neutral_with_the_right_shapes():
    day = dt.date(2025, 7, 15)
    assert events_on(day) == ()
    context = day_context(day, STATES, CATEGORIES)
    assert context.day == day
    assert context.events == ()
    assert context.volume.shape == (len(STATES),)
    assert context.category_weight.shape == (len(STATES), len(CATEGORIES))
    assert context.ticket.shape == (len(CATEGORIES),)
    for array in (context.volume, context.category_weight, context.ticket):
        assert np.all(array == 1.0)


def test_dhanteras_lifts_jewellery_weight_and_ticket():
    context = day_context(dt.date(2025, 10, 18), STATES, CATEGORIES)
    jewellery = CATEGORIES.index("jewellery")
    assert set(context.events) >= {"dhanteras", "diwali"}
    assert np.all(context.category_weight[:, jewellery] > 3.0)
    assert context.ticket[jewellery] >= 1.3


def test_overlapping_events_multiply():
    context = day_context(dt.date(2025, 10, 18), ["Delhi"], ["jewellery"])
    dhanteras, diwali = BY_NAME["dhanteras"], BY_NAME["diwali"]
    assert context.volume[0] == pytest.approx(dhanteras.peak_volume * diwali.window_volume)
    window_jewellery = 1.0 + (diwali.category_uplift["jewellery"] - 1.0) * 0.4
    assert context.category_weight[0, 0] == pytest.approx(
        dhanteras.category_uplift["jewellery"] * window_jewellery
    )


def test_unknown_category_state_and_year_are_neutral():
    diwali = day_context(dt.date(2025, 10, 20), ["Delhi", "Atlantis"], ["jewellery", "crypto"])
    assert np.all(diwali.category_weight[:, 1] == 1.0)
    assert diwali.ticket[1] == 1.0
    assert diwali.category_weight[0, 0] > 1.0
    # A national festival reaches every state; a regional one only the states it names.
    assert diwali.volume[1] == diwali.volume[0] > 1.0
    onam = day_context(dt.date(2026, 8, 20), ["Kerala", "Atlantis"], ["apparel"])
    assert onam.volume[0] > 1.0 and onam.category_weight[0, 0] > 1.0
    assert onam.volume[1] == 1.0 and onam.category_weight[1, 0] == 1.0

    far = day_context(dt.date(2031, 11, 1), STATES, CATEGORIES)
    assert far.events == ()
    assert np.all(far.volume == 1.0) and np.all(far.category_weight == 1.0)
    assert np.all(far.ticket == 1.0)


def test_month_mean_stays_far_below_the_peak():
    october = [national_volume(d) for d in month_days(2025, 10)]
    assert np.mean(october) < 1.10
    assert national_volume(dt.date(2025, 10, 20)) >= 1.3
    for year, month in ((2025, 11), (2026, 1), (2026, 3), (2026, 9), (2027, 10)):
        assert np.mean([national_volume(d) for d in month_days(year, month)]) < 1.10


def test_contexts_are_cached_and_read_only():
    day = dt.date(2026, 11, 8)
    first = day_context(day, STATES, CATEGORIES)
    assert day_context(day, list(STATES), list(CATEGORIES)) is first
    with pytest.raises(ValueError):
        first.volume[0] = 2.0
