"""Reference assets: the customers, the merchants and the scenario catalogues."""

import json

import dagster as dg
import polars as pl

from synfinance_assets.defs.metadata import preview
from synfinance_assets.defs.resources import GenerationSettings, Warehouse
from synfinance_assets.domain.customers import generate_customers
from synfinance_assets.domain.merchants import generate_merchants
from synfinance_assets.domain.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS, Scenario
from synfinance_assets.warehouse.models import AnomalyPattern, Customer, FraudPattern, Merchant

GROUP = "reference"


@dg.asset(group_name=GROUP, kinds={"polars", "postgres"})
def customers(generation: GenerationSettings, warehouse: Warehouse) -> dg.MaterializeResult:
    """Retail customers across 35 Indian cities: demographics, income level, home location,
    primary device and daily payment rate; a configured share are mule accounts of fraud rings.
    A pure function of the seed; replaces the whole `synfinance.customers` table."""
    frame = generate_customers(generation.seed, generation.n_customers, generation.mule_share)
    warehouse.replace(Customer.__table__, frame)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": frame.height,
            "mule_accounts": int(frame["is_mule"].sum()),
            "cities": frame["city"].n_unique(),
            "income_levels": dg.MetadataValue.json(
                dict(frame["income_level"].value_counts().iter_rows())
            ),
            "preview": preview(
                frame,
                [
                    "customer_id",
                    "first_name",
                    "last_name",
                    "city",
                    "income_level",
                    "daily_txn_rate",
                    "is_mule",
                ],
            ),
        }
    )


@dg.asset(group_name=GROUP, kinds={"polars", "postgres"})
def merchants(generation: GenerationSettings, warehouse: Warehouse) -> dg.MaterializeResult:
    """Merchants by category (with MCC), city and typical ticket; a configured share collude
    with fraud rings. A pure function of the seed; replaces the `synfinance.merchants` table."""
    frame = generate_merchants(generation.seed, generation.n_merchants, generation.colluding_share)
    warehouse.replace(Merchant.__table__, frame)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": frame.height,
            "colluding_merchants": int(frame["is_colluding"].sum()),
            "categories": dg.MetadataValue.json(dict(frame["category"].value_counts().iter_rows())),
            "preview": preview(frame, ["merchant_id", "name", "category", "mcc_code", "city"]),
        }
    )


def _write_catalogue(
    warehouse: Warehouse, table, scenarios: dict[str, Scenario], mix: dict[str, float]
) -> dg.MaterializeResult:
    """Replace ``table`` with one row per scenario and its share of the configured mix."""
    total = sum(mix.values())
    frame = pl.DataFrame(
        {
            "pattern_type": list(scenarios),
            "description": [s.description for s in scenarios.values()],
            "severity": [s.severity for s in scenarios.values()],
            "configured_share": [mix.get(name, 0.0) / total for name in scenarios],
            "characteristics": [json.dumps(s.characteristics) for s in scenarios.values()],
        }
    )
    warehouse.replace(table, frame)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": frame.height,
            "catalogue": preview(frame.drop("characteristics")),
        }
    )


@dg.asset(group_name=GROUP, kinds={"postgres"})
def fraud_patterns(generation: GenerationSettings, warehouse: Warehouse) -> dg.MaterializeResult:
    """The fraud scenario library: each `fraud_type` label, what it models, its severity and
    its configured share of fraud."""
    return _write_catalogue(
        warehouse, FraudPattern.__table__, FRAUD_SCENARIOS, generation.fraud_mix
    )


@dg.asset(group_name=GROUP, kinds={"postgres"})
def anomaly_patterns(generation: GenerationSettings, warehouse: Warehouse) -> dg.MaterializeResult:
    """The anomaly scenario library: each `anomaly_type` label (unusual but legitimate
    behaviour), its severity and its configured share of anomalies."""
    return _write_catalogue(
        warehouse, AnomalyPattern.__table__, ANOMALY_SCENARIOS, generation.anomaly_mix
    )
