"""Evidence packs: the footage is held while a notice can still be challenged or prosecuted, and while its recipient
waits for it; then it is released for deletion, and the deletion recorded."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from services.fpn import evidence_rules
from services.fpn.models import Notice

OFFENCE = date(2026, 3, 10)


@pytest.mark.parametrize("state, closed_on, waiting, today, held, until", [
    ("issued", None, False, date(2027, 3, 1), True, None),                       # open: held however old
    ("representation_received", None, False, date(2027, 3, 1), True, None),
    ("referred_to_legal", None, False, date(2027, 3, 1), True, None),
    ("pending_approval", None, False, date(2027, 3, 1), True, None),
    ("paid", date(2026, 3, 20), False, date(2026, 9, 10), True, date(2026, 9, 10)),   # the limit's last day
    ("paid", date(2026, 3, 20), False, date(2026, 9, 11), False, date(2026, 9, 10)),  # then released
    ("paid", date(2026, 3, 20), True, date(2026, 12, 1), True, None),            # the recipient waits for it
    ("cancelled", date(2026, 3, 11), False, date(2026, 9, 11), False, date(2026, 9, 10)),
    ("prosecution_concluded", date(2026, 9, 1), False, date(2026, 9, 22), True, date(2026, 9, 22)),  # appeal time
    ("prosecution_concluded", date(2026, 9, 1), False, date(2026, 9, 23), False, date(2026, 9, 22)),
    ("prosecution_concluded", date(2026, 4, 1), False, date(2026, 9, 10), True, date(2026, 9, 10)),  # limit later
])
def test_how_long_evidence_is_kept(state, closed_on, waiting, today, held, until):
    kept = evidence_rules.retention(state=state, offence_on=OFFENCE, closed_on=closed_on,
                                    footage_request_waiting=waiting, today=today)
    assert (kept.held, kept.until) == (held, until)


@pytest.mark.parametrize("state, closed_on, waiting, today, why", [
    ("issued", None, False, date(2026, 4, 1), "The notice is still open: its evidence is kept until it is closed."),
    ("paid", date(2026, 3, 20), True, date(2026, 4, 1), "The recipient has asked for the footage: it is kept until it "
                                                        "is released."),
    ("paid", date(2026, 3, 20), False, date(2026, 4, 1), "Kept until the time limit for prosecuting the offence has "
                                                         "passed."),
    ("paid", date(2026, 3, 20), False, date(2026, 9, 11), "Released for deletion: kept until the time limit for "
                                                          "prosecuting the offence has passed."),
    ("prosecution_concluded", date(2026, 9, 1), False, date(2026, 9, 2), "Kept until the time to appeal the "
                                                                         "prosecution has passed."),
    # Ended exactly 21 days before the limit: both run out the same day, and the limit is given as the reason.
    ("prosecution_concluded", date(2026, 8, 20), False, date(2026, 9, 2), "Kept until the time limit for prosecuting "
                                                                          "the offence has passed."),
])
def test_the_retention_says_why(state, closed_on, waiting, today, why):
    kept = evidence_rules.retention(state=state, offence_on=OFFENCE, closed_on=closed_on,
                                    footage_request_waiting=waiting, today=today)
    assert kept.why == why


def _older(db, number: str, months: int = 7) -> None:
    """Move a notice's offence (and its closing) back, as if it happened months ago."""
    notice = db.scalar(select(Notice).where(Notice.number == number.replace(" ", "")))
    notice.occurred_at -= timedelta(days=31 * months)
    if notice.closed_at:
        notice.closed_at -= timedelta(days=31 * months)
    db.commit()


def _act(client, headers, number, action, **body):
    answer = client.post(f"/api/v1/notices/{number}/{action}", json=body, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_the_evidence_of_a_notice_under_representation_is_never_released(client, supervisor, issue, notice_body,
                                                                         db):
    number = issue(notice_body).json["number"]
    _act(client, supervisor, number, "receive_representation", reason="I was not drinking: it was a soft drink")
    _older(db, number)
    pack = client.get(f"/api/v1/notices/{number}/evidence", headers=supervisor).json
    assert pack["held"] is True and pack["items"] == notice_body["evidence"] and "still open" in pack["why"]
    assert client.get("/api/v1/evidence/due-for-deletion", headers=supervisor).json == []
    refused = client.post(f"/api/v1/notices/{number}/evidence/deleted", headers=supervisor)
    assert refused.status_code == 409 and "cannot be deleted yet" in refused.json["detail"]


def test_a_footage_request_holds_the_evidence_and_is_listed_until_released(client, supervisor, issue, notice_body,
                                                                          db):
    number = issue(notice_body).json["number"]
    _act(client, supervisor, number, "cancel", reason="Issued to the wrong person")
    asked = client.post(f"/api/v1/notices/{number}/footage-requests", headers=supervisor,
                        json={"received_on": date.today().isoformat(), "channel": "email"})
    assert asked.status_code == 201
    _older(db, number)
    waiting = client.get("/api/v1/footage-requests", headers=supervisor).json
    assert [(r["notice_number"], r["released_on"]) for r in waiting] == [(number, None)]
    assert client.get("/api/v1/evidence/due-for-deletion", headers=supervisor).json == []  # held for the request

    released = client.post(f"/api/v1/footage-requests/{asked.json['id']}/release", headers=supervisor,
                           json={"released_on": date.today().isoformat(), "how": "Secure download link e-mailed"})
    assert released.status_code == 200 and released.json["released_by"] == "supervisor.okafor"
    assert client.get("/api/v1/footage-requests", headers=supervisor).json == []
    due = client.get("/api/v1/evidence/due-for-deletion", headers=supervisor).json
    assert [d["notice_number"] for d in due] == [number]
    deleted = client.post(f"/api/v1/notices/{number}/evidence/deleted", headers=supervisor)
    assert deleted.status_code == 200 and deleted.json["deleted_by"] == "supervisor.okafor"
    assert client.get("/api/v1/evidence/due-for-deletion", headers=supervisor).json == []
    again = client.post(f"/api/v1/notices/{number}/footage-requests", headers=supervisor,
                        json={"received_on": date.today().isoformat(), "channel": "letter"})
    assert again.status_code == 409 and "was deleted on" in again.json["detail"]


def test_officers_cannot_see_or_change_evidence_packs(client, officer, issue, notice_body):
    number = issue(notice_body).json["number"]
    assert client.get(f"/api/v1/notices/{number}/evidence", headers=officer).status_code == 403
    assert client.get("/api/v1/footage-requests", headers=officer).status_code == 403


def test_a_notice_with_no_footage_has_nothing_to_request(client, supervisor, issue, notice_body):
    number = issue({**notice_body, "evidence": []}).json["number"]
    refused = client.post(f"/api/v1/notices/{number}/footage-requests", headers=supervisor,
                          json={"received_on": datetime.now(timezone.utc).date().isoformat(), "channel": "phone"})
    assert refused.status_code == 422 and refused.json["type"].endswith("/no-evidence")
