"""Dead letters: events a service received but could not act on, recorded for an admin to see, never just logged.

An event becomes a dead letter when its payload does not load through its contract, or when it names a task this
service's worker has no consumer for. The payload is kept (it may hold personal data, so it is not shown by the
API); the event id finds the sender's outbox row.
"""
import logging
from datetime import datetime

from sqlalchemy import JSON, DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.outbox import utcnow

log = logging.getLogger(__name__)
REASONS = {"malformed": "the payload does not match its contract",
           "no-consumer": "this service has no consumer for the task",
           "failed": "handling it failed; the worker log has the error under the request id"}


class DeadLetterMixin:
    """Columns of a service's `dead_letters` table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    task: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(20))  # a key of REASONS
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [{"field", "message"}]: names and rules, no values
    payload: Mapped[dict | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


def record(session: Session, model, *, event_id: str, task: str, reason: str, errors: list, payload) -> None:
    """Keep an event this service cannot act on, in the caller's transaction."""
    session.add(model(event_id=event_id, task=task, reason=reason, errors=errors, payload=payload))
    log.warning("event kept as a dead letter", extra={"event_id": event_id, "task": task, "reason": reason})


def list_recent(*, session: Session, model, limit: int = 200) -> list:
    """The newest dead letters first."""
    return session.scalars(select(model).order_by(model.received_at.desc(), model.id.desc()).limit(limit)).all()
