"""What happens to a payment after it is made: declines and retries, reversals, refunds.

Rates are assumptions in the range NPCI reports for UPI (business declines, mostly
a wrong PIN or too little money, a few per cent; technical declines under one per
cent) and card networks publish for cards. A declined payment is often tried again
a minute or two later, and goes through. A refund is a new row, later the same day,
that names the payment it returns.
"""

from __future__ import annotations

import numpy as np

from synfinance_assets.core.clock import MICROS_PER_DAY, MICROS_PER_HOUR
from synfinance_assets.core.keyed import KeyedStream
from synfinance_assets.sim import catalogue as cat
from synfinance_assets.sim.draft import CHANNEL, DECLINE, ONLINE, STATUS, DayDraft

# channel -> (business decline, technical decline, reversal after debit)
DECLINE_RATES = np.zeros((len(CHANNEL), 3))
DECLINE_RATES[CHANNEL["upi_p2m"]] = (0.035, 0.007, 0.001)
DECLINE_RATES[CHANNEL["upi_p2p"]] = (0.045, 0.008, 0.002)
DECLINE_RATES[CHANNEL["debit_card"]] = (0.05, 0.01, 0.001)
DECLINE_RATES[CHANNEL["credit_card"]] = (0.035, 0.008, 0.001)
DECLINE_RATES[CHANNEL["net_banking"]] = (0.02, 0.01, 0.001)
DECLINE_RATES[CHANNEL["wallet"]] = (0.02, 0.005, 0.0)
RETRY_SHARE = 0.6
# online orders that come back (cancellations, returns): share refunded (assumption)
REFUND_RATES = np.zeros(len(cat.CATEGORIES))
for _name, _rate in {
    "marketplace": 0.06,
    "apparel": 0.05,
    "electronics": 0.03,
    "food_delivery": 0.02,
    "travel": 0.04,
}.items():
    REFUND_RATES[cat.CATEGORY_INDEX[_name]] = _rate


def settle(draft: DayDraft, seed: int) -> list[DayDraft]:
    """Give every payment its status; returns the draft, then the retries and the refunds
    that follow (apart, so that the day is joined into one copy only once). A payment
    already declined (a dead card's test) keeps its decline and is not tried again."""
    stream = KeyedStream(seed, "settlement")
    rates = DECLINE_RATES[draft.channel]
    decline_u = stream.uniform(draft.key, 0)
    open_ = draft.status == STATUS["success"]
    business = open_ & (decline_u < rates[:, 0])
    technical = open_ & ~business & (decline_u < rates[:, 0] + rates[:, 1])
    reversed_ = open_ & ~business & ~technical & (stream.uniform(draft.key, 1) < rates[:, 2])
    # the rarer draws only for the rows they decide (a row's draw is the same either way)
    reason_u = stream.uniform(draft.key[business], 2)
    draft.status[business | technical] = STATUS["declined"]
    draft.decline[business] = np.where(
        reason_u < 0.55, DECLINE["wrong_pin"],
        np.where(reason_u < 0.9, DECLINE["insufficient_funds"], DECLINE["limit_exceeded"]),
    )  # fmt: skip
    # online, a card has no PIN: its security check is the CVV, the expiry date or an OTP
    failed_check = business & (draft.card == ONLINE) & (draft.decline == DECLINE["wrong_pin"])
    draft.decline[failed_check] = DECLINE["authentication_failed"]
    draft.decline[technical] = DECLINE["technical"]
    draft.status[reversed_] = STATUS["reversed"]

    # a failed payment is often tried again at once (unless the money was not there)
    may_retry = np.flatnonzero(
        technical | (business & (draft.decline != DECLINE["insufficient_funds"]))
    )
    retries = draft.take(may_retry[stream.uniform(draft.key[may_retry], 3) < RETRY_SHARE])
    delay = (20_000_000 + stream.uniform(retries.key, 4) * 150_000_000).astype(np.int64)
    retries.key = stream.rows(retries.key, 1)
    retries.micros = retries.micros + delay
    retries.status = np.full(len(retries), STATUS["success"], np.int8)
    retries.decline = np.full(len(retries), -1, np.int8)

    refund_rate = REFUND_RATES[np.maximum(draft.category, 0)]
    may_refund = np.flatnonzero(
        (draft.status == STATUS["success"]) & (draft.category >= 0) & (refund_rate > 0)
    )
    refunded = stream.uniform(draft.key[may_refund], 5) < refund_rate[may_refund]
    refunds = draft.take(may_refund[refunded])
    later = (stream.uniform(refunds.key, 6) * 10 * MICROS_PER_HOUR).astype(np.int64)
    refunds.original = refunds.key
    refunds.key = stream.rows(refunds.key, 2)
    refunds.micros = refunds.micros + MICROS_PER_HOUR + later
    refunds.status = np.full(len(refunds), STATUS["refund"], np.int8)
    partial = stream.uniform(refunds.key, 7) < 0.2
    refunds.amount = np.where(partial, np.maximum(np.round(refunds.amount * 0.5, 2), 1.0),
                              refunds.amount)  # fmt: skip
    # what would fall after midnight belongs to the next day, which does not see it: drop it
    return [draft, *(part.take(np.flatnonzero(part.micros < MICROS_PER_DAY)) for part in
                     (retries, refunds))]  # fmt: skip
