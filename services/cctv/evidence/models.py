"""Police ASB and crime counts imported from CSV: evidence of need at the sites near them."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import UtcDateTime
from shared.outbox import utcnow
from services.cctv.base import Base


class PoliceImport(Base):
    """One file of police records, as imported."""

    __tablename__ = "police_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_already_there: Mapped[int] = mapped_column(Integer, default=0)


class PoliceRecord(Base):
    """One crime or anti-social behaviour record (data.police.uk street-level: a month, a category and a point)."""

    __tablename__ = "police_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # the crime id, or a digest of the row: re-imports add nothing
    import_id: Mapped[int] = mapped_column(ForeignKey("police_imports.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # the first of the month
    category: Mapped[str] = mapped_column(String(80))  # "Anti-social behaviour", "Drugs", "Robbery", ...
    latitude: Mapped[float] = mapped_column(index=True)
    longitude: Mapped[float]
    location: Mapped[str | None] = mapped_column(String(200))  # "On or near Harrow Road"
