"""The noise schema: this service's outbox, inbox and audit log (cases come with the noise issue)."""
from shared.db import make_base
from shared.service_tables import service_tables

Base = make_base("noise")


OutboxMessage, InboxEvent, AuditEntry = service_tables(Base)
