"""Work order use cases: the contractor installs an approved move (the register then shows the camera at its new
site, and the move counts against that month's allowance) or cannot (the camera stays where it was)."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Conflict, Problem
from shared.sessions import find_or_404
from shared.settings import Settings
from services.cctv.cameras import register
from services.cctv.models import AuditEntry
from services.cctv.working_group import group_rules
from services.cctv.working_group.models import WorkOrder


def get_order(session: Session, reference: str) -> WorkOrder:
    return find_or_404(session, WorkOrder.reference, reference, f"There is no work order {reference}.")


def installed(*, session: Session, reference: str, installed_on: date, chargeable: bool, actor: str,
              settings: Settings, today: date) -> WorkOrder:
    """Record a move installed on `installed_on`: the camera is at its new site from then, its history keeps where
    it was, and the move counts against that month's allowance (beyond it only as an approved chargeable extra)."""
    order = _open(session, reference)
    if installed_on > today:
        raise Problem("Date in the future", "The installation date must be today or in the past.",
                      kind="date-in-future", errors=[{"field": "installed_on", "message": "The installation date "
                                                      "must be today or in the past"}])
    if installed_on < order.ordered_on:
        raise Problem("Installed before it was ordered", f"{reference} was ordered on {order.ordered_on:%-d %B %Y}: "
                      "it cannot have been installed before that.", kind="installed-before-ordered",
                      errors=[{"field": "installed_on", "message": f"The installation date must be on or after "
                               f"{order.ordered_on:%-d %B %Y}, when it was ordered"}])
    month = installed_on.replace(day=1)
    that_month = session.scalar(select(func.count(WorkOrder.id)).where(
        WorkOrder.status == "installed", WorkOrder.installed_on >= month,
        WorkOrder.installed_on < _next_month(month)))
    order.chargeable = group_rules.check_allowance(moves_that_month=that_month, included=settings.cctv_included_moves,
                                                   chargeable=order.chargeable or chargeable, month=month,
                                                   cost_pounds=settings.cctv_extra_move_cost_pounds)
    register.install(session=session, asset_id=order.camera.asset_id, site=order.to_site, on=installed_on,
                     actor=actor, min_stay_months=settings.cctv_min_stay_months, override=order.early_reason)
    order.status, order.installed_on = "installed", installed_on
    audit.record(session, AuditEntry, actor=actor, action="work_order_installed", entity="work_order",
                 entity_id=order.reference, data={"on": installed_on, "chargeable": order.chargeable})
    return order


def failed(*, session: Session, reference: str, reason: str, actor: str) -> WorkOrder:
    """Record that the contractor could not install a move: the camera stays where it was."""
    order = _open(session, reference)
    order.status, order.failure = "failed", reason
    if order.camera.status == "awaiting_install":
        order.camera.status = "in_store"
    audit.record(session, AuditEntry, actor=actor, action="work_order_failed", entity="work_order",
                 entity_id=order.reference, data={"reason": reason})
    return order


def _open(session: Session, reference: str) -> WorkOrder:
    order = get_order(session, reference)
    if order.status != "ordered":
        raise Conflict("Work order finished", f"{reference} is {order.status} already.", kind="work-order-finished")
    return order


def _next_month(month: date) -> date:
    """The first day of the month after `month`."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
