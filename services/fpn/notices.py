"""Notice use cases: issue (idempotently), look up, and move a notice through its lifecycle."""
import hashlib
import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import audit, outbox
from shared.errors import Conflict, NotFound, Problem
from services.fpn import issuing_rules, lifecycle, notice_numbers
from services.fpn.models import AuditEntry, Notice, OutboxMessage
from services.fpn.register import get_prohibition, order_end, terms_of


def request_hash(body: dict) -> str:
    """A fingerprint of a request body, to tell a true retry from a different request under the same key."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _find_retry(session: Session, issued_by: str, key: str, fingerprint: str) -> Notice | None:
    """The notice an earlier request with this key created, or a 409 if that request was a different one."""
    existing = session.scalar(select(Notice).where(Notice.issued_by == issued_by, Notice.idempotency_key == key))
    if existing is not None and existing.request_hash != fingerprint:
        raise Conflict("Idempotency-Key reused", "This Idempotency-Key was already used for a different notice. "
                       "Use a new key for a new notice.", kind="idempotency-key-reused")
    return existing


def issue(*, session: Session, issued_by: str, key: str, body: dict, now: datetime, max_age_days: int,
          source: str = "officer") -> tuple[Notice, bool]:
    """Issue a notice from a validated request; a retry with the same key returns the first notice (created=False).

    The usual request is new, so it is checked and inserted straight away; only when that fails (the key is taken,
    or the request is refused) is an earlier request with the same key looked for, so that a retry always gets the
    notice its first attempt created, even if the same request would be refused now.
    """
    fingerprint = request_hash(body)
    try:
        notice = _new_notice(session=session, issued_by=issued_by, key=key, body=body, fingerprint=fingerprint,
                             now=now, max_age_days=max_age_days, source=source)
    except Problem:
        earlier = _find_retry(session, issued_by, key, fingerprint)
        if earlier is not None:
            return earlier, False
        raise
    for _attempt in range(10):
        notice.number = notice_numbers.new_number()
        try:
            with session.begin_nested():
                session.add(notice)
            break
        except IntegrityError:
            earlier = _find_retry(session, issued_by, key, fingerprint)
            if earlier is not None:  # a retry: its first attempt created the notice (perhaps a moment ago)
                return earlier, False
            # Otherwise the random number was already taken: draw another.
    else:
        raise RuntimeError("could not find a free notice number in 10 draws")
    audit.record(session, AuditEntry, actor=issued_by, action="notice_issued", entity="notice",
                 entity_id=notice.number, data={"state": notice.state, "outcome": notice.outcome, "source": source})
    if notice.state in ("issued", "warning"):
        _announce_issued(session, notice)
    return notice, True


def _new_notice(*, session: Session, issued_by: str, key: str, body: dict, fingerprint: str, now: datetime,
                max_age_days: int, source: str) -> Notice:
    """A new, not yet numbered notice for the request, or a Problem saying why it may not be issued."""
    prohibition = get_prohibition(session=session, prohibition_id=body["prohibition_id"])
    scope, order = prohibition.scope, prohibition.scope.order
    if order.code != body["order_code"]:
        raise Problem("Prohibition not in that order", f"'{prohibition.short_name}' ({scope.name}) is part of "
                      f"{order.title}, not of order '{body['order_code']}'.", kind="prohibition-not-in-order")
    on = issuing_rules.check_when(body["occurred_at"], now, max_age_days)
    issuing_rules.check_order_in_force(issuing_rules.OrderFacts(order.title, order.in_force_from, order_end(order)),
                                       on)
    location = body["location"]
    issuing_rules.check_ward(location["ward"], scope.name, scope.wards)
    offender = body["offender"]
    if prohibition.vehicle and not offender.get("registration_mark"):
        raise Problem("Vehicle registration needed", f"'{prohibition.short_name}' is a vehicle prohibition: give the "
                      "vehicle's registration mark.", kind="offender-incomplete",
                      errors=[{"field": "offender.registration_mark", "message": "Required for vehicle orders."}])
    if not prohibition.vehicle and not offender.get("name"):
        raise Problem("Offender's name needed", "Give the offender's name.", kind="offender-incomplete",
                      errors=[{"field": "offender.name", "message": "Required."}])
    juvenile = issuing_rules.check_offender_age(offender.get("date_of_birth"), on)
    today = issuing_rules.london_date(now)
    decision = issuing_rules.decide(outcome=body["outcome"], terms=terms_of(prohibition), on=on, issued_on=today,
                                    prohibition=prohibition.report_label, juvenile=juvenile)
    return Notice(order=order, prohibition=prohibition,
                  occurred_at=body["occurred_at"], ward=location["ward"], latitude=location.get("latitude"),
                  longitude=location.get("longitude"), street_address=location.get("street_address"),
                  observed=body["observed"], offender=json.loads(json.dumps(offender, default=str)),
                  evidence=body.get("evidence", []), outcome=body["outcome"], state=decision.state,
                  amount=decision.amount, discount_amount=decision.discount_amount,
                  discount_until=decision.discount_until, pay_by=decision.pay_by, issued_by=issued_by,
                  issued_at=now, source=source, idempotency_key=key, request_hash=fingerprint)


def _announce_issued(session: Session, notice: Notice) -> None:
    """Tell cctv where a notice was issued (a demand signal for camera placement). No personal data."""
    outbox.emit(session, OutboxMessage, "cctv.notice_issued", {
        "notice_number": notice.number, "ward": notice.ward, "latitude": notice.latitude,
        "longitude": notice.longitude, "street_address": notice.street_address,
        "occurred_at": notice.occurred_at.isoformat(), "notice_type": notice.prohibition.report_label,
        "outcome": notice.outcome})


def get(*, session: Session, number: str) -> Notice:
    """The notice with this (check-digit validated) number, or a 404 Problem."""
    stored = notice_numbers.parse(number)
    notice = session.scalar(select(Notice).where(Notice.number == stored))
    if notice is None:
        raise NotFound(f"No notice {notice_numbers.display(stored)} exists.")
    return notice


def transition(*, session: Session, notice: Notice, action: str, actor: str, now: datetime, **details) -> Notice:
    """Apply a lifecycle action, audit it and emit `notice_state_changed`."""
    before = notice.state
    notice.state = lifecycle.next_state(action, notice.state, notice.outcome)
    if action == "pay":
        _check_payment(notice, details["amount"], details["paid_on"])
        notice.paid_amount, notice.paid_on = details["amount"], details["paid_on"]
    elif action == "reduce_to_warning":
        notice.reduced_at = now
    elif action == "refer_to_legal":
        notice.referred_at = now
    elif action == "uphold":
        # The full payment period starts again from the day the decision is made (London dates, not UTC ones).
        period = notice.pay_by - issuing_rules.london_date(notice.issued_at)
        notice.pay_by = issuing_rules.london_date(now) + period
        notice.discount_until = None
    elif action == "record_prosecution":
        if details.get("prosecution_outcome") not in lifecycle.PROSECUTION_OUTCOMES:
            raise Problem("Unknown prosecution outcome", "The outcome must be one of: "
                          f"{', '.join(lifecycle.PROSECUTION_OUTCOMES)}.", kind="bad-outcome")
        notice.prosecution_outcome = details["prosecution_outcome"]
    elif action == "approve":
        notice.approved_by = actor
    if details.get("reason"):
        notice.closing_reason = details["reason"]
    audit.record(session, AuditEntry, actor=actor, action=action, entity="notice", entity_id=notice.number,
                 data={"from": before, "to": notice.state})
    if action == "approve":
        _announce_issued(session, notice)
    outbox.emit(session, OutboxMessage, "cctv.notice_state_changed",
                {"notice_number": notice.number, "from": before, "to": notice.state})
    if notice.source != "officer":
        outbox.emit(session, OutboxMessage, f"{notice.source}.notice_state_changed",
                    {"notice_number": notice.number, "reference": notice.idempotency_key, "from": before,
                     "to": notice.state})
    return notice


def _check_payment(notice: Notice, amount, paid_on: date) -> None:
    """Accept only the amount due on the day it was paid: the lower amount within its window, else the full one."""
    due = notice.discount_amount if notice.discount_until and paid_on <= notice.discount_until else notice.amount
    if amount != due:
        raise Problem("Wrong amount", f"On {paid_on:%-d %B %Y} the amount due was £{due}, not £{amount}.",
                      kind="wrong-amount")


def refer_overdue(*, session: Session, today: date, now: datetime) -> list[str]:
    """Refer to legal every issued notice whose payment period ended before `today`; return their numbers."""
    overdue = session.scalars(select(Notice).where(Notice.state == "issued", Notice.pay_by < today)
                              .with_for_update(skip_locked=True)).all()
    for notice in overdue:
        transition(session=session, notice=notice, action="refer_to_legal", actor="system", now=now)
    return [n.number for n in overdue]
