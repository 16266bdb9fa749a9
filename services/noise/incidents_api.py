"""Incident endpoints: take a report in from any channel, look one up, and record an officer's assessment."""
from datetime import datetime, timedelta, timezone

from flask import current_app, jsonify
from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.idempotency import HEADER_DOC, idempotency_key
from shared.sessions import db_session, get_or_404
from services.noise import cases
from services.noise.access import SEES_PEOPLE
from services.noise.models import Incident
from services.noise.schemas import AssessmentSchema, IncidentReceiptSchema, IncidentRequestSchema, IncidentSchema

blp = Blueprint("incidents", __name__, url_prefix="/api/v1/incidents", description="Noise incidents")
_AS_FILED, _RECEIPT = IncidentSchema(), IncidentReceiptSchema()  # made once: a schema is costly to make, free to reuse


def threshold_settings() -> dict:
    """The threshold as configured: how many occasions qualify, and how close reports must be to be one."""
    settings = current_app.config["SETTINGS"]
    return {"needed": settings.noise_qualifying_occasions, "gap": timedelta(hours=settings.noise_occasion_gap_hours)}


@blp.post("")
@blp.arguments(IncidentRequestSchema())
@blp.response(201, IncidentSchema, description="The report as filed (to nuisance officers and admins)")
@blp.alt_response(200, schema=IncidentReceiptSchema, description="To a reporting system (noise_intake): a receipt "
                  "only. 200 instead of 201 when a retry returns the report first filed.")
@blp.doc(parameters=[HEADER_DOC])
def report_incident(body):
    """Take in a report of noise (or light, dust, smell, smoke), file it under its source's case, and check the
    case against the threshold at once. Retrying with the same Idempotency-Key and body returns the same report.
    A reporting system (the noise_intake role) is answered with a receipt only."""
    caller, session = current_caller(), db_session()
    incident, created = cases.take_in(session=session, received_by=caller.username, key=idempotency_key(),
                                      body=body, now=datetime.now(timezone.utc), **threshold_settings())
    session.commit()
    shape = _AS_FILED if set(caller.roles) & set(SEES_PEOPLE) else _RECEIPT
    answer = jsonify(shape.dump(incident))  # a Response: flask-smorest sends it as it is
    answer.status_code = 201 if created else 200
    return answer


@blp.get("/<int:incident_id>")
@blp.response(200, IncidentSchema)
def get_incident(incident_id):
    """One incident, with its reporter's details (nuisance officers and admins only)."""
    return get_or_404(Incident, incident_id, "incident")


@blp.post("/<int:incident_id>/assessment")
@blp.arguments(AssessmentSchema())
@blp.response(200, IncidentSchema)
def assess_incident(body, incident_id):
    """Record an officer's assessment of an incident (nuisance or not, significant or not), and check its case
    against the threshold again."""
    session = db_session()
    needed = threshold_settings()["needed"]
    incident = cases.assess(session=session, incident_id=incident_id, assessment=body["assessment"],
                            significant=body["significant"], reason=body.get("significance_reason"),
                            assessed_by=current_caller().username, now=datetime.now(timezone.utc), needed=needed)
    session.commit()
    return incident
