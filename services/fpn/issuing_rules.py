"""The rules an officer's notice must pass before it is issued. Plain values in, a decision or a Problem out."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from shared.brent import WARDS, day, london_date, ward_in_scope
from shared.errors import Problem
from services.fpn.penalty_rules import Term, applicable

AGE_OF_CRIMINAL_RESPONSIBILITY = 10
ADULT_AGE = 18
CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock a little ahead is not "the future" (noise allows the same)


@dataclass(frozen=True)
class OrderFacts:
    """What the rules need to know about the order a notice is issued under."""

    title: str
    in_force_from: date
    in_force_to: date  # after extensions
    issued_through: str = "officers"  # officers (any issuer), or the one service that asks for its notices


@dataclass(frozen=True)
class Decision:
    """What issuing will create: the state and the money the notice states."""

    state: str
    amount: Decimal | None
    discount_amount: Decimal | None
    discount_until: date | None
    pay_by: date | None


def age_on(born: date, on: date) -> int:
    """Whole years between `born` and `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_when(occurred_at: datetime, now: datetime, max_age_days: int) -> date:
    """Refuse offences in the future or too old to prosecute; return the offence's London date."""
    if occurred_at.tzinfo is None:
        raise Problem("Time without offset", "occurred_at must include a UTC offset, e.g. 2026-11-24T14:05:00+00:00.",
                      kind="bad-time")
    if occurred_at > now + CLOCK_SKEW:
        raise Problem("Offence in the future", "The date and time of the offence must be in the past.",
                      kind="occurred-in-future",
                      errors=[{"field": "occurred_at", "message": "The time must be in the past"}])
    if occurred_at < now - timedelta(days=max_age_days):
        raise Problem("Offence too old", f"The offence is more than {max_age_days} days old, past the time limit for "
                      "a summary prosecution, so a notice can no longer be issued.", kind="occurred-too-long-ago",
                      errors=[{"field": "occurred_at", "message": f"The date must be within the last {max_age_days} "
                                                                  "days"}])
    return london_date(occurred_at)


COMPLETED_LATEST_DAYS = 28  # a notice completed with no signal may arrive this long after it was given


def check_completed(completed_at: datetime | None, occurred_at: datetime, now: datetime) -> datetime:
    """When the notice was given: when the officer completed it on the phone (a notice completed with no signal
    arrives later, and its dates count from the day it was given, as the phone showed them), or now. Refused if
    the phone's clock cannot be right: before the offence, in the future, or longer ago than a phone waits."""
    if completed_at is None:
        return now
    if completed_at > now + CLOCK_SKEW or completed_at < occurred_at - CLOCK_SKEW:
        raise Problem("Completed at an impossible time", "The time the notice was completed is in the future or "
                      "before the offence. Check the phone's date and time.", kind="bad-time",
                      errors=[{"field": "completed_at", "message": "The time must be after the offence and in the "
                                                                   "past"}])
    if completed_at < now - timedelta(days=COMPLETED_LATEST_DAYS):
        raise Problem("Completed too long ago", f"A notice completed more than {COMPLETED_LATEST_DAYS} days ago "
                      "cannot be accepted now: its payment period has passed. Tell a supervisor.", kind="bad-time",
                      errors=[{"field": "completed_at", "message": f"The notice must arrive within "
                                                                   f"{COMPLETED_LATEST_DAYS} days"}])
    return min(completed_at, now)


def check_order_in_force(order: OrderFacts, on: date) -> None:
    """Refuse when the order did not apply on the offence date, saying which dates it covers."""
    if not order.in_force_from <= on <= order.in_force_to:
        raise Problem("Order not in force", f"{order.title} was in force from {day(order.in_force_from)} to "
                      f"{day(order.in_force_to)}, not on {day(on)}.", kind="order-not-in-force")


def check_issued_through(order: OrderFacts, source: str) -> None:
    """Refuse a notice under an order kept for one service's requests (noise's abatement-notice FPNs) from anyone
    else: an officer on patrol, or another service."""
    if order.issued_through != "officers" and source != order.issued_through:
        raise Problem("Not issued from here", f"Notices under {order.title} are issued only at the request of the "
                      f"{order.issued_through} service, through its casework.", kind="order-not-for-this-issuer")


def check_ward(ward: str, scope_name: str, scope_wards: list[str]) -> None:
    """Refuse a ward outside Brent, or outside the wards a scope is limited to."""
    if ward not in WARDS:
        raise Problem("Unknown ward", f"'{ward}' is not one of Brent's 22 wards.", kind="unknown-ward",
                      errors=[{"field": "location.ward", "message": "Choose one of Brent's wards"}])
    if not ward_in_scope(ward, scope_wards):
        raise Problem("Prohibition does not apply here", f"The {scope_name} prohibitions apply only in "
                      f"{', '.join(scope_wards)}, not {ward}.", kind="prohibition-not-in-scope")


WITHHELD = ("refused", "believed_false")  # why an officer could not record a person's date of birth or address


def offender_errors(offender: dict, *, vehicle: bool, withheld: str | None, officer: bool = True) -> list[dict]:
    """Every detail of the offender that is missing, as field errors in the form's order. A vehicle needs its
    registration mark, a person their name; on an officer's notice, also their date of birth and address unless the
    officer records that they refused to give them or gave details believed false (a requested notice, to whoever
    is responsible for premises, names what its requester knows)."""
    if vehicle:
        return [] if offender.get("registration_mark") else [
            {"field": "offender.registration_mark", "message": "Enter the vehicle's registration mark"}]
    errors = [] if offender.get("name") else [{"field": "offender.name", "message": "Enter the person's full name"}]
    if officer and withheld is None:
        if not offender.get("date_of_birth"):
            errors.append({"field": "offender.date_of_birth", "message": "Enter the person's date of birth, or "
                           "record that they refused to give it or gave details you believe are false"})
        if not offender.get("address"):
            errors.append({"field": "offender.address", "message": "Enter the person's address, or record that they "
                           "refused to give it or gave details you believe are false"})
    return errors


def check_offender_age(born: date | None, on: date) -> bool:
    """Refuse children under 10; return True when the offender is 10 to 17 and a supervisor must approve. (Whether
    a missing date of birth also needs approval is the issuer's rule: needs_approval.)"""
    if born is None:
        return False
    age = age_on(born, on)
    if age < 0:
        raise Problem("Date of birth after the offence", "The offender's date of birth is after the offence date.",
                      kind="bad-date-of-birth")
    if age < AGE_OF_CRIMINAL_RESPONSIBILITY:
        raise Problem("Offender under 10", f"The offender was {age} on the offence date: no notice may be issued to "
                      "a child under 10. Inform the parents or guardians instead.", kind="offender-under-10")
    return age < ADULT_AGE


def needs_approval(*, juvenile: bool, born: date | None, vehicle: bool, source: str) -> bool:
    """A supervisor approves a notice to a 10-17 year-old before it stands, and an officer's notice to a person
    whose date of birth is not known (they may be under 18). Requested notices (noise's, to whoever is responsible
    for premises) and vehicle notices name no date of birth, so only their age, when given, counts."""
    return juvenile or (source == "officer" and not vehicle and born is None)


def decide(*, outcome: str, terms: list[Term], on: date, issued_on: date, prohibition: str, juvenile: bool) -> Decision:
    """Work out the notice's money and first state; refuse an FPN where only warnings are allowed on `on`."""
    if outcome == "warning":
        return Decision("pending_approval" if juvenile else "warning", None, None, None, None)
    term = applicable(terms, on)
    if term is None:
        first = min((t.effective_from for t in terms), default=None)
        when = f"from {day(first)}" if first else "yet: no penalty is set in the register"
        raise Problem("Warning only", f"Fixed penalties for '{prohibition}' are not allowed on {day(on)}, only "
                      f"warnings. FPNs may be issued {when}.", kind="warning-only")
    discount_until = issued_on + timedelta(days=term.discount_days) if term.discount_days else None
    return Decision("pending_approval" if juvenile else "issued", term.amount, term.discount_amount, discount_until,
                    issued_on + timedelta(days=term.payment_days))
