"""Daily tables out of the warehouse as Hive-style Parquet or CSV datasets.

    <root>/<table>/partition_date=YYYY-MM-DD/part-0.parquet   (or part-0.csv)

The partition column lives in the folder name, as Hive, Spark, DuckDB and Polars expect
(``scan_parquet(..., hive_partitioning=True)``, ``read_parquet(..., hive_partitioning =
true)``). A day is streamed from Postgres in batches and written as it arrives, so a
million-row day needs a batch's memory, not the day's. Each file is written beside its
final name and renamed over it when complete: a re-export replaces a day in one step, and
a killed export leaves the previous file (and a hidden ``.tmp`` file that the next export
overwrites). ``root`` is a local folder or any URI PyArrow's filesystems understand
(``s3://bucket/prefix``, ``gs://...``), configured the way PyArrow configures them; an
object store's rename is a copy, so there the swap is not atomic.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass

import polars as pl
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from sqlalchemy import Table, select
from sqlalchemy.engine import URL

from synfinance_assets.warehouse import io as warehouse_io
from synfinance_assets.warehouse.models import (
    AccountEvent,
    MLFeatures,
    ModelPrediction,
    Transaction,
)

FORMATS = ("parquet", "csv")
EXPORTED_TABLES: dict[str, Table] = {
    model.__table__.name: model.__table__
    for model in (Transaction, AccountEvent, MLFeatures, ModelPrediction)
}
BATCH_BYTES = 32 << 20  # of COPY text per batch: about 100,000 transactions


@dataclass(frozen=True)
class ExportedDay:
    table: str
    day: dt.date
    rows: int
    path: str  # the file, within its filesystem
    bytes: int


def filesystem(root: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem of ``root`` (a local path or a URI) and the path within it."""
    if "://" not in root:
        return pafs.LocalFileSystem(), os.path.abspath(os.path.expanduser(root))
    return pafs.FileSystem.from_uri(root)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


def check_tables(tables: list[str]) -> list[str]:
    unknown = sorted(set(tables) - set(EXPORTED_TABLES))
    if unknown:
        raise ValueError(
            f"tables: {unknown} cannot be exported; choose from {list(EXPORTED_TABLES)}"
        )
    return tables


def export_day(url: URL, table: str, day: dt.date, root: str, fmt: str = "parquet") -> ExportedDay:
    """Write ``table``'s rows of ``day`` under ``root`` and swap them in for any earlier
    export of that day."""
    fs, base = filesystem(root)
    folder = f"{base}/{table}/partition_date={day.isoformat()}"
    final = f"{folder}/part-0.{check_format(fmt)}"
    temporary = f"{folder}/.part-0.{fmt}.tmp"
    fs.create_dir(folder, recursive=True)
    source = EXPORTED_TABLES[table]
    columns = [c for c in source.columns if c.name != "partition_date"]
    query = select(*columns).where(source.c.partition_date == day)
    batches = warehouse_io.read_query_batches(url, query, BATCH_BYTES)
    with fs.open_output_stream(temporary) as sink:
        rows = (_write_parquet if fmt == "parquet" else _write_csv)(batches, sink)
    fs.move(temporary, final)
    return ExportedDay(table, day, rows, final, fs.get_file_info(final).size)


def _write_parquet(batches, sink) -> int:
    """Each batch a row group of one Parquet file (zstd), typed as the warehouse types it."""
    batches = iter(batches)
    first = next(batches).to_arrow()  # a query always yields a batch, if an empty one
    rows = first.num_rows
    with pq.ParquetWriter(sink, first.schema, compression="zstd") as writer:
        writer.write_table(first)
        for batch in batches:
            writer.write_table(batch.to_arrow())
            rows += batch.height
    return rows


def _write_csv(batches, sink) -> int:
    """One CSV file with a header; times in ISO 8601 with their UTC offset."""
    rows = 0
    for batch in batches:
        text = io.BytesIO()
        batch.write_csv(text, include_header=rows == 0)
        sink.write(text.getvalue())
        rows += batch.height
    return rows


def export_range(
    url: URL, days: list[dt.date], tables: list[str], root: str, fmt: str = "parquet"
) -> list[ExportedDay]:
    """Export every day of ``days`` that each table holds rows on (one index probe per day);
    days a table has no rows on (predictions not scored yet) write nothing."""
    check_format(fmt)
    written = []
    for table in check_tables(tables):
        present = warehouse_io.partition_dates(url, EXPORTED_TABLES[table], days)
        written += [export_day(url, table, day, root, fmt) for day in sorted(present)]
    return written


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def summary_frame(exported: list[ExportedDay]) -> pl.DataFrame:
    """Rows and bytes written per table: one row each."""
    frame = pl.DataFrame(
        [{"table": e.table, "rows": e.rows, "bytes": e.bytes} for e in exported],
        schema={"table": pl.String, "rows": pl.Int64, "bytes": pl.Int64},
    )
    return frame.group_by("table", maintain_order=True).agg(
        days=pl.len(), rows=pl.col("rows").sum(), bytes=pl.col("bytes").sum()
    )
