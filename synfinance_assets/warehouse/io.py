"""Bulk reads and idempotent partition writes between Polars frames and Postgres.

Writes stream through ``COPY ... FROM STDIN`` inside one transaction that first empties
what is being replaced: a day of a day-partitioned table is truncated and loaded by a
binary COPY of its Arrow columns (ADBC), other rows are deleted under the table's
advisory lock and loaded as CSV. A re-run therefore replaces a partition, and a killed
run leaves the previous one untouched. Reads stream a query's result in Postgres's
binary format as Arrow columns into Polars."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager

import adbc_driver_postgresql.dbapi as adbc
import polars as pl
import psycopg
import pyarrow as pa
from psycopg import sql
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    SmallInteger,
    Table,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL
from sqlalchemy.sql import ColumnElement, Select, select

from synfinance_assets.settings import display_url, libpq_dsn
from synfinance_assets.warehouse.models import STATISTICS_COLUMNS, day_partition_name

_COPY_ROWS = 100_000
_CONNECT_SECONDS = 10
# a binary COPY is sent in batches of this many rows, so the server loads one batch
# while the next is encoded (one batch for the whole day takes half as long again)
_ARROW_BATCH_ROWS = 16_384
_UNDEFINED_TABLE = "42P01"  # SQLSTATE


class SchemaNotMigratedError(RuntimeError):
    """A warehouse table is missing: the database has not been migrated."""


@contextmanager
def connect(url: URL) -> Iterator[psycopg.Connection]:
    try:
        with psycopg.connect(libpq_dsn(url), connect_timeout=_CONNECT_SECONDS) as conn:
            yield conn
    except psycopg.errors.UndefinedTable as exc:
        raise SchemaNotMigratedError(
            f"{exc.diag.message_primary} in {display_url(url)}: run `alembic upgrade head` first"
        ) from None


@contextmanager
def connect_arrow(url: URL) -> Iterator[adbc.Connection]:
    """A connection that moves Arrow columns in Postgres's binary format (ADBC)."""
    timed = url.update_query_dict({"connect_timeout": str(_CONNECT_SECONDS)})
    try:
        with closing(adbc.connect(libpq_dsn(timed))) as conn:
            yield conn
    except adbc.ProgrammingError as exc:
        if exc.sqlstate != _UNDEFINED_TABLE:
            raise
        # the driver's message goes on to quote the whole query: keep the server's words
        reason = re.search(r"ERROR:\s+(.+)", str(exc))
        raise SchemaNotMigratedError(
            f"{reason.group(1) if reason else exc} in {display_url(url)}: "
            "run `alembic upgrade head` first"
        ) from None


def replace_rows(
    url: URL,
    table: Table,
    frame: pl.DataFrame,
    where: ColumnElement[bool] | None = None,
) -> int:
    """Atomically replace the rows of ``table`` matching ``where`` (all if None) by ``frame``."""
    _require_known_columns(table, frame)
    if table.dialect_options["postgresql"]["partition_by"]:
        raise ValueError(f"{table.fullname} is partitioned by day: write it with replace_day")
    delete = table.delete()
    if where is not None:
        delete = delete.where(where)
    with connect(url) as conn, conn.transaction():
        # one writer per table at a time; readers are never blocked
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (table.fullname,))
        conn.execute(_literal_sql(delete))
        _copy_in(conn, sql.Identifier(table.schema, table.name), frame)
    return frame.height


def replace_day(
    url: URL,
    table: Table,
    frame: pl.DataFrame,
    day: dt.date,
    approve: Callable[[], bool] | None = None,
) -> int:
    """Atomically replace one day of a day-partitioned ``table`` by ``frame`` (whose rows
    must all be of that day): the day's table is truncated and filled in one transaction.
    Readers of that day wait for the commit and then see the new day; writers and
    readers of other days go on in parallel.

    ``approve``, when given, is asked once the rows are loaded, before the commit: False
    (or an exception) rolls the load back and leaves the day as it was. The rows written
    are returned (none when not approved)."""
    _require_known_columns(table, frame)
    if frame.height and not (frame["partition_date"] == day).all():
        others = ", ".join(str(d) for d in sorted(set(frame["partition_date"]) - {day}))
        raise ValueError(f"{table.fullname}: the {day} write holds rows of partition_date {others}")
    name, partition = _day_table(table, day)
    parent = sql.Identifier(table.schema, table.name)
    with connect(url) as conn:
        with conn.transaction():
            # a day's first write creates its table, then attaches it, which locks
            # neither readers nor writers of the other days
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))
            if conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is None:
                conn.execute(
                    sql.SQL(
                        "CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
                    ).format(partition, parent)
                )
                conn.execute(
                    sql.SQL(
                        "ALTER TABLE {} ATTACH PARTITION {} FOR VALUES FROM ({}) TO ({})"
                    ).format(
                        parent, partition, sql.Literal(day), sql.Literal(day + dt.timedelta(days=1))
                    )
                )
    rows = _as_stored(table, frame)
    with connect_arrow(url) as conn:
        with closing(conn.cursor()) as cursor:
            cursor.execute(sql.SQL("TRUNCATE {}").format(partition).as_string())
            cursor.adbc_ingest(
                day_partition_name(table.name, day),
                rows.to_reader(max_chunksize=_ARROW_BATCH_ROWS),
                "append",
                db_schema_name=table.schema,
            )
            # the day's statistics come with its rows: autovacuum may take minutes to
            # sample a new table, and until then every query over the day is planned for
            # an empty one (index scans and sorts on disk instead of parallel scans)
            cursor.execute(_analyze(table, partition).as_string())
        if approve is not None and not approve():
            return 0  # closing without a commit rolls both back
        conn.commit()
    return frame.height


def _as_stored(table: Table, frame: pl.DataFrame) -> pa.Table:
    """``frame`` as Arrow columns of exactly its table's types, for a binary COPY (which,
    unlike text, parses nothing on the server: wide numeric days load twice as fast).
    Amounts become fixed-point at the column's scale."""
    exact = {column.name: _stored_type(column.type) for column in table.columns}
    typed = frame.with_columns(pl.col(n).cast(exact[n]) for n in frame.columns)
    return typed.to_arrow(compat_level=pl.CompatLevel.oldest())


def _analyze(table: Table, partition: sql.Identifier) -> sql.Composed:
    """ANALYZE of a day's table: of the columns ``table`` names for statistics, else all."""
    columns = table.info.get(STATISTICS_COLUMNS)
    if not columns:
        return sql.SQL("ANALYZE {}").format(partition)
    named = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    return sql.SQL("ANALYZE {} ({})").format(partition, named)


def _day_table(table: Table, day: dt.date) -> tuple[str, sql.Identifier]:
    """The table holding ``day`` of a day-partitioned ``table``: its qualified name as
    text (for to_regclass and locks) and as an identifier (for statements)."""
    name = day_partition_name(table.name, day)
    return f"{table.schema}.{name}", sql.Identifier(table.schema, name)


def _require_known_columns(table: Table, frame: pl.DataFrame) -> None:
    unknown = sorted(set(frame.columns) - set(table.columns.keys()))
    if unknown:
        raise ValueError(f"columns not in {table.fullname}: {unknown}")


def _copy_in(
    conn: psycopg.Connection,
    target: sql.Identifier,
    frame: pl.DataFrame,
) -> None:
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
    with conn.cursor().copy(
        sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)").format(target, columns)
    ) as copy:
        for chunk in _csv_chunks(frame):
            copy.write(chunk)


def read_rows(
    url: URL,
    table: Table,
    columns: Iterable[str] | None = None,
    where: ColumnElement[bool] | None = None,
) -> pl.DataFrame:
    """The rows of ``table`` matching ``where`` as a typed Polars frame."""
    cols = [table.c[name] for name in columns] if columns else list(table.columns)
    query = select(*cols)
    if where is not None:
        query = query.where(where)
    return read_query(url, query)


def read_query(url: URL, query: Select, settings: Mapping[str, str] | None = None) -> pl.DataFrame:
    """The result of a SELECT (each output column named and typed) as a Polars frame,
    run under the server ``settings`` given (names and values of `SET`)."""
    return next(read_query_batches(url, query, batch_bytes=None, settings=settings))


def read_query_batches(
    url: URL,
    query: Select,
    batch_bytes: int | None = 64 << 20,
    settings: Mapping[str, str] | None = None,
) -> Iterator[pl.DataFrame]:
    """The result of a SELECT as typed Polars frames of about ``batch_bytes`` of Arrow
    columns each (one frame when None), streamed in Postgres's binary format: a large
    result never sits in memory whole, and nothing is parsed from text."""
    cols = list(query.selected_columns)
    sent = query.with_only_columns(*(_as_sent(c) for c in cols), maintain_column_froms=True)
    schema = {c.name: _polars_type(c.type) for c in cols}
    pending: list[pa.RecordBatch] = []
    size, yielded = 0, False
    with connect_arrow(url) as conn, closing(conn.cursor()) as cursor:
        for name, value in (settings or {}).items():
            cursor.execute(
                sql.SQL("SET {} = {}").format(sql.Identifier(name), sql.Literal(value)).as_string()
            )
        cursor.execute(_literal_sql(sent))
        reader = cursor.fetch_record_batch()
        for batch in reader:
            pending.append(batch)
            size += batch.nbytes
            if batch_bytes is not None and size >= batch_bytes:
                yield _typed(pa.Table.from_batches(pending, reader.schema), schema)
                pending, size, yielded = [], 0, True
        if pending or not yielded:
            yield _typed(pa.Table.from_batches(pending, reader.schema), schema)


def _typed(rows: pa.Table, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    frame = pl.from_arrow(rows)
    return frame.with_columns(pl.col(n).cast(t) for n, t in schema.items())


def partition_dates(url: URL, table: Table, days: Iterable[dt.date]) -> set[dt.date]:
    """Those of ``days`` on which ``table`` has rows: one probe per day, not a scan of
    every row in the range. A day-partitioned table is probed through each day's own
    table, so the probe waits for no other day being replaced."""
    days = sorted(days)
    with connect(url) as conn:
        if not table.dialect_options["postgresql"]["partition_by"]:
            query = sql.SQL(
                "SELECT day FROM unnest(%s::date[]) AS day "
                "WHERE EXISTS (SELECT 1 FROM {} WHERE partition_date = day)"
            ).format(sql.Identifier(table.schema, table.name))
            return {row[0] for row in conn.execute(query, (days,))}
        tables = {day: _day_table(table, day) for day in days}
        names = {name: day for day, (name, _) in tables.items()}
        created = [
            names[row[0]]
            for row in conn.execute(
                "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NOT NULL",
                (list(names),),
            )
        ]
        if not created:
            return set()
        probes = sql.SQL(" UNION ALL ").join(
            sql.SQL("SELECT {}::date WHERE EXISTS (SELECT 1 FROM {})").format(
                sql.Literal(day), tables[day][1]
            )
            for day in created
        )
        return {row[0] for row in conn.execute(probes)}


def _as_sent(column) -> ColumnElement:
    """Fixed-point amounts as floats, as they are read: Arrow has no type for Postgres's
    variable-scale numeric, which would otherwise arrive as text."""
    if isinstance(column.type, Numeric) and not isinstance(column.type, Float):
        return column.cast(Float).label(column.name)
    return column


def _polars_type(kind) -> pl.DataType:
    if isinstance(kind, Boolean):
        return pl.Boolean
    if isinstance(kind, DateTime):
        return pl.Datetime("us", "UTC")
    if isinstance(kind, Date):
        return pl.Date
    if isinstance(kind, SmallInteger):
        return pl.Int16
    if isinstance(kind, Integer):
        return pl.Int64
    if isinstance(kind, (Float, Numeric)):
        return pl.Float64
    return pl.String


def _stored_type(kind) -> pl.DataType:
    """The Polars type whose Arrow form a binary COPY sends as the SQL type ``kind``: as
    read (`_polars_type`), except 4-byte integers and fixed-point amounts."""
    if isinstance(kind, Integer) and not isinstance(kind, (SmallInteger, BigInteger)):
        return pl.Int32
    if isinstance(kind, Numeric) and not isinstance(kind, Float):
        return pl.Decimal(kind.precision, kind.scale)
    return _polars_type(kind)


def _csv_chunks(frame: pl.DataFrame) -> Iterable[bytes]:
    """The frame as CSV, a slice of rows at a time: a wide day never sits in memory as
    one text buffer beside the frame."""
    for start in range(0, max(frame.height, 1), _COPY_ROWS):
        buffer = io.BytesIO()
        frame.slice(start, _COPY_ROWS).write_csv(buffer, include_header=start == 0)
        yield buffer.getvalue()


def _literal_sql(statement) -> str:
    """Render a SQLAlchemy statement with its (typed, escaped) values inlined, for COPY."""
    return str(
        statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    )
