"""The nightly sweep closes cases quiet for more than 28 days and catches up a case whose check was missed;
flagging a case twice queues it once; with no mail server configured, e-mails are written where people can read
them."""
import email
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from shared import mail
from services.noise import cases, flagging
from services.noise.models import Case, Email, Occasion, QueueEntry
from tests.noise.conftest import days_ago, report

NOW = datetime.now(timezone.utc)


def _case(db, post, *days, address="7 Park Parade, London NW10 4JH") -> Case:
    for n in days:
        reference = post(report(started=days_ago(n), address=address)).json["case_reference"]
    return db.scalar(select(Case).where(Case.reference == reference))


def test_the_sweep_closes_a_case_quiet_for_more_than_28_days_and_leaves_a_recent_one(db, post):
    quiet = _case(db, post, 40, 35)
    recent = _case(db, post, 20, address="8 Park Parade, London NW10 4JH")
    done = cases.sweep(session=db, now=NOW, needed=3)
    assert done["closed"] >= 1
    assert (quiet.status, quiet.outcome) == ("closed", "logged, no further action")
    assert recent.status == "monitoring"


def test_the_sweep_catches_up_a_case_that_should_have_qualified(db, post):
    case = _case(db, post, 12, 6)
    db.add(Occasion(case_id=case.id, started_at=days_ago(2), ended_at=days_ago(2) + timedelta(hours=1),
                    nuisance=True))  # written without a check, as by a crash between the two
    case.last_occasion_started_at = days_ago(2)
    db.flush()
    cases.sweep(session=db, now=NOW, needed=3)
    assert case.status == "qualified" and case.decisions[-1].incident_id is None


def test_a_case_flagged_twice_is_queued_once_with_one_email(db, post):
    case = _case(db, post, 12, 6, 1)
    decision = case.decisions[-1]
    first = flagging.flag(session=db, case_reference=case.reference, decision_id=decision.id, team_email="t@x.test")
    again = flagging.flag(session=db, case_reference=case.reference, decision_id=decision.id, team_email="t@x.test")
    assert first.id == again.id
    assert db.scalar(select(func.count()).select_from(QueueEntry).where(QueueEntry.case_id == case.id)) == 1
    assert db.scalar(select(func.count()).select_from(Email).where(Email.to == "t@x.test")) == 1


def test_an_email_is_sent_once_and_with_no_mail_server_is_written_as_a_file(db, post, tmp_path, monkeypatch):
    monkeypatch.setattr(mail, "VAR_DIR", tmp_path)
    case = _case(db, post, 12, 6, 1)
    flagging.flag(session=db, case_reference=case.reference, decision_id=case.decisions[-1].id,
                  team_email="team@x.test")
    row = db.scalar(select(Email).where(Email.to == "team@x.test"))
    assert flagging.send(session=db, email_id=row.id, sender="noise@x.test", smtp_url=None) is True
    assert flagging.send(session=db, email_id=row.id, sender="noise@x.test", smtp_url=None) is False
    written, = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes())
    assert (message["To"], message["Message-ID"]) == ("team@x.test", row.message_id)
    assert case.reference in message["Subject"] and "Occasions counted" in message.get_payload()
    assert row.sent_at is not None and row.attempts == 1


def test_an_smtp_url_of_another_kind_is_refused_with_what_to_write():
    import pytest

    with pytest.raises(ValueError, match="smtp://"):
        mail.send(mail.message(sender="a@x.test", to="b@x.test", subject="s", body="b",
                               message_id=f"<{uuid.uuid4()}@x.test>"), "http://mail.example.org")


def test_the_queue_shows_flagged_open_cases_newest_first_with_evidence_waiting_too_long(db, post, noise, nuisance):
    from services.noise.models import Incident

    older = _case(db, post, 12, 6, 1, address="1 Park Parade, London NW10 4JH")
    newer = _case(db, post, 12, 6, 1, address="2 Park Parade, London NW10 4JH")
    for case in (older, newer):
        flagging.flag(session=db, case_reference=case.reference, decision_id=case.decisions[-1].id,
                      team_email="t@x.test")
        db.flush()
    waiting = post(report(started=days_ago(1, hour=3), address="2 Park Parade, London NW10 4JH",
                          assessment="unassessed")).json
    db.get(Incident, waiting["id"]).received_at = NOW - timedelta(days=6)  # a recording nobody has listened to
    db.flush()
    queue = noise.get("/api/v1/queue", headers=nuisance).json
    mine = [entry for entry in queue if entry["case"]["reference"] in (older.reference, newer.reference)]
    assert [entry["case"]["reference"] for entry in mine] == [newer.reference, older.reference]
    assert mine[0]["evidence_overdue"] is True and mine[0]["oldest_unreviewed_evidence_at"]
    assert mine[1]["evidence_overdue"] is False and mine[1]["oldest_unreviewed_evidence_at"] is None
    older.status = "closed"
    db.flush()
    assert older.reference not in {e["case"]["reference"] for e in noise.get("/api/v1/queue", headers=nuisance).json}


def test_the_demo_reports_make_two_cases_qualify_and_are_filed_once(db):
    from services.noise import demo_data

    filed = demo_data.noise_reports(session=db)
    assert filed == sum(len(source[3]) for source in demo_data.SOURCES)
    assert demo_data.noise_reports(session=db) == 0
    statuses = dict(db.execute(select(Case.address, Case.status).where(Case.address.like("% Demo %"))).all())
    assert sorted(statuses.values()) == ["monitoring", "monitoring", "qualified", "qualified"]


def test_the_demo_nuisance_officer_is_in_the_team_so_a_demo_case_can_be_assigned_to_them(db, noise, nuisance):
    from services.noise import demo_data

    demo_data.noise_reports(session=db)
    assert demo_data.nuisance_team(session=db) == 1
    assert demo_data.nuisance_team(session=db) == 0  # a second seed leaves the team as the demo has changed it
    qualified = db.scalar(select(Case.reference).where(Case.address.like("% Demo %"), Case.status == "qualified")
                          .limit(1))
    assigned = noise.post(f"/api/v1/cases/{qualified}/assign", headers=nuisance,
                          json={"officer": "noise"})  # deploy.seed's demo nuisance officer
    assert assigned.status_code == 200, assigned.json
