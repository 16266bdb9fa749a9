"""ANPR enforcement of the Nuisance Vehicles PSPO: the zones it covers, each read, the breaches reads make, the
DVLA keeper lookups, the letters to keepers, and the driver each keeper names. Keepers' and drivers' names and
addresses are personal data: only the roles that handle them see them, and they never leave in an event but the
notice request to fpn (which needs the offender)."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base
from services.cctv.cameras.models import Camera
from services.cctv.sites.models import Site


class AnprZone(Base):
    """A site where ANPR reads enforce an order's prohibition, from a date (to a date), warnings only at first."""

    __tablename__ = "anpr_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), unique=True)
    order_code: Mapped[str] = mapped_column(String(40))  # the fpn register's order, e.g. BRENT-NV-PSPO-2023
    scope_code: Mapped[str] = mapped_column(String(40))
    prohibition_code: Mapped[str] = mapped_column(String(60))  # e.g. racing
    active_from: Mapped[date] = mapped_column(Date)
    active_to: Mapped[date | None] = mapped_column(Date)
    warning_only_until: Mapped[date | None] = mapped_column(Date)
    site: Mapped[Site] = relationship()


class AnprRead(Base):
    """One read: the mark, when, which camera, the evidence clip, and what became of it."""

    __tablename__ = "anpr_reads"
    __table_args__ = (Index("ix_anpr_reads_mark_time", "registration_mark", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_mark: Mapped[str] = mapped_column(String(10))
    read_at: Mapped[datetime] = mapped_column(UtcDateTime())
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id"))
    clip_reference: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(String(20))  # breach | review | outside (no zone, or zone not active)
    breach_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle_breaches.id"), index=True)
    received_by: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    camera: Mapped[Camera] = relationship()
    breach: Mapped["VehicleBreach | None"] = relationship()


class VehicleBreach(Base):
    """One event: a vehicle in an enforcement zone, made of all its reads there within the hour."""

    __tablename__ = "vehicle_breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # NV-0001, from the id
    zone_id: Mapped[int] = mapped_column(ForeignKey("anpr_zones.id"))
    registration_mark: Mapped[str] = mapped_column(String(10), index=True)
    first_read_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_read_at: Mapped[datetime] = mapped_column(UtcDateTime())
    reads: Mapped[int] = mapped_column(Integer, default=1)
    # keeper_lookup | keeper_not_found | letter_due | awaiting_reply | driver_named | notice_requested | no_reply
    status: Mapped[str] = mapped_column(String(30), default="keeper_lookup")
    keeper_name: Mapped[str | None] = mapped_column(String(200))  # personal data
    keeper_address: Mapped[str | None] = mapped_column(Text)  # personal data
    letter_kind: Mapped[str | None] = mapped_column(String(20))  # warning | name_the_driver
    letter_sent_on: Mapped[date | None] = mapped_column(Date)
    reply_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    driver_name: Mapped[str | None] = mapped_column(String(200))  # personal data
    driver_address: Mapped[str | None] = mapped_column(Text)  # personal data
    driver_date_of_birth: Mapped[date | None] = mapped_column(Date)  # personal data
    keeper_drove: Mapped[bool | None] = mapped_column(Boolean)
    zone: Mapped[AnprZone] = relationship()


class KeeperLookup(Base):
    """One look-up of a vehicle's registered keeper at the date of the event: why, who asked, and the answer."""

    __tablename__ = "keeper_lookups"

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("vehicle_breaches.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(300))
    asked_by: Mapped[str] = mapped_column(String(80))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | found | not_found
    last_error: Mapped[str | None] = mapped_column(String(300))  # e.g. "rate limited", never personal data
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
