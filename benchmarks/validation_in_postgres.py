"""The transactions suite run by Great Expectations inside Postgres, on a stored day.

The assets validate each day once, in memory, before it is written. This measures the
alternative, a GX SQL data source over the day's own table (the expectations become
SQL aggregates), so that the two can be compared on the same day.
"""

import datetime as dt

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig
from sqlalchemy.engine import URL

from synfinance_assets.settings import WAREHOUSE_SCHEMA
from synfinance_assets.warehouse.models import day_partition_name

# written for frames: a dtype name (float64, bool) is not a SQL type, and GX's SQL mean
# multiplies by a float, which Postgres refuses for a boolean
FRAME_ONLY = {"expect_column_values_to_be_of_type", "expect_column_mean_to_be_between"}


def portable(suite: gx.ExpectationSuite) -> gx.ExpectationSuite:
    """The expectations of ``suite`` that GX can run in Postgres as they are written."""
    return gx.ExpectationSuite(
        name=f"{suite.name}_in_postgres",
        expectations=[e for e in suite.expectations if e.expectation_type not in FRAME_ONLY],
    )


def validate_in_postgres(url: URL, table: str, day: dt.date, suite: gx.ExpectationSuite):
    """GX's result of ``suite`` over ``table``'s stored ``day`` (pass or fail only)."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_postgres(
        "warehouse",
        connection_string=url.set(drivername="postgresql+psycopg").render_as_string(
            hide_password=False
        ),
    )
    asset = source.add_table_asset(
        "day", table_name=day_partition_name(table, day), schema_name=WAREHOUSE_SCHEMA
    )
    batch = asset.add_batch_definition_whole_table("whole_day").get_batch()
    return batch.validate(context.suites.add(suite), result_format="BOOLEAN_ONLY")
