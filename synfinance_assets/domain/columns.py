"""Column helpers the feature modules share: the number inside an id (in Polars and in
the warehouse), amounts in paise, totals within groups of a sorted frame, and lookups
that join the keys alone."""

from __future__ import annotations

import polars as pl
from sqlalchemy import BigInteger, ColumnElement, cast, func


def id_number(column: str) -> pl.Expr:
    """The number inside an id (``C00000042`` -> 42; transaction, merchant and device ids
    alike)."""
    return pl.col(column).str.slice(1).cast(pl.Int64)


def stored_id_number(column: ColumnElement) -> ColumnElement:
    """`id_number` of a stored id column, computed by the warehouse."""
    return cast(func.substr(column, 2), BigInteger)


def paise(amount: pl.Expr) -> pl.Expr:
    """An amount in whole paise: integer sums of it are exact in any order."""
    return (amount * 100).round().cast(pl.Int64)


def group_starts(column: str) -> pl.Expr:
    """True on the first row of each run of equal ``column`` values (a sorted frame)."""
    return pl.col(column).ne_missing(pl.col(column).shift(1)).fill_null(True)


def total_before(expr: pl.Expr, starts: pl.Expr) -> pl.Expr:
    """``expr`` summed over the earlier rows of each group (``starts`` marks the groups
    of a frame sorted by them): the cumulative sum less its value at the group's start,
    far cheaper than a windowed sum over many small groups."""
    earlier = expr.cum_sum() - expr
    return earlier - pl.when(starts).then(earlier).forward_fill()


def total_through(expr: pl.Expr, starts: pl.Expr) -> pl.Expr:
    """``expr`` summed over each group's rows up to and including this one."""
    return total_before(expr, starts) + expr


def looked_up(frame: pl.DataFrame, keys: list[str], found: pl.DataFrame) -> list[pl.Series]:
    """``found``'s other columns for each row of ``frame`` (null where its ``keys`` are not
    found), in ``frame``'s order: a join of the keys alone, not of the whole frame."""
    joined = frame.select(keys).join(found, on=keys, how="left", maintain_order="left")
    return joined.drop(keys).get_columns()
