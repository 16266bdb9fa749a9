"""Rotation plans as asked for and as solved: the rules they were made under, progress while solving, the moves."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base


class RotationPlan(Base):
    """One run of the optimiser for a horizon starting at `first_month`."""

    __tablename__ = "rotation_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_month: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    rules: Mapped[dict] = mapped_column(JSON)  # plan_rules.Rules as it was, with the need weights
    time_limit_seconds: Mapped[float] = mapped_column(Float)
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued | solving | finished | failed
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0 to 1: time used of the limit, 1 when done
    solutions: Mapped[list] = mapped_column(JSON, default=list)  # each better plan found: seconds, value, bound
    outcome: Mapped[str | None] = mapped_column(String(20))  # optimal | feasible | greedy
    need_covered: Mapped[float | None] = mapped_column(Float)
    greedy_need_covered: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    moves: Mapped[list] = mapped_column(JSON, default=list)  # each move with its reasons
    greedy_moves: Mapped[list] = mapped_column(JSON, default=list)
    sites: Mapped[list] = mapped_column(JSON, default=list)  # the sites and need the plan was made from
    failure: Mapped[str | None] = mapped_column(Text)
