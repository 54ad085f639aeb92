"""Every model feature, declared once.

The `ml_features` table's columns, the features quality suite and the models' inputs
are all derived from this list; the modules that compute a group of features take their
column names from it too. Each feature of a transaction sees only what happened strictly
before it (or up to and including it, for the counts that say so), and only fraud
reported by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["flag", "code", "count", "real"]


@dataclass(frozen=True)
class Feature:
    name: str
    kind: Kind  # flag: 0/1; code: a small integer; count: an integer >= 0; real: a float
    group: str
    description: str
    nullable: bool = False  # null means "not applicable" or "nothing in the window"
    low: float | None = None
    high: float | None = None
    model_input: bool = True


def _f(name, kind, group, description, nullable=False, low=None, high=None, model_input=True):
    if kind == "flag":
        low, high = 0, 1
    elif kind == "count" and low is None:
        low = 0
    return Feature(name, kind, group, description, nullable, low, high, model_input)


CUSTOMER, THIRTY, TIME, PLACE = "customer", "customer_30d", "time", "place"
PARTIES, EVENTS, CROSS = "parties", "account_events", "interactions"

FEATURES: tuple[Feature, ...] = (
    _f("history_days", "code", CUSTOMER, "days of history before the day (short at the start)",
       low=0, high=30, model_input=False),
    # the payment itself
    _f("amount", "real", CUSTOMER, "amount in INR", low=0),
    _f("amount_log", "real", CUSTOMER, "log(1 + amount)", low=0),
    _f("channel_code", "code", CUSTOMER, "payment channel, coded", low=0, high=10),
    _f("is_p2p", "flag", CUSTOMER, "a UPI payment to a person"),
    # the customer's trailing week, from the raw payments
    _f("tx_count_1h", "count", CUSTOMER, "payments in the hour up to this one", low=1),
    _f("tx_count_6h", "count", CUSTOMER, "payments in the 6 hours up to this one", low=1),
    _f("tx_count_24h", "count", CUSTOMER, "payments in the 24 hours up to this one", low=1),
    _f("tx_count_7d", "count", CUSTOMER, "payments in the 7 days up to this one", low=1),
    _f("amount_sum_1h", "real", CUSTOMER, "INR paid in the hour up to this one", low=0),
    _f("amount_sum_6h", "real", CUSTOMER, "INR paid in the 6 hours up to this one", low=0),
    _f("amount_sum_24h", "real", CUSTOMER, "INR paid in the 24 hours up to this one", low=0),
    _f("amount_sum_7d", "real", CUSTOMER, "INR paid in the 7 days up to this one", low=0),
    _f("customer_avg_amount_7d", "real", CUSTOMER, "mean amount of earlier payments, 7 days",
       nullable=True, low=0),
    _f("customer_std_amount_7d", "real", CUSTOMER, "spread of earlier amounts, 7 days",
       nullable=True, low=0),
    _f("amount_zscore_7d", "real", CUSTOMER, "amount against the 7-day mean and spread",
       nullable=True),
    _f("amount_to_avg_ratio_7d", "real", CUSTOMER, "amount over the 7-day mean",
       nullable=True, low=0),
    _f("amount_max_7d", "real", CUSTOMER, "largest earlier amount, 7 days", nullable=True,
       low=0),
    _f("amount_to_max_ratio_7d", "real", CUSTOMER, "amount over the largest earlier, 7 days",
       nullable=True, low=0),
    _f("declined_count_24h", "count", CUSTOMER, "declined payments in the 24 hours before"),
    _f("seconds_since_last_txn", "real", CUSTOMER, "seconds since the previous payment",
       nullable=True, low=0),
    _f("channel_is_new_7d", "flag", CUSTOMER, "first use of this channel in the window"),
    _f("category_is_new_7d", "flag", CUSTOMER,
       "first payment in this merchant category in the window (person payments: none)",
       nullable=True),
    _f("hour_deviation_7d", "real", CUSTOMER,
       "hours between this time of day and the customer's usual one, 7 days",
       nullable=True, low=0, high=12),
    _f("account_age_days", "count", CUSTOMER, "days since the account was opened"),
    # the customer's 30 days, rolled up from the daily activity aggregates and the day so far
    _f("tx_count_30d", "count", THIRTY, "earlier payments in the 30 days before and today"),
    _f("amount_sum_30d", "real", THIRTY, "INR of those payments", low=0),
    _f("customer_avg_amount_30d", "real", THIRTY, "their mean amount", nullable=True, low=0),
    _f("customer_std_amount_30d", "real", THIRTY, "their spread", nullable=True, low=0),
    _f("amount_zscore_30d", "real", THIRTY, "amount against the 30-day mean and spread",
       nullable=True),
    _f("amount_max_30d", "real", THIRTY, "largest of them", nullable=True, low=0),
    _f("amount_to_max_ratio_30d", "real", THIRTY, "amount over the largest of them",
       nullable=True, low=0),
    _f("active_days_30d", "count", THIRTY, "days with a payment among the 30 before", high=30),
    _f("declined_count_30d", "count", THIRTY, "declined payments among them"),
    # time context
    _f("hour_sin", "real", TIME, "time of day, sine", low=-1, high=1),
    _f("hour_cos", "real", TIME, "time of day, cosine", low=-1, high=1),
    _f("dow_sin", "real", TIME, "day of week, sine", low=-1, high=1),
    _f("dow_cos", "real", TIME, "day of week, cosine", low=-1, high=1),
    _f("month_sin", "real", TIME, "month of year, sine", low=-1, high=1),
    _f("month_cos", "real", TIME, "month of year, cosine", low=-1, high=1),
    _f("is_night", "flag", TIME, "between midnight and 5 in India"),
    _f("is_weekend", "flag", TIME, "Saturday or Sunday"),
    _f("is_month_start", "flag", TIME, "the first five days of the month (salaries, rent)"),
    _f("is_festival_day", "flag", TIME, "a national festival or sale day"),
    # place
    _f("distance_from_home_km", "real", PLACE, "km from the customer's home", low=0,
       high=4000),
    _f("distance_from_last_km", "real", PLACE, "km from the previous payment's place",
       nullable=True, low=0, high=4000),
    _f("speed_from_last_kmh", "real", PLACE,
       "km/h needed to get here from the previous payment (at least a minute apart)",
       nullable=True, low=0),
    _f("city_is_new_7d", "flag", PLACE, "first payment in this city in the window"),
    # the other parties: payee, device
    _f("is_new_device", "flag", PARTIES, "not the customer's registered phone"),
    _f("payee_is_new", "flag", PARTIES, "first payment to this payee in the window",
       nullable=True),
    _f("payee_count_24h", "count", PARTIES, "payments the payee received, 24 hours",
       nullable=True, low=1),
    _f("payee_amount_sum_24h", "real", PARTIES, "INR the payee received, 24 hours",
       nullable=True, low=0),
    _f("payee_distinct_payers_7d", "count", PARTIES, "distinct payers of the payee, window",
       nullable=True, low=1),
    _f("payee_avg_amount_7d", "real", PARTIES, "mean amount the payee received before",
       nullable=True, low=0),
    _f("amount_to_payee_avg_7d", "real", PARTIES, "amount over that mean", nullable=True,
       low=0),
    _f("payee_reported_fraud_7d", "count", PARTIES,
       "payments to the payee in the window reported as fraud before this one", nullable=True),
    _f("payer_payee_days_known", "real", PARTIES,
       "days since this payer first paid this payee in the window", nullable=True, low=0),
    _f("new_payees_24h", "count", PARTIES, "payees first paid in the 24 hours up to now"),
    _f("payee_outgoing_count_24h", "count", PARTIES,
       "payments the payee (a person) made in the 24 hours before", nullable=True),
    _f("payee_minutes_since_own_payment", "real", PARTIES,
       "minutes since the payee (a person) last paid anyone", nullable=True, low=0),
    _f("device_is_new", "flag", PARTIES, "first payment by this customer on this device"),
    _f("device_customers_7d", "count", PARTIES, "customers who paid from this device",
       low=1),
    _f("device_age_hours", "real", PARTIES, "hours since the device was first seen",
       low=0),
    _f("distinct_devices_7d", "count", PARTIES, "devices the customer paid from, window",
       low=1),
    # the account's recent events
    _f("minutes_since_sim_change", "real", EVENTS, "minutes since the last SIM change",
       nullable=True, low=0),
    _f("minutes_since_device_binding", "real", EVENTS, "minutes since a phone was bound",
       nullable=True, low=0),
    _f("minutes_since_credential_reset", "real", EVENTS,
       "minutes since a UPI PIN or password reset", nullable=True, low=0),
    _f("minutes_since_beneficiary_added", "real", EVENTS, "minutes since a payee was added",
       nullable=True, low=0),
    _f("minutes_since_collect_request", "real", EVENTS,
       "minutes since a collect request reached the customer", nullable=True, low=0),
    # interactions
    _f("new_device_x_amount_log", "real", CROSS, "amount_log on a phone not the customer's",
       low=0),
    _f("new_payee_x_amount_ratio_7d", "real", CROSS,
       "amount over the 7-day mean, to a payee paid for the first time", nullable=True,
       low=0),
    _f("account_change_24h_x_new_payee", "flag", CROSS,
       "a SIM change, phone binding or reset in the last day, and a new payee",
       nullable=True),
)  # fmt: skip

FEATURE_COLUMNS = [f.name for f in FEATURES]
MODEL_FEATURES = [f.name for f in FEATURES if f.model_input]


def columns_of(group: str) -> list[str]:
    """The features of one group, in catalogue order."""
    return [f.name for f in FEATURES if f.group == group]
