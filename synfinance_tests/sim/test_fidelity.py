"""The fidelity report holds the generated traffic against the published figures."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.sim.fidelity import REPORT_SCHEMA, fidelity_report, tally
from synfinance_tests import simulated

JANUARY = [dt.date(2025, 1, 1) + dt.timedelta(days=i) for i in range(21)]


@pytest.fixture(scope="module")
def report():
    world = simulated.world(42, 20_000, 3_000)
    by_kind, by_half_hour = zip(
        *(tally(simulated.days(world, [day])) for day in JANUARY), strict=True
    )
    return fidelity_report(pl.concat(by_kind), pl.concat(by_half_hour))


def test_every_published_figure_is_inside_its_band(report):
    failing = report.filter(pl.col("status") == "FAIL")
    assert failing.is_empty(), failing.select("metric", "generated", "low", "high")


def test_the_report_covers_mix_tickets_categories_states_and_rhythm(report):
    assert report.schema == pl.Schema(REPORT_SCHEMA)
    metrics = set(report["metric"])
    for channel in ("upi_p2m", "upi_p2p", "net_banking", "credit_card", "debit_card", "wallet"):
        assert f"{channel}: share of count" in metrics
        assert f"{channel}: share of value" in metrics
    assert {"credit_card at POS: mean ticket", "credit_card online: mean ticket"} <= metrics
    assert "UPI P2M groceries: share of P2M count" in metrics
    assert "share of payments in NPCI peak windows" in metrics
    assert report.filter(pl.col("status") == "pass").height >= 30
    assert report["source"].is_not_null().all()


def test_a_figure_outside_its_band_fails():
    world = simulated.world(42, 3_000, 400)
    by_kind, by_half_hour = tally(simulated.days(world, [JANUARY[0]]))
    # every P2M payment ten times larger: the P2M ticket and value shares must fail
    inflated = by_kind.with_columns(
        inr=pl.when(pl.col("channel") == "upi_p2m").then(pl.col("inr") * 10).otherwise("inr")
    )
    report = fidelity_report(inflated, by_half_hour)
    failing = set(report.filter(pl.col("status") == "FAIL")["metric"])
    assert {"upi_p2m: mean ticket", "UPI P2M: share of UPI value"} <= failing
