"""The daily `account_events` asset and its Great Expectations gate."""

from collections.abc import Iterator

import dagster as dg

from synfinance_assets.dagster_defs.metadata import PeakMemory, counts_table, preview
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import GenerationSettings, Warehouse
from synfinance_assets.dagster_defs.simulation import world_of_stored_profile
from synfinance_assets.domain.quality import account_events_suite
from synfinance_assets.partitions import days_in
from synfinance_assets.sim.events import account_events as events_of_day
from synfinance_assets.sim.render import render_draft
from synfinance_assets.warehouse.models import AccountEvent

TABLE = AccountEvent.__table__
QUALITY_CHECK = "account_events_meet_quality_suite"


@dg.asset(
    group_name="transactions",
    kinds={"polars", "postgres"},
    deps=["transactions"],
    check_specs=[
        SuiteGate.spec(
            "account_events",
            QUALITY_CHECK,
            "Each day meets the account-events suite before it is written: columns, unique "
            "ids, non-null keys, known event types, every customer a stored one. A failing day "
            "is not written.",
        )
    ],
    **DAILY_WAREHOUSE_ASSET,
)
def account_events(
    context: dg.AssetExecutionContext, generation: GenerationSettings, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """What customers did in their banking apps on the day besides paying: a login before each
    session of payments and on idle visits, new phones bound to the account, SIM changes, UPI
    PIN and password resets (some after a wrong PIN), beneficiaries added before account
    transfers, collect requests. Derived from the same rendering as the day's transactions, so
    they line up with them in time and device; events that belong to a fraud case carry its
    `fraud_case_id`. A pure function of (seed, date); replaces its partition in one transaction.
    """
    memory = PeakMemory()
    world, customer_ids, _ = world_of_stored_profile(generation, warehouse, "account_events")
    network = generation.network()
    plan = generation.day_plan()
    gate = SuiteGate(
        "account_events",
        QUALITY_CHECK,
        account_events_suite(),
        references={"customer_id": customer_ids},
    )
    total, counts = 0, {}
    for day in days_in(context.partition_time_window):
        frame = events_of_day(world, render_draft(world, network, day, plan), day)
        yield from gate.audited_write(warehouse, TABLE, frame, day)
        total += frame.height
        for event_type, rows in frame["event_type"].value_counts().iter_rows():
            counts[event_type] = counts.get(event_type, 0) + rows
        if total == frame.height:
            first_rows = preview(frame)
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": total,
            "event_types": counts_table(counts, "event_type"),
            "preview": first_rows,
            **memory.report(context),
        },
        check_results=[gate.result()],
    )
