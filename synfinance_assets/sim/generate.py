"""SynFinance in memory: a day's transactions and account events, without Dagster.

    from synfinance_assets.sim.generate import generate_day
    transactions, events = generate_day(world, network, day, plan)

The two tables are built from one rendering of the day, side by side on two threads
(Polars and NumPy release the GIL), so a day costs one rendering rather than the two
the `transactions` and `account_events` assets each make when materialized apart.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from synfinance_assets.sim.events import account_events
from synfinance_assets.sim.fraud.network import FraudNetwork
from synfinance_assets.sim.render import DayPlan, render_draft, to_frame
from synfinance_assets.sim.world import World


def generate_day(
    world: World, network: FraudNetwork, day: dt.date, plan: DayPlan
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``transactions`` and ``account_events`` rows of ``day``, each in time order."""
    rendered = render_draft(world, network, day, plan)
    with ThreadPoolExecutor(1) as pool:
        events = pool.submit(account_events, world, rendered, day)
        transactions = to_frame(world, rendered.payments, day)
        return transactions, events.result()
