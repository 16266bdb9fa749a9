"""How long a notice's evidence (body-worn video, photographs) is kept. Plain values in, a decision out.

Evidence is what lets a person challenge a notice and lets the council prove it, so it is held while either can
still happen, and released for deletion only after that, never before:
- while the notice is open: waiting for approval, issued and unpaid, under representation, or referred to legal;
- while a request from the recipient for the footage is waiting to be answered;
- until the time limit for prosecuting the offence has passed (a summary offence: six months from the offence,
  Magistrates' Courts Act 1980 s.127), however the notice ended;
- and after a prosecution ends, until the time to appeal has passed (21 days, Criminal Procedure Rules 34.2).
Kept no longer than that: footage of members of the public is personal data (UK GDPR article 5(1)(e)).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

OPEN = ("pending_approval", "issued", "representation_received", "referred_to_legal")
PROSECUTION_LIMIT = relativedelta(months=6)
APPEAL_DAYS = 21


@dataclass(frozen=True)
class Retention:
    """Whether the evidence is held, until when (None while held open-ended), and why, in a sentence."""

    held: bool
    until: date | None
    why: str


def retention(*, state: str, offence_on: date, closed_on: date | None, footage_request_waiting: bool,
              today: date) -> Retention:
    """How long a notice's evidence is kept, on `today`."""
    if state in OPEN:
        return Retention(True, None, "The notice is still open: its evidence is kept until it is closed.")
    if footage_request_waiting:
        return Retention(True, None, "The recipient has asked for the footage: it is kept until it is released.")
    limit = offence_on + PROSECUTION_LIMIT
    until, why = limit, "until the time limit for prosecuting the offence has passed"
    if state == "prosecution_concluded" and closed_on is not None and closed_on + timedelta(days=APPEAL_DAYS) > limit:
        until, why = closed_on + timedelta(days=APPEAL_DAYS), "until the time to appeal the prosecution has passed"
    if today <= until:
        return Retention(True, until, f"Kept {why}.")
    return Retention(False, until, f"Released for deletion: kept {why}.")
