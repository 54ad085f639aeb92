"""Materialization metadata shared by the assets: counts, rates and a Markdown preview."""

import dagster as dg
import polars as pl

PREVIEW_ROWS = 5


def preview(frame: pl.DataFrame, columns: list[str] | None = None) -> dg.MarkdownMetadataValue:
    """The first rows as a Markdown table."""
    sample = (frame.select(columns) if columns else frame).head(PREVIEW_ROWS)
    with pl.Config(
        tbl_formatting="MARKDOWN",
        tbl_hide_column_data_types=True,
        tbl_hide_dataframe_shape=True,
        tbl_cols=-1,
        fmt_str_lengths=40,
    ):
        return dg.MetadataValue.md(str(sample) if sample.height else "_no rows_")


def label_rates(frame: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    """Row count, fraud and anomaly rates and the count of each label."""
    rows = frame.height
    meta: dict[str, dg.MetadataValue] = {
        "dagster/row_count": dg.MetadataValue.int(rows),
        "fraud_rate": dg.MetadataValue.float(float(frame["is_fraud"].mean() or 0.0)),
        "anomaly_rate": dg.MetadataValue.float(float(frame["is_anomaly"].mean() or 0.0)),
    }
    for label in ("fraud_type", "anomaly_type"):
        counts = frame[label].drop_nulls().value_counts(sort=True)
        meta[f"{label}_counts"] = dg.MetadataValue.json(dict(counts.iter_rows()))
    return meta
