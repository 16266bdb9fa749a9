"""Working Group use cases: open a meeting with its agenda generated, decide each item (with its effect: a work
order, a request approved or refused, a camera kept or freed), and agree the minutes."""
from datetime import date, datetime, timezone

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Conflict, NotFound, Problem
from shared.settings import Settings
from services.cctv.cameras import camera_rules, register
from services.cctv.cameras.models import Camera, Deployment
from services.cctv.models import AuditEntry
from services.cctv.planning.models import RotationPlan
from services.cctv.sites import site_requests
from services.cctv.sites.models import DeploymentRequest
from services.cctv.working_group import group_rules
from services.cctv.working_group.models import AgendaItem, Meeting, WorkOrder

NEXT_MEETING = relativedelta(months=1)


def open_meeting(*, session: Session, held_on: date, attendees: list[str], actor: str) -> Meeting:
    """Open a meeting, with its agenda generated from the latest plan, the register and the requests."""
    still_open = session.scalar(select(Meeting).where(Meeting.status == "open"))
    if still_open is not None:
        raise Conflict("A meeting is still open", f"The meeting on {still_open.held_on:%-d %B %Y} is still open. Agree "
                       "its minutes before opening the next one.", kind="meeting-still-open")
    if session.scalar(select(Meeting.id).where(Meeting.held_on == held_on)) is not None:
        raise Conflict("Meeting already recorded", f"There is already a meeting on {held_on:%-d %B %Y}.",
                       kind="meeting-exists", errors=[{"field": "held_on", "message": "There is already a meeting "
                                                                                     "on this date"}])
    plan = session.scalar(select(RotationPlan).where(RotationPlan.status == "finished")
                          .order_by(RotationPlan.id.desc()))
    meeting = Meeting(held_on=held_on, attendees=attendees, plan_id=plan.id if plan else None, created_by=actor)
    session.add(meeting)
    session.flush()
    for position, item in enumerate(_agenda(session, meeting, plan), start=1):
        item.position = position
        meeting.items.append(item)
    audit.record(session, AuditEntry, actor=actor, action="meeting_opened", entity="meeting", entity_id=meeting.id,
                 data={"held_on": held_on, "items": len(meeting.items)})
    return meeting


def _agenda(session: Session, meeting: Meeting, plan: RotationPlan | None) -> list[AgendaItem]:
    """The items, in the order group_rules gives."""
    items = []
    if plan is not None:
        first = plan.first_month.isoformat()
        for move in (m for m in plan.moves if m["month"] == first):
            items.append(AgendaItem(kind="proposed_move", details={**move, "plan_id": plan.id}, title=(
                f"Move {move['camera']} {'from ' + move['from_name'] if move['from_name'] else 'out of the store'} "
                f"to {move['to_name']} in {group_rules.month_label(plan.first_month)}")))
    for request in session.scalars(select(DeploymentRequest).where(DeploymentRequest.status == "submitted")
                                   .order_by(DeploymentRequest.id)):
        items.append(AgendaItem(kind="new_request", request=request, details={"reference": request.reference},
                                title=f"Request {request.reference} from {request.requester}: "
                                      f"{request.problem.replace('_', ' ')} at {request.site.name}"))
    decided = {(i.kind, i.deployment_id, (i.details or {}).get("due_on")) for i in session.scalars(
        select(AgendaItem).where(AgendaItem.decision.in_(("approve", "reject")), AgendaItem.deployment_id.is_not(None)))}
    current = session.scalars(select(Deployment).join(Camera).where(
        Deployment.removed_on.is_(None), Camera.kind.in_(("deployable", "deployable_anpr"))).order_by(Deployment.id))
    for deployment in current:
        due = deployment.review_due_on
        if group_rules.review_is_due(due, meeting.held_on + NEXT_MEETING) and \
                ("stay_review", deployment.id, due.isoformat()) not in decided:
            items.append(AgendaItem(kind="stay_review", deployment=deployment, details={"due_on": due.isoformat()},
                                    title=f"Review {deployment.camera.asset_id} at {deployment.site.name}: up "
                                          f"since {deployment.installed_on:%-d %B %Y}, review due {due:%-d %B %Y}"))
    for deployment in session.scalars(select(Deployment).where(Deployment.removed_on.is_not(None))
                                      .order_by(Deployment.id)):
        due = deployment.evaluation_due_on
        if group_rules.evaluation_is_due(due, meeting.held_on) and \
                ("evaluation", deployment.id, due.isoformat()) not in decided:
            items.append(AgendaItem(kind="evaluation", deployment=deployment, details={"due_on": due.isoformat()},
                                    title=f"Evaluate {deployment.camera.asset_id} at {deployment.site.name} "
                                          f"({deployment.installed_on:%B %Y} to {deployment.removed_on:%B %Y})"))
    return items


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting {meeting_id}.")
    return meeting


def decide(*, session: Session, meeting_id: int, item_id: int, body: dict, actor: str, settings: Settings,
           today: date) -> AgendaItem:
    """Record the group's decision on an item, and do what it means (group_rules.MEANING)."""
    meeting = get_meeting(session, meeting_id)
    item = next((i for i in meeting.items if i.id == item_id), None)
    if item is None:
        raise NotFound(f"Meeting {meeting_id} has no agenda item {item_id}.")
    decision, reason = body["decision"], (body.get("reason") or "").strip() or None
    group_rules.check_decision(meeting_open=meeting.status == "open", decided=item.decision, decision=decision,
                               reason=reason)
    if decision == "approve" and item.kind == "proposed_move":
        _order_move(session, item, body, actor, settings, today)
    elif item.kind == "new_request" and decision != "defer":
        site_requests.decide(session=session, reference=item.request.reference,
                             decision="approve" if decision == "approve" else "refuse", reason=reason, actor=actor,
                             today=today)
    elif item.kind == "stay_review" and decision == "approve":
        moving = session.scalar(select(WorkOrder).where(WorkOrder.camera_id == item.deployment.camera_id,
                                                        WorkOrder.status == "ordered"))
        if moving is not None:
            raise Conflict("Camera is ordered to move", f"{item.deployment.camera.asset_id} is ordered to move to "
                           f"{moving.to_site.name} ({moving.reference}), so it cannot also stay. Reject this review, "
                           "or record the move failed first.", kind="camera-move-on-order")
        item.deployment.review_due_on = camera_rules.stay_ends(item.deployment.review_due_on,
                                                               settings.cctv_min_stay_months)
    elif item.kind == "stay_review" and decision == "reject":
        item.deployment.camera.stay_override = f"Review on {meeting.held_on:%-d %B %Y}: {reason}"
    item.decision, item.reason, item.decided_by = decision, reason, actor
    item.decided_at = datetime.now(timezone.utc)
    audit.record(session, AuditEntry, actor=actor, action=f"item_{decision}d" if decision != "defer" else
                 "item_deferred", entity="agenda_item", entity_id=item.id,
                 data={"meeting": meeting.id, "kind": item.kind, "reason": reason, "chargeable": item.chargeable})
    return item


def _order_move(session: Session, item: AgendaItem, body: dict, actor: str, settings: Settings, today: date) -> None:
    """An approved move: checked against the rules as they stand today, then ordered from the contractor."""
    move = item.details
    camera = register.named_camera(session, move["camera"])
    site = site_requests.named_site(session, move["to_site"])
    month = date.fromisoformat(move["month"])
    if site.id not in site_requests.deployable_sites(session):
        raise Problem("Site not deployable", f"{site.name} has no approved request with a completed DPIA and a "
                      "signage plan any more, so no camera can go there.", kind="site-not-deployable")
    if session.scalar(select(WorkOrder.id).where(WorkOrder.camera_id == camera.id,
                                                 WorkOrder.status == "ordered")) is not None:
        raise Conflict("Camera already ordered to move", f"{camera.asset_id} already has a move on order. Record "
                       "that one installed or failed first.", kind="camera-move-on-order")
    kept = next((other for other in item.meeting.items if other.kind == "stay_review"
                 and other.decision == "approve" and other.deployment.camera_id == camera.id), None)
    if kept is not None:
        raise Conflict("The group decided the camera stays", f"Item {kept.position} decided that {camera.asset_id} "
                       "stays where it is, so it cannot also move.", kind="camera-kept")
    override = (body.get("override") or "").strip() or None
    early = camera_rules.check_may_move(asset_id=camera.asset_id, kind=camera.kind, status=camera.status,
                                        deployed_on=camera.deployed_on, on=month,
                                        min_stay_months=settings.cctv_min_stay_months,
                                        override=override or camera.stay_override)
    ordered = len(session.scalars(select(WorkOrder.id).where(WorkOrder.month == month,
                                                             WorkOrder.status != "failed")).all())
    item.chargeable = group_rules.check_allowance(moves_that_month=ordered, included=settings.cctv_included_moves,
                                                  chargeable=bool(body.get("chargeable")), month=month,
                                                  cost_pounds=settings.cctv_extra_move_cost_pounds)
    order = WorkOrder(item=item, camera=camera, from_site=camera.site, to_site=site, month=month,
                      chargeable=item.chargeable, early_reason=override if early else None, ordered_on=today)
    session.add(order)
    session.flush()
    order.reference = f"WO-{order.id:04d}"
    camera.status = "awaiting_install" if camera.status == "in_store" else camera.status
    audit.record(session, AuditEntry, actor=actor, action="work_order_raised", entity="work_order",
                 entity_id=order.reference, data={"camera": camera.asset_id, "to": site.reference,
                                                  "month": month, "chargeable": order.chargeable, "early": early})


def close(*, session: Session, meeting_id: int, minutes: str, attendees: list[str] | None, actor: str,
          undecided_confirmed: bool = False) -> Meeting:
    """Agree the minutes: the meeting's decisions are final from now. Items left undecided are recorded so, but
    only when the group says that is what it means."""
    meeting = get_meeting(session, meeting_id)
    if meeting.status != "open":
        raise Conflict("Meeting closed", "This meeting's minutes are already agreed.", kind="meeting-closed")
    undecided = [i.position for i in meeting.items if i.decision is None]
    if undecided and not undecided_confirmed:
        listed = ", ".join(str(n) for n in undecided)
        raise Problem("Items not decided", f"Item{'s' if len(undecided) > 1 else ''} {listed} "
                      f"{'have' if len(undecided) > 1 else 'has'} no decision. Decide or defer "
                      f"{'them' if len(undecided) > 1 else 'it'}, or confirm the minutes record "
                      f"{'them' if len(undecided) > 1 else 'it'} as not decided.", kind="items-undecided",
                      errors=[{"field": "undecided_confirmed", "message": f"Decide or defer item{'s' if len(undecided) > 1 else ''} "
                               f"{listed}, or tick the box to record {'them' if len(undecided) > 1 else 'it'} as not "
                               "decided"}])
    meeting.minutes, meeting.status = minutes, "closed"
    if attendees is not None:
        meeting.attendees = attendees
    audit.record(session, AuditEntry, actor=actor, action="minutes_agreed", entity="meeting", entity_id=meeting.id,
                 data={"undecided": sum(1 for i in meeting.items if i.decision is None)})
    return meeting
