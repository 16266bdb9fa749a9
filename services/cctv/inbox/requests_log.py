"""Inbox use cases: log a request (its due date and overwrite date worked out), hold its footage, record each
disclosure, close it; and count requests by month and category for the annual report."""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit, report_tables
from shared.errors import Conflict, Problem
from shared.sessions import find_or_404
from services.cctv.cameras.models import Camera
from services.cctv.inbox import inbox_rules
from services.cctv.inbox.models import Disclosure, InboxRequest
from services.cctv.models import AuditEntry


def log(*, session: Session, body: dict, actor: str, now: datetime) -> InboxRequest:
    """Log a request: every problem with it in one 422, and nothing stored."""
    errors = inbox_rules.check_due(body["received_on"], body.get("due_on"))
    errors += inbox_rules.check_times(body.get("footage_from"), body.get("footage_to"), now)
    errors += unknown_cameras(session, body.get("cameras") or [])
    if errors:
        raise Problem("The request is not right", errors[0]["message"], kind="invalid-inbox-request", errors=errors)
    request = InboxRequest(
        received_on=body["received_on"], category=body["category"], kind=body["kind"],
        requester=body["requester"].strip(), contact=body.get("contact"), their_reference=body.get("their_reference"),
        asked=body["asked"].strip(), cameras=body.get("cameras") or [], footage_from=body.get("footage_from"),
        footage_to=body.get("footage_to"), created_by=actor,
        due_on=inbox_rules.due_on(body["kind"], body["received_on"], body.get("due_on")))
    session.add(request)
    session.flush()
    request.reference = f"IR-{request.id:04d}"
    audit.record(session, AuditEntry, actor=actor, action="inbox_request_logged", entity="inbox_request",
                 entity_id=request.reference, data={"category": request.category, "kind": request.kind,
                                                    "due_on": request.due_on})
    return request


def unknown_cameras(session: Session, cameras: list[str]) -> list[dict]:
    """A field error for each camera named that is not in the register."""
    known = set(session.scalars(select(Camera.asset_id).where(Camera.asset_id.in_(cameras))))
    return [{"field": f"cameras.{n}", "message": f"There is no camera {asset} in the register"}
            for n, asset in enumerate(cameras) if asset not in known]


def get(session: Session, reference: str) -> InboxRequest:
    return find_or_404(session, InboxRequest.reference, reference, f"There is no request {reference} in the inbox.")


def hold(*, session: Session, reference: str, reason: str, actor: str, today: date) -> InboxRequest:
    """Put the footage a request asks for under a legal hold, so it is not overwritten."""
    request = get(session, reference)
    inbox_rules.check_hold(reference=reference, footage_from=request.footage_from, today=today)
    request.legal_hold, request.hold_reason, request.held_on = True, reason, today
    audit.record(session, AuditEntry, actor=actor, action="footage_held", entity="inbox_request",
                 entity_id=reference, data={"reason": reason})
    return request


def disclose(*, session: Session, reference: str, body: dict, actor: str) -> InboxRequest:
    """Record what was given to whom, when and how."""
    request = _open(session, reference)
    request.disclosures.append(Disclosure(disclosed_on=body["disclosed_on"], disclosed_to=body["disclosed_to"],
                                          what=body["what"], method=body["method"], recorded_by=actor))
    request.status = "disclosed"
    audit.record(session, AuditEntry, actor=actor, action="disclosure_recorded", entity="inbox_request",
                 entity_id=reference, data={"disclosed_on": body["disclosed_on"], "what": body["what"],
                                            "method": body["method"]})
    return request


def close(*, session: Session, reference: str, status: str, outcome: str, actor: str) -> InboxRequest:
    """Close a request (answered), or refuse it with the reason."""
    request = _open(session, reference)
    request.status, request.outcome = status, outcome
    audit.record(session, AuditEntry, actor=actor, action=f"inbox_request_{status}", entity="inbox_request",
                 entity_id=reference, data={"outcome": outcome})
    return request


def _open(session: Session, reference: str) -> InboxRequest:
    request = get(session, reference)
    if request.status in ("refused", "closed"):
        raise Conflict("Request closed", f"{reference} is {request.status}. Log a new request if more is asked.",
                       kind="inbox-request-closed")
    return request


def by_month(session: Session, start: date, end: date) -> dict:
    """Requests received each month, by requester category, with totals: the annual report's table."""
    counts: dict = {}
    for received_on, category in session.execute(select(InboxRequest.received_on, InboxRequest.category).where(
            InboxRequest.received_on >= start, InboxRequest.received_on <= end)):
        key = (received_on.strftime("%Y-%m"), category)
        counts[key] = counts.get(key, 0) + 1
    categories = list(inbox_rules.CATEGORIES)
    rows = [[month, *[counts.get((month, c), 0) for c in categories],
             sum(counts.get((month, c), 0) for c in categories)] for month in report_tables.months(start, end)]
    rows.append(["Total", *[sum(r[i + 1] for r in rows) for i in range(len(categories))], sum(r[-1] for r in rows)])
    return {"title": "Requests by month and requester", "columns": ["Month", *inbox_rules.CATEGORIES.values(),
                                                                     "Total"], "rows": rows}
