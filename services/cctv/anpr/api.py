"""ANPR endpoints: enforcement zones, reads from the cameras' gateway, and vehicle breaches through the keeper's
letter (as a PDF) and reply to a notice request to fpn."""
from datetime import datetime, timezone

from flask import Response, current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.sessions import db_session
from services.cctv.anpr import enforcement
from services.cctv.anpr.models import AnprRead, AnprZone, VehicleBreach
from services.cctv.anpr.schemas import (BreachQuerySchema, BreachSchema, DriverSchema, LetterSentSchema,
                                        ReadCreateSchema, ReadQuerySchema, ReadSchema, ZoneCreateSchema, ZoneSchema)

blp = Blueprint("anpr", __name__, url_prefix="/api/v1", description="Nuisance vehicles: ANPR reads to notices")


@blp.post("/anpr/zones")
@blp.arguments(ZoneCreateSchema())
@blp.response(201, ZoneSchema)
def add_zone(body):
    """Record a site where ANPR reads enforce an order's prohibition (warnings only, to a date, if given)."""
    session = db_session()
    zone = enforcement.add_zone(session=session, body=body, actor=current_caller().username)
    session.commit()
    return zone


@blp.get("/anpr/zones")
@blp.response(200, ZoneSchema(many=True))
def list_zones():
    """The enforcement zones."""
    return db_session().scalars(select(AnprZone).order_by(AnprZone.id)).all()


@blp.post("/anpr/reads")
@blp.arguments(ReadCreateSchema())
@blp.response(201, ReadSchema)
def take_read(body):
    """Take a read from an ANPR camera in the register. A reliable read in an active zone joins its vehicle's breach
    there (reads within the hour are one breach); a read below the confidence threshold waits for review."""
    session = db_session()
    read = enforcement.take_read(session=session, body=body, received_by=current_caller().username,
                                 now=datetime.now(timezone.utc),
                                 min_confidence=current_app.config["SETTINGS"].anpr_min_confidence)
    session.commit()
    return read


@blp.get("/anpr/reads")
@blp.arguments(ReadQuerySchema(), location="query")
@blp.response(200, ReadSchema(many=True))
def list_reads(query):
    """The latest 200 reads, optionally of one outcome (review: those never acted on, for a person to check)."""
    statement = select(AnprRead).order_by(AnprRead.id.desc()).limit(200)
    if query.get("outcome"):
        statement = statement.where(AnprRead.outcome == query["outcome"])
    return db_session().scalars(statement).all()


def _with_answer(session, breach):
    breach.notice_answer = enforcement.notice_answer(session, breach)
    return breach


@blp.get("/breaches")
@blp.arguments(BreachQuerySchema(), location="query")
@blp.response(200, BreachSchema(many=True))
def list_breaches(query):
    """Vehicle breaches, newest first: by status (keeper_lookup, keeper_not_found, letter_due, warned,
    awaiting_reply, notice_requested), or those whose keeper did not reply in time (overdue=true)."""
    session = db_session()
    statement = select(VehicleBreach).order_by(VehicleBreach.id.desc())
    if query.get("status"):
        statement = statement.where(VehicleBreach.status == query["status"])
    if query.get("overdue"):
        statement = statement.where(VehicleBreach.status == "awaiting_reply", VehicleBreach.reply_due_on < today())
    return [_with_answer(session, b) for b in session.scalars(statement)]


@blp.get("/breaches/<reference>")
@blp.response(200, BreachSchema)
def get_breach(reference):
    """One breach: its reads, the keeper, the letter, the reply, and fpn's answer to the notice asked for."""
    session = db_session()
    return _with_answer(session, enforcement.get_breach(session, reference))


@blp.get("/breaches/<reference>/letter.pdf")
@blp.response(200, description="The keeper's letter as a PDF", content_type="application/pdf")
def keeper_letter(reference):
    """The letter to the registered keeper (a warning, or a request to name the driver), dated the day it was
    sent, or today if it has not been."""
    session = db_session()
    pdf = enforcement.keeper_letter(session=session, reference=reference, actor=current_caller().username,
                                    today=today())
    session.commit()
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{reference}-letter.pdf"'})


@blp.post("/breaches/<reference>/letter-sent")
@blp.arguments(LetterSentSchema())
@blp.response(200, BreachSchema)
def record_letter_sent(body, reference):
    """Record the keeper's letter sent: a warning ends the matter; otherwise the keeper has 28 days to reply."""
    session = db_session()
    breach = enforcement.letter_sent(session=session, reference=reference, sent_on=body["sent_on"],
                                     actor=current_caller().username)
    session.commit()
    return _with_answer(session, breach)


@blp.post("/breaches/<reference>/driver")
@blp.arguments(DriverSchema())
@blp.response(200, BreachSchema)
def record_driver(body, reference):
    """Record the keeper's reply (they drove, or they name the driver): fpn is asked for the notice, and decides
    from its register whether a warning or an FPN is allowed that day. Its answer shows on the breach."""
    session = db_session()
    breach = enforcement.driver_named(session=session, reference=reference, body=body,
                                      actor=current_caller().username)
    session.commit()
    return _with_answer(session, breach)
