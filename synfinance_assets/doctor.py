"""`synfinance doctor`: what an operator checks before a night run.

Each check says whether it holds and what it saw; the command exits 0 only when every
one holds. A check that cannot even run (a server down, a store missing) fails with
the cause rather than stopping the others.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy import make_url

from synfinance_assets.settings import dagster_home, display_url, warehouse_url
from synfinance_assets.warehouse.schema_version import SchemaVersionError, require_head

DAEMON_STALE_SECONDS = 120  # the daemon beats every 30 s or so


@dataclass(frozen=True)
class Finding:
    check: str
    holds: bool
    detail: str


def check_warehouse() -> Finding:
    url = warehouse_url()
    try:
        head = require_head(url)
    except SchemaVersionError as error:
        return Finding("warehouse", False, str(error))
    return Finding("warehouse", True, f"{display_url(url)} reachable, schema at migration {head}")


def _instance():
    import dagster as dg

    os.environ.setdefault("DAGSTER_HOME", str(dagster_home()))
    return dg.DagsterInstance.get()


def check_instance() -> Finding:
    instance = _instance()
    runs = instance.get_runs_count()
    storage = type(instance.run_storage).__name__
    return Finding("dagster instance", True, f"{storage} answers: {runs} run(s) recorded")


def check_mlflow() -> Finding:
    import mlflow

    from synfinance_assets.dagster_defs.model_registry import MLflowTracking

    tracking = MLflowTracking()
    tracking.setup_for_execution(None)
    mlflow.MlflowClient().search_experiments(max_results=1)
    champion = tracking.champion()
    model = (
        f"champion {tracking.registered_model_name} v{champion.version}"
        if champion
        else "no champion registered yet"
    )
    store = display_url(make_url(tracking.store_uri()))
    return Finding("mlflow store", True, f"{store} reachable; {model}")


def check_disk(min_free_gb: float) -> Finding:
    home = dagster_home()
    free_gb = shutil.disk_usage(home if home.exists() else home.parent).free / 1e9
    return Finding(
        "disk",
        free_gb >= min_free_gb,
        f"{free_gb:.1f} GB free under {home} (needs {min_free_gb:g} GB)",
    )


def check_schedules() -> Finding:
    """Every schedule running in the instance, and a daemon alive to fire them."""
    import dagster as dg
    from dagster._core.definitions.run_request import InstigatorType
    from dagster._core.scheduler.instigation import InstigatorStatus

    from synfinance_assets.definitions import defs

    instance = _instance()
    stored = {
        state.instigator_name: state.status
        for state in instance.all_instigator_state(instigator_type=InstigatorType.SCHEDULE)
    }
    schedules = sorted(defs.schedules or [], key=lambda schedule: schedule.name)

    def running(schedule) -> bool:  # switched on, or on by default and never switched
        status = stored.get(schedule.name, InstigatorStatus.DECLARED_IN_CODE)
        return status == InstigatorStatus.RUNNING or (
            status == InstigatorStatus.DECLARED_IN_CODE
            and schedule.default_status == dg.DefaultScheduleStatus.RUNNING
        )

    states = ", ".join(f"{s.name} {'on' if running(s) else 'OFF'}" for s in schedules)
    beat = instance.get_daemon_heartbeats().get("SCHEDULER")
    age = time.time() - beat.timestamp if beat else None
    daemon = (
        "no scheduler daemon has ever run"
        if age is None
        else f"scheduler daemon last seen {age:.0f} s ago"
    )
    holds = all(map(running, schedules)) and age is not None and age < DAEMON_STALE_SECONDS
    hint = "" if holds else " (start them in the UI's Automation tab and keep `make ui` running)"
    return Finding("schedules", holds, f"{states}; {daemon}{hint}")


def check_newest_days() -> Finding:
    """The newest materialized day of each asset of the night: each must have one, and
    none may lag behind the newest day of transactions (a night that stopped half-way)."""
    import dagster as dg

    from synfinance_assets.dagster_defs.schedules import daily_refresh_job

    instance = _instance()
    from synfinance_assets.definitions import defs

    graph = defs.resolve_asset_graph()
    assets = [key.to_user_string() for key in daily_refresh_job.selection.resolve(graph)]
    newest = {
        asset: max(instance.get_materialized_partitions(dg.AssetKey(asset)), default=None)
        for asset in sorted(assets)
    }
    last = newest.get("transactions")
    behind = [asset for asset, day in newest.items() if day is None or (last and day < last)]
    seen = ", ".join(f"{asset} {day or 'never'}" for asset, day in newest.items())
    return Finding(
        "newest days", not behind, seen + (f"; behind: {', '.join(behind)}" if behind else "")
    )


def examine(min_free_gb: float) -> list[Finding]:
    """Every check, in the order an operator reads them; ``min_free_gb`` is the disk the
    night needs (a large night writes about 1 GB of rows and indexes)."""
    checks: list[tuple[str, Callable[[], Finding]]] = [
        ("warehouse", check_warehouse),
        ("dagster instance", check_instance),
        ("mlflow store", check_mlflow),
        ("disk", partial(check_disk, min_free_gb)),
        ("schedules", check_schedules),
        ("newest days", check_newest_days),
    ]
    findings = []
    for name, check in checks:
        try:
            findings.append(check())
        except Exception as error:  # a check that cannot run is a check that fails
            cause = str(error).strip().splitlines()[0] if str(error).strip() else ""
            findings.append(Finding(name, False, f"{type(error).__name__}: {_masked(cause)}"))
    return findings


def _masked(text: str) -> str:
    """``text`` with the password of any URL in it masked (some libraries' errors quote
    the URL they were given)."""
    return re.sub(r"(//[^/:@\s]+:)[^@\s]*@", r"\1***@", text)


def report(findings: list[Finding]) -> str:
    width = max(len(f.check) for f in findings)
    return "\n".join(
        f"{'ok  ' if f.holds else 'FAIL'}  {f.check:<{width}}  {f.detail}" for f in findings
    )
