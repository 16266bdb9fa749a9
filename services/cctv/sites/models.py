"""Sites (places a camera is or could be) and the requests to put a deployable camera there."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base


class Site(Base):
    """A place with a camera or asking for one: a fixed camera's location, or a candidate for a deployable one."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # CS-0001, from the id
    name: Mapped[str] = mapped_column(String(200))  # how the group refers to it: "Harlesden High Street / Manor Park Rd"
    address: Mapped[str | None] = mapped_column(String(300))
    ward: Mapped[str] = mapped_column(String(60), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    requests: Mapped[list["DeploymentRequest"]] = relationship(back_populates="site",
                                                              order_by="DeploymentRequest.id")


class DeploymentRequest(Base):
    """A request for a deployable camera at a site, from a BJAG locality, the police, a council team or a housing
    provider, and what became of it. Deployable only once approved with a completed DPIA and a signage plan."""

    __tablename__ = "deployment_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # DR-0001, from the id
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    requester_kind: Mapped[str] = mapped_column(String(30))  # request_rules.REQUESTERS
    requester: Mapped[str] = mapped_column(String(200))  # the body asking: "Harlesden BJAG", "Met Police Brent"
    problem: Mapped[str] = mapped_column(String(40))  # request_rules.PROBLEMS
    problem_detail: Mapped[str] = mapped_column(Text)  # the problem and its evidence, in the requester's words
    aim: Mapped[str] = mapped_column(Text)  # what the camera should achieve
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="submitted")  # submitted | approved | refused | withdrawn
    dpia_reference: Mapped[str | None] = mapped_column(String(80))
    dpia_completed_on: Mapped[date | None] = mapped_column(Date)
    signage_plan: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    site: Mapped[Site] = relationship(back_populates="requests")
