"""SQLAlchemy 2.0 models of the warehouse tables in schema ``synfinance``.

The tables are rewritten a partition at a time by bulk COPY, so they carry no
foreign keys: a reload of ``customers`` must not have to cascade through a year
of transactions. Transactions reference the stored customers and merchants they
were generated from (the assets read them from these tables).

The daily tables are range-partitioned by ``partition_date``, one Postgres table per
day (``<table>_pYYYYMMDD``, created on the day's first write): replacing a day
truncates its table instead of deleting a million rows one by one.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from synfinance_assets.domain.feature_catalogue import FEATURES
from synfinance_assets.settings import WAREHOUSE_SCHEMA

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(schema=WAREHOUSE_SCHEMA, naming_convention=NAMING_CONVENTION)


BY_DAY = {"postgresql_partition_by": "RANGE (partition_date)"}
# a table's ``info`` key naming the only columns its loads gather planner statistics on
STATISTICS_COLUMNS = "statistics_columns"
_DAY_PARTITION = re.compile(r"^(\w+)_p(\d{8})$")


def day_partition_name(table: str, day: dt.date) -> str:
    """The name of the table holding one day of a day-partitioned table."""
    return f"{table}_p{day:%Y%m%d}"


def migrated_name(name: str, type_: str, parent_names) -> bool:
    """Whether Alembic compares this database object with the models: only the warehouse
    schema (other schemas on the server are not ours), and not the day tables that
    writes create under the day-partitioned tables."""
    if type_ == "schema":
        return name == WAREHOUSE_SCHEMA
    return type_ != "table" or _DAY_PARTITION.match(name) is None


class Customer(Base):
    """A retail banking customer with a home city, a device and a spending profile."""

    __tablename__ = "customers"

    customer_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(40))
    last_name: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(120), unique=True)
    phone: Mapped[str] = mapped_column(String(16))
    upi_vpa: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(1))
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    age: Mapped[int] = mapped_column(SmallInteger)
    occupation: Mapped[str] = mapped_column(String(32))
    income_level: Mapped[str] = mapped_column(String(16))
    monthly_income_inr: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    city: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    account_created: Mapped[dt.date] = mapped_column(Date)
    account_status: Mapped[str] = mapped_column(String(16))
    credit_score: Mapped[int] = mapped_column(SmallInteger)
    risk_score: Mapped[float] = mapped_column(Float, index=True)
    risk_category: Mapped[str] = mapped_column(String(8))
    has_credit_card: Mapped[bool]
    has_debit_card: Mapped[bool]
    has_net_banking: Mapped[bool]
    has_wallet: Mapped[bool]
    salary_day: Mapped[int | None] = mapped_column(SmallInteger)
    primary_device_id: Mapped[str] = mapped_column(String(24))


class Merchant(Base):
    """A merchant accepting UPI, card, net-banking or wallet payments in one city."""

    __tablename__ = "merchants"

    merchant_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(32), index=True)
    mcc_code: Mapped[str] = mapped_column(String(4))
    is_online: Mapped[bool]
    merchant_vpa: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str | None] = mapped_column(String(16))
    city: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64))
    country: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    avg_ticket_inr: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    risk_score: Mapped[float] = mapped_column(Float, index=True)
    risk_category: Mapped[str] = mapped_column(String(8))


class Transaction(Base):
    """One payment in INR, labelled with its fraud scenario and anomaly, if any."""

    __tablename__ = "transactions"
    # No (customer_id, timestamp) index: random inserts into it cost more than the
    # whole COPY of a day; feature and model reads go by partition_date.
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"), BY_DAY)

    transaction_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    partition_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    customer_id: Mapped[str] = mapped_column(String(16))
    merchant_id: Mapped[str | None] = mapped_column(String(16))
    counterparty_customer_id: Mapped[str | None] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    card_present: Mapped[bool | None]
    merchant_category: Mapped[str | None] = mapped_column(String(32))
    mcc_code: Mapped[str | None] = mapped_column(String(4))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    decline_reason: Mapped[str | None] = mapped_column(String(24))
    original_transaction_id: Mapped[str | None] = mapped_column(String(24))
    city: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    device_id: Mapped[str] = mapped_column(String(24))
    is_fraud: Mapped[bool]
    fraud_type: Mapped[str | None] = mapped_column(String(32))
    fraud_case_id: Mapped[str | None] = mapped_column(String(24))
    fraud_reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_anomaly: Mapped[bool]
    anomaly_type: Mapped[str | None] = mapped_column(String(32))


class AccountEvent(Base):
    """Something a customer did in their banking app or to their account, besides paying."""

    __tablename__ = "account_events"
    __table_args__ = BY_DAY

    event_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(16))
    timestamp: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    partition_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(24))
    device_id: Mapped[str] = mapped_column(String(24))
    fraud_case_id: Mapped[str | None] = mapped_column(String(24))


_FEATURE_SQL_TYPES = {"flag": SmallInteger, "code": SmallInteger, "count": Integer,
                      "real": Float}  # fmt: skip


class MLFeatures(Base):
    """The model features of one transaction: one column per feature of the catalogue
    (`domain/feature_catalogue.py`), computed over its trailing windows."""

    __table__ = Table(
        "ml_features",
        Base.metadata,
        Column("transaction_id", String(24), primary_key=True),
        Column("partition_date", Date, primary_key=True),
        *(Column(f.name, _FEATURE_SQL_TYPES[f.kind](), nullable=f.nullable) for f in FEATURES),
        # queries select days of features and join them by id, never filter on a feature:
        # statistics of the keys alone load a day 1 s faster than of all 76 columns
        info={STATISTICS_COLUMNS: ("transaction_id", "partition_date")},
        **BY_DAY,
    )


class CustomerDailyActivity(Base):
    """One customer's payments of one day, summed: what the 7- and 30-day features roll up."""

    __tablename__ = "customer_daily_activity"
    __table_args__ = BY_DAY

    customer_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    partition_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    tx_count: Mapped[int]
    amount_sum: Mapped[float]
    amount_sq_sum: Mapped[float]
    amount_max: Mapped[float]
    declined_count: Mapped[int]
    hour_x_sum: Mapped[float]  # the payments' times of day as unit vectors, summed
    hour_y_sum: Mapped[float]
    channel_mask: Mapped[int] = mapped_column(BigInteger)  # a bit per channel used
    category_mask: Mapped[int] = mapped_column(BigInteger)
    city_mask: Mapped[int] = mapped_column(BigInteger)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ModelPrediction(Base):
    """A fraud probability given to one transaction by one registered model version."""

    __tablename__ = "model_predictions"

    transaction_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    model_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    partition_date: Mapped[dt.date] = mapped_column(Date, index=True)
    model_version: Mapped[str] = mapped_column(String(16))
    fraud_probability: Mapped[float]
    predicted_fraud: Mapped[bool]
    threshold: Mapped[float]
    mlflow_run_id: Mapped[str] = mapped_column(String(64))
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # alerts only: the features that pushed the score up most, strongest first
    reason_codes: Mapped[str | None] = mapped_column(String(200))


class _PatternColumns:
    """Columns shared by the fraud and anomaly scenario catalogues."""

    pattern_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    configured_share: Mapped[float]
    characteristics: Mapped[dict] = mapped_column(JSONB)
    horizon_days: Mapped[int | None] = mapped_column(SmallInteger)
    # what the stored transactions hold when the catalogue was last materialized
    observed_rows: Mapped[int] = mapped_column(BigInteger)
    observed_cases: Mapped[int | None] = mapped_column(BigInteger)
    reported_share: Mapped[float | None]
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class FraudPattern(_PatternColumns, Base):
    """A fraud scenario of the generator's library and its share of fraud."""

    __tablename__ = "fraud_patterns"


class AnomalyPattern(_PatternColumns, Base):
    """An anomaly scenario (unusual but legitimate behaviour) and its share of anomalies."""

    __tablename__ = "anomaly_patterns"
