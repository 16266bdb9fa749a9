"""Who may call what: one table per service, endpoint by endpoint, enforced for every request before its route runs.

A route missing from the table is open to nobody (403), and tests/shared/test_access.py fails until it is added.
"""
from flask import Flask, current_app, request

from shared.auth import require_roles
from shared.errors import Problem

PUBLIC = "public"  # no sign-in needed: pages that hold no data, health checks, sign-in itself, API documents
REFRESH_TOKEN = "refresh token"  # no bearer token: the route checks the refresh token it is sent instead
API_KEY = "api key"  # no bearer token: the route checks the api_key it is sent (Open311), and answers 403 without

# Routes every service has (shared.web registers them).
COMMON = {
    "api-docs.openapi_json": PUBLIC,
    "api-docs.openapi_swagger_ui": PUBLIC,
    "health.healthz": PUBLIC,
    "health.readyz": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.renew": REFRESH_TOKEN,
    "auth.sign_out": PUBLIC,
    "dead_letters.list_dead_letters": ("admin",),
    "integration_tokens.list_tokens": ("admin",),
    "integration_tokens.revoke": ("admin",),
}


def check_access() -> None:
    """The before-request hook: refuse (401/403) a caller the table does not let through to this endpoint."""
    if request.endpoint is None:  # no such route: a 404 follows
        return
    allowed = current_app.extensions["sbo_access"].get(request.endpoint)
    if allowed is None:
        raise Problem("Not allowed", f"'{request.endpoint}' is not in this service's access table, so nobody may "
                      "call it yet.", kind="forbidden", status=403)
    if allowed not in (PUBLIC, REFRESH_TOKEN, API_KEY):
        require_roles(allowed)


def register_access(app: Flask, table: dict) -> None:
    """Enforce `table` (endpoint: roles or PUBLIC), with the common routes, on every request to the app."""
    app.extensions["sbo_access"] = {**COMMON, **table}
    app.before_request(check_access)
