"""The daily `transactions` asset, its Great Expectations gate and its fidelity check."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
import polars as pl

from synfinance_assets.dagster_defs.metadata import (
    PeakMemory,
    Stopwatch,
    counts_table,
    preview,
    table,
    transaction_figures,
    transaction_metadata,
    transaction_tally,
)
from synfinance_assets.dagster_defs.policies import DAILY_WAREHOUSE_ASSET
from synfinance_assets.dagster_defs.quality import SuiteGate
from synfinance_assets.dagster_defs.resources import GenerationSettings, QualityBands, Warehouse
from synfinance_assets.dagster_defs.simulation import world_of_stored_profile
from synfinance_assets.domain.drift import (
    KL_LIMIT,
    ROW_COUNT_TOLERANCE,
    drift_frame,
    drift_suite,
    week_before,
)
from synfinance_assets.domain.leak_audit import LIMIT as LEAK_LIMIT
from synfinance_assets.domain.leak_audit import leak_audit
from synfinance_assets.domain.quality import transactions_suite
from synfinance_assets.partitions import days_in
from synfinance_assets.sim.fidelity import fidelity_report, tally
from synfinance_assets.sim.render import TRANSACTION_COLUMNS, render_day
from synfinance_assets.warehouse.models import Transaction

TABLE = Transaction.__table__
PREVIEW_COLUMNS = [
    "transaction_id",
    "timestamp",
    "customer_id",
    "channel",
    "merchant_category",
    "amount",
    "status",
    "city",
    "fraud_type",
    "anomaly_type",
]
QUALITY_CHECK = "transactions_meet_quality_suite"
FIDELITY_CHECK = "transactions_match_published_figures"
LEAK_CHECK = "transactions_pass_leak_audit"
DRIFT_CHECK = "transactions_hold_last_week_shape"
AUDITED_COLUMNS = [c for c in TRANSACTION_COLUMNS if c not in ("partition_date",)]


@dg.asset(
    group_name="transactions",
    kinds={"polars", "postgres"},
    deps=["customers", "merchants"],
    check_specs=[
        SuiteGate.spec(
            "transactions",
            QUALITY_CHECK,
            "Each day meets the transactions suite before it is written: columns and types, "
            "unique ids, non-null keys, amount > 0, known channels, statuses and labels, "
            "coordinates in India, fraud and anomaly rates in band, every customer, "
            "counterparty and merchant a stored one. A failing day is not written.",
        ),
        SuiteGate.spec(
            "transactions",
            DRIFT_CHECK,
            "The warn suite: each day's amounts, Indian hours, channels and merchant categories "
            f"within KL divergence {KL_LIMIT} of the 7 days before it, and its row count within "
            f"±{ROW_COUNT_TOLERANCE:.0%} of the same weekday last week. A warning: festivals "
            "move these on purpose.",
            blocking=False,
        ),
        dg.AssetCheckSpec(
            FIDELITY_CHECK,
            asset="transactions",
            description="The days reproduce the published NPCI/RBI figures: channel mix by "
            "count and value, mean tickets, UPI P2M shares, category tickets, state shares, peak "
            "hours, the month-start lift and the monthly index, each within its band (averages "
            "±10 %, shares ±3 points). A warning: small or partial runs can miss a band by chance.",
        ),
        dg.AssetCheckSpec(
            LEAK_CHECK,
            asset="transactions",
            description="No raw column, nor a simple transform of one (round amounts, paise, "
            "hour, sub-second digits, coordinates and their precision, empty fields, id "
            f"patterns, device novelty), tells fraud on its own: each ROC-AUC <= {LEAK_LIMIT}.",
        ),
    ],
    **DAILY_WAREHOUSE_ASSET,
)
def transactions(
    context: dg.AssetExecutionContext,
    generation: GenerationSettings,
    quality_bands: QualityBands,
    warehouse: Warehouse,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """One Asia/Kolkata day of UPI (P2P and P2M), card (at the POS or online), net-banking and
    wallet payments in INR, rendered from a persistent world of customers with habits: their
    active hours, usual shops, circle of payees, salary day and monthly mandates (rent, EMI,
    SIP, bills, recharges), under the day's festivals. Each payment has a status (success,
    declined with its reason, reversed, or a refund naming its original) and its labels
    (`fraud_type`, `fraud_case_id`, `fraud_reported_at`, `anomaly_type`).

    A day is a pure function of (seed, date): the same alone or inside a range. Each day is
    validated in memory by the Great Expectations suite before it is written, then replaces
    its partition in one transaction. The metadata holds the fidelity report: every generated
    aggregate beside its published NPCI/RBI figure and band."""
    memory, watch = PeakMemory(), Stopwatch()
    with watch.phase("world"):
        world, customer_ids, merchant_ids = world_of_stored_profile(
            generation, warehouse, "transactions"
        )
    network = generation.network()
    plan = generation.day_plan()
    gate = SuiteGate(
        "transactions",
        QUALITY_CHECK,
        transactions_suite(
            quality_bands.min_fraud_rate,
            quality_bands.max_fraud_rate,
            quality_bands.min_anomaly_rate,
            quality_bands.max_anomaly_rate,
        ),
        references={
            "customer_id": customer_ids,
            "counterparty_customer_id": customer_ids,
            "merchant_id": merchant_ids,
        },
    )
    drift = SuiteGate("transactions", DRIFT_CHECK, None, blocking=False)
    days = days_in(context.partition_time_window)
    tallies, by_kind, by_half_hour, audited = [], [], [], []
    # the server counts the week before a day while this process renders the day
    with ThreadPoolExecutor(max_workers=1) as server:
        for day in days:
            week_counts = server.submit(warehouse.query, week_before(day))
            with watch.phase("render"):
                frame = render_day(world, network, day, plan)
            with watch.phase("drift"):
                if (week := drift_suite(day, week_counts.result())) is not None:
                    yield from drift.audit(drift_frame(frame), day, week)
            with watch.phase("audit and write"):
                yield from gate.audited_write(warehouse, TABLE, frame, day)
            context.log.info(f"transactions {day}: {frame.height} rows written")
            tallies.append(transaction_tally(frame))
            # a range is one materialization: each day's own figures are logged beside it, so
            # the Plots tab draws them day by day
            context.log_event(
                dg.AssetObservation(
                    asset_key=context.asset_key,
                    partition=day.isoformat(),
                    metadata=transaction_figures(tallies[-1]),
                )
            )
            kind, half_hours = tally(frame)
            by_kind.append(kind)
            by_half_hour.append(half_hours)
            audited.append(frame.select(AUDITED_COLUMNS))
            if day == days[0]:
                first_rows = preview(frame, PREVIEW_COLUMNS)
    with watch.phase("fidelity and leaks"):
        report = fidelity_report(pl.concat(by_kind), pl.concat(by_half_hour))
        leaks = leak_audit(pl.concat(audited), generation.seed)
    context.log.info(f"transactions: seconds by phase: {watch}")
    yield dg.MaterializeResult(
        metadata={
            **transaction_metadata(pl.concat(tallies)),
            "days": len(days),
            "fidelity_report": fidelity_table(report),
            "fidelity_failures": int((report["status"] == "FAIL").sum()),
            "preview": first_rows,
            "seconds_by_phase": counts_table(dict(watch.seconds), "phase", "seconds"),
            **memory.report(context),
        },
        check_results=[
            gate.result(),
            drift.result(),
            fidelity_check(report),
            leak_check(leaks),
        ],
    )


def fidelity_check(report: pl.DataFrame) -> dg.AssetCheckResult:
    """A warning when any generated figure leaves its band."""
    failing = report.filter(pl.col("status") == "FAIL")
    return dg.AssetCheckResult(
        check_name=FIDELITY_CHECK,
        passed=failing.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{report.height - failing.height} of {report.height} figures in band"
        + (f"; outside: {', '.join(failing['metric'])}" if failing.height else ""),
        metadata={"fidelity_report": fidelity_table(report)},
    )


def leak_check(audit: pl.DataFrame) -> dg.AssetCheckResult:
    """A warning when one column alone tells fraud from genuine payments."""
    failing = audit.filter(pl.col("status") == "FAIL")
    worst = audit.row(0, named=True) if audit.height else {"signal": "none", "auc": 0.5}
    return dg.AssetCheckResult(
        check_name=LEAK_CHECK,
        passed=failing.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        description=f"highest single-signal ROC-AUC {worst['auc']} ({worst['signal']})"
        + (f"; above {LEAK_LIMIT}: {', '.join(failing['signal'])}" if failing.height else ""),
        metadata={
            "max_auc": float(worst["auc"]),
            "leak_audit": table(audit),
        },
    )


def fidelity_table(report: pl.DataFrame) -> dg.TableMetadataValue:
    """The fidelity report as a table, figures rounded for reading."""
    return table(report.with_columns(pl.col("generated", "reference", "low", "high").round(2)))
