"""The control room's rules for footage and information requests. Plain values only.

- **Who asks.** Every request has a requester category: the police, a council service, a member of the public, or
  an insurer or solicitor (the annual report counts them so).
- **When it is due.** A subject access request (UK GDPR article 15) is due one calendar month after it is
  received: on the same day of the next month, or that month's last day if it is shorter (received 31 January,
  due 28 February, or 29 February in a leap year). Other requests are due `default_days` after they are received
  unless a due date is given.
- **Footage is overwritten** 31 days after it is recorded (`retention_days`): the footage a request asks for is
  gone once its earliest moment is that old, unless it was preserved under a legal hold first. A request is
  flagged while its footage is due to be overwritten within `warn_days` (3) and is not yet held.
- A legal hold can be placed only on footage that still exists.
"""
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from shared.brent import london_date
from shared.errors import Problem

CATEGORIES = {"police": "Police", "council": "Council service", "public": "Member of the public",
              "insurer_solicitor": "Insurer or solicitor"}
KINDS = {"footage": "Footage", "information": "Information", "subject_access": "Subject access request"}
STATUSES = ("open", "disclosed", "refused", "closed")
RETENTION_DAYS = 31
WARN_DAYS = 3
DEFAULT_DAYS = 14


def due_on(kind: str, received_on: date, asked_by: date | None = None, default_days: int = DEFAULT_DAYS) -> date:
    """When a request must be answered (see the module's rules)."""
    if kind == "subject_access":
        return received_on + relativedelta(months=1)
    return asked_by or received_on + timedelta(days=default_days)


def overwritten_on(footage_from: datetime, retention_days: int = RETENTION_DAYS) -> date:
    """The day (in Brent) the earliest footage asked for is overwritten."""
    return london_date(footage_from) + timedelta(days=retention_days)


def overwrite_warning(*, footage_from: datetime | None, held: bool, today: date, retention_days: int = RETENTION_DAYS,
                      warn_days: int = WARN_DAYS) -> str | None:
    """'overwritten' when the footage is gone, 'soon' while it is due to go within `warn_days`, else None. Held
    footage is never overwritten."""
    if footage_from is None or held:
        return None
    gone = overwritten_on(footage_from, retention_days)
    if gone <= today:
        return "overwritten"
    return "soon" if (gone - today).days <= warn_days else None


def check_hold(*, reference: str, footage_from: datetime | None, today: date,
               retention_days: int = RETENTION_DAYS) -> None:
    """Refuse a legal hold on footage that no longer exists, or on a request that asks for none (422)."""
    if footage_from is None:
        raise Problem("No footage to hold", f"{reference} asks for no footage, so there is nothing to hold.",
                      kind="no-footage", errors=[{"field": "footage_from", "message": "Enter the times of the footage "
                                                                                       "asked for first"}])
    gone = overwritten_on(footage_from, retention_days)
    if gone <= today:
        raise Problem("Footage already overwritten",
                      f"The footage {reference} asks for was overwritten on {gone:%-d %B %Y}, {retention_days} days "
                      "after it was recorded, so it cannot be held. Tell the requester it no longer exists.",
                      kind="footage-overwritten", errors=[{"field": "legal_hold", "message": f"The footage was "
                                                           f"overwritten on {gone:%-d %B %Y}"}])


def check_due(received_on: date, due_on: date | None) -> list[dict]:
    """The problem with a date a request is needed by that comes before the request was received, as a field error."""
    if due_on is not None and due_on < received_on:
        return [{"field": "due_on", "message": "The date it is needed by must be the same as or after the date "
                                               "received"}]
    return []


def check_times(footage_from: datetime | None, footage_to: datetime | None, now: datetime) -> list[dict]:
    """Every problem with the times of the footage asked for, as field errors."""
    errors = []
    if (footage_from is None) != (footage_to is None):
        errors.append({"field": "footage_to" if footage_to is None else "footage_from",
                       "message": "Enter both when the footage starts and when it ends, or neither"})
    if footage_from and footage_from > now:
        errors.append({"field": "footage_from", "message": "The footage must start in the past"})
    if footage_from and footage_to and footage_to < footage_from:
        errors.append({"field": "footage_to", "message": "The footage must end after it starts"})
    elif footage_to and footage_to > now:
        errors.append({"field": "footage_to", "message": "The footage must end in the past"})
    return errors
