"""Payee and device features, on a history small enough to count by hand."""

import datetime as dt

import polars as pl
import pytest

from synfinance_assets.core.clock import TIMEZONE
from synfinance_assets.domain.columns import id_number
from synfinance_assets.domain.network_features import network_features, parties

T0 = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)


def payment(n, minutes, payer, *, person=None, merchant=None, device="D1", amount=100.0,
            reported_after=None):  # fmt: skip
    at = T0 + dt.timedelta(minutes=minutes)
    return {
        "fraud_reported_at": None if reported_after is None else at + reported_after,
        "transaction_id": f"T{n:08d}",
        "timestamp": T0 + dt.timedelta(minutes=minutes),
        "customer_id": payer,
        "counterparty_customer_id": person,
        "merchant_id": merchant,
        "device_id": device,
        "amount": amount,
    }


def payments(rows) -> pl.DataFrame:
    moments = pl.Datetime("us", "UTC")
    return pl.DataFrame(
        rows,
        schema_overrides={
            "timestamp": moments,
            "fraud_reported_at": moments,
            "merchant_id": pl.String,
            "counterparty_customer_id": pl.String,
        },
    ).with_columns(partition_date=pl.col("timestamp").dt.convert_time_zone(TIMEZONE).dt.date())


def features(rows) -> list[dict]:
    history = payments(rows)
    # each day as the asset computes it, from that day and the week before
    return [
        row
        for day in history["partition_date"].unique(maintain_order=True)
        for row in network_features(
            parties(history.filter(pl.col("partition_date") <= day)), day
        ).to_dicts()
    ]


HISTORY = [
    payment(0, 0, "C00000009", person="C00000005", device="D9"),  # the payee pays out first
    payment(1, 60, "C00000001", person="C00000009", device="D1", amount=1000.0),
    payment(2, 90, "C00000002", person="C00000009", device="D7", amount=3000.0),
    payment(3, 120, "C00000001", person="C00000009", device="D1", amount=2000.0),
    payment(4, 150, "C00000003", person="C00000009", device="D7", amount=6000.0),
    payment(5, 160, "C00000003", merchant="M0000001", device="D7", amount=50.0),
    payment(6, 27 * 60, "C00000004", person="C00000009", device="D4", amount=10.0),
]


def test_payee_counts_its_payers_and_payments_up_to_each_payment():
    rows = features(HISTORY)
    assert [r["payee_is_new"] for r in rows] == [1, 1, 1, 0, 1, 1, 1]
    assert [r["payee_count_24h"] for r in rows[1:5]] == [1, 2, 3, 4]
    assert [r["payee_distinct_payers_7d"] for r in rows[1:5]] == [1, 2, 2, 3]
    assert rows[4]["payee_amount_sum_24h"] == pytest.approx(12_000.0)
    # a day later the earlier payments have left the 24-hour window but not the 7-day one
    assert rows[6]["payee_count_24h"] == 1 and rows[6]["payee_distinct_payers_7d"] == 4
    # against the payee's average before this payment: 6000 / mean(1000, 3000, 2000)
    assert rows[4]["amount_to_payee_avg_7d"] == pytest.approx(3.0)
    assert rows[1]["amount_to_payee_avg_7d"] is None


def test_payee_outgoing_payments_are_seen_from_the_payments_it_receives():
    rows = features(HISTORY)
    assert rows[1]["payee_outgoing_count_24h"] == 1
    assert rows[1]["payee_minutes_since_own_payment"] == pytest.approx(60.0)
    assert rows[6]["payee_outgoing_count_24h"] == 0  # its own payment is 27 hours old
    # payments to a shop have no person to follow
    assert rows[5]["payee_outgoing_count_24h"] is None
    assert rows[0]["payee_minutes_since_own_payment"] is None  # C00000005 never paid


def test_a_shared_phone_counts_its_customers_and_payers_their_new_payees():
    rows = features(HISTORY)
    assert [r["device_customers_7d"] for r in rows] == [1, 1, 1, 1, 2, 2, 1]
    assert [r["device_is_new"] for r in rows] == [1, 1, 1, 0, 1, 0, 1]
    assert rows[5]["new_payees_24h"] == 2  # C00000003: the person, then the shop


def test_a_later_payment_changes_no_earlier_row():
    later = payment(7, 28 * 60, "C00000008", person="C00000009", device="D7")
    assert features([*HISTORY, later])[: len(HISTORY)] == features(HISTORY)


def test_fraud_reported_against_a_payee_counts_only_once_reported():
    """A mule's first victim reports 90 minutes later: the payments after the report see
    it, the one before does not, and no payment sees a report of its own."""
    mule = "C00000008"
    rows = features(
        [
            payment(0, 0, "C00000001", person=mule, reported_after=dt.timedelta(minutes=90)),
            payment(1, 60, "C00000002", person=mule, reported_after=dt.timedelta(days=3)),
            payment(2, 120, "C00000003", person=mule),
            payment(3, 130, "C00000004", merchant="M0000002"),
        ]
    )
    assert [r["payee_reported_fraud_7d"] for r in rows] == [0, 0, 1, 0]


def test_how_long_payer_payee_and_device_have_been_known():
    rows = features(
        [
            payment(0, 0, "C00000001", person="C00000002", device="D1"),
            payment(1, 36 * 60, "C00000001", person="C00000002", device="D2"),
            payment(2, 48 * 60, "C00000003", person="C00000002", device="D2"),
        ]
    )
    assert [r["payer_payee_days_known"] for r in rows] == pytest.approx([0.0, 1.5, 0.0])
    assert [r["device_age_hours"] for r in rows] == pytest.approx([0.0, 0.0, 12.0])
    assert [r["distinct_devices_7d"] for r in rows] == [1, 2, 1]


def test_parties_take_ids_or_the_numbers_the_server_reads():
    history = payments(HISTORY)
    ids = ["transaction_id", "customer_id", "counterparty_customer_id", "merchant_id", "device_id"]
    numbered = history.with_columns(id_number(c) for c in ids)
    assert numbered.schema["device_id"] == pl.Int64
    assert parties(numbered).equals(parties(history))
    # as `numbered_history` reads them: the payee resolved to one number
    as_read = numbered.select(
        pl.exclude("merchant_id", "counterparty_customer_id"),
        payee=pl.coalesce("counterparty_customer_id", pl.col("merchant_id") + 10**9),
    )
    assert parties(as_read).equals(parties(history))
