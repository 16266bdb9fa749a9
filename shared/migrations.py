"""Alembic per schema: each service migrates only its own schema, with its own version table inside it."""
import sys

from alembic import command, context
from alembic.config import Config
from sqlalchemy import text

from shared.db import DatabaseUnreachable, ensure_database, make_engine
from shared.service_list import migration_locations
from shared.settings import load_settings

# Migrated in this order: accounts first, as every service signs people in against it.
LOCATIONS = migration_locations()


def alembic_config(schema: str, database_url: str | None = None) -> Config:
    """An Alembic Config for one schema's migrations."""
    config = Config()
    config.set_main_option("script_location", str(LOCATIONS[schema]))
    config.set_main_option("sqlalchemy.url", database_url or load_settings().database_url)
    config.attributes["schema"] = schema
    return config


def upgrade_all(database_url: str | None = None) -> None:
    """Bring every schema up to its latest migration."""
    for schema, location in LOCATIONS.items():
        if location.exists():
            command.upgrade(alembic_config(schema, database_url), "head")


def run_env(metadata) -> None:
    """The body of every migrations/env.py: migrate `metadata.schema` and nothing else."""
    schema = metadata.schema
    url = context.config.get_main_option("sqlalchemy.url")

    def include_name(name, type_, parent_names):
        """Autogenerate compares only this service's schema."""
        if type_ == "schema":
            return name == schema
        return parent_names.get("schema_name", schema) == schema

    engine = make_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            connection.commit()
        context.configure(connection=connection, target_metadata=metadata, version_table_schema=schema,
                          include_schemas=True, include_name=include_name, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def main() -> None:
    """`python -m shared.migrations`: create the configured database if need be, then migrate every schema."""
    url = load_settings().database_url
    try:
        if ensure_database(url):
            print("database created")
    except DatabaseUnreachable as exc:
        sys.exit(f"Cannot migrate: {exc}")
    upgrade_all(url)
    print("database migrated:", ", ".join(s for s, p in LOCATIONS.items() if p.exists()))


if __name__ == "__main__":
    main()
