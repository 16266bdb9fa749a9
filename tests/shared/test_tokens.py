"""A token ends when its account changes; integration tokens are named, time-limited, listed and revocable."""
import base64
import json

import pytest

from shared.accounts.service import create_or_update_user, deactivate_user
from tests.conftest import bearer


def _sign_in(client, username, password):
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": "Bearer " + response.json["access_token"]}


@pytest.mark.parametrize("change", ["deactivated", "roles changed", "password changed"])
def test_a_token_stops_working_when_its_account_changes(client, db, change):
    create_or_update_user(session=db, username="officer.fay", password="first password", roles=["admin"])
    db.commit()
    headers = _sign_in(client, "officer.fay", "first password")
    assert client.get("/api/v1/notices", headers=headers).status_code == 200
    if change == "deactivated":
        deactivate_user(session=db, username="officer.fay")
    elif change == "roles changed":
        create_or_update_user(session=db, username="officer.fay", password="first password",
                              roles=["enforcement_officer"])
    else:
        create_or_update_user(session=db, username="officer.fay", password="a new password", roles=["admin"])
    db.commit()
    refused = client.get("/api/v1/notices", headers=headers)
    assert refused.status_code == 401 and "Sign in again" in refused.json["detail"]


def test_a_token_with_no_signature_algorithm_is_refused(client):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    unsigned = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': 'x', 'roles': ['admin'], 'ver': 0})}."
    response = client.get("/api/v1/notices", headers={"Authorization": f"Bearer {unsigned}"})
    assert response.status_code == 401


def test_an_integration_token_is_named_listed_and_revocable(fpn_app, client, db):
    admin = bearer("admin.jones", "admin")
    result = fpn_app.test_cli_runner().invoke(args=["sbo", "token", "--name", "anpr-gateway", "--role",
                                                    "enforcement_officer", "--days", "30"])
    assert result.exit_code == 0, result.output
    gateway = {"Authorization": "Bearer " + result.stdout.strip().splitlines()[0]}
    assert client.get("/api/v1/orders", headers=gateway).status_code == 200

    [listed] = [t for t in client.get("/api/v1/integration-tokens", headers=admin).json if t["name"] == "anpr-gateway"]
    assert listed["roles"] == ["enforcement_officer"] and listed["revoked_at"] is None
    assert client.get("/api/v1/integration-tokens", headers=gateway).status_code == 403

    revoked = client.post(f"/api/v1/integration-tokens/{listed['id']}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json["revoked_by"] == "admin.jones"
    refused = client.get("/api/v1/orders", headers=gateway)
    assert refused.status_code == 401 and "revoked" in refused.json["detail"]


def test_an_integration_token_needs_a_lifetime_of_at_most_a_year(fpn_app):
    result = fpn_app.test_cli_runner().invoke(args=["sbo", "token", "--name", "x", "--role", "admin", "--days",
                                                    "3650"])
    assert result.exit_code != 0 and "3650" in result.output
