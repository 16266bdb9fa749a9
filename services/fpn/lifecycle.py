"""The notice lifecycle as one table: for each action, where it may start, where it leads, who may take it, what
details it needs, and what else it changes on the notice. Plain rules: a notice object in, a Problem out if refused.
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from shared.brent import day, london_date
from shared.errors import Conflict, NotFound, Problem
from services.fpn.issuing_rules import CLOCK_SKEW

SUPERVISOR = ("enforcement_supervisor", "admin")
SYSTEM = "system"  # the nightly job's role: it is nobody's, and no token carries it
PROSECUTION_OUTCOMES = ("convicted", "acquitted", "withdrawn")
PAYMENT_METHODS = ("card", "cash", "cheque", "bank_transfer", "online")
CLOSED = ("paid", "warning", "cancelled", "prosecution_concluded")  # nothing more happens to the notice
STATES = ("pending_approval", "issued", "representation_received", "paid", "warning", "cancelled", "referred_to_legal",
          "prosecution_concluded")  # every state a notice can be in


def _approve(notice, *, actor: str, now: datetime, details: dict) -> None:
    """A supervisor approves a notice to a 10-17 year-old (or a person whose age is not known): it takes effect."""
    notice.approved_by, notice.effective_at = actor, now


def check_paid_on(paid_on: date, now: datetime) -> None:
    """Refuse a payment dated after today in Brent (a clock a little ahead at midnight is not the future)."""
    if paid_on > london_date(now + CLOCK_SKEW):
        raise Problem("Paid in the future", "A payment is recorded once it has been made. Enter the day it was paid.",
                      kind="paid-in-future", errors=[{"field": "paid_on",
                                                      "message": "The date paid must be today or in the past"}])


def _pay(notice, *, actor: str, now: datetime, details: dict) -> None:
    """Accept only the amount due on the day it was paid (today or before): the lower amount within its window,
    else the full one."""
    amount, paid_on = details["amount"], details["paid_on"]
    check_paid_on(paid_on, now)  # first: what is due depends on the day
    due = notice.discount_amount if notice.discount_until and paid_on <= notice.discount_until else notice.amount
    if amount != due:
        raise Problem("Wrong amount", f"On {day(paid_on)} the amount due was £{due}, not £{amount}.",
                      kind="wrong-amount", errors=[{"field": "amount", "message": f"Amount paid must be £{due}, the "
                                                                                  f"amount due on {day(paid_on)}"}])
    notice.paid_amount, notice.paid_on = amount, paid_on
    notice.payment_method, notice.payment_reference = details["method"], details["payment_reference"]


def _reduce(notice, *, actor: str, now: datetime, details: dict) -> None:
    """Record when the notice became a warning."""
    notice.reduced_at = now


def _refer(notice, *, actor: str, now: datetime, details: dict) -> None:
    """Record when the notice went to legal."""
    notice.referred_at = now


def _uphold(notice, *, actor: str, now: datetime, details: dict) -> None:
    """The full payment period starts again from the day of the decision (London dates, not UTC ones), with no
    lower amount."""
    period = notice.pay_by - london_date(notice.issued_at)
    notice.pay_by = london_date(now) + period
    notice.discount_until = None


def _record_prosecution(notice, *, actor: str, now: datetime, details: dict) -> None:
    """Record how the prosecution ended."""
    if details.get("prosecution_outcome") not in PROSECUTION_OUTCOMES:
        raise Problem("Unknown prosecution outcome", "The outcome must be one of: "
                      f"{', '.join(PROSECUTION_OUTCOMES)}.", kind="bad-outcome")
    notice.prosecution_outcome = details["prosecution_outcome"]


def _nothing(notice, *, actor: str, now: datetime, details: dict) -> None:
    """The move itself (and any reason) is all there is to record."""


@dataclass(frozen=True)
class Action:
    """One lifecycle action."""

    name: str
    starts_from: tuple[str, ...]
    leads_to: str | Callable  # a state, or a function of the notice giving one
    roles: tuple[str, ...]
    needs: tuple[str, ...] = ()  # details the request must give (its schema requires them: schemas.action_schema)
    effect: Callable = _nothing
    explains: str = ""  # what it is for, as the API documents it

    def words(self) -> str:
        """The action as a person says it: 'reduce to warning'."""
        return self.name.replace("_", " ")


ACTIONS = {a.name: a for a in (
    Action("approve", ("pending_approval",), lambda n: "issued" if n.outcome == "fpn" else "warning", SUPERVISOR,
           effect=_approve, explains="Approve a notice to a 10-17 year-old: it becomes an FPN or a warning."),
    Action("pay", ("issued",), "paid", SUPERVISOR, ("amount", "paid_on", "method", "payment_reference"), _pay,
           "Record a payment, how it was made and its reference: the lower amount within its window, else the "
           "full amount."),
    # Legal may still reduce a referred notice: the 2022-23 table counts notices both referred and reduced.
    Action("reduce_to_warning", ("issued", "representation_received", "referred_to_legal"), "warning", SUPERVISOR,
           ("reason",), _reduce, "Reduce the notice to a written warning: nothing is then payable."),
    Action("cancel", ("pending_approval", "issued", "representation_received"), "cancelled", SUPERVISOR,
           ("reason",), explains="Cancel the notice, with the reason."),
    Action("receive_representation", ("issued",), "representation_received", SUPERVISOR, ("reason",),
           explains="Record a representation against the notice: payment waits for the decision."),
    Action("uphold", ("representation_received",), "issued", SUPERVISOR, effect=_uphold,
           explains="Uphold the notice after a representation: the full payment period starts again."),
    Action("refer_to_legal", ("issued",), "referred_to_legal", SUPERVISOR + (SYSTEM,), effect=_refer,
           explains="Refer an unpaid notice to legal for prosecution (done nightly once its period has passed)."),
    Action("record_prosecution", ("referred_to_legal",), "prosecution_concluded", SUPERVISOR,
           ("prosecution_outcome",), _record_prosecution, "Record how the prosecution ended."),
)}


def people_who_may(act: Action) -> tuple[str, ...]:
    """The roles a person must hold to take the action (the nightly job's SYSTEM role is nobody's)."""
    return tuple(r for r in act.roles if r != SYSTEM)


def action(name: str) -> Action:
    """The action called `name`, or a 404 Problem listing the actions there are."""
    if name not in ACTIONS:
        raise NotFound(f"'{name}' is not an action. Actions: {', '.join(ACTIONS)}.")
    return ACTIONS[name]


def check_allowed(act: Action, roles) -> None:
    """Refuse (403) a caller holding none of the roles the action allows."""
    if not set(roles) & set(act.roles):
        people = [r for r in act.roles if r != SYSTEM]
        raise Problem("Not allowed", f"To {act.words()} a notice needs one of these roles: {', '.join(people)}. "
                      "Ask an admin if you should have it.", kind="forbidden", status=403)


def next_state(act: Action, notice) -> str:
    """The state `act` leads to from the notice's state, or a 409 Problem saying what is possible instead."""
    if notice.state not in act.starts_from:
        possible = [ACTIONS[n].words() for n in sorted(ACTIONS) if notice.state in ACTIONS[n].starts_from]
        raise Conflict("Not possible in this state",
                       f"A notice that is '{notice.state.replace('_', ' ')}' cannot be '{act.words()}'. Possible "
                       f"now: {', '.join(possible) or 'nothing, it is closed'}.",
                       kind="invalid-transition", state=notice.state)
    return act.leads_to(notice) if callable(act.leads_to) else act.leads_to


def apply(act: Action, notice, *, actor: str, now: datetime, details: dict) -> str:
    """Move the notice on and make the action's other changes; return the state it was in before."""
    before = notice.state
    notice.state = next_state(act, notice)
    act.effect(notice, actor=actor, now=now, details=details)
    if notice.state in CLOSED:
        notice.closed_at = now
    if details.get("reason"):
        notice.closing_reason = details["reason"]
    return before
