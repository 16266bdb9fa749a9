"""Incidents through the API: a case qualifies exactly at the third separate occasion and is announced once;
neighbours' reports of one party are one occasion; occasions 29 days apart do not count together; a significant
incident qualifies at once; bad reports get every problem in one 422 and store nothing; retries do nothing twice;
reporters' details are seen only by nuisance officers and admins."""
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from shared.contracts.tasks import TaskNames
from services.noise.models import Case, Incident, OutboxMessage, ThresholdDecision
from tests.conftest import bearer
from tests.noise.conftest import ADDRESS, days_ago, report


def _qualified_events(db) -> list[dict]:
    """The qualifications announced in this test (not ones other tests committed)."""
    return [m.payload for m in db.scalars(select(OutboxMessage).where(
        OutboxMessage.task == TaskNames.NOISE_CASE_QUALIFIED, OutboxMessage.published_at.is_(None),
        OutboxMessage.created_at >= START))]


START = datetime.now(timezone.utc)


def _case(noise, nuisance, reference: str) -> dict:
    answer = noise.get(f"/api/v1/cases/{reference}", headers=nuisance)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_case_qualifies_at_the_third_separate_occasion_not_before(db, post, noise, nuisance):
    first = post(report(started=days_ago(20)))
    assert first.status_code == 201, first.json
    reference = first.json["case_reference"]
    post(report(started=days_ago(10)))
    case = _case(noise, nuisance, reference)
    assert case["status"] == "monitoring" and len(case["occasions"]) == 2
    assert case["decisions"][-1]["qualifies"] is False and "2 of the 3" in case["decisions"][-1]["explanation"]
    assert _qualified_events(db) == []

    post(report(started=days_ago(1)))
    case = _case(noise, nuisance, reference)
    assert (case["status"], case["qualified_because"]) == ("qualified", "threshold")
    decision = case["decisions"][-1]
    assert decision["qualifies"] and [len(o["incidents"]) for o in decision["occasions"]] == [1, 1, 1]
    events = _qualified_events(db)
    assert events == [{"case_reference": reference, "decision_id": decision["id"], "version": 1}]
    to_cctv, = [m.payload for m in db.scalars(select(OutboxMessage).where(
        OutboxMessage.task == TaskNames.CCTV_NOISE_CASE_QUALIFIED)) if m.payload["case_reference"] == reference]
    assert (to_cctv["ward"], to_cctv["category"], to_cctv["latitude"]) == ("Harlesden and Kensal Green", "music",
                                                                           51.536)  # about 100 m, not the home
    assert "Harlesden Road" not in str(to_cctv) and "Jo" not in str(to_cctv)

    post(report(started=days_ago(1, hour=3)))  # more reports of a qualified case are filed, not flagged again
    assert len(_qualified_events(db)) == 1
    assert db.scalar(select(func.count()).select_from(Incident).join(Case).where(Case.reference == reference)) == 4


def test_neighbours_reporting_one_party_do_not_make_a_case_qualify(db, post, noise, nuisance):
    party = days_ago(3, hour=22)
    references = {post(report(started=party + timedelta(minutes=20 * n),
                              reporter={"name": f"Neighbour {n}"})).json["case_reference"] for n in range(4)}
    reference, = references  # one source, one case
    case = _case(noise, nuisance, reference)
    assert case["status"] == "monitoring"
    occasion, = case["occasions"]
    assert len(occasion["incidents"]) == 4  # the API shows which reports made the occasion
    assert _qualified_events(db) == []


def test_occasions_29_days_apart_do_not_count_together_and_28_do(db, post, noise, nuisance):
    for started in (days_ago(30, hour=12), days_ago(15, hour=12), days_ago(1, hour=12)):
        reference = post(report(started=started)).json["case_reference"]
    assert _case(noise, nuisance, reference)["status"] == "monitoring"
    other = "3 Acton Lane, London NW10 8UX"
    for started in (days_ago(29, hour=12), days_ago(15, hour=12), days_ago(1, hour=12)):
        reference = post(report(started=started, address=other)).json["case_reference"]
    assert _case(noise, nuisance, reference)["status"] == "qualified"


def test_a_significant_incident_qualifies_the_case_at_once(db, post, noise, nuisance):
    answer = post(report(started=days_ago(1), significant=True,
                         significance_reason="Music at 110 dB through the night; a child with a heart condition."))
    assert answer.status_code == 201, answer.json
    case = _case(noise, nuisance, answer.json["case_reference"])
    assert (case["status"], case["qualified_because"]) == ("qualified", "significant")
    assert len(_qualified_events(db)) == 1


def test_an_unassessed_report_counts_once_an_officer_assesses_it_a_nuisance(db, post, noise, nuisance):
    post(report(started=days_ago(9)))
    post(report(started=days_ago(5)))
    third = post(report(started=days_ago(2), assessment="unassessed")).json
    assert _case(noise, nuisance, third["case_reference"])["status"] == "monitoring"
    answer = noise.post(f"/api/v1/incidents/{third['id']}/assessment", json={"assessment": "nuisance"},
                        headers=nuisance)
    assert answer.status_code == 200, answer.json
    assert _case(noise, nuisance, third["case_reference"])["status"] == "qualified"


def test_the_same_source_written_differently_or_with_its_uprn_is_one_case(db, post):
    first = post(report(started=days_ago(9), address="14 Harlesden Road, London NW10 2BY")).json["case_reference"]
    same = post(report(started=days_ago(8), address="14, HARLESDEN RD, LONDON, nw10 2by")).json["case_reference"]
    with_uprn = report(started=days_ago(7), address="14 Harlesden Road, London NW10 2BY")
    with_uprn["source"]["uprn"] = "202071234"
    assert first == same == post(with_uprn).json["case_reference"]
    by_uprn_only = report(started=days_ago(6), address="Ground floor, 14 Harlesden Rd")
    by_uprn_only["source"]["uprn"] = "202071234"
    assert post(by_uprn_only).json["case_reference"] == first
    assert post(report(started=days_ago(6), address="16 Harlesden Road, London NW10 2BY")).json[
        "case_reference"] != first


def test_a_bad_report_gets_every_problem_at_once_and_nothing_is_stored(db, post):
    before = db.scalar(select(func.count()).select_from(Incident))
    body = report(started=datetime.now(timezone.utc) + timedelta(days=1), category="karaoke",
                  ended_at=days_ago(2).isoformat())
    body["source"]["ward"] = "Camden Town"
    answer = post(body)
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    fields = {error["field"]: error["message"] for error in answer.json["errors"]}
    assert set(fields) == {"source.ward", "category", "started_at", "ended_at"}
    assert "Brent" in fields["source.ward"] and "music" in fields["category"]
    assert "future" in fields["started_at"] and "before the start" in fields["ended_at"]
    assert db.scalar(select(func.count()).select_from(Incident)) == before


def test_a_time_without_its_offset_is_refused_with_the_other_problems(db, post):
    body = report(started=days_ago(1), category="karaoke")
    body["started_at"] = "2026-11-20T23:00:00"
    answer = post(body)
    assert answer.status_code == 422
    assert {error["field"] for error in answer.json["errors"]} == {"started_at", "category"}


def test_a_retried_report_is_filed_once_and_a_reused_key_with_another_report_is_refused(db, post):
    key, body = str(uuid.uuid4()), report(started=days_ago(2))
    first, again = post(body, key=key), post(body, key=key)
    assert (first.status_code, again.status_code) == (201, 200) and first.json["id"] == again.json["id"]
    other = post(report(started=days_ago(3)), key=key)
    assert other.status_code == 409 and other.json["type"].endswith("/idempotency-key-reused")
    assert db.scalar(select(func.count()).select_from(Incident).where(Incident.idempotency_key == key)) == 1
    assert post(body, key="short").status_code == 400


def test_a_reporting_system_gets_a_receipt_and_never_sees_reporters(db, post, noise, intake):
    answer = post(report(started=days_ago(2)), headers=intake)
    assert answer.status_code == 201
    assert set(answer.json) == {"id", "case_reference", "received_at"}
    assert noise.get(f"/api/v1/incidents/{answer.json['id']}", headers=intake).status_code == 403
    assert noise.get(f"/api/v1/cases/{answer.json['case_reference']}", headers=intake).status_code == 403
    assert noise.get("/api/v1/queue", headers=intake).status_code == 403


def test_only_nuisance_officers_and_admins_see_who_reported(db, post, noise, nuisance):
    incident = post(report(started=days_ago(2))).json
    assert incident["reporter"]["name"] == "Jo Neighbour"
    for roles in (("enforcement_officer",), ("enforcement_supervisor",), ("cctv_working_group",)):
        headers = bearer("someone.else", *roles)
        assert noise.get(f"/api/v1/incidents/{incident['id']}", headers=headers).status_code == 403
        assert noise.post("/api/v1/incidents", json=report(started=days_ago(1)),
                          headers={**headers, "Idempotency-Key": str(uuid.uuid4())}).status_code == 403
    admin = noise.get(f"/api/v1/incidents/{incident['id']}", headers=bearer("admin.jones", "admin"))
    assert admin.status_code == 200 and admin.json["reporter"]["email"] == "jo@example.org"


def test_each_decision_is_kept_with_the_occasions_it_counted(db, post):
    for days in (12, 6, 1):
        reference = post(report(started=days_ago(days))).json["case_reference"]
    decisions = db.scalars(select(ThresholdDecision).join(Case).where(Case.reference == reference)
                           .order_by(ThresholdDecision.id)).all()
    assert [d.qualifies for d in decisions] == [False, False, True]
    assert [len(d.occasions) for d in decisions] == [1, 2, 3]
    assert all(d.needed == 3 for d in decisions)


def test_reports_from_a_closed_case_source_open_a_new_case(db, post):
    reference = post(report(started=days_ago(40))).json["case_reference"]
    case = db.scalar(select(Case).where(Case.reference == reference))
    case.status = "closed"
    db.flush()
    assert post(report(started=days_ago(1), address=ADDRESS)).json["case_reference"] != reference
