"""Materialization metadata shared by the assets: a Markdown preview, and a stopwatch of
where a run's time went."""

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import polars as pl

PREVIEW_ROWS = 5


def preview(
    frame: pl.DataFrame, columns: list[str] | None = None, rows: int = PREVIEW_ROWS
) -> dg.MarkdownMetadataValue:
    """The first ``rows`` rows as a Markdown table."""
    sample = (frame.select(columns) if columns else frame).head(rows)
    with pl.Config(
        tbl_formatting="MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_cols=-1,
        tbl_rows=-1,
        tbl_width_chars=2000,
        fmt_str_lengths=90,
    ):
        return dg.MetadataValue.md(str(sample) if sample.height else "_no rows_")


def transaction_tally(frame: pl.DataFrame) -> pl.DataFrame:
    """A day's transactions counted by channel and label: small enough to keep per day."""
    return frame.group_by("channel", "status", "fraud_type", "anomaly_type").agg(
        rows=pl.len(), amount_inr=pl.col("amount").sum()
    )


def transaction_metadata(tally: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    """Row count, fraud and anomaly rates, label and channel counts from summed tallies."""
    rows = int(tally["rows"].sum())

    def counts(column: str) -> dg.MetadataValue:
        by = tally.filter(pl.col(column).is_not_null()).group_by(column).agg(pl.col("rows").sum())
        return dg.MetadataValue.json(dict(by.sort("rows", descending=True).iter_rows()))

    def share(column: str) -> float:
        return float(tally.filter(pl.col(column).is_not_null())["rows"].sum()) / max(rows, 1)

    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "fraud_rate": dg.MetadataValue.float(share("fraud_type")),
        "anomaly_rate": dg.MetadataValue.float(share("anomaly_type")),
        "fraud_type_counts": counts("fraud_type"),
        "anomaly_type_counts": counts("anomaly_type"),
        "channels": counts("channel"),
        "statuses": counts("status"),
        "amount_inr_total": dg.MetadataValue.float(float(tally["amount_inr"].sum())),
    }


class Stopwatch:
    """Seconds spent in each named phase of a run, summed (shown in the log and metadata,
    so a slow night says where its time went)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
