"""Reference assets: the customers, the merchants and the scenario catalogues."""

import json
from collections.abc import Iterator

import dagster as dg
import polars as pl

from synfinance_assets.dagster_defs.metadata import counts_table, preview
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import GenerationSettings, Warehouse
from synfinance_assets.domain.quality import catalogue_suite, customers_suite, merchants_suite
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, Scenario
from synfinance_assets.sim.tables import customer_table, merchant_table
from synfinance_assets.warehouse.models import (
    AnomalyPattern,
    Customer,
    FraudPattern,
    Merchant,
    Transaction,
)

GROUP = "reference"
TRANSACTIONS = Transaction.__table__


CUSTOMERS_CHECK = "customers_meet_quality_suite"
MERCHANTS_CHECK = "merchants_meet_quality_suite"


@dg.asset(
    group_name=GROUP,
    kinds={"polars", "postgres"},
    check_specs=[
        SuiteGate.spec(
            "customers",
            CUSTOMERS_CHECK,
            "The table meets the customers suite before it is written: columns, unique ids "
            "and e-mails, known segments and cities, homes in India, adult ages, incomes > 0, "
            "risk scores in [0, 1]. A failing table is not written.",
        )
    ],
)
def customers(
    generation: GenerationSettings, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Retail customers across 42 Indian cities weighted by their state's UPI use: segment
    (student, salaried, gig worker, small business, homemaker, farmer, retiree, professional)
    with a consistent age and income, home location, instruments held (UPI VPA, cards, net
    banking, wallet), salary day and the phone on file. Their habits (activity, favourite
    shops, circle of payees, mandates) and fraud roles (mule accounts) stay in the
    simulation. A pure function of the seed; replaces the whole `synfinance.customers`
    table."""
    frame = customer_table(generation.world())
    gate = SuiteGate("customers", CUSTOMERS_CHECK, customers_suite())
    yield from gate.audit(frame, "table")
    warehouse.replace(Customer.__table__, frame)
    yield dg.MaterializeResult(
        check_results=[gate.result()],
        metadata={
            "dagster/row_count": frame.height,
            "cities": frame["city"].n_unique(),
            "income_levels": counts_table(
                dict(frame["income_level"].value_counts().iter_rows()), "income_level", "customers"
            ),
            "segments": counts_table(
                dict(frame["occupation"].value_counts().iter_rows()), "occupation", "customers"
            ),
            "mean_age": float(frame["age"].mean()),
            "preview": preview(
                frame,
                [
                    "customer_id",
                    "first_name",
                    "last_name",
                    "city",
                    "occupation",
                    "age",
                    "income_level",
                ],
            ),
        },
    )


@dg.asset(
    group_name=GROUP,
    kinds={"polars", "postgres"},
    check_specs=[
        SuiteGate.spec(
            "merchants",
            MERCHANTS_CHECK,
            "The table meets the merchants suite before it is written: columns, unique ids, "
            "known categories and cities, places in India, average tickets > 0, risk scores "
            "in [0, 1]. A failing table is not written.",
        )
    ],
)
def merchants(
    generation: GenerationSettings, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Merchants in 26 categories with their MCC (kirana, supermarkets, restaurants and food
    delivery, fuel, utilities, recharge, marketplaces, travel, pharmacy, education, jewellery,
    electronics, insurance, loan EMIs, government and tax, ...), online or physical with a
    terminal and a VPA, in the cities where people pay. Which of them collude with fraud
    rings stays in the simulation. A pure function of the seed; replaces the
    `synfinance.merchants` table."""
    frame = merchant_table(generation.world())
    gate = SuiteGate("merchants", MERCHANTS_CHECK, merchants_suite())
    yield from gate.audit(frame, "table")
    warehouse.replace(Merchant.__table__, frame)
    yield dg.MaterializeResult(
        check_results=[gate.result()],
        metadata={
            "dagster/row_count": frame.height,
            "categories": counts_table(
                dict(frame["category"].value_counts().iter_rows()), "category", "merchants"
            ),
            "online_share": float(frame["is_online"].mean()),
            "preview": preview(
                frame, ["merchant_id", "name", "category", "mcc_code", "is_online", "city"]
            ),
        },
    )


def catalogue_frame(
    scenarios: dict[str, Scenario], mix: dict[str, float], observed: pl.DataFrame
) -> pl.DataFrame:
    """One row per scenario: its description, its share of the configured mix and what
    the stored transactions hold of it (``observed``: one row per label with
    ``observed_rows`` and, for fraud, ``observed_cases`` and ``reported_share``)."""
    total = sum(mix.values())
    return (
        pl.DataFrame(
            {
                "pattern_type": list(scenarios),
                "description": [s.description for s in scenarios.values()],
                "severity": [s.severity for s in scenarios.values()],
                "configured_share": [mix.get(name, 0.0) / total for name in scenarios],
                "characteristics": [json.dumps(s.characteristics) for s in scenarios.values()],
                "horizon_days": pl.Series(
                    [s.horizon_days for s in scenarios.values()], dtype=pl.Int16
                ),  # fmt: skip
            }
        )
        .join(observed, on="pattern_type", how="left")
        .with_columns(pl.col("observed_rows").fill_null(0))
    )


def _write_catalogue(
    warehouse: Warehouse,
    table,
    scenarios: dict[str, Scenario],
    mix: dict[str, float],
    observed: pl.DataFrame,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Replace ``table`` with the catalogue of ``scenarios``, once it meets its suite."""
    frame = catalogue_frame(scenarios, mix, observed)
    labelled = int(observed["observed_rows"].sum())
    gate = SuiteGate(
        table.name,
        _catalogue_check(table.name),
        catalogue_suite(table, scenarios, labelled),
    )
    yield from gate.audit(frame, "table")
    warehouse.replace(table, frame)
    yield dg.MaterializeResult(
        check_results=[gate.result()],
        metadata={
            "dagster/row_count": frame.height,
            "observed_rows": int(frame["observed_rows"].sum()),
            "catalogue": preview(frame.drop("characteristics", "description"), rows=frame.height),
        },
    )


def _catalogue_check(asset: str) -> str:
    return f"{asset}_meet_quality_suite"


def _catalogue_spec(asset: str) -> dg.AssetCheckSpec:
    return SuiteGate.spec(
        asset,
        _catalogue_check(asset),
        "The catalogue meets its suite before it is written: one row per scenario of the "
        "library, known severities, configured shares summing to one, and observed rows "
        "adding up to every labelled transaction stored (no label outside the library).",
    )


@dg.asset(
    group_name=GROUP,
    kinds={"postgres"},
    deps=["transactions"],
    check_specs=[_catalogue_spec("fraud_patterns")],
)
def fraud_patterns(
    generation: GenerationSettings, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The fraud typology library: each `fraud_type` label, what it models, its severity,
    the days one case can span and its configured share of fraud rows, beside what the
    stored transactions hold of it (rows, cases, share reported) when materialized."""
    stored = warehouse.read(
        TRANSACTIONS, ["fraud_type", "fraud_case_id", "fraud_reported_at"], TRANSACTIONS.c.is_fraud
    )
    observed = stored.group_by(pattern_type="fraud_type").agg(
        observed_rows=pl.len(),
        observed_cases=pl.col("fraud_case_id").n_unique(),
        reported_share=pl.col("fraud_reported_at").is_not_null().mean(),
    )
    yield from _write_catalogue(
        warehouse, FraudPattern.__table__, FRAUD_SCENARIOS, generation.fraud_mix, observed
    )


@dg.asset(
    group_name=GROUP,
    kinds={"postgres"},
    deps=["transactions"],
    check_specs=[_catalogue_spec("anomaly_patterns")],
)
def anomaly_patterns(
    generation: GenerationSettings, warehouse: Warehouse
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """The anomaly library: each `anomaly_type` label (unusual but legitimate behaviour), its
    severity and its configured share of anomalies, beside the rows the stored transactions
    hold of it when materialized."""
    stored = warehouse.read(TRANSACTIONS, ["anomaly_type"], TRANSACTIONS.c.is_anomaly)
    observed = stored.group_by(pattern_type="anomaly_type").agg(
        observed_rows=pl.len(),  # an anomaly is one payment, never reported as fraud
        observed_cases=pl.lit(None, pl.Int64),
        reported_share=pl.lit(None, pl.Float64),
    )
    yield from _write_catalogue(
        warehouse, AnomalyPattern.__table__, ANOMALY_SCENARIOS, generation.anomaly_mix, observed
    )
