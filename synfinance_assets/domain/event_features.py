"""Features of what happened to the account before a payment: a SIM replaced, a phone
bound, a PIN or password reset, a payee added, a collect request received.

Each is the time from the customer's latest such event, in the loaded window and up to
the payment's own time, to the payment (null: none in the window). A takeover starts
with some of these minutes before its first payment; people also change phones and
reset PINs, and then pay hours or days later.
"""

from __future__ import annotations

import polars as pl

from synfinance_assets.domain.columns import id_number

# the catalogue's account_events features, each with the event types it looks back to
EVENT_FEATURES = {
    "minutes_since_sim_change": ["sim_change"],
    "minutes_since_device_binding": ["device_binding"],
    "minutes_since_credential_reset": ["upi_pin_reset", "password_reset"],
    "minutes_since_beneficiary_added": ["beneficiary_added"],
    "minutes_since_collect_request": ["upi_collect_request"],
}
EVENT_INPUT_COLUMNS = ["partition_date", "customer_id", "timestamp", "event_type"]
# the event types the features look back to (logins, the most frequent, are not among them)
FEATURE_EVENT_TYPES = [kind for kinds in EVENT_FEATURES.values() for kind in kinds]


def event_features(payments: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """One row per row of ``payments`` (``customer_id``, ``timestamp``), in its order."""
    asks = payments.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32), customer=id_number("customer_id"),
        at=pl.col("timestamp").dt.epoch("us"),
    ).sort("at")  # fmt: skip
    feature_of = {kind: name for name, kinds in EVENT_FEATURES.items() for kind in kinds}
    tagged = (
        events.select(
            customer=id_number("customer_id"),
            event_at=pl.col("timestamp").dt.epoch("us"),
            feature=pl.col("event_type").cast(pl.String).replace_strict(feature_of, default=None),
        )
        .drop_nulls("feature")
        .sort("event_at")
    )
    return pl.DataFrame([_latest(asks, tagged, name) for name in EVENT_FEATURES])


def _latest(asks: pl.DataFrame, tagged: pl.DataFrame, name: str) -> pl.Series:
    """Minutes from the customer's latest ``name`` event to each ask, placed at the ask's
    ``row`` (the payments' order). Only the customers with such an event are joined:
    most have none of the rarer events in the window."""
    events = tagged.filter(pl.col("feature") == name).drop("feature")
    found = asks.join(events.select(pl.col("customer").unique()), on="customer", how="semi",
                       maintain_order="left")  # fmt: skip
    found = found.join_asof(  # both sides sorted by time; the left side's order is kept
        events, left_on="at", right_on="event_at", by="customer", check_sortedness=False
    ).drop_nulls("event_at")
    minutes = pl.repeat(None, asks.height, dtype=pl.Float64, eager=True).alias(name)
    return minutes.scatter(found["row"], (found["at"] - found["event_at"]) / 60e6)
