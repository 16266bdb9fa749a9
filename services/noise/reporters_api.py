"""Reporters as nuisance officers see them (personal data): their reports, what they were told, and restricting
one judged malicious or vexatious; and the letters waiting to be printed and posted."""
from datetime import datetime, timezone

from flask import Response
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import london_date
from shared.errors import Conflict, NotFound
from shared.sessions import db_session
from services.noise import reporters, restrictions
from services.noise.incidents_api import threshold_settings
from services.noise.models import Incident, Reporter, ReporterMessage
from services.noise.schemas import (LiftRequestSchema, ReporterMessageSchema, ReporterRecordSchema,
                                    RestrictionRequestSchema, RestrictionSchema)

blp = Blueprint("reporters", __name__, url_prefix="/api/v1", description="Reporters, restrictions and letters")


def _shown(session, reporter: Reporter) -> dict:
    return {"id": reporter.id, "name": reporter.name, "email": reporter.email, "phone": reporter.phone,
            "address": reporter.address,
            "restricted": reporters.restriction_in_force(reporter, london_date(datetime.now(timezone.utc))) is not None,
            "restrictions": reporter.restrictions,
            "reports": session.scalars(select(Incident).where(Incident.reporter_id == reporter.id)
                                       .order_by(Incident.started_at)).all(),
            "messages": session.scalars(select(ReporterMessage).where(ReporterMessage.reporter_id == reporter.id)
                                        .order_by(ReporterMessage.id)).all()}


def _reporter(session, reporter_id: int) -> Reporter:
    reporter = session.get(Reporter, reporter_id) if reporter_id <= 2**31 - 1 else None
    if reporter is None:
        raise NotFound(f"There is no reporter {reporter_id}.")
    return reporter


@blp.get("/reporters/<int:reporter_id>")
@blp.response(200, ReporterRecordSchema)
def get_reporter(reporter_id):
    """A reporter: their details, every report they made, what they were told, and any restriction."""
    session = db_session()
    return _shown(session, _reporter(session, reporter_id))


@blp.post("/reporters/<int:reporter_id>/restriction")
@blp.arguments(RestrictionRequestSchema())
@blp.response(201, RestrictionSchema)
def restrict(body, reporter_id):
    """Restrict a reporter judged malicious or vexatious, with a reason and a review date (within a year): until
    then their reports are kept but do not count towards the threshold. Audited; their open cases are counted
    again at once."""
    session = db_session()
    _reporter(session, reporter_id)
    restriction = restrictions.restrict(session=session, reporter_id=reporter_id, reason=body.get("reason"),
                                        review_on=body.get("review_on"), actor=current_caller().username,
                                        now=datetime.now(timezone.utc), needed=threshold_settings()["needed"])
    session.commit()
    return restriction


@blp.post("/reporters/<int:reporter_id>/restriction/lift")
@blp.arguments(LiftRequestSchema())
@blp.response(200, RestrictionSchema)
def lift(body, reporter_id):
    """Lift a reporter's restriction before its review date, with a reason; their open cases are counted again."""
    session = db_session()
    _reporter(session, reporter_id)
    restriction = restrictions.lift(session=session, reporter_id=reporter_id, reason=body.get("reason"),
                                    actor=current_caller().username, now=datetime.now(timezone.utc),
                                    needed=threshold_settings()["needed"])
    session.commit()
    return restriction


@blp.get("/letters")
@blp.response(200, ReporterMessageSchema(many=True))
def letters_to_post():
    """Letters to reporters with no e-mail address, waiting to be printed and posted, oldest first."""
    return db_session().scalars(select(ReporterMessage).where(ReporterMessage.channel == "letter",
                                                              ReporterMessage.posted_at.is_(None))
                                .order_by(ReporterMessage.id)).all()


def _message(session, message_id: int) -> ReporterMessage:
    message = session.get(ReporterMessage, message_id) if message_id <= 2**31 - 1 else None
    if message is None or message.pdf is None:
        raise NotFound(f"There is no letter {message_id}.")
    return message


@blp.get("/letters/<int:message_id>.pdf")
@blp.response(200, description="The letter as a PDF")
def letter_pdf(message_id):
    """A letter to a reporter, as sent (or to be posted)."""
    message = _message(db_session(), message_id)
    return Response(message.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{message.case.reference}-{message.kind}.pdf"'})


@blp.post("/letters/<int:message_id>/posted")
@blp.response(200, ReporterMessageSchema)
def letter_posted(message_id):
    """Record that a letter was printed and posted."""
    session = db_session()
    message = _message(session, message_id)
    if message.channel != "letter":
        raise Conflict("Sent by e-mail", f"Message {message_id} was sent by e-mail: there is nothing to post.",
                       kind="not-a-letter")
    if message.posted_at is None:
        message.posted_at, message.posted_by = datetime.now(timezone.utc), current_caller().username
    session.commit()
    return message
