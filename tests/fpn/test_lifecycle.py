"""Following a notice to payment, warning, cancellation or prosecution."""
import uuid
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from shared.brent import day, today
from services.fpn import notices
from services.fpn.models import AuditEntry, Notice
from services.fpn.tasks import refer_overdue_notices
from shared.audit import verify_chain


def _act(client, headers, number, action, **body):
    return client.post(f"/api/v1/notices/{number}/{action}", json=body, headers=headers)


def _pay(client, headers, number, **body):
    """Record a card payment (the amount and day given)."""
    return _act(client, headers, number, "pay", method="card", payment_reference="CARD-1", **body)


def test_paying_the_lower_amount_within_its_window_closes_the_notice(client, issue, notice_body, supervisor):
    notice = issue(notice_body).json
    paid = _pay(client, supervisor, notice["number"], amount="60.00", paid_on=today().isoformat())
    assert paid.status_code == 200 and paid.json["state"] == "paid" and paid.json["paid_amount"] == "60.00"


def test_the_lower_amount_is_refused_after_its_window_saying_by_the_amount_what_was_due(db, client, issue, notice_body,
                                                                                       supervisor):
    notice = issue(notice_body).json
    notices.get(session=db, number=notice["number"]).discount_until = today() - timedelta(days=1)  # it ended
    db.flush()
    refused = _pay(client, supervisor, notice["number"], amount="60.00", paid_on=today().isoformat())
    assert refused.status_code == 422 and "£100.00" in refused.json["detail"]
    assert refused.json["errors"] == [{"field": "amount",
                                       "message": f"Amount paid must be £100.00, the amount due on {day(today())}"}]
    assert _pay(client, supervisor, notice["number"], amount="100.00", paid_on=today().isoformat()
                ).json["state"] == "paid"


def test_a_payment_dated_after_today_is_refused_by_its_date(client, issue, notice_body, supervisor):
    notice = issue(notice_body).json
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = _pay(client, supervisor, notice["number"], amount="60.00", paid_on=tomorrow)
    assert refused.status_code == 422 and refused.json["type"].endswith("/paid-in-future")
    assert refused.json["errors"] == [{"field": "paid_on", "message": "The date paid must be today or in the past"}]


def test_an_amount_paid_in_words_is_refused_in_plain_words(client, issue, notice_body, supervisor):
    notice = issue(notice_body).json
    for typed in ("forty-five", "NaN"):
        refused = _pay(client, supervisor, notice["number"], amount=typed, paid_on=today().isoformat())
        assert refused.status_code == 422
        assert refused.json["errors"] == [{"field": "amount",
                                           "message": "Amount paid must be a number, like 45 or 45.50"}]


def test_supervisor_reduces_to_a_warning_and_it_cannot_then_be_paid(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    assert _act(client, supervisor, number, "reduce_to_warning", reason="First offence, cooperative").json[
        "state"] == "warning"
    again = _pay(client, supervisor, number, amount="100.00", paid_on=date.today().isoformat())
    assert again.status_code == 409 and "warning" in again.json["detail"]


def test_cancelling_needs_a_reason(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    missing = _act(client, supervisor, number, "cancel")
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "reason"
    done = _act(client, supervisor, number, "cancel", reason="Issued to the wrong person")
    assert done.json["state"] == "cancelled" and done.json["closing_reason"] == "Issued to the wrong person"


def test_representation_upheld_restarts_the_payment_period(client, issue, notice_body, supervisor):
    number = issue(notice_body).json["number"]
    assert _act(client, supervisor, number, "receive_representation", reason="Says he was not drinking").json[
        "state"] == "representation_received"
    upheld = _act(client, supervisor, number, "uphold").json
    assert upheld["state"] == "issued" and upheld["discount_until"] is None


def test_upheld_after_a_late_night_notice_gives_the_full_14_days_counted_in_london(db, issue, notice_body):
    notice = notices.get(session=db, number=issue(notice_body).json["number"])
    # Given at 00:30 London time on 2 July (23:30 UTC on 1 July): the 14 days follow 2 July.
    notice.issued_at, notice.pay_by = datetime(2026, 7, 1, 23, 30, tzinfo=timezone.utc), date(2026, 7, 16)
    notice.state, notice.discount_until = "representation_received", None
    notices.transition(session=db, notice=notice, action="uphold", actor="supervisor",
                       now=datetime(2026, 8, 3, 10, 0, tzinfo=timezone.utc))
    assert notice.pay_by == date(2026, 8, 17)


def test_officer_may_not_cancel_a_notice(client, issue, notice_body, officer):
    number = issue(notice_body).json["number"]
    response = _act(client, officer, number, "cancel", reason="Changed my mind")
    assert response.status_code == 403 and "enforcement_supervisor" in response.json["detail"]


def test_unpaid_notice_is_referred_to_legal_by_the_scheduled_job_then_prosecuted(
        client, issue, notice_body, supervisor, db, fpn_app):
    number = issue(notice_body).json["number"]
    paid_number = issue(notice_body, key="another-key-for-a-paid-one").json["number"]
    _pay(client, supervisor, paid_number, amount="60.00", paid_on=date.today().isoformat())
    for n in db.scalars(select(Notice)):
        n.pay_by = date.today() - timedelta(days=1)  # the 14 days have passed
    db.commit()
    with fpn_app.app_context():
        referred = refer_overdue_notices.run(str(uuid.uuid4()), {"version": 1, "as_of": date.today().isoformat()})
    assert referred == 1
    assert client.get(f"/api/v1/notices/{number}", headers=supervisor).json["state"] == "referred_to_legal"
    assert client.get(f"/api/v1/notices/{paid_number}", headers=supervisor).json["state"] == "paid"
    outcome = _act(client, supervisor, number, "record_prosecution", prosecution_outcome="convicted").json
    assert outcome["state"] == "prosecution_concluded" and outcome["prosecution_outcome"] == "convicted"


def test_every_transition_is_in_the_audit_chain_and_tampering_is_detected(client, issue, notice_body, supervisor,
                                                                          db):
    number = issue(notice_body).json["number"]
    _act(client, supervisor, number, "cancel", reason="Wrong person")
    stored = number.replace(" ", "")
    rows = db.scalars(select(AuditEntry).where(AuditEntry.entity_id == stored).order_by(AuditEntry.id)).all()
    assert [(r.action, r.actor, r.data) for r in rows] == [
        ("notice_issued", "officer.patel", {"state": "issued", "outcome": "fpn", "source": "officer"}),
        ("cancel", "supervisor.okafor", {"from": "issued", "to": "cancelled", "reason": "Wrong person"})]
    intact, count, _ = verify_chain(db, AuditEntry)
    assert intact and count >= 2
    db.add(AuditEntry(at=datetime.now(timezone.utc), actor="mallory", action="cancel", entity="notice",
                      entity_id=stored, data={}, prev_hash="0" * 64, hash="f" * 64))
    db.flush()
    intact, _, message = verify_chain(db, AuditEntry)
    assert not intact and "altered" in message


def test_audit_rows_cannot_be_changed_in_the_database(issue, notice_body, db):
    import pytest
    from sqlalchemy.exc import DBAPIError

    issue(notice_body)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.begin_nested():
            row = db.scalars(select(AuditEntry).limit(1)).one()
            row.actor = "someone else"
            db.flush()


def test_notice_transition_rules_are_refused_with_what_is_possible(db, issue, notice_body):
    number = issue(notice_body).json["number"]
    notice = notices.get(session=db, number=number)
    import pytest
    from shared.errors import Conflict

    with pytest.raises(Conflict, match="Possible now: cancel, pay"):
        notices.transition(session=db, notice=notice, action="uphold", actor="x", now=datetime.now(timezone.utc))


def test_a_notices_history_says_who_did_what_and_when(client, issue, notice_body, supervisor, officer):
    notice = issue(notice_body).json
    number = notice["number"]
    assert _pay(client, supervisor, number, amount="60.00", paid_on=today().isoformat()).status_code == 200
    history = client.get(f"/api/v1/notices/{number}/history", headers=supervisor).json
    assert [(h["actor"], h["action"]) for h in history] == [("officer.patel", "notice_issued"),
                                                            ("supervisor.okafor", "pay")]
    assert history[1]["data"] == {"from": "issued", "to": "paid", "amount": "60.00",
                                  "paid_on": today().isoformat(), "method": "card",
                                  "payment_reference": "CARD-1"}
    assert client.get(f"/api/v1/notices/{number}/history", headers=officer).status_code == 200  # their own
    other = bearer_for_other_officer()
    assert client.get(f"/api/v1/notices/{number}/history", headers=other).status_code == 404


def bearer_for_other_officer():
    from tests.conftest import bearer

    return bearer("officer.adeyemi", "enforcement_officer")
