"""Notices requested by the noise and cctv services, answered by a notice or a recorded refusal."""
import uuid

from sqlalchemy import func, select

from services.fpn.models import IssueRefusal, Notice, OutboxMessage
from services.fpn.tasks import issue_notice


def _request(notice_body, **overrides):
    notice = {k: v for k, v in notice_body.items() if k not in ("prohibition_id", "identification_shown")}
    notice.update(scope_code="boroughwide", prohibition_code="alcohol-consumption")
    return {"source": "cctv", "reference": "ANPR-000123", "requested_by": "anpr.gateway",
            "notice": {**notice, **overrides}}


def _answers(db, task):
    return [m.payload for m in db.scalars(select(OutboxMessage).where(OutboxMessage.task == task))]


def test_a_valid_request_issues_one_notice_however_often_it_is_delivered(fpn_app, db, notice_body):
    event_id = str(uuid.uuid4())
    with fpn_app.app_context():
        outcomes = [issue_notice.run(event_id, _request(notice_body)) for _ in range(3)]
    assert outcomes == ["issued", "duplicate", "duplicate"]
    notice = db.scalars(select(Notice).where(Notice.idempotency_key == event_id)).one()
    assert notice.source == "cctv" and notice.issued_by == "anpr.gateway" and notice.state == "issued"
    answer = _answers(db, "cctv.notice_issued_for_request")
    assert answer[0]["reference"] == "ANPR-000123" and answer[0]["amount"] == "100.00"


def test_a_request_the_rules_refuse_is_recorded_and_answered(fpn_app, db, notice_body):
    event_id = str(uuid.uuid4())
    request = _request(notice_body, occurred_at="2020-01-01T10:00:00+00:00")
    with fpn_app.app_context():
        assert issue_notice.run(event_id, request) == "refused"
    refusal = db.scalars(select(IssueRefusal).where(IssueRefusal.event_id == event_id)).one()
    assert refusal.title == "Offence too old" and refusal.reference == "ANPR-000123"
    assert _answers(db, "cctv.notice_refused")[0]["title"] == "Offence too old"
    assert db.scalar(select(func.count()).select_from(Notice).where(Notice.idempotency_key == event_id)) == 0


def test_a_malformed_request_is_refused_with_the_fields_named(fpn_app, db, notice_body):
    request = _request(notice_body)
    del request["notice"]["observed"]
    with fpn_app.app_context():
        assert issue_notice.run(str(uuid.uuid4()), request) == "refused"
    assert "observed" in _answers(db, "cctv.notice_refused")[0]["detail"]
