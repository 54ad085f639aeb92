"""Account-event features on hand-made events: the latest event before each payment."""

import datetime as dt

import polars as pl

from synfinance_assets.domain.event_features import EVENT_FEATURES, event_features

T0 = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)


def frame(rows: list[tuple], columns: list[str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.col("timestamp").cast(pl.Datetime("us", "UTC"))
    )


def test_each_payment_sees_its_customers_latest_earlier_event():
    minutes = lambda m: T0 + dt.timedelta(minutes=m)  # noqa: E731
    payments = frame(
        [("C00000001", minutes(30)), ("C00000002", minutes(0)), ("C00000001", minutes(-30)),
         ("C00000003", minutes(5))],
        ["customer_id", "timestamp"],
    )  # fmt: skip
    events = frame(
        [("C00000001", minutes(-120), "sim_change"), ("C00000001", minutes(-60), "sim_change"),
         ("C00000001", minutes(10), "upi_pin_reset"), ("C00000002", minutes(1), "sim_change"),
         ("C00000003", minutes(-5), "password_reset")],
        ["customer_id", "timestamp", "event_type"],
    )  # fmt: skip
    found = event_features(payments, events)
    assert found.columns == list(EVENT_FEATURES)
    # in the payments' own order, each from the latest event up to its own time
    assert found["minutes_since_sim_change"].to_list() == [90.0, None, 30.0, None]
    # a PIN reset after the earlier payment is not seen by it; a password reset counts too
    assert found["minutes_since_credential_reset"].to_list() == [20.0, None, None, 10.0]
    assert found["minutes_since_collect_request"].null_count() == payments.height
