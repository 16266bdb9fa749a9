"""The three tables every service keeps in its own schema: outbox, inbox and audit log."""
from shared.audit import AuditMixin
from shared.outbox import InboxMixin, OutboxMixin


def service_tables(Base):
    """Declare `outbox`, `inbox` and `audit_log` on a service's declarative base; return their classes."""

    class OutboxMessage(OutboxMixin, Base):
        """Events this service has to send."""

        __tablename__ = "outbox"

    class InboxEvent(InboxMixin, Base):
        """Events this service has already handled."""

        __tablename__ = "inbox"

    class AuditEntry(AuditMixin, Base):
        """This service's hash-chained audit log."""

        __tablename__ = "audit_log"

    return OutboxMessage, InboxEvent, AuditEntry
