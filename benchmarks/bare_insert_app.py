"""The baseline for `make bench`: a bare Flask endpoint doing one INSERT per POST, nothing else.

One table in its own schema `bench`, SQLAlchemy Core with the default connection pool, no auth, no validation,
no ORM. `python -m benchmarks.issue_notices` creates the table and serves this app with gunicorn:
`benchmarks.bare_insert_app:create_app()`, with BENCH_DATABASE_URL pointing at the benchmark database.
"""
import os

from flask import Flask, jsonify, request
from sqlalchemy import JSON, BigInteger, Column, DateTime, MetaData, String, Table, create_engine, func, text
from sqlalchemy.engine import Engine

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sbo_bench"
SCHEMA = "bench"
metadata = MetaData(schema=SCHEMA)
records = Table(
    "records", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("received_at", DateTime(timezone=True), server_default=func.now()),
    Column("ward", String(60)),
    Column("body", JSON),
)


def create_table(engine: Engine) -> None:
    """Create the `bench` schema and its one table (if missing)."""
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    metadata.create_all(engine)


def create_app(database_url: str | None = None) -> Flask:
    """The bare app: GET / answers without the database; POST /records inserts the JSON body as one row."""
    engine = create_engine(database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    app = Flask(__name__)

    @app.get("/")
    def index():
        return jsonify(status="ok")

    @app.post("/records")
    def insert_record():
        body = request.get_json()
        ward = (body.get("location") or {}).get("ward")
        with engine.begin() as conn:
            row_id = conn.execute(records.insert().values(ward=ward, body=body)
                                  .returning(records.c.id)).scalar_one()
        return jsonify(id=row_id, **body), 201

    return app
