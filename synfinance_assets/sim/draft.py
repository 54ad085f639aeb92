"""A day of payments under construction: parallel NumPy arrays, one entry per payment."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

CHANNELS = ("upi_p2m", "upi_p2p", "debit_card", "credit_card", "net_banking", "wallet")
CHANNEL = {name: i for i, name in enumerate(CHANNELS)}
STATUSES = ("success", "declined", "reversed", "refund")
STATUS = {name: i for i, name in enumerate(STATUSES)}
# a card used online fails its security check (CVV, expiry, OTP) as authentication_failed
DECLINE_REASONS = (
    "insufficient_funds",
    "wrong_pin",
    "limit_exceeded",
    "technical",
    "authentication_failed",
)
DECLINE = {name: i for i, name in enumerate(DECLINE_REASONS)}
NOT_CARD, ONLINE, PRESENT = -1, 0, 1  # card_present codes


@dataclass
class DayDraft:
    customer: np.ndarray  # customer index
    key: np.ndarray  # uint64: the row's identity, unique within the day
    micros: np.ndarray  # microseconds after local midnight
    channel: np.ndarray  # index into CHANNELS
    card: np.ndarray  # NOT_CARD, ONLINE or PRESENT
    category: np.ndarray  # merchant category index, -1 for none
    merchant: np.ndarray  # merchant index, -1 for none
    counterparty: np.ndarray  # payee customer index, -1 for none
    amount: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    city: np.ndarray
    device: np.ndarray  # uint64 device identity
    status: np.ndarray  # index into STATUSES
    decline: np.ndarray  # index into DECLINE_REASONS, -1 for none
    original: np.ndarray  # key of the payment a refund returns, 0 for none
    fraud: np.ndarray  # index into the fraud catalogue, -1 for genuine
    case: np.ndarray  # fraud case number, -1 for none
    reported_after: np.ndarray  # microseconds from payment to fraud report, -1 for never
    anomaly: np.ndarray  # index into the anomaly catalogue, -1 for usual

    def __len__(self) -> int:
        return len(self.customer)

    def at_counter(self, merchants) -> np.ndarray:
        """Whether each payment is made at a shop's counter: to a shop that is not online,
        placed where the shop is (payments to it made from afar are placed at the payer)."""
        shop = np.maximum(self.merchant, 0)
        return (self.merchant >= 0) & ~merchants.online[shop] & (self.lat == merchants.lat[shop])

    @classmethod
    def empty_like(cls, n: int, **given: np.ndarray) -> DayDraft:
        """``n`` rows with the given columns and every other column at its 'none' value."""
        defaults = {
            "card": np.full(n, NOT_CARD, np.int8),
            "category": np.full(n, -1, np.int64),
            "merchant": np.full(n, -1, np.int64),
            "counterparty": np.full(n, -1, np.int64),
            "status": np.zeros(n, np.int8),
            "decline": np.full(n, -1, np.int8),
            "original": np.zeros(n, np.uint64),
            "fraud": np.full(n, -1, np.int8),
            "case": np.full(n, -1, np.int64),
            "reported_after": np.full(n, -1, np.int64),
            "anomaly": np.full(n, -1, np.int8),
        }
        return cls(**{**defaults, **given})

    def take(self, rows: np.ndarray) -> DayDraft:
        return DayDraft(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @classmethod
    def concat(cls, parts: list[DayDraft]) -> DayDraft:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )
