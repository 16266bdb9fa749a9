"""Notices requested by other services (noise: a breached abatement notice; cctv: an ANPR capture).

Each request is answered by an event back to the requesting service: the notice issued, or the refusal.
"""
from datetime import datetime

import marshmallow as ma
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import outbox
from shared.errors import Problem
from services.fpn import notice_numbers, notices
from services.fpn.models import IssueRefusal, Order, OutboxMessage, Prohibition, Scope
from services.fpn.schemas import NoticeRequestSchema

SOURCES = ("noise", "cctv")


class RequestedNoticeSchema(NoticeRequestSchema):
    """A notice request from another service: the prohibition named by codes, not by fpn's internal id."""

    prohibition_id = ma.fields.Integer(load_default=None)
    scope_code = ma.fields.String(required=True)
    prohibition_code = ma.fields.String(required=True)


class RequestSchema(ma.Schema):
    source = ma.fields.String(required=True, validate=ma.validate.OneOf(SOURCES))
    reference = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    requested_by = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    notice = ma.fields.Nested(RequestedNoticeSchema, required=True)


def _resolve_prohibition(session: Session, notice: dict) -> int:
    """fpn's id for the prohibition named by order, scope and prohibition codes."""
    found = session.scalar(select(Prohibition.id).join(Scope).join(Order).where(
        Order.code == notice["order_code"], Scope.code == notice["scope_code"],
        Prohibition.code == notice["prohibition_code"]))
    if found is None:
        raise Problem("Unknown prohibition", f"The register has no prohibition '{notice['prohibition_code']}' in "
                      f"scope '{notice['scope_code']}' of order '{notice['order_code']}'.", kind="unknown-prohibition")
    return found


def handle(*, session: Session, event_id: str, payload: dict, now: datetime, max_age_days: int) -> str:
    """Issue the requested notice, or record why not; answer the requester either way. Returns the outcome."""
    source = payload.get("source") if payload.get("source") in SOURCES else "unknown"
    reference = str(payload.get("reference", ""))[:80]
    try:
        request = RequestSchema().load(payload)
        body = request["notice"]
        body["prohibition_id"] = _resolve_prohibition(session, body)
        with session.begin_nested():
            notice, _created = notices.issue(session=session, issued_by=request["requested_by"], key=event_id,
                                             body=body, now=now, max_age_days=max_age_days, source=source)
    except (ma.ValidationError, Problem) as exc:
        title, detail = ("The request has invalid fields", str(exc.messages)) if isinstance(
            exc, ma.ValidationError) else (exc.title, exc.detail)
        session.add(IssueRefusal(event_id=event_id, source=source, reference=reference, title=title, detail=detail))
        if source in SOURCES:
            outbox.emit(session, OutboxMessage, f"{source}.notice_refused",
                        {"reference": reference, "title": title, "detail": detail})
        return "refused"
    outbox.emit(session, OutboxMessage, f"{source}.notice_issued_for_request", {
        "reference": reference, "notice_number": notice_numbers.display(notice.number), "state": notice.state,
        "amount": str(notice.amount) if notice.amount is not None else None,
        "pay_by": notice.pay_by.isoformat() if notice.pay_by else None})
    return "issued"
