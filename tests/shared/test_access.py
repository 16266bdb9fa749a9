"""Every route of every service answers every kind of caller as its access table says: no token, an expired one,
one signed with the wrong key, one with no signature, one for a deactivated account, and each role."""
import base64
import json
import re

from sqlalchemy import text

from shared.access import API_KEY, PUBLIC, REFRESH_TOKEN
from shared.auth import ROLES, issue_token
from tests.conftest import SECRET, _accounts, _ensure_account, bearer


def _routes(app):
    """(endpoint, method, a path to call it on) for every route of the app."""
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<path:[^>]+>", "missing.css", path)
        path = re.sub(r"<[^>]+>", "x", path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, path


def _unsigned(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _bad_tokens():
    _ensure_account("access.gone")
    with _accounts["engine"].begin() as conn:
        conn.execute(text("UPDATE accounts.users SET active = false WHERE username = 'access.gone'"))
    every = list(ROLES)
    return {
        "no token": {},
        "expired": {"Authorization": "Bearer " + issue_token(SECRET, "access.admin", every, -1, version=0)},
        "wrong key": {"Authorization": "Bearer " + issue_token("another-key-entirely-0123456789abcdef", "access.admin",
                                                               every, version=0)},
        "no signature": {"Authorization": "Bearer " + _unsigned({"sub": "access.admin", "roles": every, "ver": 0,
                                                                 "iss": "safer-brent-operations",
                                                                 "exp": 4102444800})},
        "deactivated account": {"Authorization": "Bearer " + issue_token(SECRET, "access.gone", every, version=0)},
    }


def test_every_route_is_in_its_services_access_table(service_apps):
    missing = [f"{name}: {endpoint}" for name, app in service_apps.items()
               for endpoint, _m, _p in _routes(app) if endpoint not in app.extensions["sbo_access"]]
    assert not missing, f"add these routes to the service's access table (services/<name>/access.py): {missing}"


def test_every_route_answers_every_caller_as_its_table_says(service_apps, db):
    bad = _bad_tokens()
    by_role = {role: bearer(f"access.{role}", role) for role in ROLES}
    wrong = []
    for name, app in service_apps.items():
        client = app.test_client()
        for endpoint, method, path in _routes(app):
            allowed = app.extensions["sbo_access"][endpoint]

            def call(headers):
                return client.open(path, method=method, headers=headers, json={} if method == "POST" else None)

            if allowed in (REFRESH_TOKEN, API_KEY):  # a bearer token is no use here, whoever it speaks for
                statuses = {call(headers).status_code for headers in [*bad.values(), *by_role.values()]}
                if statuses != ({401} if allowed == REFRESH_TOKEN else {403}):
                    wrong.append(f"{name} {method} {path} without its {allowed}: {statuses}")
                continue

            for case, headers in bad.items():
                status = call(headers).status_code
                if (allowed == PUBLIC and status in (401, 403)) or (allowed != PUBLIC and status != 401):
                    wrong.append(f"{name} {method} {path} with {case}: {status}")
            for role, headers in by_role.items():
                status = call(headers).status_code
                if (allowed == PUBLIC or role in allowed) != (status not in (401, 403)):
                    wrong.append(f"{name} {method} {path} as {role}: {status}")
    assert not wrong, "\n".join(wrong)
