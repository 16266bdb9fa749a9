"""Notice use cases: issue (idempotently), look up, and move a notice through its lifecycle."""
import json
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import audit, outbox
from shared.brent import london_date
from shared.db import is_unique_violation
from shared.idempotency import request_hash
from shared.report_tables import day_start
from shared.contracts.tasks import TaskNames, answer_tasks
from shared.errors import Conflict, NotFound, Problem
from services.fpn import issuing_rules, lifecycle, notice_numbers, numbering, officers, policy_rules
from services.fpn.models import AuditEntry, Notice, OfficerProfile, Order, OutboxMessage
from services.fpn.register import prohibition_facts

VIEW_ALL = ("enforcement_supervisor", "admin")  # roles that see every notice


def _find_retry(session: Session, issued_by: str, key: str, fingerprint: str) -> Notice | None:
    """The notice an earlier request with this key created, or a 409 if that request was a different one."""
    existing = session.execute(select(Notice.id, Notice.request_hash).where(  # (only the key's row: a new key is
        Notice.issued_by == issued_by, Notice.idempotency_key == key)).first()  # the usual case, kept cheap)
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise Conflict("Idempotency-Key reused", "This Idempotency-Key was already used for a different notice. "
                       "Use a new key for a new notice.", kind="idempotency-key-reused")
    return session.get(Notice, existing.id)


def issue(*, session: Session, issued_by: str, key: str, body: dict, now: datetime, max_age_days: int,
          source: str = "officer", source_reference: str | None = None, demonstration: bool = False
          ) -> tuple[Notice, bool]:
    """Issue a notice from a validated request; a retry with the same key returns the first notice (created=False),
    even if the same request made new would be refused now.

    The notice's number is the one the officer's device gave it from its block (`number`, for a notice completed
    with no signal), or else the next from the counter.
    """
    fingerprint = request_hash(body)
    earlier = _find_retry(session, issued_by, key, fingerprint)
    if earlier is not None:
        return earlier, False
    notice = _new_notice(session=session, issued_by=issued_by, key=key, body=body, fingerprint=fingerprint,
                         now=now, max_age_days=max_age_days, source=source)
    notice.source_reference, notice.demonstration = source_reference, demonstration
    if body.get("number"):
        notice.number = _block_number(session, body, issued_by)
    else:
        notice.number = notice_numbers.number(numbering.take_serials(session, 1), notice.outcome)
    try:
        with session.begin_nested():
            session.add(notice)
    except IntegrityError as err:
        if not is_unique_violation(err):
            raise
        earlier = _find_retry(session, issued_by, key, fingerprint)
        if earlier is not None:  # the same request, sent twice at once: the other attempt created the notice
            return earlier, False
        shown = notice_numbers.display(notice.number)
        raise Conflict("Number already used", f"{shown} is already on another notice. Issue this one again: the "
                       "form gives it the next number from your block.", kind="number-used",
                       errors=[{"field": "number", "message": f"{shown} is already on another notice"}]) from None
    audit.record(session, AuditEntry, actor=issued_by, action="notice_issued", entity="notice",
                 entity_id=notice.number, data={"state": notice.state, "outcome": notice.outcome, "source": source})
    if notice.state in ("issued", "warning"):
        _announce_issued(session, notice)
    return notice, True


def _block_number(session: Session, body: dict, issued_by: str) -> str:
    """The number the device gave the notice, if it is one the officer may use for it."""
    try:
        candidates = notice_numbers.parse(body["number"])
    except Problem as mistyped:
        raise Problem(mistyped.title, mistyped.detail, kind=mistyped.kind,
                      errors=[{"field": "number", "message": mistyped.detail}]) from None
    stored = next((c for c in candidates if c.startswith(notice_numbers.PREFIXES[body["outcome"]])), candidates[0])
    numbering.check_block_number(session=session, stored=stored, outcome=body["outcome"], username=issued_by,
                                 occurred_at=body["occurred_at"])
    return stored


def _new_notice(*, session: Session, issued_by: str, key: str, body: dict, fingerprint: str, now: datetime,
                max_age_days: int, source: str) -> Notice:
    """A new, not yet numbered notice for the request, or a Problem saying why it may not be issued."""
    officer = officers.issuing_officer(session=session, username=issued_by) if source == "officer" else \
        session.get(OfficerProfile, issued_by)
    prohibition = prohibition_facts(session=session, prohibition_id=body["prohibition_id"])
    order = prohibition.order
    if prohibition.order_code != body["order_code"]:
        raise Problem("Prohibition not in that order", f"'{prohibition.short_name}' ({prohibition.scope_name}) is "
                      f"part of {order.title}, not of order '{body['order_code']}'.", kind="prohibition-not-in-order")
    on = issuing_rules.check_when(body["occurred_at"], now, max_age_days)
    given_at = issuing_rules.check_completed(body.get("completed_at"), body["occurred_at"], now)
    issuing_rules.check_order_in_force(order, on)
    issuing_rules.check_issued_through(order, source)
    location = body["location"]
    issuing_rules.check_ward(location["ward"], prohibition.scope_name, list(prohibition.wards))
    offender, withheld = body["offender"], body.get("details_withheld")
    missing = issuing_rules.offender_errors(offender, vehicle=prohibition.vehicle, withheld=withheld,
                                            officer=source == "officer")
    if source == "officer" and not body.get("identification_shown"):
        missing.append({"field": "identification_shown", "message": "Confirm you showed the person your "
                                                                    "identification"})
    if missing:
        raise Problem("Details needed", "; ".join(e["message"] for e in missing) + ".", kind="offender-incomplete",
                      errors=missing)
    born = offender.get("date_of_birth")
    juvenile = issuing_rules.check_offender_age(born, on)
    outcome, override = _policy_outcome(session, prohibition, body, on, source)
    today = london_date(given_at)
    approval = issuing_rules.needs_approval(juvenile=juvenile, born=born, vehicle=prohibition.vehicle, source=source)
    decision = issuing_rules.decide(outcome=outcome, terms=list(prohibition.terms), on=on, issued_on=today,
                                    prohibition=prohibition.report_label, juvenile=approval)
    return Notice(order_id=prohibition.order_id, prohibition_id=prohibition.id, order_code=prohibition.order_code,
                  notice_type=prohibition.report_label,
                  occurred_at=body["occurred_at"], ward=location["ward"], latitude=location.get("latitude"),
                  longitude=location.get("longitude"), street_address=location.get("street_address"),
                  observed=body["observed"], offender=json.loads(json.dumps(offender, default=str)),
                  evidence=body.get("evidence", []), outcome=outcome, state=decision.state, policy_override=override,
                  amount=decision.amount, discount_amount=decision.discount_amount,
                  discount_until=decision.discount_until, pay_by=decision.pay_by, issued_by=issued_by,
                  officer_name=officer.full_name if officer else None,
                  officer_number=officer.authorisation_number if officer else None,
                  details_withheld=withheld if source == "officer" else None,
                  identification_shown=True if source == "officer" else None,
                  effective_at=None if decision.state == "pending_approval" else given_at,
                  closed_at=given_at if decision.state in lifecycle.CLOSED else None,
                  issued_at=given_at, source=source, idempotency_key=key, request_hash=fingerprint)


def _policy_outcome(session: Session, prohibition, body: dict, on: date, source: str) -> tuple[str, str | None]:
    """The outcome the notice is issued as, and the officer's recorded reason when it overrides the order's policy.
    An officer's FPN where the policy expects a warning is refused unless they say why; a notice another service
    asks for becomes a warning where the policy expects one (its requester hears the outcome)."""
    outcome = body["outcome"]
    policy = policy_rules.applicable(list(prohibition.policies), on)
    if policy is None or policy.rule != "warning_first" or outcome == "warning":
        return outcome, None
    earlier = earlier_notices(session=session, order_id=prohibition.order_id, offender=body["offender"],
                              vehicle=prohibition.vehicle)
    expected, _why = policy_rules.expected_outcome(policy, earlier, on)
    if expected == "fpn":
        return outcome, None
    if source != "officer":
        return "warning", None
    policy_rules.check_outcome(policy, earlier, on, outcome, body.get("policy_override"))
    return outcome, body["policy_override"]


def earlier_for(*, session: Session, prohibition_id: int, offender: dict, on: date) -> dict:
    """What the form shows an officer once the offender is entered: the order's policy, the person's earlier
    notices under it (numbers, dates and outcomes only), and the outcome the policy expects, with why."""
    prohibition = prohibition_facts(session=session, prohibition_id=prohibition_id)
    policy = policy_rules.applicable(list(prohibition.policies), on)
    earlier = earlier_notices(session=session, order_id=prohibition.order_id, offender=offender,
                              vehicle=prohibition.vehicle)
    expected, why = policy_rules.expected_outcome(policy, earlier, on)
    return {"order_code": prohibition.order_code, "policy": policy.words() if policy else None,
            "rule": policy.rule if policy else "fpn_at_once", "expected_outcome": expected, "explanation": why,
            "earlier": earlier}


def earlier_notices(*, session: Session, order_id: int, offender: dict, vehicle: bool) -> list[policy_rules.Earlier]:
    """The notices under the order that may have been given to this person before, newest first, each with how
    sure the match is, and nothing about who they were given to."""
    statement = select(Notice).where(Notice.order_id == order_id)
    if vehicle:
        mark = policy_rules.plain_mark(offender.get("registration_mark"))
        if not mark:
            return []
        statement = statement.where(func.replace(func.upper(Notice.offender["registration_mark"].as_string()), " ", "")
                                    == mark)
    else:
        born, name = offender.get("date_of_birth"), (offender.get("name") or "").strip()
        if not name:
            return []
        same = [func.lower(Notice.offender["name"].as_string()) == name.lower()]
        if born:
            same.append(Notice.offender["date_of_birth"].as_string() == str(born))
        statement = statement.where(or_(*same))
    found = []
    for notice in session.scalars(statement.order_by(Notice.issued_at.desc()).limit(200)):
        how = policy_rules.match(offender, notice.offender, vehicle=vehicle)
        if how:
            found.append(policy_rules.Earlier(notice_numbers.display(notice.number), london_date(notice.issued_at),
                                              notice.outcome, notice.state, notice.notice_type, how))
    return found


def _announce_issued(session: Session, notice: Notice) -> None:
    """Tell cctv where a notice was issued (a demand signal for camera placement). No personal data."""
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_NOTICE_ISSUED, {
        "notice_number": notice.number, "ward": notice.ward, "latitude": notice.latitude,
        "longitude": notice.longitude, "street_address": notice.street_address, "occurred_at": notice.occurred_at,
        "notice_type": notice.notice_type, "outcome": notice.outcome})


def get(*, session: Session, number: str) -> Notice:
    """The notice with this (check-digit validated) number, or a 404 Problem."""
    candidates = notice_numbers.parse(number)
    notice = session.scalar(select(Notice).where(Notice.number.in_(candidates)))
    if notice is None:
        raise NotFound(f"No notice {notice_numbers.display(candidates[0])} exists.")
    return notice


def sees_every_notice(roles) -> bool:
    """Supervisors and admins see every notice; an officer sees only the notices they issued."""
    return bool(set(roles) & set(VIEW_ALL))


def get_visible(*, session: Session, number: str, username: str, roles) -> Notice:
    """The notice, if the caller issued it or may see every notice; otherwise 404 (existence is not revealed)."""
    notice = get(session=session, number=number)
    if not sees_every_notice(roles) and notice.issued_by != username:
        raise NotFound(f"No notice {number} that you can see exists.")
    return notice


SORTS = {"issued_at": Notice.issued_at, "occurred_at": Notice.occurred_at, "number": Notice.number,
         "ward": Notice.ward, "state": Notice.state}


def search(*, session: Session, username: str, roles, filters: dict, page: int, page_size: int
           ) -> tuple[list[Notice], int]:
    """The notices the caller may see that match every filter given, sorted, one page of them, and how many match
    in all. A mistyped number or an order not in the register is refused (422) rather than matching nothing."""
    statement = select(Notice)
    if not sees_every_notice(roles):
        statement = statement.where(Notice.issued_by == username)
    if filters.get("number"):
        try:
            statement = statement.where(Notice.number.in_(notice_numbers.parse(filters["number"])))
        except Problem as mistyped:
            raise Problem(mistyped.title, mistyped.detail, kind=mistyped.kind,
                          errors=[{"field": "query.number", "message": mistyped.detail}]) from None
    if filters.get("order"):
        if session.scalar(select(Order.id).where(Order.code == filters["order"])) is None:
            raise Problem("Unknown order", f"There is no order {filters['order']} in the register.",
                          errors=[{"field": "query.order",
                                   "message": f"There is no order {filters['order']} in the register"}])
        statement = statement.where(Notice.order_code == filters["order"])
    if filters.get("name"):
        statement = statement.where(Notice.offender["name"].as_string().ilike(f"%{_like(filters['name'])}%",
                                                                             escape="\\"))
    if filters.get("registration"):
        mark = _like(filters["registration"].replace(" ", "").upper())
        statement = statement.where(func.replace(func.upper(Notice.offender["registration_mark"].as_string()), " ", "")
                                    .like(f"%{mark}%", escape="\\"))
    if filters.get("overridden") is not None:
        overridden = Notice.policy_override.is_not(None)
        statement = statement.where(overridden if filters["overridden"] else ~overridden)
    for name, column in (("ward", Notice.ward), ("officer", Notice.issued_by), ("state", Notice.state),
                         ("outcome", Notice.outcome)):
        if filters.get(name):
            statement = statement.where(column == filters[name])
    if filters.get("from_"):
        statement = statement.where(Notice.issued_at >= day_start(filters["from_"]))
    if filters.get("to"):
        statement = statement.where(Notice.issued_at < day_start(filters["to"] + timedelta(days=1)))
    total = session.scalar(select(func.count()).select_from(statement.subquery()))
    sort = filters.get("sort") or "-issued_at"
    column = SORTS[sort.lstrip("-")]
    statement = statement.order_by(column.desc() if sort.startswith("-") else column.asc(), Notice.id.desc())
    return session.scalars(statement.offset((page - 1) * page_size).limit(page_size)).all(), total


def _like(text: str) -> str:
    """Text to match literally inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def act(*, session: Session, number: str, action: str, username: str, roles, now: datetime,
        details: dict) -> Notice:
    """A person takes a lifecycle action on a notice, if their role allows it (the details it needs were required
    by its request schema)."""
    lifecycle.check_allowed(lifecycle.action(action), roles)
    notice = get(session=session, number=number)
    return transition(session=session, notice=notice, action=action, actor=username, now=now, **details)


def transition(*, session: Session, notice: Notice, action: str, actor: str, now: datetime, **details) -> Notice:
    """Apply a lifecycle action, audit it and tell cctv (and the service that asked for the notice) of the move."""
    before = lifecycle.apply(lifecycle.action(action), notice, actor=actor, now=now, details=details)
    audit.record(session, AuditEntry, actor=actor, action=action, entity="notice", entity_id=notice.number,
                 data={"from": before, "to": notice.state, **{k: str(v) for k, v in details.items()}})
    if action == "approve":
        _announce_issued(session, notice)
    moved = {"notice_number": notice.number, "reference": notice.source_reference, "from_state": before,
             "to_state": notice.state}
    # cctv follows every notice (demand signals), which includes the notices it asked for itself.
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_NOTICE_STATE_CHANGED, moved)
    if notice.source not in ("officer", "cctv"):
        outbox.emit(session, OutboxMessage, answer_tasks(notice.source)["state_changed"], moved)
    return notice


def history(*, session: Session, notice: Notice) -> list[AuditEntry]:
    """Who did what to the notice, and when, oldest first, from its audit log."""
    return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "notice",
                                                         AuditEntry.entity_id == notice.number)
                                .order_by(AuditEntry.at, AuditEntry.id)))


def refer_overdue(*, session: Session, today: date, now: datetime) -> list[str]:
    """Refer to legal every issued notice whose payment period ended before `today`; return their numbers."""
    overdue = session.scalars(select(Notice).where(Notice.state == "issued", Notice.pay_by < today)
                              .with_for_update(skip_locked=True)).all()
    for notice in overdue:
        transition(session=session, notice=notice, action="refer_to_legal", actor=lifecycle.SYSTEM, now=now)
    return [n.number for n in overdue]
