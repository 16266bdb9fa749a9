"""PSPO register use cases: load Brent's orders, record extensions and penalty terms, find what applies.

Issuing reads the register on every notice, and the register changes a few times a year, so each process keeps a
copy of what issuing needs (`prohibition_facts`), as plain values. Every change made here writes a new random token
to `register_version` in the same transaction; a process reloads its copy whenever the token it reads differs from
the one its copy was made at, so a change is seen by the next notice after it commits. A change made to the
register tables by hand must also change the token.
"""
import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from shared import audit
from shared.brent import day
from shared.errors import NotFound, Problem
from services.fpn import penalty_rules, policy_rules
from services.fpn.issuing_rules import OrderFacts
from services.fpn.models import (AuditEntry, IssuingPolicy, Order, PenaltyTerm, Prohibition, RegisterVersion, Scope,
                                 StatutoryCap, Variation)

REFERENCE_FILE = Path(__file__).parent / "reference" / "brent_orders.json"


def order_end(order: Order) -> date:
    """The order's end date after its recorded extensions."""
    return penalty_rules.in_force_until(order.in_force_to, [(v.decided_on, v.new_end) for v in order.variations
                                                            if v.kind == "extension"])


def caps_for(session: Session, legal_basis: str) -> list[penalty_rules.Cap]:
    """The statutory caps recorded for a legal basis."""
    rows = session.scalars(select(StatutoryCap).where(StatutoryCap.legal_basis == legal_basis)).all()
    return [penalty_rules.Cap(r.effective_from, r.max_amount) for r in rows]


def terms_of(prohibition: Prohibition) -> list[penalty_rules.Term]:
    """A prohibition's penalty schedule as plain values."""
    return [penalty_rules.Term(t.effective_from, t.amount, t.discount_amount, t.discount_days, t.payment_days)
            for t in prohibition.terms]


def get_order(*, session: Session, code: str) -> Order:
    """The order with this code, or a 404 Problem."""
    order = session.scalar(select(Order).where(Order.code == code))
    if order is None:
        raise NotFound(f"There is no order with code '{code}' in the register.")
    return order


@dataclass(frozen=True)
class ProhibitionFacts:
    """What issuing needs to know of a prohibition, its scope and its order, as plain values."""

    id: int
    short_name: str
    report_label: str
    vehicle: bool
    scope_name: str
    wards: tuple[str, ...]
    order_id: int
    order_code: str
    order: OrderFacts
    terms: tuple[penalty_rules.Term, ...]
    policies: tuple[policy_rules.Policy, ...] = ()


_copies: dict[str, tuple[str | None, dict[int, ProhibitionFacts]]] = {}  # database -> (version token, facts by id)


def _changed(session: Session) -> None:
    """Record that the register changed, in the caller's transaction, so every process reloads its copy."""
    session.execute(update(RegisterVersion).values(token=uuid.uuid4().hex))


def policies_of(order: Order) -> tuple[policy_rules.Policy, ...]:
    """An order's issuing policies as plain values."""
    return tuple(policy_rules.Policy(p.effective_from, p.rule, p.lookback_days) for p in order.policies)


def _load_facts(session: Session) -> dict[int, ProhibitionFacts]:
    orders = session.scalars(select(Order).options(
        selectinload(Order.variations), selectinload(Order.policies),
        selectinload(Order.scopes).selectinload(Scope.prohibitions).selectinload(Prohibition.terms))).all()
    return {p.id: ProhibitionFacts(p.id, p.short_name, p.report_label, p.vehicle, scope.name, tuple(scope.wards),
                                   order.id, order.code, OrderFacts(order.title, order.in_force_from, order_end(order),
                                                                           order.issued_through),
                                   tuple(terms_of(p)), policies_of(order))
            for order in orders for scope in order.scopes for p in scope.prohibitions}


def prohibition_facts(*, session: Session, prohibition_id: int) -> ProhibitionFacts:
    """What issuing needs of the prohibition with this id, from this process's copy of the register (one small
    read to check the copy is current), or a 404 Problem."""
    version = session.scalar(select(RegisterVersion.__table__.c.token))
    database = str(session.get_bind().engine.url)
    copy = _copies.get(database)
    if copy is None or copy[0] != version:
        copy = _copies[database] = (version, _load_facts(session))
    facts = copy[1].get(prohibition_id)
    if facts is None:
        raise NotFound(f"There is no prohibition {prohibition_id} in the register.")
    return facts


def get_prohibition(*, session: Session, prohibition_id: int) -> Prohibition:
    """The prohibition with this id, or a 404 Problem."""
    # One round trip for the prohibition with its scope, order, variations and terms (a handful of rows each).
    prohibition = session.scalars(select(Prohibition).where(Prohibition.id == prohibition_id).options(
        joinedload(Prohibition.scope).joinedload(Scope.order).joinedload(Order.variations),
        joinedload(Prohibition.terms))).unique().one_or_none()
    if prohibition is None:
        raise NotFound(f"There is no prohibition {prohibition_id} in the register.")
    return prohibition


def list_orders(*, session: Session, on: date | None = None, issued_through: str | None = None) -> list[Order]:
    """All orders, or only those in force on `on`, or only those issued through `issued_through`."""
    statement = select(Order).order_by(Order.in_force_from.desc())
    if issued_through:
        statement = statement.where(Order.issued_through == issued_through)
    orders = session.scalars(statement).unique().all()
    return [o for o in orders if on is None or o.in_force_from <= on <= order_end(o)]


def add_term(*, session: Session, prohibition: Prohibition, term: penalty_rules.Term, actor: str) -> PenaltyTerm:
    """Add a dated penalty to a prohibition's schedule, refusing terms the statute does not allow."""
    legal_basis = prohibition.scope.order.legal_basis
    penalty_rules.check_term(term, caps_for(session, legal_basis), legal_basis)
    if any(t.effective_from == term.effective_from for t in prohibition.terms):
        raise Problem("Term already set for that date", f"{prohibition.short_name} already has a penalty from "
                      f"{day(term.effective_from)}. Choose another start date.", kind="duplicate-term", status=409)
    row = PenaltyTerm(prohibition=prohibition, effective_from=term.effective_from, amount=term.amount,
                      discount_amount=term.discount_amount, discount_days=term.discount_days,
                      payment_days=term.payment_days)
    session.add(row)
    _changed(session)
    audit.record(session, AuditEntry, actor=actor, action="penalty_term_added", entity="prohibition",
                 entity_id=prohibition.id, data={"effective_from": term.effective_from, "amount": term.amount})
    return row


def add_cap(*, session: Session, legal_basis: str, effective_from: date, max_amount: Decimal, source: str,
            actor: str) -> StatutoryCap:
    """Record a statutory maximum from a date (for example when Parliament raises it)."""
    cap = StatutoryCap(legal_basis=legal_basis, effective_from=effective_from, max_amount=max_amount, source=source)
    session.add(cap)
    _changed(session)
    audit.record(session, AuditEntry, actor=actor, action="statutory_cap_added", entity="legal_basis",
                 entity_id=legal_basis[:80], data={"effective_from": effective_from, "max_amount": max_amount})
    return cap


def add_variation(*, session: Session, order: Order, kind: str, decided_on: date, new_end: date | None,
                  description: str, actor: str) -> Variation:
    """Record an extension (which moves the order's end date) or another variation."""
    if kind == "extension":
        if new_end is None or new_end <= order_end(order):
            raise Problem("Extension must move the end date later", f"{order.title} already runs to "
                          f"{day(order_end(order))}; an extension needs a later new end date.",
                          kind="bad-extension")
    variation = Variation(order=order, kind=kind, decided_on=decided_on, new_end=new_end if kind == "extension"
                          else None, description=description, recorded_by=actor)
    session.add(variation)
    _changed(session)
    audit.record(session, AuditEntry, actor=actor, action=f"order_{kind}", entity="order", entity_id=order.code,
                 data={"decided_on": decided_on, "new_end": new_end})
    return variation


def add_policy(*, session: Session, order: Order, effective_from: date, rule: str, lookback_days: int | None,
               source: str, actor: str) -> IssuingPolicy:
    """Record an order's issuing policy from a date (a warning first needs its look-back period); audited."""
    if rule == "warning_first" and not lookback_days:
        raise Problem("Look-back period needed", "A warning-first policy needs the number of days within which an "
                      "earlier warning counts (for example 365).", kind="validation",
                      errors=[{"field": "lookback_days", "message": "Enter how many days an earlier warning counts "
                                                                    "for"}])
    if any(p.effective_from == effective_from for p in order.policies):
        raise Problem("Policy already recorded", f"{order.title} already has a policy from {day(effective_from)}. "
                      "Record the new one from a later date.", kind="duplicate-policy", status=409)
    policy = IssuingPolicy(effective_from=effective_from, rule=rule,
                           lookback_days=lookback_days if rule == "warning_first" else None, source=source)
    order.policies.append(policy)
    session.flush()
    _changed(session)
    audit.record(session, AuditEntry, actor=actor, action="policy_added", entity="order", entity_id=order.code,
                 data={"effective_from": effective_from, "rule": rule, "lookback_days": policy.lookback_days})
    return policy


def _policies(order: Order, data: dict) -> None:
    """Add the policies in an order's reference data that it does not have yet (matched by start date)."""
    have = {p.effective_from for p in order.policies}
    for p in data.get("policies", []):
        start = date.fromisoformat(p["effective_from"])
        if start not in have:
            order.policies.append(IssuingPolicy(effective_from=start, rule=p["rule"],
                                                lookback_days=p.get("lookback_days"), source=p["source"]))


def _term(t: dict) -> penalty_rules.Term:
    """A penalty term from its JSON form."""
    return penalty_rules.Term(date.fromisoformat(str(t["effective_from"])), Decimal(str(t["amount"])),
                              Decimal(str(t["discount_amount"])) if t.get("discount_amount") else None,
                              t.get("discount_days"), t.get("payment_days", penalty_rules.STATUTORY_PAYMENT_DAYS))


def build_order(*, session: Session, data: dict) -> Order:
    """Create an order with its scopes, prohibitions and penalty terms, checking every term against the statute."""
    if session.scalar(select(Order).where(Order.code == data["code"])):
        raise Problem("Order already registered", f"An order with code '{data['code']}' is already in the "
                      "register. Record a variation or extension of it instead.", kind="duplicate-order", status=409)
    order = Order(code=data["code"], title=data["title"], legal_basis=data["legal_basis"], notes=data.get("notes", ""),
                  in_force_from=date.fromisoformat(str(data["in_force_from"])),
                  in_force_to=date.fromisoformat(str(data["in_force_to"])),
                  issued_through=data.get("issued_through") or "officers")
    if order.in_force_to < order.in_force_from:
        raise Problem("Dates the wrong way round", "The order's end date is before its start date.", kind="bad-dates")
    caps = caps_for(session, order.legal_basis)
    for s in data["scopes"]:
        scope = Scope(code=s["code"], name=s["name"], kind=s["kind"], report_prefix=s["report_prefix"],
                      wards=s.get("wards", []), streets=s.get("streets", []))
        order.scopes.append(scope)
        for p in s["prohibitions"]:
            terms = [_term(t) for t in p.get("terms", [])]
            for term in terms:
                penalty_rules.check_term(term, caps, order.legal_basis)
            scope.prohibitions.append(Prohibition(
                code=p["code"], wording=p["wording"], short_name=p["short_name"],
                report_label=p.get("report_label") or f"{scope.report_prefix} - {p['short_name']}",
                vehicle=p.get("vehicle", False), alcohol=p.get("alcohol", False), terms=[PenaltyTerm(
                    effective_from=t.effective_from, amount=t.amount, discount_amount=t.discount_amount,
                    discount_days=t.discount_days, payment_days=t.payment_days) for t in terms]))
    _policies(order, data)
    session.add(order)
    session.flush()
    _changed(session)
    return order


def add_order(*, session: Session, data: dict, actor: str) -> Order:
    """An admin registers a new order (checked as build_order checks it), and the audit log records who."""
    order = build_order(session=session, data=data)
    audit.record(session, AuditEntry, actor=actor, action="order_added", entity="order", entity_id=order.code,
                 data={"in_force_from": order.in_force_from, "in_force_to": order.in_force_to})
    return order


def load_reference(*, session: Session, path: Path = REFERENCE_FILE) -> int:
    """Load Brent's orders and statutory caps; already-loaded entries are left as they are. Returns orders added."""
    data = json.loads(path.read_text())
    for cap in data["statutory_caps"]:
        effective_from = date.fromisoformat(cap["effective_from"])
        if not session.scalar(select(StatutoryCap).where(StatutoryCap.legal_basis == cap["legal_basis"],
                                                         StatutoryCap.effective_from == effective_from)):
            session.add(StatutoryCap(legal_basis=cap["legal_basis"], effective_from=effective_from,
                                     max_amount=Decimal(cap["max_amount"]), source=cap["source"]))
            _changed(session)
    session.flush()
    added = 0
    for o in data["orders"]:
        order = session.scalar(select(Order).where(Order.code == o["code"]))
        if order is None:
            build_order(session=session, data=o)
            added += 1
        elif len(order.policies) < len(o.get("policies", [])):  # a policy added to the reference data later
            _policies(order, o)
            session.flush()
            _changed(session)
    return added
