"""The register's rules: when an order is in force, which penalty applies on a date, and what the statute allows."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shared.brent import day
from shared.errors import Problem

STATUTORY_PAYMENT_DAYS = 14  # no proceedings may be taken in the first 14 days (ASBCPA 2014 s.68(3))


@dataclass(frozen=True)
class Offence:
    """The offence a breach is, and the most a court may fine for it on conviction."""

    section: str
    level: int
    max_fine: Decimal


# The standard scale of fines for summary offences (Criminal Justice Act 1982 s.37): levels 2 and 3.
STANDARD_SCALE = {2: Decimal(500), 3: Decimal(1000)}


def offence(alcohol: bool) -> Offence:
    """Drinking in breach of a PSPO is an offence under ASBCPA 2014 s.63 (level 2); any other breach, s.67 (level 3)."""
    if alcohol:
        return Offence("section 63 (consuming alcohol in breach of the order)", 2, STANDARD_SCALE[2])
    return Offence("section 67 (failing to comply with the order)", 3, STANDARD_SCALE[3])


@dataclass(frozen=True)
class Term:
    """A penalty as it applies from `effective_from`."""

    effective_from: date
    amount: Decimal
    discount_amount: Decimal | None = None
    discount_days: int | None = None
    payment_days: int = STATUTORY_PAYMENT_DAYS


@dataclass(frozen=True)
class Cap:
    """The statutory maximum under a legal basis from a date."""

    effective_from: date
    max_amount: Decimal


def in_force_until(made_until: date, extensions: list[tuple[date, date]]) -> date:
    """The order's end date after every recorded extension (decided_on, new_end), the latest decision winning."""
    end = made_until
    for _decided_on, new_end in sorted(extensions):
        end = new_end
    return end


def applicable(items, on: date):
    """The dated item (term or cap) in effect on `on`: the latest whose effective_from is not after it."""
    current = None
    for item in sorted(items, key=lambda i: i.effective_from):
        if item.effective_from <= on:
            current = item
    return current


def check_term(term: Term, caps: list[Cap], legal_basis: str) -> None:
    """Refuse penalty terms the statute does not allow: over the cap in force, or a discount window too long."""
    if term.amount <= 0:
        raise Problem("Penalty must be positive", "The full amount must be more than £0.", kind="bad-penalty")
    cap = applicable(caps, term.effective_from)
    if cap is not None and term.amount > cap.max_amount:
        raise Problem("Penalty over the statutory maximum",
                      f"£{term.amount} is more than the £{cap.max_amount} maximum in force under {legal_basis} "
                      f"from {day(cap.effective_from)}.", kind="penalty-over-cap")
    if term.payment_days < STATUTORY_PAYMENT_DAYS:
        raise Problem("Payment period too short", f"The payment period must be at least {STATUTORY_PAYMENT_DAYS} "
                      "days: no proceedings may be taken within it.", kind="bad-penalty")
    if (term.discount_amount is None) != (term.discount_days is None):
        raise Problem("Incomplete lower amount", "Give both the lower amount and the number of days it applies, "
                      "or neither.", kind="bad-penalty")
    if term.discount_amount is not None:
        if not 0 < term.discount_amount < term.amount:
            raise Problem("Lower amount not lower", f"The lower amount (£{term.discount_amount}) must be more than "
                          f"£0 and less than the full amount (£{term.amount}).", kind="bad-penalty")
        if not 0 < term.discount_days < STATUTORY_PAYMENT_DAYS:
            raise Problem("Early-payment window too long",
                          f"The early-payment window ({term.discount_days} days) must be shorter than the "
                          f"{STATUTORY_PAYMENT_DAYS}-day payment period.", kind="bad-penalty")
