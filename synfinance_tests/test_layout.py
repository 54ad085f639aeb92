"""The domain packages stand alone: importing them loads no framework."""

import subprocess
import sys

HEAVY = ["dagster", "great_expectations", "mlflow", "lightgbm", "sqlalchemy"]


def test_the_kernel_imports_without_the_frameworks():
    probe = (
        "import sys; import synfinance_assets.sim.render, synfinance_assets.sim.events, "
        "synfinance_assets.sim.fidelity, synfinance_assets.core.keyed; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_package_still_exposes_its_definitions():
    probe = "import dagster, synfinance_assets as s; print(isinstance(s.defs, dagster.Definitions))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr
