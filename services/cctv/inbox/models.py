"""The control room's inbox: footage and information requests, their legal holds, and each disclosure made."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base


class InboxRequest(Base):
    """A request for footage or information. The requester's name and contact are personal data: only the control
    room and admins see them."""

    __tablename__ = "inbox_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # IR-0001, from the id
    received_on: Mapped[date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(30))  # inbox_rules.CATEGORIES
    kind: Mapped[str] = mapped_column(String(30))  # inbox_rules.KINDS
    requester: Mapped[str] = mapped_column(String(200))  # who asks: "DC 1234, Wembley CID", a person's name
    contact: Mapped[str | None] = mapped_column(String(300))  # how to answer them
    their_reference: Mapped[str | None] = mapped_column(String(80))  # a crime number, a claim number
    asked: Mapped[str] = mapped_column(Text)  # what is asked
    cameras: Mapped[list] = mapped_column(JSON, default=list)  # asset ids
    footage_from: Mapped[datetime | None] = mapped_column(UtcDateTime())
    footage_to: Mapped[datetime | None] = mapped_column(UtcDateTime())
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | disclosed | refused | closed
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    held_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)  # why it was refused or closed
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    disclosures: Mapped[list["Disclosure"]] = relationship(back_populates="request", order_by="Disclosure.id")


class Disclosure(Base):
    """What was given to whom, when, and how: the audit trail of every disclosure."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("inbox_requests.id"), index=True)
    disclosed_on: Mapped[date] = mapped_column(Date)
    disclosed_to: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(Text)  # "Camera DC-014, 22:10-22:40 on 3 November, redacted"
    method: Mapped[str] = mapped_column(String(80))  # "secure download link", "encrypted USB, collected"
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    request: Mapped[InboxRequest] = relationship(back_populates="disclosures")
