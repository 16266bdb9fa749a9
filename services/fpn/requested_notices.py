"""Notices requested by other services (noise: a breached abatement notice; cctv: an ANPR capture).

Each request is answered by an event back to the requesting service: the notice issued, or the refusal.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import outbox
from shared.contracts.notices import REQUESTERS
from shared.contracts.tasks import answer_tasks
from shared.errors import Problem
from services.fpn import notice_numbers, notices
from services.fpn.models import IssueRefusal, Order, OutboxMessage, Prohibition, Scope


def _resolve_prohibition(session: Session, notice: dict) -> int:
    """fpn's id for the prohibition named by order, scope and prohibition codes."""
    found = session.scalar(select(Prohibition.id).join(Scope).join(Order).where(
        Order.code == notice["order_code"], Scope.code == notice["scope_code"],
        Prohibition.code == notice["prohibition_code"]))
    if found is None:
        raise Problem("Unknown prohibition", f"The register has no prohibition '{notice['prohibition_code']}' in "
                      f"scope '{notice['scope_code']}' of order '{notice['order_code']}'.", kind="unknown-prohibition")
    return found


def _refuse(session: Session, *, event_id: str, source: str, reference: str, title: str, detail: str) -> str:
    """Record why a request was refused and, if the requester is known, tell it."""
    session.add(IssueRefusal(event_id=event_id, source=source, reference=reference, title=title, detail=detail))
    if source in REQUESTERS:
        outbox.emit(session, OutboxMessage, answer_tasks(source)["refused"],
                    {"reference": reference, "title": title, "detail": detail})
    return "refused"


def handle(*, session: Session, event_id: str, request: dict, now: datetime, max_age_days: int,
           demonstration: bool = False) -> str:
    """Issue the requested notice (loaded through its contract), or record why not; answer the requester either
    way. Returns the outcome."""
    source, reference = request["source"], request["reference"]
    body = {k: v for k, v in request["notice"].items() if k not in ("scope_code", "prohibition_code")}
    try:
        body["prohibition_id"] = _resolve_prohibition(session, request["notice"])
        with session.begin_nested():
            notice, _created = notices.issue(session=session, issued_by=request["requested_by"], key=event_id,
                                             body=body, now=now, max_age_days=max_age_days, source=source,
                                             source_reference=reference, demonstration=demonstration)
    except Problem as exc:
        return _refuse(session, event_id=event_id, source=source, reference=reference, title=exc.title,
                       detail=exc.detail)
    outbox.emit(session, OutboxMessage, answer_tasks(source)["issued_for_request"], {
        "reference": reference, "notice_number": notice_numbers.display(notice.number), "state": notice.state,
        "amount": notice.amount, "pay_by": notice.pay_by})
    return "issued"


def refuse_malformed(*, session: Session, event_id: str, payload, errors: list[dict]) -> str:
    """A request that breaks its contract: answer the requester, if it can be told who it is, with what is wrong."""
    payload = payload if isinstance(payload, dict) else {}
    source = payload.get("source") if payload.get("source") in REQUESTERS else "unknown"
    fields = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _refuse(session, event_id=event_id, source=source, reference=str(payload.get("reference", ""))[:80],
                   title="The request has invalid fields", detail=f"Correct these fields and send again: {fields}")
