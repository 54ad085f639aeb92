"""The persistent world: plausible people, shops where people pay, habits that hold."""

import numpy as np
import pytest

from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import segments as seg
from synfinance_assets.sim.world import CIRCLE_SIZE, MIN_MERCHANTS, build_world, cached_world


@pytest.fixture(scope="module")
def world():
    return cached_world(11, 40_000, 4_000)


def segment_of(world, name):
    return world.customers.segment == list(seg.SEGMENT_NAMES).index(name)


def test_ages_fit_segments_and_the_population_is_young(world):
    c = world.customers
    assert 33 <= c.age.mean() <= 42
    assert (c.age < 30).mean() > 0.25
    students, retirees = segment_of(world, "student"), segment_of(world, "retiree")
    assert c.age[students].max() <= 25 and c.age[retirees].min() >= 60
    assert np.median(c.income[students]) < np.median(c.income[segment_of(world, "professional")])


def test_home_states_follow_their_share_of_upi_use(world):
    state = geo.CITY_STATE_INDEX[world.customers.city]
    shares = np.bincount(state, minlength=len(geo.STATE_NAMES)) / len(state)
    assert np.abs(shares - geo.STATE_SHARE).max() < 0.01


def test_circles_are_other_people_mostly_nearby(world):
    c = world.customers
    me = np.arange(len(c))[:, None]
    assert c.circle.shape == (len(c), CIRCLE_SIZE)
    assert not (c.circle == me).any()
    friends = c.circle[:, 3:]
    assert (c.city[friends] == c.city[:, None]).mean() > 0.8


def test_usual_shops_sell_what_they_are_kept_for(world):
    from synfinance_assets.sim.world import FAVOURITE_CATEGORIES

    m = world.merchants
    assert (m.category[world.customers.favourites] == FAVOURITE_CATEGORIES[None, :]).all()
    assert not m.online[world.customers.favourites].any()


def test_a_customer_is_the_same_whatever_the_size_of_the_world():
    small, large = build_world(11, 1_000, 500), build_world(11, 3_000, 500)
    for field in ("segment", "age", "income", "city", "activity", "salary_day", "rent"):
        assert np.array_equal(
            getattr(small.customers, field), getattr(large.customers, field)[:1_000]
        ), field


def test_too_few_merchants_is_refused_by_name():
    with pytest.raises(ValueError, match="n_merchants must be at least"):
        build_world(1, 100, MIN_MERCHANTS - 1)
