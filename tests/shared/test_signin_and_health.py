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
    import re

    page = client.get("/api/v1/docs")
    bundle = re.search(rb'src="(/static/[0-9a-f]{12}/swagger-ui-bundle\.js)"', page.data)
    assert page.status_code == 200 and bundle
    assert client.get(bundle.group(1).decode(), headers={"Accept-Encoding": "br"}).headers["Content-Encoding"] == "br"


def test_ten_wrong_passwords_pause_sign_in_even_with_the_right_one(client, db):
    create_or_update_user(session=db, username="officer.dee", password="the right one", roles=["enforcement_officer"])
    db.commit()
    for _ in range(10):
        assert client.post("/api/v1/auth/token", json={"username": "officer.dee", "password": "guess"}).status_code == 401
    paused = client.post("/api/v1/auth/token", json={"username": "Officer.Dee ", "password": "the right one"})
    assert paused.status_code == 429 and 0 < int(paused.headers["Retry-After"]) <= 15 * 60
    assert "Try again in 15 minutes" in paused.json["detail"]


def test_sign_in_counters_are_shared_through_redis(settings):
    import uuid

    from shared.accounts.throttle import SignInThrottle
    from shared.errors import Problem
    from tests.conftest import TEST_REDIS_URL

    username, address = f"someone-{uuid.uuid4().hex}", f"test-address-{uuid.uuid4().hex}"  # fresh counters
    one_process, another = SignInThrottle(TEST_REDIS_URL), SignInThrottle(TEST_REDIS_URL)
    for _ in range(10):
        one_process.check(username, address)
        one_process.failed(username, address)
    try:
        another.check(username, f"another-address-{uuid.uuid4().hex}")
    except Problem as refused:
        assert refused.status == 429
    else:
        raise AssertionError("the second process did not see the first one's failed attempts")


def test_every_sign_in_and_refusal_is_audited_without_the_password(client, db):
    from sqlalchemy import select

    from services.fpn.models import AuditEntry

    create_or_update_user(session=db, username="officer.eve", password="hunter2 hunter2", roles=["admin"])
    db.commit()
    client.post("/api/v1/auth/token", json={"username": "officer.eve", "password": "wrong guess"})
    client.post("/api/v1/auth/token", json={"username": "officer.eve", "password": "hunter2 hunter2"})
    rows = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == "officer.eve").order_by(AuditEntry.id)).all()
    assert [r.action for r in rows] == ["sign_in_refused", "signed_in"]
    assert rows[0].data["reason"] == "sign-in-failed" and rows[0].data["address"] == "127.0.0.1"
    assert not any("hunter2" in str(r.data) or "wrong guess" in str(r.data) for r in rows)


def test_officers_can_still_sign_in_while_the_throttles_redis_is_down():
    from shared.accounts.throttle import SignInThrottle

    unreachable = SignInThrottle("redis://127.0.0.1:1/0")
    unreachable.check("officer.hal", "192.0.2.1")  # not counting, but not refusing either
    unreachable.failed("officer.hal", "192.0.2.1")
