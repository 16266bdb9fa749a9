"""Careless or hostile input gets a 4xx problem document a person can act on, never a 500; a database that is down
gets a 503 saying when to try again; and no error path writes personal data to the log."""
import json
import logging
from dataclasses import replace

from sqlalchemy import text

from tests.conftest import bearer

CAP = {"legal_basis": "Anti-social Behaviour, Crime and Policing Act 2014 s.59", "effective_from": "2027-01-01",
       "max_amount": "500.00", "source": "A hypothetical commencement order"}


def test_an_id_beyond_the_databases_range_is_a_field_error_or_not_found(issue, notice_body, client, admin):
    too_big = issue({**notice_body, "prohibition_id": 2**31})
    assert too_big.status_code == 422 and too_big.json["errors"][0]["field"] == "prohibition_id"
    path = client.post("/api/v1/prohibitions/8268333320/terms", headers=admin,
                       json={"effective_from": "2027-04-01", "amount": "100.00"})
    assert path.status_code == 404 and path.json["type"].endswith("/not-found")


def test_every_field_message_is_written_as_gov_uk_writes_one_with_no_full_stop(issue, notice_body):
    """marshmallow's own messages end with a full stop; the problem document's never do (GOV.UK's style, as the
    form shows them)."""
    body = {**notice_body, "prohibition_id": "seven", "location": {**notice_body["location"], "ward": "Camden"}}
    del body["observed"]
    refused = issue(body)
    assert refused.status_code == 422
    messages = {e["field"]: e["message"] for e in refused.json["errors"]}
    assert messages == {"location.ward": "Choose one of Brent's 22 wards", "observed": "Enter what you saw",
                        "prohibition_id": "Not a valid integer"}  # marshmallow's own: "Not a valid integer."
    assert not any(m.endswith(".") for m in messages.values())


def test_a_nul_byte_in_any_text_is_refused_naming_the_field(issue, notice_body, client):
    body = {**notice_body, "observed": "Drinking\x00 from a can",
            "offender": {**notice_body["offender"], "name": "Sam\x00Example"}}
    refused = issue(body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json["errors"]] == ["observed", "offender.name"]
    sign_in = client.post("/api/v1/auth/token", json={"username": "officer\x00", "password": "x"})
    assert sign_in.status_code == 422 and sign_in.json["errors"][0]["field"] == "username"
    query = client.get("/api/v1/orders?ward=Kil%00burn", headers=bearer("o", "enforcement_officer"))
    assert query.status_code == 422 and query.json["errors"][0]["field"] == "ward"


def test_deeply_nested_json_is_a_400_not_a_crash(client):
    response = client.post("/api/v1/auth/token", data="[" * 100_000, content_type="application/json")
    assert response.status_code == 400 and response.json["type"].endswith("/too-deeply-nested")


def test_a_body_over_one_megabyte_is_refused_before_it_is_parsed(client, officer):
    response = client.post("/api/v1/notices", data=json.dumps({"observed": "x" * 2_000_000}),
                           content_type="application/json", headers={**officer, "Idempotency-Key": "k" * 20})
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


def test_the_same_statutory_cap_twice_is_a_conflict_and_an_absurd_one_a_field_error(client, admin):
    assert client.post("/api/v1/statutory-caps", headers=admin, json=CAP).status_code == 201
    again = client.post("/api/v1/statutory-caps", headers=admin, json=CAP)
    assert again.status_code == 409 and again.mimetype == "application/problem+json"
    huge = client.post("/api/v1/statutory-caps", headers=admin, json={**CAP, "max_amount": "1000000.00"})
    assert huge.status_code == 422 and huge.json["errors"][0]["field"] == "max_amount"


def test_while_the_database_is_down_answers_are_503_with_when_to_retry(settings, migrated):
    from services.fpn.app import create_app

    app = create_app(replace(settings, database_url="postgresql+psycopg://postgres@127.0.0.1:1/sbo"),
                     {"TESTING": True})
    client = app.test_client()
    signing_in = client.post("/api/v1/auth/token", json={"username": "officer", "password": "brent-demo"})
    assert signing_in.status_code == 503 and signing_in.headers["Retry-After"] == "30"
    assert "Try again" in signing_in.json["detail"]
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.mimetype == "application/problem+json"
    assert ready.json["checks"]["database"].startswith("unreachable") and "database" in ready.json["detail"]


def test_every_401_says_how_to_authenticate(client):
    response = client.get("/api/v1/notices")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_answer_carries_a_request_id_taken_from_the_caller_when_sensible(client):
    assert client.get("/healthz", headers={"X-Request-ID": "phone-42.7"}).headers["X-Request-ID"] == "phone-42.7"
    made_up = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert len(made_up) == 32 and made_up.isalnum()


def test_a_database_error_logs_its_type_and_request_id_but_none_of_the_offenders_details(
        issue, notice_body, db, caplog):
    # A real refusal by PostgreSQL, of a statement whose parameters hold the offender's details.
    db.execute(text("ALTER TABLE fpn.notices ADD CONSTRAINT no_example CHECK (observed NOT LIKE '%lager%')"))
    caplog.set_level(logging.INFO)
    response = issue(notice_body)
    assert response.status_code == 500 and response.json["request_id"] in response.json["detail"]
    [failure] = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert failure.error_type.endswith("IntegrityError") and failure.request_id == response.json["request_id"]
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for personal in ("Sam Example", "1 Example Road", "1990-05-17", "open can of lager"):
        assert personal not in logged


def test_a_person_browsing_gets_a_page_saying_what_to_do_and_a_program_a_problem_document(client, db):
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    missing = client.get("/no-such-page", headers=browser)
    assert missing.status_code == 404 and missing.mimetype == "text/html"
    assert "Page not found" in missing.text and "check it is correct" in missing.text
    assert client.get("/no-such-page").mimetype == "application/problem+json"  # a program asks for no HTML
    assert client.get("/api/v1/no-such-thing", headers=browser).mimetype == "application/problem+json"  # the API
    db.execute(text("ALTER TABLE fpn.notices RENAME TO notices_elsewhere"))  # the download's query now fails
    broken = client.get("/open-data/fpn-monthly.csv", headers=browser)  # a person following the link
    assert broken.status_code == 500 and "Sorry, there is a problem with the service" in broken.text
    assert broken.headers["X-Request-ID"] in broken.text  # the reference to give the service desk
