"""Working Group endpoints: meetings with their generated agenda, a decision on each item, the minutes (agreed,
and as a PDF document), work orders installed or failed, and each deployment's evidence before, during and after."""
from flask import Response, current_app, url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.sessions import db_session, get_or_404
from services.cctv.cameras.models import Deployment
from services.cctv.evidence import scoring
from services.cctv.working_group import meetings, work_orders
from services.cctv.working_group.minutes_pdf import minutes_pdf
from services.cctv.working_group.models import Meeting, WorkOrder
from services.cctv.working_group.schemas import (DeploymentEvidenceSchema, FailedSchema, InstalledSchema,
                                                 ItemDecisionSchema, MeetingCreateSchema, MeetingSchema,
                                                 MeetingSummarySchema, MinutesSchema, WorkOrderQuerySchema,
                                                 WorkOrderSchema)

blp = Blueprint("working_group", __name__, url_prefix="/api/v1", description="The CCTV Working Group")


@blp.post("/meetings")
@blp.arguments(MeetingCreateSchema())
@blp.response(201, MeetingSchema)
def open_meeting(body):
    """Open a meeting. Its agenda is generated: the latest plan's moves for the coming month, requests not yet
    decided, cameras due for their review before the next meeting, and deployments due for evaluation."""
    session = db_session()
    meeting = meetings.open_meeting(session=session, held_on=body["held_on"], attendees=body.get("attendees", []),
                                    actor=current_caller().username)
    session.commit()
    return meeting, 201, {"Location": url_for("working_group.get_meeting", meeting_id=meeting.id)}


@blp.get("/meetings")
@blp.response(200, MeetingSummarySchema(many=True))
def list_meetings():
    """Meetings, latest first."""
    return db_session().scalars(select(Meeting).order_by(Meeting.held_on.desc())).all()


@blp.get("/meetings/<int:meeting_id>")
@blp.response(200, MeetingSchema)
def get_meeting(meeting_id):
    """A meeting with its agenda and the decision on each item."""
    return get_or_404(Meeting, meeting_id, "meeting")


@blp.post("/meetings/<int:meeting_id>/items/<int:item_id>/decision")
@blp.arguments(ItemDecisionSchema())
@blp.response(200, MeetingSchema)
def decide_item(body, meeting_id, item_id):
    """Record the group's decision on an item: approve, reject (with a reason) or defer. Approving a move orders
    it from the contractor: beyond the month's included moves only with `chargeable`, and before the camera's
    minimum stay only with an `override` reason."""
    session = db_session()
    item = meetings.decide(session=session, meeting_id=meeting_id, item_id=item_id, body=body,
                           actor=current_caller().username, settings=current_app.config["SETTINGS"], today=today())
    session.commit()
    return item.meeting


@blp.post("/meetings/<int:meeting_id>/minutes")
@blp.arguments(MinutesSchema())
@blp.response(200, MeetingSchema)
def agree_minutes(body, meeting_id):
    """Agree the minutes (and the final list of attendees): the meeting's decisions are final from then."""
    session = db_session()
    meeting = meetings.close(session=session, meeting_id=meeting_id, minutes=body["minutes"],
                             attendees=body.get("attendees"), actor=current_caller().username,
                             undecided_confirmed=body["undecided_confirmed"])
    session.commit()
    return meeting


@blp.get("/meetings/<int:meeting_id>/minutes.pdf")
@blp.response(200, description="The minutes as a PDF document", content_type="application/pdf")
def minutes_document(meeting_id):
    """The minutes as a PDF document: attendees, each item's decision and reason, work orders raised, minutes."""
    meeting = get_or_404(Meeting, meeting_id, "meeting")
    orders = db_session().scalars(select(WorkOrder).where(
        WorkOrder.agenda_item_id.in_([i.id for i in meeting.items])).order_by(WorkOrder.id)).all()
    return Response(minutes_pdf(meeting, orders), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="cctv-working-group-{meeting.held_on}.pdf"'})


@blp.get("/work-orders")
@blp.arguments(WorkOrderQuerySchema(), location="query")
@blp.response(200, WorkOrderSchema(many=True))
def list_work_orders(query):
    """Work orders, newest first, optionally of one status."""
    statement = select(WorkOrder).order_by(WorkOrder.id.desc())
    if query.get("status"):
        statement = statement.where(WorkOrder.status == query["status"])
    return db_session().scalars(statement).all()


@blp.post("/work-orders/<reference>/installed")
@blp.arguments(InstalledSchema())
@blp.response(200, WorkOrderSchema)
def record_installed(body, reference):
    """Record a move installed: the register shows the camera at its new site from that date, and the move counts
    against that month's allowance (beyond it only with `chargeable`)."""
    session = db_session()
    order = work_orders.installed(session=session, reference=reference, installed_on=body["installed_on"],
                                  chargeable=body["chargeable"], actor=current_caller().username,
                                  settings=current_app.config["SETTINGS"], today=today())
    session.commit()
    return order


@blp.post("/work-orders/<reference>/failed")
@blp.arguments(FailedSchema())
@blp.response(200, WorkOrderSchema)
def record_failed(body, reference):
    """Record that the contractor could not install a move: the camera stays where it was."""
    session = db_session()
    order = work_orders.failed(session=session, reference=reference, reason=body["reason"],
                               actor=current_caller().username)
    session.commit()
    return order


@blp.get("/deployments/<int:deployment_id>/evidence")
@blp.response(200, DeploymentEvidenceSchema)
def deployment_evidence(deployment_id):
    """Records near a deployment's site month by month, six months before the camera went up, while it was there,
    and six months after it came down: to see whether the camera made a difference."""
    deployment = get_or_404(Deployment, deployment_id, "deployment")
    months = scoring.before_during_after(db_session(), site=deployment.site, installed_on=deployment.installed_on,
                                         removed_on=deployment.removed_on, settings=current_app.config["SETTINGS"],
                                         today=today())
    return {"camera": deployment.camera.asset_id, "site": deployment.site, "installed_on": deployment.installed_on,
            "removed_on": deployment.removed_on, "months": months}
