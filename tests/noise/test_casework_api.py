"""Casework through the API: assign, visit, serve an abatement notice (its text never changes; a correction is a
new version), record a breach (which asks fpn for an FPN), mark for prosecution, tell the landlord, close; every
step on the case's record and in the audit log, and refused with a reason from the wrong state."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from shared.contracts.tasks import TaskNames
from services.noise.models import AbatementNotice, AuditEntry, Email, NoticeRequest, OutboxMessage
from tests.conftest import bearer
from tests.noise.conftest import days_ago, report

NOW = datetime.now(timezone.utc)
NOTICE = {"served_on_name": "Pat Source", "served_on_address": "Flat 2, 14 Harlesden Road, London NW10 2BY",
          "responsible": "resident", "requirements": "Stop playing amplified music audible in neighbouring homes "
          "between 23:00 and 07:00.", "compliance_date": (date.today() + timedelta(days=7)).isoformat()}


@pytest.fixture
def case(post):
    """A qualified case."""
    for days in (12, 6, 2):
        reference = post(report(started=days_ago(days))).json["case_reference"]
    return reference


@pytest.fixture
def act(noise, nuisance, in_team):
    """POST a casework action as the nuisance officer, who is in the team."""
    def send(reference, action, body=None, headers=None):
        return noise.post(f"/api/v1/cases/{reference}/{action}", json=body or {}, headers=headers or nuisance)
    return send


def test_a_case_is_assigned_only_to_an_officer_in_the_nuisance_team(db, case, act):
    for nobody in ("nuisance.nobody", "admin.jones"):  # made up, or an account that is not in the team
        refused = act(case, "assign", {"officer": nobody})
        assert refused.status_code == 422 and refused.json["type"].endswith("/not-in-team")
        assert refused.json["errors"] == [{"field": "officer", "message": "Choose an officer in the nuisance team"}]
    missing = act(case, "assign", {})
    assert missing.json["errors"] == [{"field": "officer", "message": "Choose an officer in the nuisance team"}]
    kept = act(case, "assign", {"officer": "nuisance.adeyemi"})
    assert kept.status_code == 200, kept.json
    assert [a["details"] for a in kept.json["actions"]] == [{"officer": "nuisance.adeyemi"}]  # refusals left nothing


def test_a_visit_cannot_be_recorded_before_it_has_happened(db, case, act):
    act(case, "assign", {"officer": "nuisance.adeyemi"})
    future = act(case, "record-visit", {"visited_at": (datetime.now(timezone.utc) + timedelta(days=38)).isoformat(),
                                        "witnessed": True})
    assert future.status_code == 422
    assert future.json["errors"] == [{"field": "visited_at", "message": "The time of the visit must be in the past"}]
    kept = act(case, "record-visit", {"visited_at": (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat(),
                                      "witnessed": False})
    assert kept.status_code == 200, kept.json
    assert [a["action"] for a in kept.json["actions"]] == ["assign", "record_visit"]  # the refused one left nothing


def test_a_case_is_worked_from_the_queue_to_a_served_notice_and_a_breach(db, case, act):
    assigned = act(case, "assign", {"officer": "nuisance.adeyemi"})
    assert assigned.status_code == 200, assigned.json
    assert (assigned.json["status"], assigned.json["assigned_to"]) == ("investigating", "nuisance.adeyemi")
    visit = act(case, "record-visit", {"visited_at": (NOW - timedelta(hours=30)).isoformat(), "witnessed": True,
                                       "notes": "Bass audible in the bedroom of flat 3 at 23:40."})
    assert visit.status_code == 200 and visit.json["actions"][-1]["details"]["witnessed"] is True
    served = act(case, "serve-abatement-notice", {**NOTICE, "served_at": (NOW - timedelta(days=10)).isoformat(),
                                                  "compliance_date": (date.today() - timedelta(days=7)).isoformat()})
    assert served.status_code == 200, served.json
    assert served.json["status"] == "notice_served" and served.json["abatement_notices"][0]["version"] == 1
    notice_id = served.json["abatement_notices"][0]["id"]

    breach = act(case, "record-breach", {"abatement_notice_id": notice_id, "occurred_at": (NOW - timedelta(
        hours=2)).isoformat(), "details": "Music again at 01:10, recorded on the Noise App.",
        "evidence": [{"kind": "recording", "reference": "NA-77"}]})
    assert breach.status_code == 200, breach.json
    recorded = breach.json["breaches"][0]
    assert recorded["notice_reference"] == f"{case}-B1" and recorded["notice"]["state"] == "requested"
    asked = db.scalar(select(OutboxMessage).where(OutboxMessage.task == TaskNames.ISSUE_NOTICE))
    notice = asked.payload["notice"]
    assert asked.payload["reference"] == f"{case}-B1" and notice["order_code"] == "BRENT-NOISE-FPN-2023"
    assert notice["prohibition_code"] == "abatement-notice-breach-resident"
    assert notice["offender"] == {"name": "Pat Source", "address": NOTICE["served_on_address"]}

    prosecuted = act(case, "mark-for-prosecution", {"reason": "Third breach in a month; FPN unpaid."})
    assert prosecuted.json["status"] == "prosecution"
    closed = act(case, "close", {"outcome": "prosecuted"})
    assert (closed.json["status"], closed.json["outcome"]) == ("closed", "prosecuted")
    assert [a["action"] for a in closed.json["actions"]] == ["assign", "record_visit", "serve_abatement_notice",
                                                             "record_breach", "mark_for_prosecution", "close"]
    audited = db.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == case)).all()
    assert {"assign", "record_visit", "serve_abatement_notice", "record_breach", "close"} <= set(audited)
    logged = db.scalars(select(AuditEntry.data).where(AuditEntry.entity_id == case)).all()
    assert "Pat Source" not in str(logged)  # the audit log holds ids and states, not names


def test_a_served_notice_never_changes_and_a_correction_is_a_new_version(db, case, act):
    act(case, "assign", {"officer": "nuisance.adeyemi"})
    first = act(case, "serve-abatement-notice", NOTICE).json["abatement_notices"][0]
    with pytest.raises(DBAPIError, match="never changes"), db.begin_nested():
        db.execute(text("UPDATE noise.abatement_notices SET requirements = 'x' WHERE id = :id"), {"id": first["id"]})
    corrected = act(case, "serve-abatement-notice", {**NOTICE, "corrects": first["id"],
                                                     "compliance_date": (date.today() + timedelta(days=14)).isoformat()})
    assert corrected.status_code == 200, corrected.json
    versions = corrected.json["abatement_notices"]
    assert [(n["version"], n["corrects_id"]) for n in versions] == [(1, None), (2, first["id"])]
    assert db.get(AbatementNotice, first["id"]).requirements == NOTICE["requirements"]
    wrong = act(case, "serve-abatement-notice", {**NOTICE, "corrects": 999999})
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "corrects"
    past = act(case, "serve-abatement-notice", {**NOTICE, "compliance_date": (date.today() - timedelta(days=3)
                                                                               ).isoformat()})
    assert past.status_code == 422 and past.json["errors"] == [
        {"field": "compliance_date", "message": "Enter a date on or after the day it is served"}]


def test_a_breach_before_the_notice_or_of_another_cases_notice_is_refused(db, case, act):
    act(case, "assign", {"officer": "nuisance.adeyemi"})
    notice = act(case, "serve-abatement-notice", {**NOTICE, "served_at": (NOW - timedelta(days=10)).isoformat(),
                                                  "compliance_date": (date.today() - timedelta(days=5)).isoformat()}
                 ).json["abatement_notices"][0]
    early = act(case, "record-breach", {"abatement_notice_id": notice["id"], "details": "Music again, very loud.",
                                        "occurred_at": (NOW - timedelta(days=12)).isoformat()})
    assert early.status_code == 422 and early.json["type"].endswith("/breach-before-notice")
    within = act(case, "record-breach", {"abatement_notice_id": notice["id"], "details": "Music again, very loud.",
                                         "occurred_at": (NOW - timedelta(days=6)).isoformat()})
    assert within.status_code == 422 and within.json["type"].endswith("/breach-before-compliance")
    assert within.json["errors"][0]["field"] == "occurred_at"
    other = act(case, "record-breach", {"abatement_notice_id": 999999, "details": "Music again, very loud.",
                                        "occurred_at": NOW.isoformat()})
    assert other.status_code == 422 and other.json["errors"][0]["field"] == "abatement_notice_id"
    assert db.scalar(select(NoticeRequest).where(NoticeRequest.reference.like(f"{case}-%"))) is None


def test_an_action_from_the_wrong_state_is_refused_saying_what_can_be_done(db, case, act):
    refused = act(case, "mark-for-prosecution", {"reason": "Persistent"})
    assert refused.status_code == 409 and refused.json["state"] == "qualified"
    assert "You can assign" in refused.json["detail"]
    missing = act(case, "serve-abatement-notice", {"responsible": "landlord"})
    assert missing.status_code == 422
    assert {"served_on_name", "served_on_address", "responsible", "requirements", "compliance_date"} <= {
        e["field"] for e in missing.json["errors"]}
    assert act("NC-999999", "assign", {"officer": "x"}).status_code == 404


def test_only_nuisance_officers_do_casework(db, case, act):
    for role in ("admin", "enforcement_supervisor", "noise_intake"):
        assert act(case, "assign", {"officer": "x"}, headers=bearer("someone", role)).status_code == 403


def test_a_registered_social_landlord_is_told_once(db, case, act):
    body = {"name": "Brent Housing Partnership", "email": "asb@housing.example.org"}
    assert act(case, "record-landlord", body).status_code == 200
    assert act(case, "record-landlord", body).status_code == 200
    emails = db.scalars(select(Email).where(Email.to == "asb@housing.example.org")).all()
    assert len(emails) == 1 and case in emails[0].body and "tenancy management" in emails[0].body
    assert "Jo Neighbour" not in emails[0].body  # never the reporter
