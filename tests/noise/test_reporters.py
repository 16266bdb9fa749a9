"""The reporter's side of a case, through the API: following a case by private link, recurrences, merging,
restrictions, ward cover, alerts for recordings nobody assessed, and reporters never named to the source. The
worker's part (writing messages, flagging) is run here in the test's transaction, as the worker would run it."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from shared.brent import london_date
from services.noise import evidence_alerts, flagging, reporters
from services.noise.models import (AuditEntry, Case, Email, EvidenceAlert, Incident, OutboxMessage, Reporter,
                                   ReporterMessage, ReporterRestriction)
from tests.noise.conftest import days_ago, report

NOW = datetime.now(timezone.utc)
JO = {"name": "Jo Neighbour", "email": "jo.neighbour@example.org", "phone": "020 8937 0000"}
SAM = {"name": "Sam Other", "email": "sam.other@example.org"}


def _address() -> str:
    return f"{uuid.uuid4().int % 900 + 100} Reporter Road, London NW10 2BY"


def _pending(db, task: str) -> list[dict]:
    return [m.payload for m in db.scalars(select(OutboxMessage).where(OutboxMessage.task == task)
                                          .order_by(OutboxMessage.created_at))]


def _work(db, noise_app) -> None:
    """Do what the worker does with noise's own events: flag qualified cases and write reporters' messages."""
    reach = reporters.Reach.from_settings(noise_app.config["SETTINGS"])
    for payload in _pending(db, "noise.case_qualified"):
        flagging.flag(session=db, case_reference=payload["case_reference"], decision_id=payload["decision_id"],
                      team_email="team@x.test")
    for payload in _pending(db, "noise.tell_reporters"):
        reporters.tell(db, case_reference=payload["case_reference"], kind=payload["kind"],
                       reporter_ids=payload["reporter_ids"], reach=reach, now=NOW)


def _reporter(db, email=JO["email"]) -> Reporter:
    return db.scalar(select(Reporter).where(Reporter.email == email))


def _token(noise_app, reporter) -> str:
    return reporters.follow_token(noise_app.config["SETTINGS"].secret_key, reporter)


def _case(db, reference) -> Case:
    db.expire_all()
    return db.scalar(select(Case).where(Case.reference == reference))


def test_a_reporter_with_no_account_follows_their_case_by_private_link(db, post, noise, noise_app):
    address = _address()
    reference = post(report(started=days_ago(12), address=address, reporter=JO)).json["case_reference"]
    post(report(started=days_ago(12, hour=23), address=address, reporter=SAM))
    _work(db, noise_app)
    jo = _reporter(db)
    told = db.scalars(select(ReporterMessage).where(ReporterMessage.reporter_id == jo.id)).all()
    assert [(m.kind, m.channel) for m in told] == [("received", "email")]
    email = told[0].email
    link = reporters.follow_link(reporters.Reach.from_settings(noise_app.config["SETTINGS"]), jo)
    assert email.to == JO["email"] and link in email.body and reference in email.subject

    answer = noise.get(f"/api/v1/follow/{_token(noise_app, jo)}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    [case] = answer.json["cases"]
    assert (case["reference"], case["status"], case["open311_status"]) == (reference, "monitoring", "open")
    assert len(case["reports"]) == 1  # Jo's own report only: Sam's, the same night, is not shown to Jo
    assert "Sam" not in answer.text and "sam.other" not in answer.text
    assert [m["kind"] for m in case["messages"]] == ["received"]

    tampered = _token(noise_app, jo)[:-2] + "xx"
    for token in (tampered, "1-abc", "abc", "99999999999-x"):
        refused = noise.get(f"/api/v1/follow/{token}")
        assert refused.status_code == 404 and refused.mimetype == "application/problem+json"


def test_a_reporters_reports_are_found_together_and_the_same_message_is_not_sent_twice(db, post, noise_app):
    address = _address()
    post(report(started=days_ago(20), address=address, reporter=JO))
    post(report(started=days_ago(10), address=address, reporter={**JO, "email": "JO.Neighbour@Example.org",
                                                                 "address": "Flat 1, 16 Reporter Road"}))
    _work(db, noise_app)
    _work(db, noise_app)  # the event delivered again
    reporters_found = db.scalars(select(Reporter).where(Reporter.contact_key == "email:jo.neighbour@example.org")).all()
    assert len(reporters_found) == 1 and reporters_found[0].address == "Flat 1, 16 Reporter Road"
    assert db.scalar(select(func.count()).select_from(ReporterMessage).where(
        ReporterMessage.reporter_id == reporters_found[0].id)) == 1


def test_a_reporter_with_only_a_postal_address_gets_letters_to_post(db, post, noise, nuisance, noise_app):
    letter_only = {"name": "Pat Post", "address": "3 Letter Lane, London NW10 1AA"}
    post(report(started=days_ago(5), address=_address(), reporter=letter_only))
    _work(db, noise_app)
    waiting = noise.get("/api/v1/letters", headers=nuisance).json
    mine = [letter for letter in waiting if letter["channel"] == "letter" and letter["kind"] == "received"
            and letter["id"] in {m.id for m in db.scalars(select(ReporterMessage))}]
    assert mine and mine[-1]["letter"] is True
    pdf = noise.get(f"/api/v1/letters/{mine[-1]['id']}.pdf", headers=nuisance)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    posted = noise.post(f"/api/v1/letters/{mine[-1]['id']}/posted", headers=nuisance)
    assert posted.status_code == 200 and posted.json["posted_by"] == "nuisance.adeyemi"
    assert mine[-1]["id"] not in {letter["id"] for letter in noise.get("/api/v1/letters", headers=nuisance).json}


def test_a_report_that_does_not_say_where_the_noise_comes_from_opens_a_case_of_its_own(post, db):
    body = report(started=days_ago(3))
    body["source"] = {"ward": "Harlesden and Kensal Green"}
    first = post(body)
    second = post({**body, "started_at": days_ago(2).isoformat(), "ended_at": None})
    assert first.status_code == second.status_code == 201
    assert first.json["case_reference"] != second.json["case_reference"]  # never joined by guesswork
    case = _case(db, first.json["case_reference"])
    assert case.source_known is False and case.address.startswith("Source not yet known")


def _two_occasions(post, address, reporter=JO, days=(20, 14)) -> str:
    for n in days:
        reference = post(report(started=days_ago(n), address=address, reporter=reporter)).json["case_reference"]
    return reference


def test_merging_two_cases_of_two_occasions_makes_one_of_four_that_qualifies_with_the_decision_recorded(
        db, post, noise, nuisance, noise_app):
    first = _two_occasions(post, _address(), days=(20, 14))
    second = _two_occasions(post, _address(), reporter=SAM, days=(10, 4))
    merged = noise.post(f"/api/v1/cases/{second}/merge", headers=nuisance,
                        json={"into": first, "reason": "Same flat: one caller gave the block's name"})
    assert merged.status_code == 200, merged.json
    case = merged.json["case"]
    assert case["reference"] == first and len(case["occasions"]) == 4
    assert sum(len(o["incidents"]) for o in case["occasions"]) == 4
    assert case["status"] == "qualified"
    decision = merged.json["decision"]
    assert (decision["qualifies"], decision["prompted_by"], decision["reason"]) == (True, "merge", "threshold")
    assert case["actions"][-1]["action"] == "merged_from"
    away = _case(db, second)
    assert (away.status, away.outcome, away.merged_into.reference) == ("closed", f"merged into {first}", first)
    assert [a.action for a in away.actions] == ["merged_into"]
    assert db.scalar(select(func.count()).select_from(Incident).where(Incident.case_id == away.id)) == 0
    audited = db.scalars(select(AuditEntry).where(AuditEntry.action == "case_merged")).all()
    assert {a.entity_id for a in audited} >= {first, second}
    _work(db, noise_app)
    sam = _reporter(db, SAM["email"])
    kinds = {m.kind for m in db.scalars(select(ReporterMessage).where(ReporterMessage.reporter_id == sam.id))}
    assert "merged" in kinds and "qualified" in kinds  # Sam is told where the reports went, and that it qualified


def test_merging_reports_of_the_same_night_makes_one_occasion(db, post, noise, nuisance):
    night = days_ago(6)
    first = post(report(started=night, address=_address())).json["case_reference"]
    second = post(report(started=night + timedelta(hours=1), address=_address())).json["case_reference"]
    merged = noise.post(f"/api/v1/cases/{second}/merge", headers=nuisance, json={"into": first, "reason": "Same"})
    assert len(merged.json["case"]["occasions"]) == 1
    assert merged.json["decision"]["qualifies"] is False and merged.json["decision"]["prompted_by"] == "merge"


def test_a_bad_merge_is_refused_with_every_problem_and_changes_nothing(db, post, noise, nuisance):
    reference = _two_occasions(post, _address())
    itself = noise.post(f"/api/v1/cases/{reference}/merge", headers=nuisance, json={"into": reference})
    assert itself.status_code == 422 and itself.mimetype == "application/problem+json"
    assert [e["field"] for e in itself.json["errors"]] == ["into", "reason"]
    assert "cannot be merged into itself" in itself.json["errors"][0]["message"]
    missing = noise.post(f"/api/v1/cases/{reference}/merge", headers=nuisance,
                         json={"into": "NC-999999", "reason": "Same flat"})
    assert missing.status_code == 422 and missing.json["errors"][0]["message"] == "There is no case NC-999999"
    assert _case(db, reference).status == "monitoring" and len(_case(db, reference).occasions) == 2
    assert noise.post("/api/v1/cases/NC-999998/merge", headers=nuisance,
                      json={"into": reference, "reason": "x y z"}).status_code == 404
    intake = noise.post(f"/api/v1/cases/{reference}/merge", headers={"Authorization": "Bearer nonsense"},
                        json={"into": "NC-1", "reason": "Same"})
    assert intake.status_code == 401


def test_a_restricted_reporters_reports_are_kept_but_do_not_count_until_lifted(db, post, noise, nuisance):
    address = _address()
    reference = _two_occasions(post, address, reporter=SAM, days=(20, 14))
    jo_report = post(report(started=days_ago(8), address=address, reporter=JO, assessment="unassessed"))
    jo = _reporter(db)
    refused = noise.post(f"/api/v1/reporters/{jo.id}/restriction", headers=nuisance, json={})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json["errors"]] == ["reason", "review_on"]
    assert db.scalar(select(func.count()).select_from(ReporterRestriction).where(
        ReporterRestriction.reporter_id == jo.id)) == 0

    restricted = noise.post(f"/api/v1/reporters/{jo.id}/restriction", headers=nuisance, json={
        "reason": "Thirty reports in a week; none witnessed on six visits.",
        "review_on": (date.today() + timedelta(days=90)).isoformat()})
    assert restricted.status_code == 201
    assessed = noise.post(f"/api/v1/incidents/{jo_report.json['id']}/assessment", headers=nuisance,
                          json={"assessment": "nuisance"})
    assert assessed.status_code == 200
    case = _case(db, reference)
    assert case.status == "monitoring"  # Jo's report, though assessed a nuisance, does not make the third occasion
    assert len(case.occasions) == 3 and case.decisions[-1].qualifies is False
    shown = noise.get(f"/api/v1/reporters/{jo.id}", headers=nuisance).json
    assert shown["restricted"] is True and len(shown["reports"]) == 1

    lifted = noise.post(f"/api/v1/reporters/{jo.id}/restriction/lift", headers=nuisance,
                        json={"reason": "Reviewed with the team leader"})
    assert lifted.status_code == 200
    case = _case(db, reference)
    assert case.status == "qualified"
    assert (case.decisions[-1].prompted_by, case.decisions[-1].qualifies) == ("restriction lifted", True)
    actions = [a.action for a in db.scalars(select(AuditEntry).where(AuditEntry.entity == "reporter",
                                                                      AuditEntry.entity_id == str(jo.id)))]
    assert actions == ["reporter_restricted", "reporter_restriction_lifted"]
    again = noise.post(f"/api/v1/reporters/{jo.id}/restriction/lift", headers=nuisance, json={"reason": "again"})
    assert again.status_code == 422 and again.json["errors"][0]["field"] == "reporter"


def test_a_restriction_that_reaches_its_review_date_counts_the_reports_again(db, post, noise, nuisance, noise_app):
    from services.noise import restrictions

    address = _address()
    reference = _two_occasions(post, address, reporter=SAM, days=(20, 14))
    jo_report = post(report(started=days_ago(8), address=address, reporter=JO, assessment="unassessed")).json
    jo = _reporter(db)
    review = date.today() + timedelta(days=30)
    noise.post(f"/api/v1/reporters/{jo.id}/restriction", headers=nuisance,
               json={"reason": "Reports copied from another street.", "review_on": review.isoformat()})
    noise.post(f"/api/v1/incidents/{jo_report['id']}/assessment", headers=nuisance, json={"assessment": "nuisance"})
    case = _case(db, reference)
    assert case.status == "monitoring" and case.decisions[-1].prompted_by == "assessment"
    # the restriction was recorded 30 days ago (its date moved back), and tonight is its review date
    db.scalar(select(ReporterRestriction).where(ReporterRestriction.reporter_id == jo.id)).review_on = london_date(NOW)
    # (NOW's own London date: the machine's date.today() is a different day once the run passes midnight)
    assert restrictions.lapse(session=db, now=NOW, needed=3) == 1
    assert restrictions.lapse(session=db, now=NOW, needed=3) == 0  # counted in once
    case = _case(db, reference)
    assert case.status == "qualified" and case.decisions[-1].prompted_by == "restriction lapsed"


def test_a_recurrence_is_logged_on_the_reporters_own_case_and_refused_on_anyone_elses(db, post, noise, noise_app):
    mine = _two_occasions(post, _address(), days=(20, 14))
    theirs = post(report(started=days_ago(9), address=_address(), reporter=SAM)).json["case_reference"]
    jo = _reporter(db)
    url = f"/api/v1/follow/{_token(noise_app, jo)}/recurrences"
    before = db.scalar(select(func.count()).select_from(Incident))
    refused = noise.post(url, json={"case_reference": theirs, "started_at": days_ago(2).isoformat(),
                                    "pattern": "weekends"}, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "case_reference"
    assert db.scalar(select(func.count()).select_from(Incident)) == before
    key = str(uuid.uuid4())
    body = {"case_reference": mine, "started_at": days_ago(2).isoformat(),
            "ended_at": (days_ago(2) + timedelta(hours=2)).isoformat(), "pattern": "weekends",
            "description": "Bass again until midnight"}
    logged = noise.post(url, json=body, headers={"Idempotency-Key": key})
    again = noise.post(url, json=body, headers={"Idempotency-Key": key})
    assert logged.status_code == again.status_code == 201 and logged.json["id"] == again.json["id"]
    recurrence = db.get(Incident, logged.json["id"])
    assert (recurrence.case.reference, recurrence.pattern, recurrence.reporter_id) == (mine, "weekends", jo.id)
    assert recurrence.assessment == "unassessed"  # an officer assesses it like any report
    view = noise.get(f"/api/v1/follow/{_token(noise_app, jo)}").json
    assert [r["pattern"] for r in view["cases"][0]["reports"]][-1] == "At weekends"


def test_a_recurrence_on_a_closed_case_opens_a_new_case_for_the_same_place(db, post, noise, nuisance, noise_app):
    address = _address()
    reference = post(report(started=days_ago(40), address=address, reporter=JO)).json["case_reference"]
    noise.post(f"/api/v1/cases/{reference}/close", headers=nuisance, json={"outcome": "abated"})
    jo = _reporter(db)
    logged = noise.post(f"/api/v1/follow/{_token(noise_app, jo)}/recurrences",
                        json={"case_reference": reference, "started_at": days_ago(1).isoformat(), "pattern": "once"},
                        headers={"Idempotency-Key": str(uuid.uuid4())})
    assert logged.status_code == 201 and logged.json["case_reference"] != reference
    assert _case(db, logged.json["case_reference"]).address == address


def test_a_qualifying_case_goes_to_the_officer_who_covers_its_ward_or_else_the_team(db, post, noise, nuisance):
    saved = noise.put("/api/v1/nuisance-officers/nuisance.okafor", headers=nuisance, json={
        "name": "Chidi Okafor", "email": "chidi.okafor@brent.test", "wards": ["Harlesden and Kensal Green"]})
    assert saved.status_code == 200 and saved.json["wards"] == ["Harlesden and Kensal Green"]
    clash = noise.put("/api/v1/nuisance-officers/nuisance.adeyemi", headers=nuisance, json={
        "name": "Ade Adeyemi", "email": "ade@brent.test", "wards": ["Harlesden and Kensal Green", "Narnia"]})
    assert clash.status_code == 422
    assert [e["message"] for e in clash.json["errors"]] == [
        "Narnia is not one of Brent's 22 wards",
        "Harlesden and Kensal Green is covered by Chidi Okafor. Take it off their wards first"]
    reference = _two_occasions(post, _address(), days=(20, 14))
    post(report(started=days_ago(8), address=_case(db, reference).address))
    case = _case(db, reference)
    decision = case.decisions[-1]
    flagging.flag(session=db, case_reference=reference, decision_id=decision.id, team_email="team@x.test")
    assert (case.assigned_to, case.status) == ("nuisance.okafor", "investigating")
    assert case.actions[-1].details == {"officer": "nuisance.okafor", "because": "covers Harlesden and Kensal Green"}
    sent = db.scalar(select(Email).where(Email.purpose == f"case-qualified:{reference}:{decision.id}"))
    assert sent.to == "chidi.okafor@brent.test" and "given to Chidi Okafor" in sent.body

    noise.put("/api/v1/nuisance-officers/nuisance.okafor", headers=nuisance,
              json={"name": "Chidi Okafor", "email": "chidi.okafor@brent.test", "wards": []})
    other = _two_occasions(post, _address(), days=(19, 13))
    post(report(started=days_ago(7), address=_case(db, other).address))
    case = _case(db, other)
    flagging.flag(session=db, case_reference=other, decision_id=case.decisions[-1].id, team_email="team@x.test")
    assert (case.assigned_to, case.status) == (None, "qualified")
    assert db.scalar(select(Email).where(Email.purpose.like(f"case-qualified:{other}:%"))).to == "team@x.test"


def test_a_recording_not_reviewed_in_time_alerts_the_officer_then_the_team_leader(db, post, noise, nuisance):
    answer = post(report(started=days_ago(2), address=_address(), assessment="unassessed")).json
    reference, received = answer["case_reference"], datetime.fromisoformat(answer["received_at"])
    noise.put("/api/v1/nuisance-officers/nuisance.okafor", headers=nuisance,
              json={"name": "Chidi Okafor", "email": "chidi.okafor@brent.test", "wards": []})
    assigned = noise.post(f"/api/v1/cases/{reference}/assign", headers=nuisance, json={"officer": "nuisance.okafor"})
    assert assigned.status_code == 200, assigned.json
    rules = dict(review_days=5, escalation_days=3, team_email="team@x.test", leader_email="leader@x.test")

    def alerts():
        return [(a.level, a.sent_to) for a in db.scalars(select(EvidenceAlert).join(Case).where(
            Case.reference == reference).order_by(EvidenceAlert.id))]

    assert evidence_alerts.check(session=db, now=received + timedelta(days=4, hours=23), **rules)["officer"] == 0
    assert alerts() == []
    evidence_alerts.check(session=db, now=received + timedelta(days=5, minutes=1), **rules)
    assert alerts() == [("officer", "chidi.okafor@brent.test")]
    evidence_alerts.check(session=db, now=received + timedelta(days=6), **rules)  # an hour later: nothing new
    assert alerts() == [("officer", "chidi.okafor@brent.test")]
    evidence_alerts.check(session=db, now=received + timedelta(days=8, minutes=1), **rules)
    assert alerts() == [("officer", "chidi.okafor@brent.test"), ("team_leader", "leader@x.test")]
    leader = db.scalar(select(Email).where(Email.to == "leader@x.test", Email.subject.like(f"%{reference}%")))
    assert "(escalated)" in leader.subject and "nuisance.okafor" in leader.body
    assert "Jo" not in leader.body and "example.org" not in leader.body
    shown = noise.get(f"/api/v1/cases/{reference}", headers=nuisance).json
    assert [a["level"] for a in shown["evidence_alerts"]] == ["officer", "team_leader"]


def test_an_assessed_recording_raises_no_alert(db, post, noise, nuisance):
    answer = post(report(started=days_ago(2), address=_address(), assessment="unassessed"))
    noise.post(f"/api/v1/incidents/{answer.json['id']}/assessment", headers=nuisance,
               json={"assessment": "not_nuisance"})
    evidence_alerts.check(session=db, now=NOW + timedelta(days=30), review_days=5, escalation_days=3,
                          team_email="t@x.test", leader_email="l@x.test")
    assert db.scalar(select(func.count()).select_from(EvidenceAlert).where(
        EvidenceAlert.incident_id == answer.json["id"])) == 0


def test_the_queue_sorts_by_the_oldest_unreviewed_recording(db, post, noise, nuisance):
    waiting = {}
    for days in (3, 1):  # the case flagged first has the newer waiting recording
        address = _address()
        reference = _two_occasions(post, address, days=(20, 14))
        post(report(started=days_ago(8), address=address))
        db.get(Incident, post(report(started=days_ago(days), address=address, assessment="unassessed"))
               .json["id"]).received_at = NOW - timedelta(days=10 - days)
        db.flush()
        case = _case(db, reference)
        flagging.flag(session=db, case_reference=reference, decision_id=case.decisions[-1].id, team_email="t@x.test")
        waiting[reference] = NOW - timedelta(days=10 - days)
    db.flush()
    newest = [e["case"]["reference"] for e in noise.get("/api/v1/queue", headers=nuisance).json]
    oldest = [e["case"]["reference"] for e in noise.get("/api/v1/queue?sort=oldest_unreviewed_evidence",
                                                         headers=nuisance).json]
    mine = list(waiting)
    assert [r for r in newest if r in waiting] == mine[::-1]
    assert [r for r in oldest if r in waiting] == sorted(mine, key=waiting.get)
    assert noise.get("/api/v1/queue?sort=loudest", headers=nuisance).status_code == 422


def test_an_abatement_notice_or_breach_that_names_a_reporter_is_refused(db, post, noise, nuisance, in_team):
    reference = post(report(started=days_ago(2), address=_address(), reporter=JO, significant=True,
                            significance_reason="Dangerous levels at 3 a.m.")).json["case_reference"]
    assert noise.post(f"/api/v1/cases/{reference}/assign", headers=nuisance, json={"officer": in_team}
                      ).status_code == 200
    notice = {"served_on_name": "Sam Source", "served_on_address": "Flat 2, 14 Reporter Road",
              "responsible": "resident", "compliance_date": date.today().isoformat(),
              "requirements": "Stop the amplified music reported by Jo Neighbour (020 8937 0000)."}
    refused = noise.post(f"/api/v1/cases/{reference}/serve-abatement-notice", headers=nuisance, json=notice)
    assert refused.status_code == 422 and refused.json["type"].endswith("reporter-named")
    assert [e["field"] for e in refused.json["errors"]] == ["requirements"]
    assert _case(db, reference).abatement_notices == []
    served = noise.post(f"/api/v1/cases/{reference}/serve-abatement-notice", headers=nuisance, json={
        **notice, "requirements": "Stop amplified music audible beyond the flat's walls."})
    assert served.status_code == 200
    breach = noise.post(f"/api/v1/cases/{reference}/record-breach", headers=nuisance, json={
        "abatement_notice_id": served.json["abatement_notices"][0]["id"],
        "occurred_at": (datetime.now(timezone.utc) + timedelta(days=1)).isoformat(),
        "details": "Witnessed from jo.neighbour@example.org's bedroom"})
    assert breach.status_code == 422 and breach.json["errors"][0]["field"] in ("details", "occurred_at")


@pytest.mark.parametrize("path, method", [("/api/v1/reporters/1", "get"), ("/api/v1/letters", "get"),
                                          ("/api/v1/nuisance-officers", "get")])
def test_reporters_details_are_for_nuisance_officers_only(noise, intake, path, method):
    assert getattr(noise, method)(path, headers=intake).status_code == 403
    assert getattr(noise, method)(path).status_code == 401


def test_production_will_not_start_without_the_address_reporters_links_point_to():
    from shared.settings import load_settings

    production = {"SBO_ENV": "production", "SBO_SECRET_KEY": "k" * 40, "SBO_FPN_PAYMENT_URL": "https://pay.test",
                  "SBO_FPN_PAYMENT_PHONE": "020 7946 0000", "SBO_FPN_PAYMENT_ADDRESS": "Civic Centre"}
    with pytest.raises(ValueError, match="set SBO_NOISE_PUBLIC_URL"):
        load_settings(production)
    assert load_settings({**production, "SBO_NOISE_PUBLIC_URL": "https://noise.brent.test/"}).noise_public_url == \
        "https://noise.brent.test"
    assert load_settings({"SBO_SECRET_KEY": "k" * 40}).noise_public_url == "http://127.0.0.1:5003"


def test_an_officers_username_and_email_are_refused_by_their_field_not_cut_short(noise, nuisance):
    long_name = noise.put("/api/v1/nuisance-officers/" + "a" * 81, headers=nuisance,
                          json={"name": "Long Name", "email": "x" * 190 + "@brent.test"})
    assert long_name.status_code == 422
    assert {e["field"] for e in long_name.json["errors"]} == {"email"}  # the schema's errors come first
    too_long = noise.put("/api/v1/nuisance-officers/" + "a" * 81, headers=nuisance,
                         json={"name": "Long Name", "email": "long@brent.test"})
    assert too_long.status_code == 422 and too_long.json["errors"][0]["field"] == "username"
    assert not [o for o in noise.get("/api/v1/nuisance-officers", headers=nuisance).json
                if o["username"].startswith("aaaa")]


def test_a_merge_takes_the_recordings_alerts_with_it(db, post, noise, nuisance):
    first = post(report(started=days_ago(9), address=_address())).json["case_reference"]
    waiting = post(report(started=days_ago(3), address=_address(), assessment="unassessed")).json
    evidence_alerts.check(session=db, now=datetime.fromisoformat(waiting["received_at"]) + timedelta(days=6),
                          review_days=5, escalation_days=3, team_email="t@x.test", leader_email="l@x.test")
    db.flush()
    merged = noise.post(f"/api/v1/cases/{waiting['case_reference']}/merge", headers=nuisance,
                        json={"into": first, "reason": "Same flat"}).json
    assert [a["incident_id"] for a in merged["case"]["evidence_alerts"]] == [waiting["id"]]


def test_a_reporter_who_lost_their_link_gets_it_again_by_email_and_nobody_learns_who_reported(
        db, post, noise, noise_app):
    post(report(started=days_ago(5), address=_address(), reporter=JO))
    jo = _reporter(db)
    link = reporters.follow_link(reporters.Reach.from_settings(noise_app.config["SETTINGS"]), jo)

    def links_sent():
        return db.scalars(select(Email).where(Email.purpose.like("reporter:link-again:%")).order_by(Email.id)).all()

    asked = noise.post("/follow/", data={"email": " JO.Neighbour@example.org "})  # as typed: any capitals
    assert asked.status_code == 303 and asked.headers["Location"].endswith("/follow/link-sent")
    [sent] = links_sent()
    assert sent.to == JO["email"] and link in sent.body and sent.subject == "Your link to your noise reports"
    assert sent.id in [p["email_id"] for p in _pending(db, "noise.send_email")]  # by the one e-mail path
    noise.post("/follow/", data={"email": JO["email"]})  # asked again at once: the inbox is not flooded
    assert len(links_sent()) == 1
    stranger = noise.post("/follow/", data={"email": "nobody.reported@example.org"})
    assert stranger.status_code == 303 and stranger.headers["Location"] == asked.headers["Location"]  # the same
    assert len(links_sent()) == 1
    page = noise.get("/follow/link-sent")
    assert page.status_code == 200 and "Check your email" in page.text and page.headers["Cache-Control"] == "no-store"

    for typed, problem in (("", "Enter your email address"),
                           ("jo.neighbour", "Enter an email address in the correct format, like name@example.com")):
        refused = noise.post("/follow/", data={"email": typed})
        assert refused.status_code == 422 and problem in refused.text and "govuk-error-summary" in refused.text
    assert len(links_sent()) == 1
