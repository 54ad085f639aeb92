"""Dagster instance storage in the ``<warehouse>_dagster`` database of the warehouse's server.

``dagster_home/dagster.yaml`` names this class, so the instance follows
``SYNFINANCE_DATABASE_URL`` (or the embedded server) without a URL of its own.
"""

from dagster_postgres import DagsterPostgresStorage

from synfinance_assets.settings import sibling_database_url


class WarehouseServerStorage(DagsterPostgresStorage):
    """dagster-postgres storage whose URL is derived from the warehouse's."""

    def __init__(self, inst_data=None, should_autocreate_tables=True):
        # dagster-postgres is written for psycopg2; SQLAlchemy 2.1 defaults to psycopg 3
        url = sibling_database_url("dagster").set(drivername="postgresql+psycopg2")
        super().__init__(
            postgres_url=url.render_as_string(hide_password=False),
            inst_data=inst_data,
            should_autocreate_tables=should_autocreate_tables,
        )

    @classmethod
    def config_type(cls):
        return {}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data)
