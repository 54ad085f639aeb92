"""The other devices of a household: who pays from a phone or tablet that is not their own.

Some people (an elderly parent, a teenager, a spouse whose phone is off) often pay from
another device of their household. It is one of three:

- a relative's own phone, when the relative lives in the same city and banks here too
  (one phone, two customers, and one of them its everyday owner);
- a family tablet or spare phone shared by relatives of one city who bank here, each
  paying from it now and then (one device, two to four customers, nobody's own phone);
- the own phone of a son or daughter in another city who runs a parent's account from
  afar (one phone, two customers of two cities; the payments are made where the phone is);
- a spare phone at home that only they use.

Besides, some people shop online by card on a computer: its browser is a device they
never open a banking app on.

Everything here is a habit of the world, drawn once per process from the world's keys.
Shares are assumptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from synfinance_assets.core.clock import day_number
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim.devices import Handsets, device_identity
from synfinance_assets.sim.draft import ONLINE, DayDraft
from synfinance_assets.sim.world import World

SHARERS = 0.05  # customers who often pay from another device of the household
SHARER_SHARE = 0.3  # of a sharer's payments
SHARED_DEVICE = 0.5  # of sharers whose family lives in their city: a device of the household
SECOND_RELATIVE = 0.5  # of those devices: a second relative of the city uses it too
JOINT_FAMILY = 0.6  # of those devices: the first relative's own relative of the city as well
RUN_FROM_AFAR = 0.5  # of sharers whose family lives elsewhere: the account is run from there
RELATIVE_SHARE = 0.15  # of a relative's payments on the shared device
NONE, RELATIVES_PHONE, SHARED, SPARE, FROM_AFAR = range(5)
WITH_COMPUTER = 0.4  # customers who shop online on a laptop or desktop
ON_COMPUTER = 0.5  # of their online card payments


@dataclass(frozen=True)
class HouseholdDevices:
    """For every customer: which other device they pay from (``kind``), whose it is
    (``household``: the relative for RELATIVES_PHONE and FROM_AFAR, the household's key
    otherwise), and the share of their payments made on it."""

    kind: np.ndarray
    household: np.ndarray
    share: np.ndarray

    def device(self, seed: int, who: np.ndarray, day: dt.date) -> np.ndarray:
        """The identity of the other device each of ``who`` pays from on ``day``."""
        kind, household = self.kind[who], self.household[who]
        relatives_phone = Handsets(seed).phone(household, day_number(day))
        of_household = device_identity(KeyedStream(seed, "household_devices"), household, kind)
        return np.where(
            (kind == RELATIVES_PHONE) | (kind == FROM_AFAR), relatives_phone, of_household
        )


@lru_cache(maxsize=2)
def household_devices(world: World) -> HouseholdDevices:
    c = world.customers
    everyone = np.arange(world.n_customers)
    stream = KeyedStream(world.seed, "family_phone")
    rows = stream.rows(everyone)
    u = lambda draw: stream.uniform(rows, draw)  # noqa: E731
    sharer = u(0) < SHARERS
    relative, second = c.circle[:, 1], c.circle[:, 2]
    third = c.circle[relative, 1]  # the first relative's own relative
    family_here = c.city[relative] == c.city
    shared = sharer & family_here & (u(2) < SHARED_DEVICE)
    with_second = shared & (c.city[second] == c.city) & (u(3) < SECOND_RELATIVE)
    with_third = shared & (c.city[third] == c.city) & (third != everyone) & (u(4) < JOINT_FAMILY)

    kind = np.full(world.n_customers, NONE)
    household = np.full(world.n_customers, -1)
    share = np.zeros(world.n_customers)
    # relatives first, then the sharers: a sharer's own habit wins over being someone's relative
    for members, owners in ((third[with_third], everyone[with_third]),
                            (second[with_second], everyone[with_second]),
                            (relative[shared], everyone[shared])):  # fmt: skip
        kind[members], household[members], share[members] = SHARED, owners, RELATIVE_SHARE
    phone = sharer & family_here & ~shared
    afar = sharer & ~family_here & (u(5) < RUN_FROM_AFAR)
    spare = sharer & ~family_here & ~afar
    kind[phone], household[phone] = RELATIVES_PHONE, relative[phone]
    kind[afar], household[afar] = FROM_AFAR, relative[afar]
    kind[shared], household[shared] = SHARED, everyone[shared]
    kind[spare], household[spare] = SPARE, everyone[spare]
    share[sharer] = SHARER_SHARE
    return HouseholdDevices(kind, household, share)


def relatives_sharing_their_phone(world: World) -> tuple[np.ndarray, np.ndarray]:
    """The customers who pay from a relative's own phone (in their city, or the phone of
    a relative elsewhere who runs their account), and that relative (who banks here too)."""
    devices = household_devices(world)
    sharer = np.flatnonzero((devices.kind == RELATIVES_PHONE) | (devices.kind == FROM_AFAR))
    return sharer, devices.household[sharer]


def use_household_devices(world: World, draft: DayDraft, day: dt.date) -> None:
    """Put the payments made on another device of the household on it. A relative who
    runs the account from afar pays from where they live, and not at the counters of the
    account holder's shops."""
    devices = household_devices(world)
    c = world.customers
    stream = KeyedStream(world.seed, "family_phone")
    kind = devices.kind[draft.customer]
    borrowed = (stream.uniform(draft.key, 1) < devices.share[draft.customer]) & (draft.anomaly < 0)
    borrowed &= (kind != FROM_AFAR) | ~draft.at_counter(world.merchants)
    rows = np.flatnonzero(borrowed)
    draft.device[rows] = devices.device(world.seed, draft.customer[rows], day)
    afar = rows[kind[rows] == FROM_AFAR]
    relative = devices.household[draft.customer[afar]]
    draft.city[afar] = c.city[relative]
    draft.lat[afar] = c.lat[relative] + stream.normal(draft.key[afar], 2) * 0.02
    draft.lon[afar] = c.lon[relative] + stream.normal(draft.key[afar], 3) * 0.02


def use_computers(world: World, draft: DayDraft) -> None:
    """Put the online card payments made in a computer's browser on that computer."""
    stream = KeyedStream(world.seed, "computers")
    owner = stream.uniform(stream.rows(draft.customer), 0) < WITH_COMPUTER
    on_it = owner & (draft.card == ONLINE) & (stream.uniform(draft.key, 1) < ON_COMPUTER)
    rows = np.flatnonzero(on_it & (draft.anomaly < 0))
    draft.device[rows] = device_identity(stream, draft.customer[rows], np.int64(0))
