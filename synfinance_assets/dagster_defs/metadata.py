"""Materialization metadata shared by the assets: tables with a schema (the UI sorts and
shows them as tables, not JSON), a Markdown preview, per-day figures as numbers (the UI
plots them over partitions), and a stopwatch of where a run's time went."""

import resource
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


def table(frame: pl.DataFrame) -> dg.TableMetadataValue:
    """A small frame as a table with its schema, floats rounded for reading."""
    frame = frame.with_columns(pl.col(pl.Float32, pl.Float64).round(4))
    columns = [dg.TableColumn(name, _column_type(kind)) for name, kind in frame.schema.items()]
    return dg.MetadataValue.table(
        records=[dg.TableRecord(_plain(row)) for row in frame.iter_rows(named=True)],
        schema=dg.TableSchema(columns=columns),
    )


def counts_table(counts: dict, key: str, value: str = "rows") -> dg.TableMetadataValue:
    """A ``{name: number}`` mapping as a two-column table, largest first."""
    frame = pl.DataFrame({key: list(map(str, counts)), value: list(counts.values())})
    return table(frame.sort(value, descending=True))


def _column_type(kind: pl.DataType) -> str:
    if kind.is_integer():
        return "int"
    if kind.is_float():
        return "float"
    if kind == pl.Boolean:
        return "bool"
    return "string"


def _plain(row: dict) -> dict:
    """Values a TableRecord holds: numbers, booleans and strings (dates as ISO text)."""
    return {
        k: v if v is None or isinstance(v, (int, float, bool, str)) else str(v)
        for k, v in row.items()
    }


def transaction_tally(frame: pl.DataFrame) -> pl.DataFrame:
    """A day's transactions counted by channel and label: small enough to keep per day."""
    return frame.group_by("channel", "status", "fraud_type", "anomaly_type").agg(
        rows=pl.len(), amount_inr=pl.col("amount").sum()
    )


def transaction_figures(tally: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    """Row count, fraud and anomaly rates, total rupees and the mean ticket of each channel:
    the numbers the UI plots over partitions."""
    rows = int(tally["rows"].sum())

    def share(column: str) -> float:
        return float(tally.filter(pl.col(column).is_not_null())["rows"].sum()) / max(rows, 1)

    return {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "fraud_rate": dg.MetadataValue.float(share("fraud_type")),
        "anomaly_rate": dg.MetadataValue.float(share("anomaly_type")),
        "amount_inr_total": dg.MetadataValue.float(float(tally["amount_inr"].sum())),
        **{
            f"mean_ticket_inr_{channel}": dg.MetadataValue.float(inr / max(n, 1))
            for channel, n, inr in tally.group_by("channel")
            .agg(pl.col("rows").sum(), pl.col("amount_inr").sum())
            .sort("channel")
            .iter_rows()
        },
    }


def transaction_metadata(tally: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    """The figures above, and the label, channel and status counts as tables."""

    def counts(column: str) -> dg.TableMetadataValue:
        by = tally.filter(pl.col(column).is_not_null()).group_by(column).agg(pl.col("rows").sum())
        return table(by.with_columns(pl.col(column).cast(pl.String)).sort("rows", descending=True))

    return {
        **transaction_figures(tally),
        "fraud_type_counts": counts("fraud_type"),
        "anomaly_type_counts": counts("anomaly_type"),
        "channels": counts("channel"),
        "statuses": counts("status"),
    }


class PeakMemory:
    """The peak resident memory of one step. Linux keeps one high-water mark per process
    (and carries it across fork and exec); starting a PeakMemory lowers it to the current
    memory, so a step that runs after others in the same process reports its own peak."""

    def __init__(self) -> None:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:  # not Linux: the process's peak so far stands
            pass

    def report(self, context: dg.AssetExecutionContext) -> dict[str, dg.MetadataValue]:
        """Log the step's peak (benchmarks.nightly_day reads it) and return it as metadata."""
        peak = self.megabytes()
        context.log.info(f"peak memory {peak} MB")
        return {"peak_memory_mb": dg.MetadataValue.int(peak)}

    @staticmethod
    def megabytes() -> int:
        try:
            status = Path("/proc/self/status").read_text()
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        (line,) = (line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) // 1024


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
