"""Every user-facing input refuses a bad value before anything is written, naming it.

Each case is run as a user runs it (`dagster asset materialize`, `synfinance ...`) in a
process of its own against the session's real warehouse; none may leave a row behind.
"""

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from synfinance_assets.settings import DATABASE_URL_ENV, libpq_dsn
from synfinance_assets.warehouse.models import Base
from synfinance_assets.warehouse.schema_version import head_revision
from synfinance_tests.conftest import REPO_ROOT, alembic_on

BIN = Path(sys.executable).parent


MATERIALIZE = ["dagster", "asset", "materialize", "-m", "synfinance_assets"]


def generation(config: str) -> str:
    return f"resources:\n  generation:\n    config: {config}\n"


@dataclass(frozen=True)
class Case:
    what: str
    command: list[str]  # a program of the environment and its arguments; {tmp} a scratch folder
    message: str  # what the error must say
    config: str | None = None  # a run config file passed with -c
    env: dict[str, str] = field(default_factory=dict)

    def argv(self, tmp: Path) -> list[str]:
        program, *args = self.command
        if self.config is not None:
            (tmp / "config.yaml").write_text(self.config)
            args = [*args, "-c", str(tmp / "config.yaml")]
        return [str(BIN / program), *(a.format(tmp=tmp) for a in args)]


CASES = [
    Case("a negative count", [*MATERIALIZE, "--select", "customers"],
         "n_customers must be at least 2, got -5", generation("{n_customers: -5}")),
    Case("too many customers", [*MATERIALIZE, "--select", "customers"],
         "n_customers must be at most", generation("{n_customers: 90000000}")),
    Case("a rate above 1", [*MATERIALIZE, "--select", "transactions", "--partition", "2025-01-02"],
         "fraud_rate must be within [0, 1]", generation("{fraud_rate: 1.5}")),
    Case("an unknown fraud scenario",
         [*MATERIALIZE, "--select", "transactions", "--partition", "2025-01-02"],
         "fraud_mix: unknown scenario", generation("{fraud_mix: {phishing: 1.0}}")),
    Case("an unknown difficulty", [*MATERIALIZE, "--select", "customers"], "difficulty",
         generation("{difficulty: extreme}")),
    Case("a date that is not a date", [*MATERIALIZE, "--select", "fraud_model"],
         "train_start must be a date",
         "ops:\n  fraud_model:\n    config: {train_start: 10/01/2025}\n"),
    Case("a training window ending before it starts", [*MATERIALIZE, "--select", "fraud_model"],
         "train_end (2025-01-05) is before train_start (2025-01-10)",
         "ops:\n  fraud_model:\n    config: {train_start: '2025-01-10', "
         "train_end: '2025-01-05'}\n"),
    Case("a fit cap below one row", [*MATERIALIZE, "--select", "fraud_model"],
         "max_fit_rows must be at least 1, got 0",
         "ops:\n  fraud_model:\n    config: {max_fit_rows: 0}\n"),
    Case("a partition before the first day",
         [*MATERIALIZE, "--select", "transactions", "--partition", "2019-01-01"],
         "partition key `2019-01-01`"),
    Case("a partition that is not a date",
         [*MATERIALIZE, "--select", "transactions", "--partition", "yesterday"],
         "partition key `yesterday`"),
    # a day no other test materializes, whatever order the tests run in
    Case("a missing upstream partition",
         [*MATERIALIZE, "--select", "transaction_features", "--partition", "2025-02-01"],
         "partitions that are not materialized"),
    Case("a model that does not exist",
         [*MATERIALIZE, "--select", "fraud_predictions", "--partition", "2025-01-03"],
         "no model models:/no-such-model@champion in the registry",
         "resources:\n  mlflow_tracking:\n    config: {registered_model_name: no-such-model}\n"),
    Case("a malformed database URL", [*MATERIALIZE, "--select", "customers"],
         "SYNFINANCE_DATABASE_URL must be a postgresql:// URL, got driver 'mysql'",
         env={DATABASE_URL_ENV: "mysql://user:hunter2@db/synfinance"}),
    Case("a database URL without a database", [*MATERIALIZE, "--select", "customers"],
         "SYNFINANCE_DATABASE_URL must name a database",
         env={DATABASE_URL_ENV: "postgresql://user:hunter2@127.0.0.1:5432"}),
    Case("an export range ending before it starts",
         ["synfinance", "export", "--start", "2025-01-05", "--end", "2025-01-01", "--to",
          "{tmp}/out"], "end (2025-01-01) is before start (2025-01-05)"),
    Case("an export of a table that is not daily",
         ["synfinance", "export", "--start", "2025-01-01", "--end", "2025-01-01", "--tables",
          "customers", "--to", "{tmp}/out"], "customers"),
]  # fmt: skip


def row_counts(url) -> dict[str, int]:
    with psycopg.connect(libpq_dsn(url)) as conn:
        return {
            table.name: conn.execute(
                sql.SQL("SELECT count(*) FROM synfinance.{}").format(sql.Identifier(table.name))
            ).fetchone()[0]
            for table in Base.metadata.sorted_tables
        }


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.what for c in CASES])
def test_bad_input_is_refused_by_name_and_writes_nothing(case, database_url, tmp_path):
    before = row_counts(database_url)
    result = run(case.argv(tmp_path), case.env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert case.message in output, output[-3000:]
    assert "hunter2" not in output  # a refused URL is named, its password never shown
    assert row_counts(database_url) == before


@pytest.fixture
def old_schema(scratch_warehouse):
    """A second warehouse on the same server, one migration behind the code."""
    alembic_on(scratch_warehouse, "downgrade", "-1")
    env = {DATABASE_URL_ENV: scratch_warehouse.render_as_string(hide_password=False)}
    return scratch_warehouse, env


def test_an_old_schema_is_refused_before_any_write(old_schema):
    url, env = old_schema
    result = run([str(BIN / "dagster"), *MATERIALIZE[1:], "--select", "customers,merchants"], env)
    assert result.returncode != 0
    assert f"this code writes migration {head_revision()}" in result.stdout + result.stderr
    assert "run `alembic upgrade head`" in result.stdout + result.stderr
    assert row_counts(url) == {table.name: 0 for table in Base.metadata.sorted_tables}
    doctor = run([str(BIN / "synfinance"), "doctor"], env)
    assert doctor.returncode == 1
    assert "FAIL  warehouse" in doctor.stdout and "is at migration" in doctor.stdout
