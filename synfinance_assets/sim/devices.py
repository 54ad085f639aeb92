"""Phones and SIMs: each customer keeps theirs for a long time and changes them rarely.

Time is cut into 91-day blocks from 2024-01-01; in each block a customer replaces
their phone with a small probability, on a day keyed by (customer, block), and
likewise their SIM. The phone in use on any day is therefore a pure function of
(seed, customer, day), with no history to store.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

from synfinance_assets.core.clock import day_number
from synfinance_assets.core.keyed import KeyedStream, mix64

BLOCK_DAYS = 91
FIRST_BLOCK_DAY = day_number(dt.date(2024, 1, 1))
PHONE_CHANGE_PER_BLOCK = 0.09  # about one new phone in 2.7 years (assumption)
SIM_CHANGE_PER_BLOCK = 0.05  # ports and replacements, about one in five people a year (assumption)


class Handsets:
    """Which phone and SIM each customer uses on a day, and when they changed."""

    def __init__(self, seed: int):
        self._seed = seed
        self._phones = KeyedStream(seed, "phones")

    def phone(self, customer: np.ndarray, day: int) -> np.ndarray:
        """The uint64 identity of the phone each customer uses on ``day`` (a day number)."""
        block = (day - FIRST_BLOCK_DAY) // BLOCK_DAYS
        if block < 0 or not len(customer):
            version = np.zeros(len(customer), dtype=np.int64)
        else:
            # phones changed in earlier blocks are counted once per block, for everyone
            everyone = 1 << int(customer.max()).bit_length()
            earlier = _phone_changes_before(self._seed, block, everyone)[customer]
            happens, on_day = self._change_in_block(
                "phones", PHONE_CHANGE_PER_BLOCK, customer, block
            )
            version = earlier + (happens & (on_day <= day))
        return device_identity(self._phones, customer, version)

    def phone_changed(self, customer: np.ndarray, day: int) -> np.ndarray:
        """Whether each customer switched to a new phone on ``day``."""
        return self._changed_on("phones", PHONE_CHANGE_PER_BLOCK, customer, day)

    def sim_changed(self, customer: np.ndarray, day: int) -> np.ndarray:
        return self._changed_on("sims", SIM_CHANGE_PER_BLOCK, customer, day)

    def _change_in_block(self, purpose: str, rate: float, customer: np.ndarray, block: int):
        """Whether each customer changes (phone or SIM) in ``block``, and on which day."""
        everyone = 1 << int(customer.max()).bit_length() if len(customer) else 1
        happens, on_day = _changes_in_block(self._seed, purpose, rate, block, everyone)
        return happens[customer], on_day[customer]

    def _changed_on(self, purpose, rate, customer, day) -> np.ndarray:
        block = (day - FIRST_BLOCK_DAY) // BLOCK_DAYS
        if block < 0:
            return np.zeros(len(customer), dtype=bool)
        happens, on_day = self._change_in_block(purpose, rate, customer, block)
        return happens & (on_day == day)


def _draw_changes(stream: KeyedStream, rate: float, customer: np.ndarray, block: int):
    rows = stream.rows(customer, block)
    happens = stream.uniform(rows, 0) < rate
    on_day = FIRST_BLOCK_DAY + block * BLOCK_DAYS + stream.integers(rows, 1, BLOCK_DAYS)
    return happens, on_day


@lru_cache(maxsize=8)
def _changes_in_block(seed: int, purpose: str, rate: float, block: int, customers: int):
    """The changes of the first ``customers`` customers in ``block``, drawn once for every
    day of the block."""
    return _draw_changes(KeyedStream(seed, purpose), rate, np.arange(customers), block)


@lru_cache(maxsize=4)
def _phone_changes_before(seed: int, block: int, customers: int) -> np.ndarray:
    """How many times each of the first ``customers`` customers changed phone in the blocks
    before ``block`` (every change of a past block happened on or before today)."""
    stream = KeyedStream(seed, "phones")
    everyone = np.arange(customers)
    count = np.zeros(customers, dtype=np.int64)
    for past in range(block):
        happens, _ = _draw_changes(stream, PHONE_CHANGE_PER_BLOCK, everyone, past)
        count += happens
    return count


def device_identity(stream: KeyedStream, owner: np.ndarray, version: np.ndarray) -> np.ndarray:
    """A 64-bit device identity that says nothing about its owner."""
    with np.errstate(over="ignore"):
        return mix64(stream.rows(owner, version) ^ np.uint64(0x5DEECE66D))
