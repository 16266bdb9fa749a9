"""The current service's database, and the session of this request or task (closed when its app context ends)."""
from flask import current_app, g

from shared.db import Database


def database() -> Database:
    """The current service's Database."""
    return current_app.extensions["sbo_db"]


def db_session():
    """This request's (or task's) session, opened on first use and closed when the app context ends."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def close_session(_exc=None) -> None:
    """Close this context's session, if one was opened (the app's teardown)."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def service_tables():
    """The current service's outbox, inbox, audit log and dead letters (shared.service_tables)."""
    return current_app.extensions["sbo_tables"]


def get_or_404(model, key, what: str):
    """The row of `model` with primary key `key` in this request's session, or a 404 naming `what` was asked for."""
    from shared.errors import NotFound

    row = db_session().get(model, key)
    if row is None:
        raise NotFound(f"There is no {what} {key}.")
    return row


def find_or_404(session, column, value, message: str):
    """The row whose `column` (a unique column, such as a reference) is `value`, or a 404 saying `message`."""
    from sqlalchemy import select

    from shared.errors import NotFound

    row = session.scalar(select(column.class_).where(column == value))
    if row is None:
        raise NotFound(message)
    return row
