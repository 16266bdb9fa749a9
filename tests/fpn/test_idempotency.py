"""A retried request never creates a second notice."""
import uuid

from sqlalchemy import func, select

from services.fpn.models import Notice, OutboxMessage


def _count(db, **where):
    return db.scalar(select(func.count()).select_from(Notice).filter_by(**where))


def test_retry_with_same_key_and_body_returns_the_same_notice(issue, notice_body, db):
    key = str(uuid.uuid4())
    first, second = issue(notice_body, key), issue(notice_body, key)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json["number"] == second.json["number"]
    assert _count(db, idempotency_key=key) == 1
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.task == "cctv.notice_issued")) == 1


def test_same_key_with_a_different_body_is_a_conflict(issue, notice_body):
    key = str(uuid.uuid4())
    issue(notice_body, key)
    response = issue({**notice_body, "observed": "Something else entirely"}, key)
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert "new key" in response.json["detail"]


def test_missing_idempotency_key_is_refused_with_how_to_fix_it(client, officer, notice_body):
    response = client.post("/api/v1/notices", json=notice_body, headers=officer)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json["detail"]


def test_two_officers_may_use_the_same_key_independently(issue, notice_body, db):
    from tests.conftest import bearer

    key = str(uuid.uuid4())
    a = issue(notice_body, key)
    b = issue(notice_body, key, headers=bearer("officer.other", "enforcement_officer"))
    assert a.json["number"] != b.json["number"]


def test_a_number_an_older_notice_already_carries_is_never_given_again(issue, notice_body, db):
    from services.fpn import notice_numbers
    from services.fpn.models import NumberCounter

    first = issue(notice_body).json["number"].replace(" ", "")
    following = db.get(NumberCounter, 1).next_serial
    # A notice from before the counter (its numbers were random) happens to carry the next serial, as a warning.
    older = db.scalar(select(Notice).where(Notice.number == first))
    older.number = notice_numbers.number(following, "warning")
    db.commit()
    second = issue(notice_body)
    assert second.status_code == 201
    assert notice_numbers.serial(second.json["number"].replace(" ", "")) == following + 1


def test_a_retry_that_would_now_be_refused_still_gets_the_notice_its_first_attempt_created(db, notice_body):
    from datetime import datetime, timedelta, timezone

    from services.fpn import notices
    from services.fpn.schemas import NoticeRequestSchema

    body, key, now = NoticeRequestSchema().load(notice_body), str(uuid.uuid4()), datetime.now(timezone.utc)
    first, created = notices.issue(session=db, issued_by="officer.patel", key=key, body=body, now=now,
                                   max_age_days=183)
    # The phone resends it seven months later: the same request made new would be refused as too old.
    again, created_again = notices.issue(session=db, issued_by="officer.patel", key=key, body=body,
                                         now=now + timedelta(days=213), max_age_days=183)
    assert (created, created_again) == (True, False)
    assert again.number == first.number and _count(db, idempotency_key=key) == 1
