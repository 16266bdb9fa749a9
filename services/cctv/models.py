"""The cctv schema: demand signals, notices asked of fpn, and the outbox, inbox, audit log and dead letters; and,
imported at the end, every feature's tables (cameras, sites and requests, evidence, plans, the Working Group, the inbox, ANPR, the control room's rota), so that the schema's
metadata, its migrations and its tests see them all."""
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.outbox import utcnow
from shared.notice_requests import NoticeRequestMixin
from shared.service_tables import service_tables

from services.cctv.base import Base


class DemandSignal(Base):
    """Something that happened somewhere that may call for a camera: an FPN issued, a qualifying noise case."""

    __tablename__ = "demand_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # fpn | noise
    reference: Mapped[str] = mapped_column(String(40), unique=True)  # e.g. the notice number
    kind: Mapped[str] = mapped_column(String(160))  # e.g. the notice type
    ward: Mapped[str] = mapped_column(String(60), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    street_address: Mapped[str | None] = mapped_column(String(300))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(30))  # the source's state; cancelled signals are not demand
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)



class NoticeRequest(NoticeRequestMixin, Base):
    """A notice this service asked fpn to issue, with fpn's answers."""

    __tablename__ = "notice_requests"


tables = service_tables(Base)
OutboxMessage, InboxEvent, AuditEntry, DeadLetter = tables

from services.cctv.anpr import models as _anpr  # noqa: E402,F401
from services.cctv.cameras import models as _cameras  # noqa: E402,F401  (declares its tables on Base)
from services.cctv.evidence import models as _evidence  # noqa: E402,F401
from services.cctv.inbox import models as _inbox  # noqa: E402,F401
from services.cctv.planning import models as _planning  # noqa: E402,F401
from services.cctv.sites import models as _sites  # noqa: E402,F401
from services.cctv.working_group import models as _working_group  # noqa: E402,F401
from services.cctv.rota import models as _rota  # noqa: E402,F401
