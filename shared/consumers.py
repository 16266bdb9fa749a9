"""How a service's worker consumes another service's events: once per event id, loaded through the contract.

    @consumer(TaskNames.CCTV_NOTICE_ISSUED)
    def notice_issued(*, session, event_id, data): ...

The handler gets the loaded payload inside one transaction with the inbox claim, so a redelivered event does
nothing twice; a payload that breaks its contract becomes a dead letter (and the handler is not called). If the
database is away the task is tried again later; any other failure is kept as a dead letter too, so that no event
is ever just dropped.
"""
import logging

from celery import current_task, shared_task
from flask import current_app
from sqlalchemy.exc import InterfaceError, OperationalError

from shared import dead_letters
from shared.contracts.base import MalformedEvent
from shared.contracts.tasks import contract_for
from shared.logs import failure_fields
from shared.outbox import claim_event
from shared.request_id import current as current_request_id
from shared.sessions import database, service_tables

log = logging.getLogger(__name__)
RETRIES_FOR_OTHER_DATABASE_ERRORS = 10  # a timeout or deadlock that keeps happening is kept for a person


class TryAgainLater(Exception):
    """Raised by a handler when something outside this service that it needs (a mail server, the DVLA) cannot be
    reached: nothing it did is kept, and the event is tried again later, for as long as it takes: after 1, 2, 4...
    seconds, at most SBO_DATABASE_RETRY_SECONDS apart, and never sooner than `after` (a Retry-After)."""

    def __init__(self, message: str, after: float | None = None):
        super().__init__(message)
        self.after = after


def _database_away(error: Exception) -> bool:
    """True when the database could not be reached or the connection was lost (retried without end), rather than
    an error the database answered with, such as a deadlock or a timeout (which has an SQLSTATE code)."""
    return (isinstance(error, InterfaceError) or error.connection_invalidated
            or getattr(error.orig, "sqlstate", "") is None)


def _try_again_later(event_id: str, error: Exception):
    """The retry to raise: the same message again after a while. The stand-in keeps the payload out of the log
    line the retried message gets, as the relay's does."""
    longest = current_app.config["SETTINGS"].database_retry_seconds
    wait = longest
    if isinstance(error, TryAgainLater):  # backing off: soon at first, then less and less often
        wait = max(min(longest, 2 ** current_task.request.retries), error.after or 0)
    return current_task.retry(exc=error, countdown=wait,
                              kwargsrepr=repr({"event_id": event_id, "payload": "(not logged)"}))


def consumer(task: str, on_malformed=None):
    """Register `handler(session=, event_id=, data=)` as the Celery task `task`.

    `on_malformed(session=, event_id=, payload=, errors=)`, if given, also runs for a malformed payload, to tell the
    sender (fpn answers a malformed notice request with a refusal); its answer is the task's result.
    """
    contract = contract_for(task)

    def decorate(handler):
        def run(event_id: str, payload) -> str:
            try:
                return handle(event_id, payload)
            except TryAgainLater as away:
                log.warning("event handling postponed", extra={"event_id": event_id, "task": task,
                                                               **failure_fields(away)})
                raise _try_again_later(event_id, away)
            except (OperationalError, InterfaceError) as error:
                if _database_away(error) or current_task.request.retries < RETRIES_FOR_OTHER_DATABASE_ERRORS:
                    raise _try_again_later(event_id, error)
                return keep(event_id, payload, error)
            except Exception as failure:  # a bug, or data the database refuses: keep the event for a person
                return keep(event_id, payload, failure)

        def keep(event_id: str, payload, failure: Exception) -> str:
            log.error("event handling failed: kept as a dead letter",
                      extra={"event_id": event_id, "task": task, **failure_fields(failure)})
            try:
                with database().transaction() as session:
                    dead_letters.record(session, service_tables().dead_letters, event_id=event_id, task=task,
                                        reason="failed", payload=payload, errors=[{
                                            "field": "", "message": f"{type(failure).__name__} while handling it "
                                            f"(request id {current_request_id()})"}])
            except (OperationalError, InterfaceError) as away:  # nowhere to keep it yet: keep the message instead
                raise _try_again_later(event_id, away)
            return "dead letter"

        def handle(event_id: str, payload) -> str:
            tables = service_tables()
            with database().transaction() as session:
                if not claim_event(session, tables.inbox, event_id, task):
                    return "duplicate"
                try:
                    data = contract.load(payload)
                except MalformedEvent as exc:
                    dead_letters.record(session, tables.dead_letters, event_id=event_id, task=task,
                                        reason="malformed", errors=exc.errors, payload=payload)
                    if on_malformed is None:
                        return "dead letter"
                    return on_malformed(session=session, event_id=event_id, payload=payload, errors=exc.errors)
                return handler(session=session, event_id=event_id, data=data)

        run.__doc__ = handler.__doc__
        run.__name__ = handler.__name__
        run.__module__ = handler.__module__
        # max_retries=None: a task retried because the database is away is retried for as long as it is away
        # (Celery's default would give up after three tries, and the event would be lost).
        return shared_task(name=task, max_retries=None)(run)

    return decorate
