"""The MLflow resource: it alone starts runs, registers, promotes and loads models.

Assets hand it what to record; they never call the MLflow client themselves. Each model
version carries tags that say how to use it: its family (which MLflow flavour to load it
with), its alert threshold, its feature list and the test window it was judged on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import dagster as dg
import polars as pl
from pydantic import Field

from synfinance_assets.settings import dagster_home, sibling_database_url


@dataclass(frozen=True)
class LoggedModel:
    """A model run: its run id and the URI of the model it logged."""

    run_id: str
    model_uri: str


@dataclass(frozen=True)
class RegisteredModel:
    """A version of the registered model, with what its tags say."""

    version: str
    run_id: str
    family: str
    threshold: float
    features: list[str]


class MLflowTracking(dg.ConfigurableResource):
    """MLflow tracking and model registry; by default a store in the warehouse's server."""

    tracking_uri: str | None = Field(
        default=None, description="MLFLOW_TRACKING_URI; unset uses <warehouse>_mlflow"
    )
    experiment_name: str = "synfinance-fraud"
    registered_model_name: str = "synfinance-fraud"
    champion_alias: str = "champion"
    ui_url: str = Field(
        default="http://127.0.0.1:5000",
        description="where the MLflow UI serves this store (`make mlflow`): the base of run links",
    )

    def store_uri(self) -> str:
        """The tracking store's URI, password included (never log it: see display_url)."""
        # MLflow's own migrations run on the psycopg2 driver
        return (
            self.tracking_uri
            or os.environ.get("MLFLOW_TRACKING_URI")
            or sibling_database_url("mlflow")
            .set(drivername="postgresql+psycopg2")
            .render_as_string(hide_password=False)
        )

    def setup_for_execution(self, context: dg.InitResourceContext | None) -> None:
        import mlflow

        uri = self.store_uri()
        mlflow.set_tracking_uri(uri)
        mlflow.set_registry_uri(uri)
        if mlflow.get_experiment_by_name(self.experiment_name) is None:
            mlflow.create_experiment(self.experiment_name, artifact_location=self.artifact_root())

    def run_url(self, run_id: str) -> str:
        """The run's page in the MLflow UI."""
        import mlflow

        experiment = mlflow.get_experiment_by_name(self.experiment_name)
        return f"{self.ui_url.rstrip('/')}/#/experiments/{experiment.experiment_id}/runs/{run_id}"

    def artifact_root(self) -> str:
        return (dagster_home() / "mlflow" / "artifacts").resolve().as_uri()

    @property
    def champion_uri(self) -> str:
        return f"models:/{self.registered_model_name}@{self.champion_alias}"

    def log_model_run(
        self,
        run_name: str,
        model,
        params: dict,
        metrics: dict[str, float],
        tables: dict[str, dict],
        figures: dict,
        input_example: pl.DataFrame,
    ) -> LoggedModel:
        """One run: parameters, metrics, JSON tables, figures and the model (LightGBM or
        scikit-learn flavour) with its signature and an input example."""
        import lightgbm as lgb
        import matplotlib.pyplot as plt
        import mlflow
        from mlflow.models import infer_signature

        experiment = mlflow.get_experiment_by_name(self.experiment_name)
        with mlflow.start_run(experiment_id=experiment.experiment_id, run_name=run_name) as run:
            mlflow.log_params(params)
            mlflow.log_metrics(metrics)
            for name, table in tables.items():
                mlflow.log_dict(table, f"{name}.json")
            for name, figure in figures.items():
                mlflow.log_figure(figure, f"{name}.png")
                plt.close(figure)
            example = input_example.to_pandas()
            common = {"name": "model", "input_example": example}
            if isinstance(model, lgb.Booster):
                info = mlflow.lightgbm.log_model(
                    model,
                    signature=infer_signature(example, model.predict(example.to_numpy())),
                    pip_requirements=[f"lightgbm=={lgb.__version__}"],
                    **common,
                )
            else:
                import sklearn

                output = model.predict_proba(example.to_numpy())
                info = mlflow.sklearn.log_model(
                    model,
                    signature=infer_signature(example, output),
                    pip_requirements=[f"scikit-learn=={sklearn.__version__}"],
                    pyfunc_predict_fn="predict_proba",
                    # stored with skops, not pickle; the pipeline's dtypes and a forest's
                    # trees are scikit-learn's own types
                    skops_trusted_types=["numpy.dtype", "sklearn.tree._tree.Tree"],
                    **common,
                )
        return LoggedModel(run.info.run_id, info.model_uri)

    def register(self, logged: LoggedModel, family: str, threshold: float, features: list[str],
                 test_window: str) -> RegisteredModel:  # fmt: skip
        """A new version of the registered model from a logged model (no alias yet)."""
        import mlflow

        version = mlflow.register_model(logged.model_uri, self.registered_model_name)
        tags = {"family": family, "threshold": repr(threshold),
                "features": json.dumps(features), "test_window": test_window}  # fmt: skip
        client = mlflow.MlflowClient()
        for key, value in tags.items():
            client.set_model_version_tag(self.registered_model_name, version.version, key, value)
        return RegisteredModel(str(version.version), logged.run_id, family, threshold, features)

    def champion(self) -> RegisteredModel | None:
        """The version the ``champion`` alias points to, if any."""
        import mlflow

        client = mlflow.MlflowClient()
        try:
            version = client.get_model_version_by_alias(
                self.registered_model_name, self.champion_alias
            )
        except mlflow.exceptions.MlflowException:
            return None
        return RegisteredModel(
            version=str(version.version),
            run_id=version.run_id,
            family=version.tags.get("family", "lightgbm"),
            threshold=float(version.tags["threshold"]),
            features=json.loads(version.tags["features"]) if "features" in version.tags else [],
        )

    def promote(self, version: str) -> None:
        """Point the ``champion`` alias at ``version``."""
        import mlflow

        mlflow.MlflowClient().set_registered_model_alias(
            self.registered_model_name, self.champion_alias, version
        )

    def load(self, registered: RegisteredModel):
        """The model of that exact version, in its own flavour (a LightGBM booster or a
        scikit-learn pipeline)."""
        import mlflow

        uri = f"models:/{self.registered_model_name}/{registered.version}"
        if registered.family == "lightgbm":
            return mlflow.lightgbm.load_model(uri)
        return mlflow.sklearn.load_model(uri)
