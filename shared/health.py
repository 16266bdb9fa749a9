"""Liveness and readiness: /healthz answers while the process runs; /readyz checks the database and broker."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from shared.problems import problem_response
from shared.sessions import database

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok", service=current_app.config["SERVICE"])


@blp.get("/readyz")
def readyz():
    """The database and the message broker both answer; 503 with what is down otherwise."""
    checks = {}
    try:
        with database().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        with current_app.extensions["celery"].connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"unreachable: {type(exc).__name__}"
    if all(v == "ok" for v in checks.values()):
        return jsonify(status="ready", checks=checks)
    down = " and the ".join(k for k, v in checks.items() if v != "ok")
    return problem_response(503, "Not ready", f"The {down} cannot be reached: this service cannot take requests "
                            "yet.", "not-ready", headers={"Retry-After": "30"},
                            checks=checks)
