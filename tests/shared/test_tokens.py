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


def _signed_in(client, db, username="officer.gus", **options):
    create_or_update_user(session=db, username=username, password="a long password", roles=["enforcement_officer"])
    db.commit()
    answer = client.post("/api/v1/auth/token", json={"username": username, "password": "a long password", **options})
    assert answer.status_code == 200 and answer.json["expires_in"] == 15 * 60
    return answer


def test_a_refresh_token_renews_the_sign_in_once_and_is_replaced(client, db):
    first = _signed_in(client, db).json["refresh_token"]
    renewed = client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert renewed.status_code == 200 and renewed.json["refresh_token"] != first
    orders = client.get("/api/v1/orders", headers={"Authorization": "Bearer " + renewed.json["access_token"]})
    assert orders.status_code == 200


def test_a_browser_renews_with_its_cookie_and_signing_out_ends_it(client, db):
    signed_in = _signed_in(client, db, use_cookie=True)  # the test client keeps the cookie, as a browser does
    assert "refresh_token" not in signed_in.json  # no page script can read it
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/v1/auth" in cookie
    renewed = client.post("/api/v1/auth/refresh", json={})
    assert renewed.status_code == 200 and "refresh_token" not in renewed.json
    assert client.post("/api/v1/auth/sign-out", json={}).status_code == 204
    ended = client.post("/api/v1/auth/refresh", json={})
    assert ended.status_code == 401 and "Sign in again" in ended.json["detail"]


def test_a_refresh_token_used_again_later_ends_the_whole_sign_in(client, db):
    from datetime import timedelta

    from shared.accounts.models import RefreshToken

    first = _signed_in(client, db).json["refresh_token"]
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first}).json["refresh_token"]
    for token in db.query(RefreshToken).filter(RefreshToken.username == "officer.gus"):
        if token.used_at is not None:
            token.used_at -= timedelta(minutes=5)  # the copy is replayed minutes later
    db.commit()
    replayed = client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert replayed.status_code == 401 and "copied" in replayed.json["detail"]
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": second}).status_code == 401


def test_a_refresh_token_stops_working_when_the_account_changes(client, db):
    first = _signed_in(client, db).json["refresh_token"]
    deactivate_user(session=db, username="officer.gus")
    db.commit()
    refused = client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert refused.status_code == 401 and "account has changed" in refused.json["detail"]


def test_renewing_never_makes_a_sign_in_last_longer_than_seven_days_from_signing_in(client, db):
    from shared.accounts.models import RefreshToken

    first = _signed_in(client, db).json["refresh_token"]
    client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    ends = {t.expires_at for t in db.query(RefreshToken).filter(RefreshToken.username == "officer.gus")}
    assert len(ends) == 1
