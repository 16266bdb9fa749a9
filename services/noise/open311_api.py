"""The Open311 GeoReport v2 interface: /open311/v2/discovery, /services, /services/<code>, /requests and
/requests/<id>, each as .json or .xml. Posting needs an api_key: an integration token with the noise_intake role
(`sbo token --role noise_intake`). What is shown publicly, and why: services.noise.open311."""
import uuid
from datetime import datetime, timezone
from xml.etree import ElementTree

import marshmallow as ma
from flask import Blueprint, Response, json, request
from sqlalchemy import select

from shared.auth import caller_from_token
from shared.errors import Problem, field_errors
from shared.sessions import db_session
from services.noise import cases, intake_rules, open311
from services.noise.incidents_api import threshold_settings
from services.noise.models import Incident
from services.noise.schemas import IncidentRequestSchema

blp = Blueprint("open311", __name__, url_prefix="/open311/v2")
FORMATS = {"json": "application/json", "xml": "text/xml"}
POSTERS = ("noise_intake", "nuisance_officer", "admin")


def _answer(data, fmt: str, root: str, item: str | None = None, status: int = 200) -> Response:
    """`data` as JSON, or as GeoReport's XML: a list as <root><item>...</item>...</root>, a dict as
    <root>its fields</root>."""
    if fmt == "json":
        return Response(json.dumps(data), status=status, mimetype=FORMATS["json"])
    top = ElementTree.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml(ElementTree.SubElement(top, item), entry)
    else:
        _xml(top, data)
    return Response(ElementTree.tostring(top, encoding="utf-8", xml_declaration=True), status=status,
                    mimetype=FORMATS["xml"])


def _xml(element, value) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _xml(ElementTree.SubElement(element, key), sub)
    elif isinstance(value, list):  # <endpoints><endpoint/>..., <attributes><attribute/>..., <values><value/>...
        for sub in value:
            _xml(ElementTree.SubElement(element, element.tag.removesuffix("s")), sub)
    elif value is not None:
        element.text = str(value).lower() if isinstance(value, bool) else str(value)


def _errors(fmt: str, status: int, descriptions: list[str]) -> Response:
    return _answer([{"code": status, "description": d} for d in descriptions], fmt, "errors", "error", status)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Problem("Unknown format", "Ask for .json or .xml.", kind="not-found", status=404)
    return fmt


@blp.get("/discovery.<fmt>")
def discovery(fmt):
    """Where this GeoReport endpoint is and what it speaks."""
    fmt = _format(fmt)
    return _answer({"changeset": "2026-11-27T00:00:00Z", "contact": "Brent Council Nuisance Control Team",
                    "key_service": "An api_key is an integration token with the noise_intake role, from an admin.",
                    "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                                   "url": request.url_root.rstrip("/") + "/open311/v2",
                                   "changeset": "2026-11-27T00:00:00Z", "type": "production",
                                   "formats": list(FORMATS.values())}]}, fmt, "discovery")


@blp.get("/services.<fmt>")
def service_list(fmt):
    """Every category of noise (and light, dust, smell, smoke) that can be reported."""
    return _answer(open311.services(), _format(fmt), "services", "service")


@blp.get("/services/<code>.<fmt>")
def service_definition(code, fmt):
    """What a request for one service may (or must) give: its attributes."""
    fmt = _format(fmt)
    found = open311.definition(code)
    if found is None:
        return _errors(fmt, 404, [f"There is no service '{code}'. The services are at /open311/v2/services.{fmt}."])
    return _answer(found, fmt, "service_definition")


@blp.post("/requests.<fmt>")
def post_request(fmt):
    """Report noise. Form fields as GeoReport defines them (api_key, service_code, lat/long, address_string or
    address_id, email, first_name, last_name, phone, description, media_url, attribute[ward], ...). The api_key
    is checked before anything else."""
    said = fmt if fmt in FORMATS else "json"
    try:
        caller = caller_from_token(request.values.get("api_key", ""))
    except Problem as refused:
        return _errors(said, 403, [f"The api_key is missing or not valid: {refused.detail}"])
    if not caller.has(*POSTERS):
        return _errors(said, 403, ["This api_key may not post requests: it needs the noise_intake role."])
    fmt = _format(fmt)
    form = request.form.to_dict()
    try:
        body = IncidentRequestSchema().load(open311.report_from_request(form, datetime.now(timezone.utc)))
    except ma.ValidationError as invalid:
        return _errors(fmt, 400, [f"{e['field']}: {e['message']}" for e in field_errors(invalid.messages)])
    session = db_session()
    key = "open311:" + (request.headers.get("Idempotency-Key") or str(uuid.uuid4()))
    try:
        incident, _created = cases.take_in(session=session, received_by=caller.username, key=key[:100], body=body,
                                           now=datetime.now(timezone.utc), **threshold_settings())
    except Problem as refused:
        return _errors(fmt, 400, [f"{e['field']}: {e['message']}" for e in refused.extra.get("errors", [])]
                       or [refused.detail])
    session.commit()
    return _answer([{"service_request_id": str(incident.id), "service_notice": open311.STATUS_NOTES["monitoring"],
                     "account_id": None}], fmt, "service_requests", "request", 201)


def _public(incident: Incident) -> dict:
    """A request as anyone may see it: no description, address, coordinates or details of anyone."""
    state, note = open311.status(incident.case.status, incident.case.outcome)
    return {"service_request_id": str(incident.id), "status": state, "status_notes": note,
            "service_name": intake_rules.CATEGORIES.get(incident.category, incident.category),
            "service_code": incident.category, "agency_responsible": "Brent Council Nuisance Control Team",
            "requested_datetime": incident.received_at.isoformat(),
            "updated_datetime": (incident.case.closed_at or incident.case.qualified_at or incident.received_at)
            .isoformat()}


@blp.get("/requests.<fmt>")
def get_requests(fmt):
    """Requests' status: those named by service_request_id (comma-separated), or the latest 50 (as GeoReport
    suggests), optionally of one service_code."""
    fmt = _format(fmt)
    statement = select(Incident).order_by(Incident.id.desc()).limit(50)
    if request.args.get("service_request_id"):
        ids = [int(i) for i in request.args["service_request_id"].split(",") if i.strip().isdigit()][:50]
        statement = statement.where(Incident.id.in_(ids))
    if request.args.get("service_code"):
        statement = statement.where(Incident.category == request.args["service_code"])
    return _answer([_public(i) for i in db_session().scalars(statement)], fmt, "service_requests", "request")


@blp.get("/requests/<int:request_id>.<fmt>")
def get_request(request_id, fmt):
    """One request's status."""
    fmt = _format(fmt)
    incident = db_session().get(Incident, request_id) if request_id <= 2**31 - 1 else None
    if incident is None:
        return _errors(fmt, 404, [f"There is no request {request_id}."])
    return _answer([_public(incident)], fmt, "service_requests", "request")
