"""The request id: taken from X-Request-ID or made up, returned on the answer, written on every log line, and carried
through the outbox into every task the request causes, and on into the tasks those cause."""
import logging
import re
import uuid
from contextvars import ContextVar

CURRENT = ContextVar("request_id", default=None)
ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def begin(supplied: str | None = None) -> str:
    """Make `supplied` (if it is a sensible id) or a new id this context's request id; return it."""
    request_id = supplied if supplied and ACCEPTED.match(supplied) else uuid.uuid4().hex
    CURRENT.set(request_id)
    return request_id


def current() -> str | None:
    """This request's (or task's) id, if there is one."""
    return CURRENT.get()


class RequestIdFilter(logging.Filter):
    """Put the current request id on every log record."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = CURRENT.get()
        return True
