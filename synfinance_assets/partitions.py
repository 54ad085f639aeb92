"""The one daily partitions definition every daily asset, check and job shares."""

import datetime as dt

import dagster as dg

from synfinance_assets.core.clock import PARTITIONS_START, TIMEZONE

daily_partitions = dg.DailyPartitionsDefinition(
    start_date=PARTITIONS_START.isoformat(), timezone=TIMEZONE, fmt="%Y-%m-%d"
)


def days_in(window: dg.TimeWindow) -> list[dt.date]:
    """The Asia/Kolkata calendar days of a partition time window."""
    first, last = window.start.date(), window.end.date()
    return [first + dt.timedelta(days=i) for i in range((last - first).days)]
