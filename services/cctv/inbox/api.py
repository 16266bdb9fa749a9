"""Inbox endpoints: log footage and information requests, hold footage, record disclosures, close requests, and
the monthly counts by requester (JSON, or CSV)."""
from datetime import datetime, timezone

from flask import url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared import report_tables
from shared.auth import current_caller
from shared.brent import today
from shared.report_tables import ReportQuerySchema, ReportSchema
from shared.sessions import db_session
from services.cctv.inbox import requests_log
from services.cctv.inbox.models import InboxRequest
from services.cctv.inbox.schemas import (CloseSchema, DisclosureSchema, HoldSchema, InboxQuerySchema,
                                         InboxRequestCreateSchema, InboxRequestSchema)

blp = Blueprint("inbox", __name__, url_prefix="/api/v1", description="The control room's request inbox")


@blp.post("/inbox")
@blp.arguments(InboxRequestCreateSchema())
@blp.response(201, InboxRequestSchema)
def log_request(body):
    """Log a footage or information request. Its due date is worked out (a subject access request: one calendar
    month), and so is the day its footage will be overwritten (31 days after it was recorded)."""
    session = db_session()
    request = requests_log.log(session=session, body=body, actor=current_caller().username,
                               now=datetime.now(timezone.utc))
    session.commit()
    return request, 201, {"Location": url_for("inbox.get_request", reference=request.reference)}


@blp.get("/inbox")
@blp.arguments(InboxQuerySchema(), location="query")
@blp.response(200, InboxRequestSchema(many=True))
def list_requests(query):
    """Requests, soonest due first, optionally of one status."""
    statement = select(InboxRequest).order_by(InboxRequest.due_on, InboxRequest.id)
    if query.get("status"):
        statement = statement.where(InboxRequest.status == query["status"])
    return db_session().scalars(statement).all()


@blp.get("/inbox/<reference>")
@blp.response(200, InboxRequestSchema)
def get_request(reference):
    """One request with its disclosures."""
    return requests_log.get(db_session(), reference)


@blp.post("/inbox/<reference>/hold")
@blp.arguments(HoldSchema())
@blp.response(200, InboxRequestSchema)
def hold_footage(body, reference):
    """Put the footage a request asks for under a legal hold (only while it still exists)."""
    session = db_session()
    request = requests_log.hold(session=session, reference=reference, reason=body["reason"],
                                actor=current_caller().username, today=today())
    session.commit()
    return request


@blp.post("/inbox/<reference>/disclosures")
@blp.arguments(DisclosureSchema())
@blp.response(200, InboxRequestSchema)
def record_disclosure(body, reference):
    """Record a disclosure: what was given to whom, when and how."""
    session = db_session()
    request = requests_log.disclose(session=session, reference=reference, body=body, actor=current_caller().username)
    session.commit()
    return request


@blp.post("/inbox/<reference>/close")
@blp.arguments(CloseSchema())
@blp.response(200, InboxRequestSchema)
def close_request(body, reference):
    """Close a request as answered, or refuse it, with the outcome."""
    session = db_session()
    request = requests_log.close(session=session, reference=reference, status=body["status"],
                                 outcome=body["outcome"], actor=current_caller().username)
    session.commit()
    return request


@blp.get("/inbox-report")
@blp.arguments(ReportQuerySchema(), location="query")
@blp.response(200, ReportSchema, description="the table (format=json, the default)")
@blp.alt_response(200, schema={"type": "string"}, content_type="text/csv",
                  description="the same table as CSV (format=csv, or Accept: text/csv)")
def report(query):
    """Requests received each month by requester category, with totals (the annual report's chart)."""
    start, end = report_tables.period(query)
    return report_tables.respond(requests_log.by_month(db_session(), start, end), query, "cctv-inbox", start, end)
