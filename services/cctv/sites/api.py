"""Site and deployment-request endpoints: record sites, take requests in, record their DPIA and signage plan, and
decide them."""
from flask import url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.sessions import db_session
from services.cctv.sites import site_requests
from services.cctv.sites.models import DeploymentRequest, Site
from services.cctv.sites.schemas import (DecisionSchema, NewSiteSchema, RequestCreateSchema, RequestQuerySchema,
                                         RequestSchema, SafeguardsSchema, SiteSchema)

blp = Blueprint("sites", __name__, url_prefix="/api/v1", description="Sites and requests for deployable cameras")


@blp.get("/sites")
@blp.response(200, SiteSchema(many=True))
def list_sites():
    """Every site (fixed cameras' locations and candidate sites), with its requests."""
    return db_session().scalars(select(Site).order_by(Site.reference)).all()


@blp.post("/sites")
@blp.arguments(NewSiteSchema())
@blp.response(201, SiteSchema)
def add_site(body):
    """Record a site."""
    session = db_session()
    site = site_requests.add_site(session=session, details=body, actor=current_caller().username)
    session.commit()
    return site, 201, {"Location": url_for("sites.get_site", reference=site.reference)}


@blp.get("/sites/<reference>")
@blp.response(200, SiteSchema)
def get_site(reference):
    """One site with its requests."""
    return site_requests.get_site(db_session(), reference)


@blp.post("/requests")
@blp.arguments(RequestCreateSchema())
@blp.response(201, RequestSchema)
def take_in_request(body):
    """Record a request for a deployable camera (from a BJAG locality, the police, a council team or a housing
    provider). It is deployable once approved with a completed DPIA and a signage plan."""
    session = db_session()
    request = site_requests.take_in(session=session, body=body, actor=current_caller().username)
    session.commit()
    return request, 201, {"Location": url_for("sites.get_request", reference=request.reference)}


@blp.get("/requests")
@blp.arguments(RequestQuerySchema(), location="query")
@blp.response(200, RequestSchema(many=True))
def list_requests(query):
    """Requests, newest first, optionally of one status."""
    statement = select(DeploymentRequest).order_by(DeploymentRequest.id.desc())
    if query.get("status"):
        statement = statement.where(DeploymentRequest.status == query["status"])
    return db_session().scalars(statement).all()


@blp.get("/requests/<reference>")
@blp.response(200, RequestSchema)
def get_request(reference):
    """One request with its safeguards and decision."""
    return site_requests.get_request(db_session(), reference)


@blp.post("/requests/<reference>/safeguards")
@blp.arguments(SafeguardsSchema())
@blp.response(200, RequestSchema)
def record_safeguards(body, reference):
    """Record a request's completed DPIA (its reference and date) and its signage plan."""
    session = db_session()
    request = site_requests.record_safeguards(session=session, reference=reference, details=body,
                                              actor=current_caller().username)
    session.commit()
    return request


@blp.post("/requests/<reference>/decision")
@blp.arguments(DecisionSchema())
@blp.response(200, RequestSchema)
def decide_request(body, reference):
    """Approve a request (only with its completed DPIA and signage plan), refuse it with a reason, or withdraw an
    approved one with a reason."""
    session = db_session()
    request = site_requests.decide(session=session, reference=reference, decision=body["decision"],
                                   reason=body.get("reason"), actor=current_caller().username, today=today())
    session.commit()
    return request
