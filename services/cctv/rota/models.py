"""The control room's rota: its staff, their absences and requests, the shifts and the demand for them, event
days, the rules and weights the manager set, each rota as asked for and solved, its shifts, and the changes made
to it once published."""
from datetime import date, datetime, time

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base


class StaffMember(Base):
    """Someone on the rota: role, contract, the shifts they may work; their account, for seeing their own shifts;
    and the private link of their calendar feed (None: no feed, or revoked)."""

    __tablename__ = "rota_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # officer | senior | manager
    contracted_hours: Mapped[float] = mapped_column(Float)
    shifts: Mapped[list] = mapped_column(JSON)  # codes of the shifts they may work
    username: Mapped[str | None] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Absence(Base):
    """Leave, sickness, training or other time a person cannot work: whole days, first to last."""

    __tablename__ = "rota_absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("rota_staff.id"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # annual_leave | sickness | training | other
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ShiftPreference(Base):
    """A request for or against a shift or a day: on a date, or on a weekday every week."""

    __tablename__ = "rota_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("rota_staff.id"), index=True)
    wants: Mapped[bool] = mapped_column(Boolean)
    day: Mapped[date | None] = mapped_column(Date)
    weekday: Mapped[int | None] = mapped_column(Integer)  # Monday is 0
    shift: Mapped[str | None] = mapped_column(String(20))  # None: the whole day
    note: Mapped[str | None] = mapped_column(Text)


class ShiftDefinitionRow(Base):
    """A shift's times for Sunday to Thursday and for Friday and Saturday, as the manager set them."""

    __tablename__ = "rota_shifts"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    weekday_start: Mapped[time] = mapped_column(Time)
    weekday_end: Mapped[time] = mapped_column(Time)
    weekday_ends_next_day: Mapped[bool] = mapped_column(Boolean)
    weekend_start: Mapped[time] = mapped_column(Time)
    weekend_end: Mapped[time] = mapped_column(Time)
    weekend_ends_next_day: Mapped[bool] = mapped_column(Boolean)
    unpopular: Mapped[bool] = mapped_column(Boolean, default=False)


class DemandRow(Base):
    """How many officers a shift needs on a weekday (Monday is 0)."""

    __tablename__ = "rota_demand"
    __table_args__ = (UniqueConstraint("weekday", "shift"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)
    shift: Mapped[str] = mapped_column(String(20))
    officers: Mapped[int] = mapped_column(Integer)


class EventDay(Base):
    """An event (a Wembley Stadium match, say) that needs extra officers on the shifts it overlaps."""

    __tablename__ = "rota_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(300), unique=True)  # the iCalendar UID: imported twice, kept once
    name: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    extra_officers: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(20), default="manager")  # manager | import


class RotaSettings(Base):
    """The rules and weights the manager set (one row; none: the defaults)."""

    __tablename__ = "rota_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    rules: Mapped[dict] = mapped_column(JSON)
    weights: Mapped[dict] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class Rota(Base):
    """A rota for a period, as asked for and solved; published once the manager is content. A re-solve from a
    date is a new rota `based_on` the published one, which it replaces when published."""

    __tablename__ = "rotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    based_on: Mapped[int | None] = mapped_column(ForeignKey("rotas.id"))
    open_from: Mapped[date | None] = mapped_column(Date)
    problem: Mapped[dict] = mapped_column(JSON)  # the staff, shifts, demand, rules and weights it was made from
    time_limit_seconds: Mapped[float] = mapped_column(Float)
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|solving|finished|failed|published|replaced
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    solutions: Mapped[list] = mapped_column(JSON, default=list)  # each better rota found: seconds, penalty, bound
    outcome: Mapped[str | None] = mapped_column(String(20))  # optimal | feasible | none
    penalty: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    parts: Mapped[dict] = mapped_column(JSON, default=dict)  # the penalty by aim
    shortfalls: Mapped[list] = mapped_column(JSON, default=list)  # each uncovered shift with its reasons
    capacity: Mapped[str | None] = mapped_column(Text)
    figures: Mapped[list] = mapped_column(JSON, default=list)  # each person's share
    compensations: Mapped[list] = mapped_column(JSON, default=list)  # rest made up under the exemption
    breaches: Mapped[list] = mapped_column(JSON, default=list)  # the independent check (empty unless a bug)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    published_by: Mapped[str | None] = mapped_column(String(80))
    failure: Mapped[str | None] = mapped_column(Text)
    duties: Mapped[list["RotaDuty"]] = relationship(order_by="RotaDuty.day", cascade="all, delete-orphan")


class RotaDuty(Base):
    """A person on a shift on a day, in a rota, with the times it was made with: a shift's times changed later
    change rotas made afterwards, never the shifts staff were already given."""

    __tablename__ = "rota_duties"
    __table_args__ = (UniqueConstraint("rota_id", "staff_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("rotas.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("rota_staff.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    shift: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RotaChange(Base):
    """A swap, a shift given up or taken, sickness or leave on a published rota: what was asked, whether the
    rules allowed it, and why not."""

    __tablename__ = "rota_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("rotas.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # swap | cover | absence
    asked: Mapped[dict] = mapped_column(JSON)
    accepted: Mapped[bool] = mapped_column(Boolean)
    breaches: Mapped[list] = mapped_column(JSON, default=list)  # the rules it would break
    uncovered: Mapped[list] = mapped_column(JSON, default=list)  # shifts it leaves short
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
