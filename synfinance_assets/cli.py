"""The `synfinance` command: only what `dagster` and `alembic` do not already do.

synfinance demo      materialize the demo end to end and print a summary
synfinance summary   print what the warehouse holds
synfinance doctor    check what a night run needs: databases, stores, disk, schedules
synfinance export    copy a date range of the daily tables out as Parquet or CSV
synfinance mlflow    serve the MLflow UI on the project's tracking store
synfinance db stop   stop the embedded Postgres server
"""

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from synfinance_assets.settings import (
    WAREHOUSE_SCHEMA,
    dagster_home,
    display_url,
    warehouse_url,
)
from synfinance_assets.warehouse.models import Base

DEMO_STEPS = (
    ["--select", "customers,merchants"],
    [
        "--select",
        "transactions,account_events,customer_daily_activity,transaction_features",
        "--partition-range",
        "{first}...{last}",
    ],
    ["--select", "fraud_patterns,anomaly_patterns,fraud_model"],
    ["--select", "fraud_predictions", "--partition", "{last}"],
)


def demo(profile: str, first: dt.date, days: int) -> int:
    """Run the four `dagster asset materialize` steps of the demo; the log goes to a file."""
    last = first + dt.timedelta(days=days - 1)
    dagster = str(Path(sys.executable).with_name("dagster"))
    log_path = dagster_home() / "logs" / "demo.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        for step in DEMO_STEPS:
            args = [a.format(first=first, last=last) for a in step]
            command = [
                "dagster",
                "asset",
                "materialize",
                "-m",
                "synfinance_assets",
                "-c",
                profile,
                *args,
            ]
            print("$", " ".join(command), flush=True)
            log.flush()
            result = subprocess.run([dagster, *command[1:]], stdout=log, stderr=subprocess.STDOUT)
            if result.returncode != 0:
                print(f"failed; the Dagster log is in {log_path}", file=sys.stderr)
                return 1
    return summary()


def summary() -> int:
    url = warehouse_url()
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            table: conn.execute(text(f"SELECT count(*) FROM {WAREHOUSE_SCHEMA}.{table}")).scalar()
            for table in (t.name for t in Base.metadata.sorted_tables)
        }
        days, fraud, anomaly = conn.execute(
            text(
                f"SELECT count(DISTINCT partition_date), avg(is_fraud::int), avg(is_anomaly::int) "
                f"FROM {WAREHOUSE_SCHEMA}.transactions"
            )
        ).one()
    engine.dispose()
    print(f"\nSynFinance warehouse at {display_url(url)} (schema {WAREHOUSE_SCHEMA})")
    for table, rows in counts.items():
        print(f"  {table:<18} {rows:>10,} rows")
    if days:
        print(f"  {days} days of transactions, fraud rate {fraud:.2%}, anomaly rate {anomaly:.2%}")
    print(_model_line())
    print(
        f"\nDagster home: {dagster_home()}  -  open the UI with `make ui` (http://127.0.0.1:3000)"
    )
    return 0


def _model_line() -> str:
    import mlflow

    from synfinance_assets.dagster_defs.model_registry import MLflowTracking

    tracking = MLflowTracking()  # the store the assets use: MLFLOW_TRACKING_URI or the default
    tracking.setup_for_execution(None)
    champion = tracking.champion()
    if champion is None:
        return "  no fraud model registered yet"
    metrics = mlflow.MlflowClient().get_run(champion.run_id).data.metrics
    return (
        f"  model {tracking.registered_model_name} v{champion.version} ({champion.family}, "
        f"MLflow run {champion.run_id}): test PR-AUC "
        f"{metrics.get('test_pr_auc', float('nan')):.4f}, ROC-AUC "
        f"{metrics.get('test_roc_auc', float('nan')):.4f}\n"
        f"  MLflow store: {display_url(make_url(mlflow.get_tracking_uri()))}"
    )


def doctor(min_free_gb: float) -> int:
    """Report what a night run needs; 0 only when every check holds."""
    from synfinance_assets.doctor import examine, report

    findings = examine(min_free_gb)
    print(report(findings))
    return 0 if all(f.holds for f in findings) else 1


def stop_embedded() -> int:
    from synfinance_assets.warehouse.embedded import stop_embedded_server

    pgdata = dagster_home() / "pgdata"
    if not pgdata.exists():
        print("no embedded server under", pgdata)
        return 0
    stop_embedded_server(pgdata)
    print("stopped the embedded server in", pgdata)
    return 0


def export(start: dt.date, end: dt.date, fmt: str, root: str, tables: list[str]) -> int:
    """Copy ``tables``' rows of ``start`` .. ``end`` under ``root``, one file per table and
    day, and print what was written."""
    import time

    from synfinance_assets.warehouse import export as exporting

    began = time.perf_counter()
    try:  # every request is checked before anything is written
        days = exporting.days_between(start, end)
        written = exporting.export_range(warehouse_url(), days, tables, root, fmt)
    except ValueError as error:
        print(f"synfinance export: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - began
    if not written:
        print(f"nothing to export: no rows between {start} and {end}", file=sys.stderr)
        return 1
    print(exporting.summary_frame(written))
    rows = sum(e.rows for e in written)
    print(f"{rows:,} rows in {len(written)} files under {root} ({rows / seconds:,.0f} rows/s)")
    return 0


def mlflow_ui(port: int) -> int:
    """Serve the MLflow UI on the store the assets use. The store's URL (password
    included) reaches MLflow through its environment, never the command line or the
    screen."""
    import os

    from synfinance_assets.dagster_defs.model_registry import MLflowTracking

    tracking = MLflowTracking()
    env = {
        **os.environ,
        "MLFLOW_BACKEND_STORE_URI": tracking.store_uri(),
        "MLFLOW_DEFAULT_ARTIFACT_ROOT": tracking.artifact_root(),
        "MLFLOW_DISABLE_TELEMETRY": "true",
    }
    mlflow = str(Path(sys.executable).with_name("mlflow"))
    print(f"MLflow store: {display_url(make_url(tracking.store_uri()))}")
    print(f"MLflow UI: http://127.0.0.1:{port} (Ctrl-C stops it)", flush=True)
    try:
        return subprocess.run(
            [mlflow, "server", "--host", "127.0.0.1", "--port", str(port)], env=env
        ).returncode
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="synfinance", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run_demo = commands.add_parser("demo", help="materialize the demo and print a summary")
    run_demo.add_argument("--profile", default="config/demo.yaml")
    run_demo.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1))
    run_demo.add_argument("--days", type=int, default=21)
    commands.add_parser("summary", help="print what the warehouse holds")
    check = commands.add_parser("doctor", help="check what a night run needs (exit 0: all hold)")
    check.add_argument(
        "--min-free-gb", type=float, default=5.0, help="disk space the night needs (default 5)"
    )
    out = commands.add_parser(
        "export", help="copy a date range of the daily tables out as Parquet or CSV"
    )
    out.add_argument("--start", type=dt.date.fromisoformat, required=True, help="YYYY-MM-DD")
    out.add_argument("--end", type=dt.date.fromisoformat, required=True, help="YYYY-MM-DD")
    out.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    out.add_argument("--to", required=True, help="a folder, or a URI such as s3://bucket/path")
    out.add_argument(
        "--tables",
        default="transactions,account_events,ml_features,model_predictions",
        help="comma-separated (default: every daily table)",
    )
    ui = commands.add_parser("mlflow", help="serve the MLflow UI on the project's store")
    ui.add_argument("--port", type=int, default=5000)
    db = commands.add_parser("db", help="the embedded Postgres server")
    db.add_argument("action", choices=["stop"])
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo(args.profile, args.start, args.days)
    if args.command == "summary":
        return summary()
    if args.command == "doctor":
        return doctor(args.min_free_gb)
    if args.command == "mlflow":
        return mlflow_ui(args.port)
    if args.command == "export":
        tables = [t.strip() for t in args.tables.split(",") if t.strip()]
        return export(args.start, args.end, args.format, args.to, tables)
    return stop_embedded()


if __name__ == "__main__":
    sys.exit(main())
