# SynFinance: `make run` materializes the demo on the embedded Postgres, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/dagster_home
export GX_ANALYTICS_ENABLED := false
export MLFLOW_DISABLE_TELEMETRY := true
export DAGSTER_DISABLE_TELEMETRY := yes

.PHONY: setup run test ui mlflow migrate benchmark doctor stop clean

$(BIN)/dagster: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/dagster

migrate: setup
	$(BIN)/alembic upgrade head

run: migrate
	$(BIN)/synfinance demo --profile config/demo.yaml

test: setup
	$(BIN)/pytest

ui: migrate
	$(BIN)/dagster dev -m synfinance_assets

mlflow: migrate
	$(BIN)/synfinance mlflow

doctor: setup
	$(BIN)/synfinance doctor

benchmark: setup
	$(BIN)/python -m benchmarks

stop: setup
	$(BIN)/synfinance db stop

clean:
	if [ -x $(BIN)/synfinance ]; then $(BIN)/synfinance db stop; fi
	rm -rf $(VENV) dagster_home/pgdata dagster_home/storage dagster_home/mlflow dagster_home/logs
