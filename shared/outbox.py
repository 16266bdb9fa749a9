"""The transactional outbox: events are written with the change that caused them and relayed to Celery later.

A change and its event commit or roll back together, so no event is sent for a change that never happened, and
an event written while Redis is down waits in the table until the relay can hand it over.
Consumers record each event id they have handled (the inbox), so a redelivered event does nothing twice.
"""
import logging
import uuid
from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, String, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.request_id import current as current_request_id
from shared.contracts.tasks import contract_for

log = logging.getLogger(__name__)
RELAY_BATCH = 100  # events handed over per pass: a matter of speed only
WAKE_CHANNEL = "sbo_outbox"  # PostgreSQL NOTIFY channel: "an event was just committed to <schema>.outbox"


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class OutboxMixin:
    """Columns of a service's `outbox` table: one row per event waiting to be, or already, handed to Celery."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    task: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    request_id: Mapped[str | None] = mapped_column(String(64))  # of the request or task that caused the event


class InboxMixin:
    """Columns of a service's `inbox` table: the id of every event it has already acted on."""

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    task: Mapped[str] = mapped_column(String(120))
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def emit(session: Session, outbox_model, task: str, payload: dict) -> str:
    """Queue `task(event_id, payload)` in the same transaction as the caller's change; return the event id.

    The payload goes through the task's contract: a task with no contract, or a payload that breaks it, is a bug
    in the sender and raises here, before anything is sent.
    """
    message = outbox_model(id=str(uuid.uuid4()), task=task, payload=contract_for(task).dump(payload),
                           request_id=current_request_id())
    session.add(message)
    return message.id


def wake_relay_ddl(schema: str) -> str:
    """PostgreSQL DDL (for each service's migration): a transaction that writes events to `schema`.outbox tells the
    relay at its commit (NOTIFY sbo_outbox, with the schema's name; PostgreSQL sends one per transaction and none if
    it rolls back), so the relay need not wait for its next pass."""
    return f"""
CREATE OR REPLACE FUNCTION {schema}.outbox_wake_relay() RETURNS trigger AS $$
BEGIN PERFORM pg_notify('{WAKE_CHANNEL}', TG_TABLE_SCHEMA); RETURN NULL; END $$ LANGUAGE plpgsql;
CREATE TRIGGER outbox_wake_relay AFTER INSERT ON {schema}.outbox
FOR EACH STATEMENT EXECUTE FUNCTION {schema}.outbox_wake_relay();
"""


def drop_wake_relay_ddl(schema: str) -> str:
    """The reverse of wake_relay_ddl."""
    return f"""
DROP TRIGGER IF EXISTS outbox_wake_relay ON {schema}.outbox;
DROP FUNCTION IF EXISTS {schema}.outbox_wake_relay();
"""


def relay(session: Session, outbox_model, celery_app, batch: int = RELAY_BATCH) -> int:
    """Hand unpublished events to the broker, oldest first; return how many went. Stops at the first failure."""
    pending = session.scalars(select(outbox_model).where(outbox_model.published_at.is_(None))
                              .order_by(outbox_model.created_at).limit(batch)
                              .with_for_update(skip_locked=True)).all()  # two relays never send the same row
    sent = 0
    for message in pending:
        try:
            # Workers log a task's arguments when it arrives or fails; a payload may hold an offender's details,
            # so they log this stand-in instead (Celery's kwargsrepr).
            celery_app.send_task(message.task, kwargs={"event_id": message.id, "payload": message.payload},
                                 kwargsrepr=repr({"event_id": message.id, "payload": "(not logged)"}),
                                 task_id=message.id, headers={"request_id": message.request_id})
        except Exception as exc:  # the broker is unreachable (after the app's task_publish_retry_policy): keep the
            # rest for the next pass
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("outbox relay paused: broker unreachable", extra={"event_id": message.id})
            break
        message.published_at = utcnow()
        sent += 1
    return sent


def pending_count(session: Session, outbox_model) -> int:
    """How many events are still waiting for the broker."""
    return session.scalar(select(func.count()).select_from(outbox_model).where(outbox_model.published_at.is_(None)))


def claim_event(session: Session, inbox_model, event_id: str, task: str) -> bool:
    """Record that this event is being handled; False if it already was (a redelivery), so the caller skips it."""
    try:
        with session.begin_nested():
            session.add(inbox_model(event_id=event_id, task=task))
    except IntegrityError:  # already handled, or a concurrent delivery of the same event won the race
        return False
    return True
