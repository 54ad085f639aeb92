"""Small simulated worlds and days for the tests, built with the real kernel."""

from __future__ import annotations

import datetime as dt

import polars as pl

from synfinance_assets.sim.fraud import FraudNetwork
from synfinance_assets.sim.generate import generate_day
from synfinance_assets.sim.render import DayPlan, render_day
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, default_mix
from synfinance_assets.sim.tables import customer_table, merchant_table
from synfinance_assets.sim.world import World, cached_world


def plan(**overrides) -> DayPlan:
    values = dict(
        fraud_rate=0.02,
        anomaly_rate=0.02,
        fraud_mix=default_mix(FRAUD_SCENARIOS),
        anomaly_mix=default_mix(ANOMALY_SCENARIOS),
    )
    return DayPlan(**{**values, **overrides})


def world(seed: int = 3, customers: int = 2000, merchants: int = 300) -> World:
    return cached_world(seed, customers, merchants)


def network(w: World) -> FraudNetwork:
    return FraudNetwork.recruit(w, 0.01, 0.02)


def customers(w: World) -> pl.DataFrame:
    return customer_table(w)


def days(w: World, dates: list[dt.date], day_plan: DayPlan | None = None) -> pl.DataFrame:
    net = network(w)
    return pl.concat([render_day(w, net, d, day_plan or plan()) for d in dates])


def days_with_events(
    w: World, dates: list[dt.date], day_plan: DayPlan | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The transactions and the account events of ``dates``."""
    net = network(w)
    tables = [generate_day(w, net, d, day_plan or plan()) for d in dates]
    return tuple(pl.concat(part) for part in zip(*tables, strict=True))


def merchant_rows(w: World | None = None) -> pl.DataFrame:
    w = w or world(5, 5_000, 800)
    return merchant_table(w)
