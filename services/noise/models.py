"""The noise schema: notices asked of fpn, and this service's outbox, inbox, audit log and dead letters."""
from shared.db import make_base
from shared.notice_requests import NoticeRequestMixin
from shared.service_tables import service_tables

Base = make_base("noise")


class NoticeRequest(NoticeRequestMixin, Base):
    """A notice this service asked fpn to issue, with fpn's answers."""

    __tablename__ = "notice_requests"


tables = service_tables(Base)
OutboxMessage, InboxEvent, AuditEntry, DeadLetter = tables
