"""The monthly CCTV Working Group: its meetings, each meeting's agenda and decisions, and the work orders its
approved moves become."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base
from services.cctv.cameras.models import Camera, Deployment
from services.cctv.sites.models import DeploymentRequest, Site


class Meeting(Base):
    """One meeting of the group: when, who came, the minutes, and the plan it considered."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, unique=True)
    attendees: Mapped[list] = mapped_column(JSON, default=list)  # names and roles, as the minutes record them
    minutes: Mapped[str | None] = mapped_column(Text)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plans.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed (minutes agreed)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    items: Mapped[list["AgendaItem"]] = relationship(back_populates="meeting", order_by="AgendaItem.position")


class AgendaItem(Base):
    """One thing the group decides: a proposed move, a new request, a camera due for its review, or a deployment
    due for evaluation; and the decision taken on it."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # group_rules.ITEM_KINDS
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # what the group saw: the move and its reasons, ...
    request_id: Mapped[int | None] = mapped_column(ForeignKey("deployment_requests.id"))
    deployment_id: Mapped[int | None] = mapped_column(ForeignKey("deployments.id"))
    decision: Mapped[str | None] = mapped_column(String(10))  # approve | reject | defer
    reason: Mapped[str | None] = mapped_column(Text)
    chargeable: Mapped[bool] = mapped_column(Boolean, default=False)  # approved as a chargeable extra move
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    meeting: Mapped[Meeting] = relationship(back_populates="items")
    request: Mapped[DeploymentRequest | None] = relationship()
    deployment: Mapped[Deployment | None] = relationship()


class WorkOrder(Base):
    """An approved move sent to the contractor: ordered, then installed (which updates the register) or failed."""

    __tablename__ = "work_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # WO-0001, from the id
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), unique=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"), index=True)
    from_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    to_site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    month: Mapped[date] = mapped_column(Date)  # the month it is planned for (the first of it)
    chargeable: Mapped[bool] = mapped_column(Boolean, default=False)
    early_reason: Mapped[str | None] = mapped_column(Text)  # the override, when it leaves before its minimum stay
    status: Mapped[str] = mapped_column(String(20), default="ordered")  # ordered | installed | failed
    ordered_on: Mapped[date] = mapped_column(Date)
    installed_on: Mapped[date | None] = mapped_column(Date, index=True)
    failure: Mapped[str | None] = mapped_column(Text)
    camera: Mapped[Camera] = relationship()
    from_site: Mapped[Site | None] = relationship(foreign_keys=[from_site_id])
    to_site: Mapped[Site] = relationship(foreign_keys=[to_site_id])
    item: Mapped[AgendaItem] = relationship()
