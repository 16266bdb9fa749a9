"""Notices a service (noise, cctv) asks fpn to issue, and fpn's answers, kept against the request they belong to.

The requester sends `fpn.issue_notice` through its outbox with its own reference; fpn answers with the notice it
issued or why it refused, and then reports every move of that notice. Each answer lands on the request's row.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Numeric, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared import outbox
from shared.contracts.tasks import TaskNames
from shared.outbox import utcnow


class NoticeRequestMixin:
    """Columns of a requester's `notice_requests` table: one row per notice asked for."""

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), unique=True)  # the requester's own, e.g. a case number
    requested_by: Mapped[str | None] = mapped_column(String(80))
    requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    state: Mapped[str] = mapped_column(String(20), default="requested")  # requested | issued | refused
    notice_number: Mapped[str | None] = mapped_column(String(20), index=True)
    notice_state: Mapped[str | None] = mapped_column(String(40))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    pay_by: Mapped[date | None] = mapped_column(Date)
    refusal_title: Mapped[str | None] = mapped_column(String(200))
    refusal_detail: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


def request_notice(session: Session, *, model, outbox_model, source: str, reference: str, requested_by: str,
                   notice: dict):
    """Ask fpn for a notice (in the caller's transaction) and record the request; returns its row."""
    outbox.emit(session, outbox_model, TaskNames.ISSUE_NOTICE,
                {"source": source, "reference": reference, "requested_by": requested_by, "notice": notice})
    row = model(reference=reference, requested_by=requested_by, requested_at=utcnow(), state="requested")
    session.add(row)
    return row


def _request(session: Session, model, reference: str):
    """The request with this reference; an answer to one made before requests were recorded gets a new row."""
    row = session.scalar(select(model).where(model.reference == reference))
    if row is None:
        row = model(reference=reference, state="requested")
        session.add(row)
    return row


def record_issued(session: Session, model, data: dict):
    """fpn issued the notice: keep its number, state, amount and last date to pay."""
    row = _request(session, model, data["reference"])
    row.state, row.notice_number, row.notice_state = "issued", data["notice_number"], data["state"]
    row.amount, row.pay_by = data["amount"], data["pay_by"]
    return row


def record_refused(session: Session, model, data: dict):
    """fpn refused: keep its reason, in words a person can act on."""
    row = _request(session, model, data["reference"])
    row.state, row.refusal_title, row.refusal_detail = "refused", data["title"], data["detail"]
    return row


def record_state_changed(session: Session, model, data: dict):
    """The requested notice moved on (paid, cancelled, referred to legal...): follow it, if it is one of ours."""
    if not data.get("reference"):
        return None
    row = session.scalar(select(model).where(model.reference == data["reference"]))
    if row is not None:
        row.notice_state = data["to_state"]
    return row
