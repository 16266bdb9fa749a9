"""Database engines and sessions: one PostgreSQL schema per service (an attached SQLite file locally)."""
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from shared.service_list import ALL_SCHEMAS

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def make_base(schema: str) -> type[DeclarativeBase]:
    """Return a declarative base whose tables all live in `schema`."""

    class Base(DeclarativeBase):
        metadata = MetaData(schema=schema, naming_convention=NAMING)

    return Base


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; on SQLite every service schema is an attached database file beside the main one.

    Statements' parameters are never put in error messages: they hold offenders' and residents' details, and error
    messages reach logs.
    """
    kwargs.setdefault("hide_parameters", True)
    if not url.startswith("sqlite"):
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    main_file = Path(url.split("///", 1)[1])
    main_file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine, "connect")
    def _attach_schemas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        for schema in ALL_SCHEMAS:
            cursor.execute(f"ATTACH DATABASE '{main_file.with_name(main_file.stem + '-' + schema + '.sqlite')}' AS {schema}")
        cursor.close()

    return engine


class Database:
    """A service's engine and session factory, shared by its web app, worker and scheduler jobs."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        """True when running on PostgreSQL rather than the embedded SQLite."""
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self):
        """Yield a session inside one transaction: committed on success, rolled back on error."""
        with self.sessionmaker() as session, session.begin():
            yield session



def insert_unless_taken(on, what):
    """An INSERT of `what` (a model or table) that skips a row a unique rule already holds (ON CONFLICT DO NOTHING,
    on PostgreSQL or SQLite): with `.returning(...)`, a row taken a moment ago by another request comes back as
    nothing, without a savepoint or an error. `on`: the session or connection it is for."""
    bind = on.get_bind() if hasattr(on, "get_bind") else on
    dialect_insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(what).on_conflict_do_nothing()


def is_unique_violation(err: Exception) -> bool:
    """True when the database refused a second row with the same key (PostgreSQL 23505, or SQLite's words)."""
    return isinstance(err, IntegrityError) and (getattr(err.orig, "sqlstate", None) == "23505"
                                                or "UNIQUE constraint failed" in str(err.orig))


class DatabaseUnreachable(Exception):
    """The configured PostgreSQL server cannot be connected to, or the database cannot be created there."""


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database named in `url` if it is missing; True if it was created.

    Raises DatabaseUnreachable with one sentence saying what to do. SQLite files are created on first use.
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return False
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    server = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
                return False
            conn.execute(f'CREATE DATABASE "{parsed.database}"')
            return True
    except psycopg.OperationalError as exc:
        # psycopg's first line ends with the cause: "... port 5432 failed: Connection refused".
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = " ".join(first.rsplit(" failed: ", 1)[-1].split())
        raise DatabaseUnreachable(f"Cannot connect to PostgreSQL at {where} ({reason}): start it, or correct "
                                  "DATABASE_URL.") from exc
    except psycopg.Error as exc:
        raise DatabaseUnreachable(f"The database '{parsed.database}' does not exist on {where} and could not be "
                                  f"created ({str(exc).strip()}): create it, or use a role that may.") from exc


class UtcDateTime(TypeDecorator):
    """A moment, kept in UTC and always read back timezone-aware, on PostgreSQL and on SQLite alike (SQLite keeps no
    time zone: without this it would hand back naive times, which cannot be compared with aware ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value
