"""The simulated world the daily assets render, checked against the stored reference tables."""

import dagster as dg
import numpy as np
import polars as pl

from synfinance_assets.dagster_defs.resources import GenerationSettings, Warehouse
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import segments as seg
from synfinance_assets.sim.world import World
from synfinance_assets.warehouse.models import Customer, Merchant


def world_of_stored_profile(
    generation: GenerationSettings, warehouse: Warehouse, needed_by: str
) -> tuple[World, pl.Series, pl.Series]:
    """The world of the run's profile, after making sure the stored customers and merchants
    came from the same profile (else the day's payments would name people who don't exist),
    with the stored customer and merchant ids the day's rows must name."""
    world = generation.world()
    customers = warehouse.require_rows(
        Customer.__table__, needed_by, columns=["customer_id", "occupation", "city"]
    ).sort("customer_id")
    merchants = warehouse.require_rows(
        Merchant.__table__, needed_by, columns=["merchant_id", "category", "city"]
    ).sort("merchant_id")
    same = (
        customers.height == world.n_customers
        and merchants.height == len(world.merchants)
        and np.array_equal(customers["occupation"], seg.SEGMENT_NAMES[world.customers.segment])
        and np.array_equal(customers["city"], geo.CITY_NAMES[world.customers.city])
        and np.array_equal(merchants["city"], geo.CITY_NAMES[world.merchants.city])
        and np.array_equal(merchants["category"], cat.CATEGORY_NAMES[world.merchants.category])
    )
    if not same:
        raise dg.Failure(
            f"{needed_by}: the stored customers ({customers.height:,}) and merchants "
            f"({merchants.height:,}) were not generated with this run's profile (seed "
            f"{generation.seed}, {generation.n_customers:,} customers, "
            f"{generation.n_merchants:,} merchants): materialize customers and merchants with "
            "the same config first",
            allow_retries=False,
        )
    return world, customers["customer_id"], merchants["merchant_id"]
