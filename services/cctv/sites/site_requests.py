"""Site and deployment-request use cases: record a site, take a request in, record its DPIA and signage plan, and
decide it (approve, refuse with a reason, withdraw)."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Problem
from shared.sessions import find_or_404
from services.cctv.models import AuditEntry
from services.cctv.sites import request_rules
from services.cctv.sites.models import DeploymentRequest, Site


def add_site(*, session: Session, details: dict, actor: str) -> Site:
    """Record a place (its name, ward and, where known, address and position)."""
    site = Site(name=details["name"].strip(), address=(details.get("address") or "").strip() or None,
                ward=details["ward"], latitude=details.get("latitude"), longitude=details.get("longitude"))
    session.add(site)
    session.flush()
    site.reference = f"CS-{site.id:04d}"
    audit.record(session, AuditEntry, actor=actor, action="site_added", entity="site", entity_id=site.reference,
                 data={"ward": site.ward})
    return site


def get_site(session: Session, reference: str) -> Site:
    return find_or_404(session, Site.reference, reference, f"There is no site {reference}.")


def named_site(session: Session, reference: str, field: str = "site") -> Site:
    """The site a request's body names; a 422 naming the field when there is none (the request is wrong, not the
    address it was sent to)."""
    site = session.scalar(select(Site).where(Site.reference == reference))
    if site is None:
        raise Problem("Site not found", f"There is no site {reference}. Choose a site from the list of sites, or "
                      "describe a new one.", kind="unknown-site",
                      errors=[{"field": field, "message": f"There is no site {reference}"}])
    return site


def take_in(*, session: Session, body: dict, actor: str) -> DeploymentRequest:
    """Record a request for a deployable camera, at a known site or at a new one described with it."""
    site = named_site(session, body["site"]) if body.get("site") else add_site(session=session,
                                                                             details=body["new_site"], actor=actor)
    request = DeploymentRequest(site=site, requester_kind=body["requester_kind"], requester=body["requester"].strip(),
                                problem=body["problem"], problem_detail=body["problem_detail"].strip(),
                                aim=body["aim"].strip(), received_on=body["received_on"], created_by=actor)
    session.add(request)
    session.flush()
    request.reference = f"DR-{request.id:04d}"
    audit.record(session, AuditEntry, actor=actor, action="request_received", entity="request",
                 entity_id=request.reference, data={"site": site.reference, "problem": request.problem,
                                                    "requester_kind": request.requester_kind})
    return request


def get_request(session: Session, reference: str) -> DeploymentRequest:
    return find_or_404(session, DeploymentRequest.reference, reference,
                       f"There is no deployment request {reference}.")


def record_safeguards(*, session: Session, reference: str, details: dict, actor: str) -> DeploymentRequest:
    """Record a request's completed DPIA (reference and date) and its signage plan, or either of them."""
    request = get_request(session, reference)
    for name in ("dpia_reference", "dpia_completed_on", "signage_plan"):
        if name in details:
            setattr(request, name, details[name])
    audit.record(session, AuditEntry, actor=actor, action="request_safeguards_recorded", entity="request",
                 entity_id=request.reference, data={k: details[k] for k in ("dpia_reference", "dpia_completed_on")
                                                    if k in details} | {"signage_plan": "signage_plan" in details})
    return request


def decide(*, session: Session, reference: str, decision: str, reason: str | None, actor: str,
           today: date) -> DeploymentRequest:
    """Approve a request (only with its DPIA and signage plan), refuse it with a reason, or withdraw it."""
    request = get_request(session, reference)
    request.status = request_rules.check_decision(
        reference=request.reference, status=request.status, decision=decision, reason=reason,
        dpia_reference=request.dpia_reference, dpia_completed_on=request.dpia_completed_on,
        signage_plan=request.signage_plan, today=today)
    request.decided_on, request.decided_by = today, actor
    request.refusal_reason = (reason or "").strip() or None if decision != "approve" else None
    audit.record(session, AuditEntry, actor=actor, action=f"request_{request.status}", entity="request",
                 entity_id=request.reference, data={"reason": request.refusal_reason})
    return request


def deployable_sites(session: Session) -> dict[int, bool]:
    """Each site with an approved, deployable request: whether it needs ANPR (nuisance vehicles)."""
    out: dict[int, bool] = {}
    for request in session.scalars(select(DeploymentRequest).where(DeploymentRequest.status == "approved")):
        if request_rules.deployable(status=request.status, dpia_completed_on=request.dpia_completed_on,
                                    signage_plan=request.signage_plan):
            out[request.site_id] = out.get(request.site_id, False) or request_rules.needs_anpr(request.problem)
    return out
