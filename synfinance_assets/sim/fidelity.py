"""The fidelity report: each generated aggregate beside its published figure and band.

Computed from small per-day tallies of the genuine, successful payments that are not
anomalies (published volumes count approved payments; fraud and anomalies here run far
above their real-world rates, so they are left out). Averages must lie within ±10 % of
their figure, shares within ±3 percentage points (and within ±25 % of a share smaller
than 12 %); figures that are assumptions say so and carry their own band. Figures that
need more than the run holds (a second month, both a month start and a
middle) are reported as not evaluated.
"""

from __future__ import annotations

import calendar

import numpy as np
import polars as pl

from synfinance_assets.sim import geography as geo
from synfinance_assets.sim import reference as ref

TALLY_COLUMNS = ["partition_date", "channel", "card_present", "merchant_category", "state"]
SHARE_BAND_PP = 3.0
MEAN_BAND = 0.10
SMALL_SHARE_BAND = 0.25
PEAK_SHARE_BAND = (45.0, 65.0)  # assumption: NPCI names the windows, not their share
MONTH_START_BAND = (1.03, 1.60)  # assumption: "peak activity at start of month"
REPORT_SCHEMA = {
    "metric": pl.String,
    "generated": pl.Float64,
    "reference": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "unit": pl.String,
    "source": pl.String,
    "status": pl.String,
}


def tally(transactions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Counts and INR sums of a day's ordinary successful payments: by channel, card
    presence, category and state; and by day and IST hour."""
    genuine = transactions.lazy().filter(
        (pl.col("status") == "success") & ~pl.col("is_fraud") & ~pl.col("is_anomaly")
    )
    by_kind = genuine.group_by(TALLY_COLUMNS).agg(rows=pl.len(), inr=pl.col("amount").sum())
    hour = pl.col("timestamp").dt.convert_time_zone("Asia/Kolkata")
    by_hour = genuine.group_by(
        "partition_date",
        half_hour=(hour.dt.hour().cast(pl.Int32) * 60 + hour.dt.minute().cast(pl.Int32)) // 30,
    ).agg(rows=pl.len(), inr=pl.col("amount").sum())
    kind, half_hours = pl.collect_all([by_kind, by_hour])
    return kind, half_hours


def fidelity_report(by_kind: pl.DataFrame, by_half_hour: pl.DataFrame) -> pl.DataFrame:
    """One row per reference figure: generated, reference, band, unit, source, status."""
    rows: list[dict] = []
    months = sorted({(d.year, d.month) for d in by_kind["partition_date"].unique()})
    # the run's months weighted by their payments give the reference of monthly figures
    weights = _month_weights(by_kind)

    def monthly(table: dict, position: int) -> float:
        return sum(w * table[m][position] for m, w in weights.items())

    def add(metric, generated, reference, unit, source, band=None):
        if band is None:
            # shares: ±3 points, but never wider than a quarter of a small share
            width = (
                min(SHARE_BAND_PP, SMALL_SHARE_BAND * reference)
                if unit == "%"
                else MEAN_BAND * reference
            )
            band = (reference - width, reference + width)
        low, high = band
        ok = generated is not None and low <= generated <= high
        status = "not evaluated" if generated is None else ("pass" if ok else "FAIL")
        rows.append(dict(zip(REPORT_SCHEMA, [metric, generated, reference, low, high, unit,
                                             source, status], strict=True)))  # fmt: skip

    total = by_kind.select(pl.sum("rows"), pl.sum("inr")).row(0)
    if not total[0]:
        add("genuine successful payments", 0.0, None, "rows", "the run itself", (1.0, np.inf))
        return pl.DataFrame(rows, schema=REPORT_SCHEMA, orient="row")
    by_channel = {r[0]: r[1:] for r in by_kind.group_by("channel").agg(
        pl.sum("rows"), pl.sum("inr")).iter_rows()}  # fmt: skip
    count_share, value_share = ref.basket_shares()
    p2m_count, p2m_value = monthly(ref.UPI_MONTHLY_2025, 0), monthly(ref.UPI_MONTHLY_2025, 1)
    expected_count = {
        "upi_p2m": count_share["upi"] * p2m_count / 100,
        "upi_p2p": count_share["upi"] * (100 - p2m_count) / 100,
        "net_banking": count_share["net_banking"],
        "credit_card": count_share["credit_card"],
        "debit_card": count_share["debit_card"],
        "wallet": count_share["wallet"],
    }
    expected_value = {
        "upi_p2m": value_share["upi"] * p2m_value / 100,
        "upi_p2p": value_share["upi"] * (100 - p2m_value) / 100,
        **{k: value_share[k] for k in ("net_banking", "credit_card", "debit_card", "wallet")},
    }
    for channel, reference in expected_count.items():
        rows_, _ = by_channel.get(channel, (0, 0.0))
        add(f"{channel}: share of count", 100 * rows_ / total[0], reference, "%",
            ref.SOURCES["basket"])  # fmt: skip
    for channel, reference in expected_value.items():
        _, inr = by_channel.get(channel, (0, 0.0))
        add(f"{channel}: share of value", 100 * inr / total[1], reference, "%",
            ref.SOURCES["basket"])  # fmt: skip

    def mean_ticket(frame: pl.DataFrame) -> float | None:
        rows_, inr = frame.select(pl.sum("rows"), pl.sum("inr")).row(0)
        return inr / rows_ if rows_ else None

    channel = pl.col("channel")
    tickets = [
        ("upi_p2m", channel == "upi_p2m", monthly(ref.UPI_MONTHLY_2025, 3), "upi_monthly"),
        ("upi_p2p", channel == "upi_p2p", monthly(ref.UPI_MONTHLY_2025, 2), "upi_monthly"),
        ("credit_card", channel == "credit_card", monthly(ref.CARDS_MONTHLY_2025, 0),
         "cards_monthly"),
        ("credit_card at POS", (channel == "credit_card") & pl.col("card_present"),
         monthly(ref.CARDS_MONTHLY_2025, 1), "cards_monthly"),
        ("credit_card online", (channel == "credit_card") & ~pl.col("card_present"),
         monthly(ref.CARDS_MONTHLY_2025, 2), "cards_monthly"),
        ("debit_card", channel == "debit_card", monthly(ref.CARDS_MONTHLY_2025, 3),
         "cards_monthly"),
        ("wallet", channel == "wallet", monthly(ref.CARDS_MONTHLY_2025, 4), "cards_monthly"),
        ("net_banking (IMPS+NEFT)", channel == "net_banking", ref.net_banking_ticket(),
         "basket"),
    ]  # fmt: skip
    for name, where, reference, source in tickets:
        add(f"{name}: mean ticket", mean_ticket(by_kind.filter(where)), reference, "INR",
            ref.SOURCES[source])  # fmt: skip

    upi = by_kind.filter(channel.is_in(["upi_p2m", "upi_p2p"]))
    p2m = by_kind.filter(channel == "upi_p2m")
    upi_rows, upi_inr = upi.select(pl.sum("rows"), pl.sum("inr")).row(0)
    p2m_rows, p2m_inr = p2m.select(pl.sum("rows"), pl.sum("inr")).row(0)
    add("UPI P2M: share of UPI count", 100 * p2m_rows / upi_rows, p2m_count, "%",
        ref.SOURCES["upi_monthly"])  # fmt: skip
    add("UPI P2M: share of UPI value", 100 * p2m_inr / upi_inr, p2m_value, "%",
        ref.SOURCES["upi_monthly"])  # fmt: skip
    for label, (reference, categories) in ref.CATEGORY_TICKETS.items():
        add(f"UPI P2M {label}: mean ticket",
            mean_ticket(p2m.filter(pl.col("merchant_category").is_in(categories))),
            reference, "INR", ref.SOURCES["category"])  # fmt: skip
    groceries = p2m.filter(pl.col("merchant_category").is_in(["kirana", "supermarket"]))
    add("UPI P2M groceries: share of P2M count", 100 * groceries["rows"].sum() / p2m_rows,
        ref.GROCERY_SHARE_OF_P2M_PCT, "%", ref.SOURCES["category"])  # fmt: skip

    by_state = upi.group_by("state").agg(pl.sum("rows"))
    state_rows = dict(by_state.iter_rows())
    for state in geo.STATE_NAMES[:5]:
        add(f"{state}: share of UPI count", 100 * state_rows.get(state, 0) / upi_rows,
            100 * float(geo.STATE_SHARE[list(geo.STATE_NAMES).index(state)]), "%",
            "NPCI state-wise UPI, Oct-Dec 2025 (over the states modelled)")  # fmt: skip

    peak = pl.lit(False)
    for start, end in ref.NPCI_PEAK_WINDOWS:
        peak = peak | pl.col("half_hour").is_between(int(start * 2), int(end * 2) - 1)
    in_peak = by_half_hour.filter(peak)["rows"].sum() / by_half_hour["rows"].sum()
    add("share of payments in NPCI peak windows", 100 * in_peak, None, "%",
        ref.SOURCES["peak_hours"] + "; band: assumption", PEAK_SHARE_BAND)  # fmt: skip

    add("month start: daily value, days 1-5 / days 10-25", _month_start_lift(by_half_hour),
        None, "ratio", "NPCI (qualitative: salaries and EMIs); band: assumption",
        MONTH_START_BAND)  # fmt: skip

    daily = by_half_hour.group_by("partition_date").agg(pl.sum("rows"))
    whole = [m for m in months if daily.filter(_in_month(*m)).height >= _days_in_month(*m)]
    for (y1, m1), (y2, m2) in zip(whole, whole[1:], strict=False):
        first = daily.filter(_in_month(y1, m1))["rows"].mean()
        second = daily.filter(_in_month(y2, m2))["rows"].mean()
        reference = ref.MONTHLY_INDEX_2025[m2 - 1] / ref.MONTHLY_INDEX_2025[m1 - 1]
        add(f"per-day volume {y2}-{m2:02d} / {y1}-{m1:02d}", second / first, reference,
            "ratio", ref.SOURCES["monthly_index"],
            (reference * (1 - MEAN_BAND / 2), reference * (1 + MEAN_BAND / 2)))  # fmt: skip
    if len(whole) < 2:
        add("per-day volume, month over month", None, None, "ratio",
            ref.SOURCES["monthly_index"] + " (needs two whole months)",
            (np.nan, np.nan))  # fmt: skip
    return pl.DataFrame(rows, schema=REPORT_SCHEMA, orient="row")


def _in_month(year: int, month: int) -> pl.Expr:
    day = pl.col("partition_date")
    return (day.dt.year() == year) & (day.dt.month() == month)


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_weights(by_kind: pl.DataFrame) -> dict[int, float]:
    per_month = by_kind.group_by(pl.col("partition_date").dt.month().alias("m")).agg(pl.sum("rows"))
    total = per_month["rows"].sum()
    return {m: rows / total for m, rows in per_month.iter_rows()}


def _month_start_lift(by_half_hour: pl.DataFrame) -> float | None:
    daily = by_half_hour.group_by("partition_date").agg(pl.sum("inr"))
    day = pl.col("partition_date").dt.day()
    start = daily.filter(day <= 5)["inr"]
    middle = daily.filter(day.is_between(10, 25))["inr"]
    if start.is_empty() or middle.is_empty():
        return None
    return float(start.mean() / middle.mean())
