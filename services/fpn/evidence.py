"""A notice's evidence pack: its body-worn video and photograph references, how long they are kept
(evidence_rules), the recipient's requests for the footage and their release, and the record that the footage was
deleted once it could be. Every step is audited."""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import day, london_date
from shared.errors import Conflict, NotFound, Problem
from services.fpn import evidence_rules
from services.fpn.models import AuditEntry, FootageRequest, Notice

CHANNELS = ("email", "letter", "phone", "in_person")


def requests_for(session: Session, notice: Notice) -> list[FootageRequest]:
    """The notice's footage requests, oldest first."""
    return list(session.scalars(select(FootageRequest).where(FootageRequest.notice_id == notice.id)
                                .order_by(FootageRequest.id)))


def retention(session: Session, notice: Notice, today: date, waiting: bool | None = None
              ) -> evidence_rules.Retention:
    """How long the notice's evidence is kept, as of `today` (`waiting`: whether a footage request is unanswered,
    looked up unless given)."""
    if waiting is None:
        waiting = any(r.released_on is None for r in requests_for(session, notice))
    return evidence_rules.retention(state=notice.state, offence_on=london_date(notice.occurred_at),
                                    closed_on=london_date(notice.closed_at) if notice.closed_at else None,
                                    footage_request_waiting=waiting, today=today)


def pack(*, session: Session, notice: Notice, today: date) -> dict:
    """The notice's evidence: the references, how long they are kept and why, the footage requests, and whether
    (and by whom) the footage was deleted."""
    kept = retention(session, notice, today)
    return {"notice_number": notice.number, "items": notice.evidence, "held": kept.held, "kept_until": kept.until,
            "why": kept.why, "deleted_at": notice.evidence_deleted_at, "deleted_by": notice.evidence_deleted_by,
            "requests": requests_for(session, notice)}


def request_footage(*, session: Session, notice: Notice, received_on: date, channel: str, actor: str
                    ) -> FootageRequest:
    """Record the recipient's request for the footage: it holds the evidence until the footage is released."""
    if not notice.evidence:
        raise Problem("No footage recorded", "The notice has no body-worn video or photograph recorded. Tell the "
                      "person so in writing.", kind="no-evidence")
    if notice.evidence_deleted_at is not None:
        raise Conflict("Footage deleted", f"The footage was deleted on {day(london_date(notice.evidence_deleted_at))}"
                       " when its retention ended. Tell the person so in writing.", kind="evidence-deleted")
    request = FootageRequest(notice_id=notice.id, received_on=received_on, channel=channel, recorded_by=actor)
    session.add(request)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="footage_requested", entity="notice",
                 entity_id=notice.number, data={"request": request.id, "received_on": received_on,
                                                "channel": channel})
    return request


def release_footage(*, session: Session, request_id: int, released_on: date, how: str, actor: str
                    ) -> FootageRequest:
    """Record that the footage was given to the person who asked, and how."""
    request = session.get(FootageRequest, request_id)
    if request is None:
        raise NotFound(f"There is no footage request {request_id}.")
    if request.released_on is not None:
        raise Conflict("Already released", f"The footage was released on {day(request.released_on)}.",
                       kind="already-released")
    if released_on < request.received_on:
        raise Problem("Released before it was asked for", "The release date is before the request was received.",
                      kind="validation", errors=[{"field": "released_on", "message": "The date must be on or after "
                                                  f"the day the request was received, {day(request.received_on)}"}])
    request.released_on, request.released_how, request.released_by = released_on, how, actor
    audit.record(session, AuditEntry, actor=actor, action="footage_released", entity="notice",
                 entity_id=request.notice.number, data={"request": request.id, "released_on": released_on})
    return request


def waiting_requests(*, session: Session) -> list[FootageRequest]:
    """Footage requests not yet answered, oldest first."""
    return list(session.scalars(select(FootageRequest).where(FootageRequest.released_on.is_(None))
                                .order_by(FootageRequest.received_on, FootageRequest.id)))


def due_for_deletion(*, session: Session, today: date) -> list[tuple[Notice, evidence_rules.Retention]]:
    """Closed notices whose footage is no longer needed and not yet recorded as deleted, oldest offence first."""
    candidates = session.scalars(select(Notice).where(Notice.state.not_in(evidence_rules.OPEN),
                                                      Notice.evidence_deleted_at.is_(None))
                                 .order_by(Notice.occurred_at))
    waiting = set(session.scalars(select(FootageRequest.notice_id).where(FootageRequest.released_on.is_(None))))
    due = []
    for notice in candidates:
        if notice.evidence:
            kept = retention(session, notice, today, waiting=notice.id in waiting)
            if not kept.held:
                due.append((notice, kept))
    return due


def record_deletion(*, session: Session, notice: Notice, actor: str, now: datetime) -> Notice:
    """Record that the notice's footage has been deleted from the video system; refused while it must be kept."""
    kept = retention(session, notice, london_date(now))
    if kept.held:
        raise Conflict("Evidence still held", f"{kept.why} It cannot be deleted yet.", kind="evidence-held")
    if notice.evidence_deleted_at is None:
        notice.evidence_deleted_at, notice.evidence_deleted_by = now, actor
        audit.record(session, AuditEntry, actor=actor, action="evidence_deleted", entity="notice",
                     entity_id=notice.number, data={"items": len(notice.evidence)})
    return notice
