"""Features of what happened to the account before a payment: a SIM replaced, a phone
bound, a PIN or password reset, a payee added, a collect request received.

Each is the time from the customer's latest such event, in the loaded window and up to
the payment's own time, to the payment (null: none in the window). A takeover starts
with some of these minutes before its first payment; people also change phones and
reset PINs, and then pay hours or days later.
"""

from __future__ import annotations

import polars as pl

# the catalogue's account_events features, each with the event types it looks back to
EVENT_FEATURES = {
    "minutes_since_sim_change": ["sim_change"],
    "minutes_since_device_binding": ["device_binding"],
    "minutes_since_credential_reset": ["upi_pin_reset", "password_reset"],
    "minutes_since_beneficiary_added": ["beneficiary_added"],
    "minutes_since_collect_request": ["upi_collect_request"],
}
EVENT_INPUT_COLUMNS = ["partition_date", "customer_id", "timestamp", "event_type"]


def event_features(payments: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """One row per row of ``payments`` (``customer_id``, ``timestamp``), in its order."""
    asks = payments.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32), customer_id="customer_id", at="timestamp"
    ).sort("at")
    columns = []
    for name, kinds in EVENT_FEATURES.items():
        kind = events.filter(pl.col("event_type").cast(pl.String).is_in(kinds)).select(
            "customer_id", event_at="timestamp"
        )
        latest = asks.join_asof(  # both sides sorted by time just above
            kind.sort("event_at"), left_on="at", right_on="event_at", by="customer_id",
            check_sortedness=False,
        )  # fmt: skip
        columns.append(
            latest.select(
                "row",
                ((pl.col("at") - pl.col("event_at")).dt.total_microseconds() / 60e6).alias(name),
            )  # fmt: skip
        )
    frame = asks.select("row")
    for column in columns:
        frame = frame.join(column, on="row", how="left")
    return frame.sort("row").drop("row")
