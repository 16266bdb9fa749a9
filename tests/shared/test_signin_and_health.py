"""Signing in, tokens, health checks and the published API description."""
from shared.accounts.service import create_or_update_user
from shared.auth import issue_token


def test_sign_in_returns_a_token_that_opens_the_api(client, db):
    create_or_update_user(session=db, username="officer.ade", password="correct horse", roles=["enforcement_officer"],
                          display_name="Ade")
    db.commit()
    response = client.post("/api/v1/auth/token", json={"username": "officer.ade", "password": "correct horse"})
    assert response.status_code == 200 and response.json["display_name"] == "Ade"
    orders = client.get("/api/v1/orders", headers={"Authorization": "Bearer " + response.json["access_token"]})
    assert orders.status_code == 200


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, db):
    create_or_update_user(session=db, username="officer.bo", password="right one", roles=["enforcement_officer"])
    db.commit()
    wrong = client.post("/api/v1/auth/token", json={"username": "officer.bo", "password": "wrong"})
    unknown = client.post("/api/v1/auth/token", json={"username": "nobody", "password": "wrong"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["detail"] == unknown.json["detail"]


def test_passwords_are_stored_as_argon2_hashes(db):
    user = create_or_update_user(session=db, username="officer.cy", password="s3cret pass", roles=["admin"])
    assert user.password_hash.startswith("$argon2") and "s3cret" not in user.password_hash


def test_expired_or_forged_tokens_are_refused(client):
    from tests.conftest import SECRET

    expired = issue_token(SECRET, "x", ["admin"], ttl_minutes=-1)
    forged = issue_token("another-secret-entirely-and-long-enough", "x", ["admin"])
    for token, words in ((expired, "expired"), (forged, "not valid")):
        response = client.get("/api/v1/orders", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401 and words in response.json["detail"]


def test_unknown_roles_cannot_be_put_in_a_token():
    import pytest

    with pytest.raises(ValueError, match="unknown roles"):
        issue_token("s" * 40, "x", ["superuser"])


def test_readyz_reports_database_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "broker": "ok"}


def test_readyz_says_what_is_down(settings, migrated):
    from dataclasses import replace

    from services.fpn.app import create_app

    app = create_app(replace(settings, broker_url="redis://127.0.0.1:1/0"), {"TESTING": True})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["broker"].startswith("unreachable")


def test_each_service_publishes_its_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "/api/v1/notices" in spec["paths"] and "/api/v1/reports/outcomes" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_unknown_urls_answer_with_a_problem_document(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_interactive_api_page_and_its_assets_are_served_locally(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"/api/v1/docs-assets/swagger-ui-bundle.js" in page.data
    assert client.get("/api/v1/docs-assets/swagger-ui-bundle.js").status_code == 200
