"""The camera register: fixed and deployable cameras, and every deployment of each."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base
from services.cctv.sites.models import Site


class Camera(Base):
    """One camera: what kind it is, its state, and where it is now."""

    __tablename__ = "cameras"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # camera_rules.KINDS: fixed | deployable | deployable_anpr
    status: Mapped[str] = mapped_column(String(20))  # camera_rules.STATUSES
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    deployed_on: Mapped[date | None] = mapped_column(Date)  # when it went up at its current site
    stay_override: Mapped[str | None] = mapped_column(Text)  # the group's reason it may leave before its minimum stay
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    site: Mapped[Site | None] = relationship()
    deployments: Mapped[list["Deployment"]] = relationship(back_populates="camera", order_by="Deployment.installed_on")


class Deployment(Base):
    """A camera's time at a site: installed, reviewed at the end of its minimum stay, removed, and evaluated."""

    __tablename__ = "deployments"

    id: Mapped[int] = mapped_column(primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    installed_on: Mapped[date] = mapped_column(Date)
    review_due_on: Mapped[date | None] = mapped_column(Date)  # end of the minimum stay: does it stay or go?
    removed_on: Mapped[date | None] = mapped_column(Date)
    evaluation_due_on: Mapped[date | None] = mapped_column(Date)  # once there is evidence from after it left
    camera: Mapped[Camera] = relationship(back_populates="deployments")
    site: Mapped[Site] = relationship()
