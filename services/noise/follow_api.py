"""A reporter's private link, as an API (the page at /follow/<token> uses the same use cases): no account, the link
is the key. Only the reporter's own reports and messages are ever shown through it."""
from datetime import datetime, timezone

from flask import Response, current_app
from flask_smorest import Blueprint

from shared.idempotency import HEADER_DOC, idempotency_key
from shared.sessions import db_session
from services.noise import follow, reporters
from services.noise.incidents_api import threshold_settings
from services.noise.schemas import FollowSchema, IncidentReceiptSchema, RecurrenceRequestSchema

blp = Blueprint("follow", __name__, url_prefix="/api/v1/follow", description="A reporter following their cases")
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def reporter_from(token: str):
    return reporters.reporter_by_token(db_session(), current_app.config["SETTINGS"].secret_key, token)


@blp.get("/<token>")
@blp.response(200, FollowSchema)
def follow_cases(token):
    """The reporter's cases, newest first: where each stands in plain English (and as Open311's open or closed),
    their own reports on it, and every message we sent them."""
    return follow.view(db_session(), reporter_from(token)), 200, PRIVATE


@blp.post("/<token>/recurrences")
@blp.arguments(RecurrenceRequestSchema())
@blp.response(201, IncidentReceiptSchema)
@blp.doc(parameters=[HEADER_DOC])
def log_recurrence(body, token):
    """The noise happened again: a new report on one of the reporter's own cases (on a closed case, it opens a new
    case for the same place). Refused with every problem at once (422) on anyone else's case."""
    session = db_session()
    incident = follow.log_recurrence(session=session, reporter=reporter_from(token), body=body,
                                     key=idempotency_key(), now=datetime.now(timezone.utc), **threshold_settings())
    session.commit()
    return incident, 201, PRIVATE


@blp.get("/<token>/letters/<int:message_id>.pdf")
@blp.response(200, description="The letter as a PDF")
def follow_letter(token, message_id):
    """A letter we sent the reporter (the written outcome at closure, say), as a PDF."""
    message = follow.letter(db_session(), reporter_from(token), message_id)
    return Response(message.pdf, mimetype="application/pdf", headers={
        **PRIVATE, "Content-Disposition": f'inline; filename="{message.case.reference}-{message.kind}.pdf"'})
