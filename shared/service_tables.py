"""The tables every service keeps in its own schema: outbox, inbox, audit log and dead letters."""
from typing import NamedTuple

from shared.audit import AuditMixin
from shared.dead_letters import DeadLetterMixin
from shared.outbox import InboxMixin, OutboxMixin


class ServiceTables(NamedTuple):
    """A service's own copies of the shared tables; its app keeps them in `app.extensions['sbo_tables']`."""

    outbox: type
    inbox: type
    audit: type
    dead_letters: type


def service_tables(Base) -> ServiceTables:
    """Declare `outbox`, `inbox`, `audit_log` and `dead_letters` on a service's declarative base."""

    class OutboxMessage(OutboxMixin, Base):
        """Events this service has to send."""

        __tablename__ = "outbox"

    class InboxEvent(InboxMixin, Base):
        """Events this service has already handled."""

        __tablename__ = "inbox"

    class AuditEntry(AuditMixin, Base):
        """This service's hash-chained audit log."""

        __tablename__ = "audit_log"

    class DeadLetter(DeadLetterMixin, Base):
        """Events this service received and could not act on, kept for a person to look at."""

        __tablename__ = "dead_letters"

    return ServiceTables(OutboxMessage, InboxEvent, AuditEntry, DeadLetter)
