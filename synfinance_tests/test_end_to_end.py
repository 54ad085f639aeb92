"""The real definitions, materialized with the `dagster` command as users and CI run it."""

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import mlflow
import numpy as np
import polars as pl
import psycopg
import pytest
import yaml
from polars.testing import assert_frame_equal
from sqlalchemy import make_url

from synfinance_assets import defs
from synfinance_assets.dagster_defs.model_registry import MLflowTracking
from synfinance_assets.domain import training
from synfinance_assets.domain.compiled_trees import compile_trees
from synfinance_assets.domain.feature_catalogue import MODEL_FEATURES
from synfinance_assets.domain.features import compute_features
from synfinance_assets.partitions import PARTITIONS_START, daily_partitions
from synfinance_assets.settings import dagster_home, libpq_dsn
from synfinance_assets.sim.scenarios import ANOMALY_SCENARIOS, FRAUD_SCENARIOS
from synfinance_assets.warehouse import io
from synfinance_assets.warehouse.models import AccountEvent, Customer, MLFeatures, Transaction
from synfinance_tests.processes import stop

REPO_ROOT = Path(__file__).resolve().parents[1]
DAGSTER = str(Path(sys.executable).with_name("dagster"))
PROFILE = """
resources:
  generation:
    config: {seed: 11, n_customers: 1500, n_merchants: 300, fraud_rate: 0.03}
"""
FINGERPRINT = """
SELECT count(*), count(DISTINCT transaction_id),
       md5(string_agg(t::text, '|' ORDER BY transaction_id))
FROM synfinance.{table} t WHERE partition_date = %s
"""


CLI_OUTPUT: list[str] = []  # everything the dagster commands of this module printed


def materialize(profile: Path, *args: str, expect_success: bool = True) -> str:
    result = subprocess.run(
        [DAGSTER, "asset", "materialize", "-m", "synfinance_assets", "-c", str(profile), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert (result.returncode == 0) == expect_success, output[-4000:]
    CLI_OUTPUT.append(output)
    return output


def query(url, statement: str, *params):
    with psycopg.connect(libpq_dsn(url)) as conn:
        return conn.execute(statement, params).fetchall()


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("profile") / "test.yaml"
    path.write_text(PROFILE)
    return path


@pytest.fixture(scope="module")
def demo(database_url, profile):
    """Customers, 10 days of transactions and features, the catalogues, the model, one day
    of predictions."""
    materialize(profile, "--select", "customers,merchants")
    materialize(
        profile,
        "--select",
        "transactions,account_events,customer_daily_activity,transaction_features",
        "--partition-range",
        "2025-01-01...2025-01-10",
    )
    materialize(profile, "--select", "fraud_patterns,anomaly_patterns,fraud_model")
    materialize(profile, "--select", "fraud_predictions", "--partition", "2025-01-10")
    return database_url


def test_every_table_is_filled(demo):
    counts = dict(
        query(
            demo,
            """
        SELECT 'customers', count(*) FROM synfinance.customers UNION ALL
        SELECT 'merchants', count(*) FROM synfinance.merchants UNION ALL
        SELECT 'fraud_patterns', count(*) FROM synfinance.fraud_patterns UNION ALL
        SELECT 'anomaly_patterns', count(*) FROM synfinance.anomaly_patterns UNION ALL
        SELECT 'days', count(DISTINCT partition_date) FROM synfinance.transactions UNION ALL
        SELECT 'event days', count(DISTINCT partition_date) FROM synfinance.account_events UNION ALL
        SELECT 'events of strangers', count(*) FROM synfinance.account_events e
            LEFT JOIN synfinance.customers c USING (customer_id) WHERE c.customer_id IS NULL
            UNION ALL
        SELECT 'unfeatured', count(*) FROM synfinance.transactions t
            LEFT JOIN synfinance.ml_features f USING (transaction_id) WHERE f.transaction_id IS NULL
    """,
        )
    )
    assert counts == {
        "customers": 1500,
        "merchants": 300,
        "fraud_patterns": len(FRAUD_SCENARIOS),
        "anomaly_patterns": len(ANOMALY_SCENARIOS),
        "days": 10,
        "event days": 10,
        "events of strangers": 0,
        "unfeatured": 0,
    }


def test_catalogues_count_what_is_stored(demo):
    catalogue = query(
        demo,
        "SELECT pattern_type, observed_rows, observed_cases, horizon_days "
        "FROM synfinance.fraud_patterns ORDER BY pattern_type",
    )
    stored = dict(
        query(
            demo,
            "SELECT fraud_type, count(*) FROM synfinance.transactions WHERE is_fraud "
            "GROUP BY fraud_type",
        )
    )
    assert {name: rows for name, rows, _, _ in catalogue} == {
        name: stored.get(name, 0) for name in FRAUD_SCENARIOS
    }
    assert all(0 < cases <= rows and horizon >= 1 for _, rows, cases, horizon in catalogue)


def test_labels_and_fraud_rate(demo):
    ((rate, types, anomalies),) = query(
        demo,
        """
        SELECT avg(is_fraud::int), count(DISTINCT fraud_type), count(DISTINCT anomaly_type)
        FROM synfinance.transactions""",
    )
    assert 0.02 < rate < 0.04
    assert (types, anomalies) == (len(FRAUD_SCENARIOS), len(ANOMALY_SCENARIOS))


def test_predictions_record_the_scoring_model(demo):
    rows = query(
        demo,
        """
        SELECT p.model_name, p.model_version, count(*),
               avg(CASE WHEN NOT t.is_fraud THEN p.fraud_probability END),
               avg(CASE WHEN t.is_fraud THEN p.fraud_probability END)
        FROM synfinance.model_predictions p JOIN synfinance.transactions t USING (transaction_id)
        GROUP BY 1, 2""",
    )
    ((name, version, count, mean_genuine, mean_fraud),) = rows
    (day_rows,) = query(
        demo, "SELECT count(*) FROM synfinance.transactions WHERE partition_date = '2025-01-10'"
    )
    assert (name, version, count) == ("synfinance-fraud", "1", day_rows[0])
    assert mean_fraud > 5 * mean_genuine


def test_a_lightgbm_champion_scores_through_its_compiled_trees(demo):
    """The stored scores are the champion booster's own, from its trees compiled once into
    the instance's storage folder, when fraud_model promoted it."""
    tracking = MLflowTracking()
    tracking.setup_for_execution(None)
    champion = tracking.champion()
    assert champion.family == "lightgbm"
    booster = tracking.load(champion)
    day = MLFeatures.__table__.c.partition_date == dt.date(2025, 1, 10)
    features = io.read_rows(
        demo, MLFeatures.__table__, ["transaction_id", *champion.features], where=day
    )
    stored = pl.DataFrame(
        query(demo, "SELECT transaction_id, fraud_probability FROM synfinance.model_predictions "
              "WHERE partition_date = '2025-01-10' AND model_version = %s", champion.version),
        schema=["transaction_id", "stored"],
        orient="row",
    )  # fmt: skip
    scored = features.join(stored, on="transaction_id")
    assert scored.height == features.height
    expected = booster.predict(training.matrix(scored, champion.features))
    assert np.abs(scored["stored"].to_numpy() - expected).max() < 1e-12
    # the champion's object was already there (this call reuses it), written by the
    # fraud_model run that promoted it, whatever other models' objects lie beside it
    folder = dagster_home() / "storage" / "compiled_trees"
    objects = set(folder.glob("*.o"))
    compiled = compile_trees(booster, folder).object_file
    assert compiled in objects
    records = dg.DagsterInstance.get().fetch_materializations(dg.AssetKey("fraud_model"), 100)
    (promoted,) = [
        r for r in records.records
        if r.asset_materialization.metadata["registered_model"].value == "synfinance-fraud"
        and r.asset_materialization.metadata["registered_version"].value == champion.version
    ]  # fmt: skip
    assert compiled.stat().st_mtime <= promoted.timestamp


def test_every_alert_and_only_alerts_carry_reason_codes(demo):
    (alerts, explained, unexplained, reasons) = query(
        demo,
        """
        SELECT count(*) FILTER (WHERE predicted_fraud),
               count(reason_codes) FILTER (WHERE predicted_fraud),
               count(reason_codes) FILTER (WHERE NOT predicted_fraud),
               string_agg(DISTINCT split_part(reason_codes, ', ', 1), ',')
        FROM synfinance.model_predictions""",
    )[0]
    assert alerts > 0 and explained == alerts and unexplained == 0
    assert set(reasons.split(",")) <= set(MODEL_FEATURES)


def test_stored_features_are_those_computed_in_memory(demo):
    """The asset's reads (ids numbered by the server, the activity rolled up by it) give
    the rows `compute_features` gives from the raw tables in memory."""
    days = [dt.date(2025, 1, 9), dt.date(2025, 1, 10)]
    tables = (Transaction, AccountEvent, Customer)
    transactions, events, customers = (io.read_rows(demo, t.__table__) for t in tables)
    expected = compute_features(transactions, events, customers, days, PARTITIONS_START)
    stored = io.read_rows(
        demo, MLFeatures.__table__, where=MLFeatures.__table__.c.partition_date.in_(days)
    )
    assert stored.height == expected.height > 1000
    assert_frame_equal(
        stored.sort("transaction_id"),
        expected.sort("transaction_id"),
        check_dtypes=False,
        check_column_order=False,
        rel_tol=1e-9,
        # a spread of equal amounts is a square root of rounding noise: 0 or 1e-4 rupees
        abs_tol=1e-3,
    )


def test_a_retrained_model_that_does_not_win_leaves_the_champion(demo, profile):
    """The same days trained again tie with the champion: a new version is registered, the
    gate passes, the alias stays, and predictions still come from the champion."""
    output = materialize(profile, "--select", "fraud_model")
    assert "does not beat champion v1" in output
    tracking = MLflowTracking()
    tracking.setup_for_execution(None)
    versions = mlflow.MlflowClient().search_model_versions("name = 'synfinance-fraud'")
    assert sorted(str(v.version) for v in versions) == ["1", "2"]
    assert tracking.champion().version == "1"
    materialize(profile, "--select", "fraud_predictions", "--partition", "2025-01-10")
    rows = query(demo, "SELECT model_version, count(*), count(DISTINCT transaction_id) "
                 "FROM synfinance.model_predictions GROUP BY 1")  # fmt: skip
    ((version, count, distinct),) = rows
    assert version == "1" and count == distinct


def test_a_long_window_fits_on_sampled_genuine_rows(demo, profile, tmp_path):
    """Past ``max_fit_rows`` the fit keeps every fraud and a weighted share of the genuine
    rows, read a day at a time; registered under another name, the champion untouched."""
    capped = tmp_path / "capped.yaml"
    capped.write_text(
        "ops:\n  fraud_model:\n    config: {max_fit_rows: 4000}\n"
        "resources:\n  mlflow_tracking:\n    config: {registered_model_name: capped-fraud}\n"
    )
    materialize(profile, "--select", "fraud_model", "-c", str(capped))
    event = dg.DagsterInstance.get().get_latest_materialization_event(dg.AssetKey("fraud_model"))
    metadata = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    ((fit_rows,),) = query(demo, "SELECT count(*) FROM synfinance.ml_features "
                           "WHERE partition_date <= '2025-01-04'")  # fmt: skip
    assert metadata["registered_model"] == "capped-fraud" and fit_rows > 2 * 4000
    assert metadata["genuine_share"] == pytest.approx(4000 / fit_rows)
    # about the cap, plus the few frauds kept whole
    assert 0.9 * 4000 < metadata["fit_rows"] < 4000 + 0.1 * fit_rows
    tracking = MLflowTracking()
    tracking.setup_for_execution(None)  # the project's store
    run = mlflow.get_run(metadata["mlflow_run_id"])
    assert float(run.data.params["genuine_share"]) == pytest.approx(4000 / fit_rows, abs=1e-6)
    assert tracking.champion().version == "1"


def test_a_day_rerun_alone_gives_the_same_rows(demo, profile):
    day = "2025-01-07"
    before = [
        query(demo, FINGERPRINT.format(table=t), day) for t in ("transactions", "ml_features")
    ]
    materialize(profile, "--select", "transactions,transaction_features", "--partition", day)
    after = [query(demo, FINGERPRINT.format(table=t), day) for t in ("transactions", "ml_features")]
    assert after == before
    ((count, distinct, _),) = after[0]
    assert count == distinct > 0


def test_invalid_config_fails_before_writing(demo, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("resources:\n  generation:\n    config: {fraud_rate: 1.5}\n")
    before = query(demo, FINGERPRINT.format(table="transactions"), "2025-01-08")
    output = materialize(
        bad, "--select", "transactions", "--partition", "2025-01-08", expect_success=False
    )
    assert "fraud_rate must be within [0, 1]" in output
    assert query(demo, FINGERPRINT.format(table="transactions"), "2025-01-08") == before


def test_missing_upstream_partition_is_named(demo, profile):
    output = materialize(
        profile,
        "--select",
        "transaction_features",
        "--partition",
        "2025-01-20",
        expect_success=False,
    )
    assert "2025-01-13" in output and "not materialized" in output


def test_failing_suite_writes_nothing_and_stops_downstream(demo):
    """A day whose fraud rate leaves the configured band fails the blocking suite: the check
    records which expectation failed, the stored day is untouched, the features do not run."""
    day = "2025-01-05"
    before = [
        query(demo, FINGERPRINT.format(table=t), day) for t in ("transactions", "ml_features")
    ]
    generation = yaml.safe_load(PROFILE)["resources"]["generation"]
    narrow_band = {"min_fraud_rate": 0.5, "max_fraud_rate": 0.6}
    job = dg.define_asset_job(
        "transactions_then_features",
        selection=dg.AssetSelection.assets("transactions", "transaction_features"),
        partitions_def=daily_partitions,
    )
    result = (
        dg.Definitions.merge(defs, dg.Definitions(jobs=[job]))
        .resolve_job_def("transactions_then_features")
        .execute_in_process(
            partition_key=day,
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            run_config={
                "resources": {"generation": generation, "quality_bands": {"config": narrow_band}}
            },
        )
    )
    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    evaluation = evaluations["transactions_meet_quality_suite"]
    assert not evaluation.passed
    failed = evaluation.metadata["failed_expectations"].value
    assert [(f["day"], f["column"]) for f in failed] == [(day, "is_fraud")]
    assert result.asset_materializations_for_node("transactions") == []
    assert result.asset_materializations_for_node("transaction_features") == []
    after = [query(demo, FINGERPRINT.format(table=t), day) for t in ("transactions", "ml_features")]
    assert after == before


def test_the_demo_range_exports_as_users_take_it(demo, profile, tmp_path):
    """`synfinance export` writes every daily table of the range; the `dataset_export` asset
    writes a day under the export root; DuckDB reads both back with Postgres' counts."""
    import duckdb

    synfinance = str(Path(sys.executable).with_name("synfinance"))
    stored = dict(
        query(demo, "SELECT 'transactions', count(*) FROM synfinance.transactions UNION ALL "
              "SELECT 'ml_features', count(*) FROM synfinance.ml_features UNION ALL "
              "SELECT 'model_predictions', count(*) FROM synfinance.model_predictions")
    )  # fmt: skip
    for fmt, reader in (("parquet", "read_parquet"), ("csv", "read_csv_auto")):
        out = tmp_path / fmt
        result = subprocess.run(
            [synfinance, "export", "--start", "2025-01-01", "--end", "2025-01-10", "--format",
             fmt, "--to", str(out)],
            cwd=REPO_ROOT, capture_output=True, text=True, env=os.environ.copy(), timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        for table, rows in stored.items():
            ((count, days),) = duckdb.sql(
                f"SELECT count(*), count(DISTINCT partition_date) FROM "
                f"{reader}('{out}/{table}/*/*.{fmt}', hive_partitioning = true)"
            ).fetchall()
            assert (count, days) == (rows, 1 if table == "model_predictions" else 10), table

    materialize(profile, "--select", "dataset_export", "--partition", "2025-01-10")
    root = Path(os.environ["DAGSTER_HOME"]) / "exports"
    (day_rows,) = query(
        demo, "SELECT count(*) FROM synfinance.transactions WHERE partition_date = '2025-01-10'"
    )
    ((exported,),) = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{root}/transactions/partition_date=2025-01-10/*')"
    ).fetchall()
    assert exported == day_rows[0]
    event = dg.DagsterInstance.get().get_latest_materialization_event(dg.AssetKey("dataset_export"))
    metadata = event.asset_materialization.metadata
    assert isinstance(metadata["tables"], dg.TableMetadataValue)
    assert metadata["dagster/row_count"].value >= day_rows[0]


METADATA_TYPES = """
query ($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    ... on Asset { assetMaterializations(limit: 1) { metadataEntries { label __typename } } }
  }
}
"""


DAY_FIGURES = """
query {
  assetOrError(assetKey: {path: ["transactions"]}) {
    ... on Asset {
      assetObservations(limit: 100) { partition metadataEntries { label __typename } }
    }
  }
}
"""


def test_the_ui_shows_tables_numbers_and_links(demo):
    """What the Dagster UI receives (its GraphQL API): per-day figures as numbers it plots
    over partitions, tables with a schema rather than JSON, the model's MLflow run as a
    link."""
    from dagster_graphql.test.utils import define_out_of_process_context, execute_dagster_graphql

    expected = {
        "transactions": {
            "fraud_rate": "FloatMetadataEntry",
            "mean_ticket_inr_upi_p2m": "FloatMetadataEntry",
            "channels": "TableMetadataEntry",
            "fraud_type_counts": "TableMetadataEntry",
            "fidelity_report": "TableMetadataEntry",
        },
        "account_events": {"event_types": "TableMetadataEntry"},
        "transaction_features": {"feature_means": "TableMetadataEntry"},
        "fraud_model": {
            "model_comparison": "TableMetadataEntry",
            "recall_by_fraud_type": "TableMetadataEntry",
            "mlflow_run": "UrlMetadataEntry",
            "pr_auc": "FloatMetadataEntry",
        },
        "fraud_predictions": {"score_distribution": "TableMetadataEntry"},
    }
    workspace = str(REPO_ROOT / "workspace.yaml")
    with define_out_of_process_context(workspace, None, dg.DagsterInstance.get()) as context:
        for asset, types in expected.items():
            result = execute_dagster_graphql(context, METADATA_TYPES, {"path": [asset]})
            (latest,) = result.data["assetOrError"]["assetMaterializations"]
            seen = {e["label"]: e["__typename"] for e in latest["metadataEntries"]}
            assert {label: seen.get(label) for label in types} == types, asset
        # a range is one materialization; each day's own figures are plotted from its
        # observation
        observed = execute_dagster_graphql(context, DAY_FIGURES).data["assetOrError"]
        by_day = {
            o["partition"]: {e["label"]: e["__typename"] for e in o["metadataEntries"]}
            for o in observed["assetObservations"]
        }
        assert len(by_day) == 10
        assert all(f.get("fraud_rate") == "FloatMetadataEntry" for f in by_day.values())


def test_make_mlflow_serves_the_runs_of_the_project(demo):
    """`synfinance mlflow` (what `make mlflow` runs) serves the store the assets wrote:
    the three runs of fraud_model are there."""
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    synfinance = str(Path(sys.executable).with_name("synfinance"))
    server = subprocess.Popen(
        [synfinance, "mlflow", "--port", str(port)], cwd=REPO_ROOT, env=os.environ.copy(),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/api/2.0/mlflow"
        experiment = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(
                    f"{base}/experiments/get-by-name?experiment_name=synfinance-fraud"
                ) as response:
                    experiment = json.load(response)["experiment"]["experiment_id"]
                break
            except OSError:
                time.sleep(1)
        assert experiment is not None, "the MLflow UI did not start"
        request = urllib.request.Request(
            f"{base}/runs/search", method="POST",
            data=json.dumps({"experiment_ids": [experiment]}).encode(),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request) as response:
            runs = json.load(response)["runs"]
        families = {r["info"]["run_name"] for r in runs}
        assert {"lightgbm", "logistic_regression", "random_forest"} <= families
    finally:
        os.killpg(server.pid, 15)
        output = server.communicate(timeout=30)[0]
    password = make_url(os.environ["SYNFINANCE_DATABASE_URL"]).password
    assert f"127.0.0.1:{port}" in output and (not password or password not in output)


def synfinance(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("synfinance")), *args],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_doctor_holds_only_with_schedules_on_and_a_daemon_alive(demo):
    before = synfinance("doctor", "--min-free-gb", "0.5")
    assert before.returncode == 1, before.stdout + before.stderr
    lines = {line.split()[1]: line for line in before.stdout.splitlines()}
    assert all(lines[c].startswith("ok") for c in ("warehouse", "dagster", "mlflow", "disk"))
    assert (
        lines["schedules"].startswith("FAIL")
        and "nightly_refresh_schedule OFF" in lines["schedules"]
    )
    assert lines["newest"].startswith("ok") and "fraud_predictions 2025-01-10" in lines["newest"]
    assert "transaction_features 2025-01-10" in lines["newest"]

    subprocess.run([DAGSTER, "schedule", "start", "--start-all", "-m", "synfinance_assets"],
                   cwd=REPO_ROOT, check=True, capture_output=True)  # fmt: skip
    daemon = None
    try:
        daemon = subprocess.Popen(
            [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-m",
             "synfinance_assets"],
            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 180
        while (after := synfinance("doctor", "--min-free-gb", "0.5")).returncode != 0:
            assert time.monotonic() < deadline, after.stdout
            time.sleep(5)
        assert "nightly_refresh_schedule on, weekly_retrain_schedule on" in after.stdout
    finally:
        if daemon is not None:
            stop(daemon)
        for schedule in ("nightly_refresh_schedule", "weekly_retrain_schedule"):
            subprocess.run([DAGSTER, "schedule", "stop", schedule, "-m", "synfinance_assets"],
                           cwd=REPO_ROOT, check=True, capture_output=True)  # fmt: skip


def test_every_validation_is_kept_as_data_docs(demo):
    """Great Expectations' own results of each asset's suites, day by day, under the
    instance's home, with a front page that lists them."""
    index = Path(os.environ["DAGSTER_HOME"]) / "great_expectations" / "data_docs" / "index.html"
    front_page = index.read_text()
    for suite in ("transactions", "account_events", "ml_features", "model_predictions",
                  "transactions_drift"):  # fmt: skip
        assert f"validations/{suite}/2025-01-10/" in front_page, suite
    day_pages = list((index.parent / "validations" / "transactions" / "2025-01-10").rglob("*.html"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", day_pages[0].read_text()))
    assert "Expectation Suite: transactions" in text


def test_the_database_password_never_leaves_the_environment(demo):
    """Not in what the commands print, the run config the UI shows, the event log and its
    metadata, the step logs, MLflow's params and tags, nor the Data Docs."""
    secret = demo.password
    if not secret:
        pytest.skip("the warehouse URL carries no password")
    home = Path(os.environ["DAGSTER_HOME"])
    instance = dg.DagsterInstance.get()
    runs = instance.get_runs()
    assert runs and CLI_OUTPUT
    seen = {
        "command output": "".join(CLI_OUTPUT),
        "run config": "".join(repr(run.run_config) for run in runs),
        "event log": "".join(
            repr(record) for run in runs for record in instance.all_logs(run.run_id)
        ),
        "files under dagster_home": "".join(
            path.read_text(errors="ignore")
            for path in home.rglob("*")
            if path.is_file() and path.suffix in {".json", ".html", ".out", ".err", ".log", ".yaml"}
        ),
    }
    client = mlflow.MlflowClient()
    experiments = [e.experiment_id for e in client.search_experiments()]
    seen["mlflow"] = "".join(
        repr(run.data.params) + repr(run.data.tags) for run in client.search_runs(experiments)
    )
    assert all(seen.values())
    assert [where for where, text in seen.items() if secret in text] == []
