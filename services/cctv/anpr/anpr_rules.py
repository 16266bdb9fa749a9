"""The rules that turn ANPR reads into breaches of the Nuisance Vehicles PSPO, and breaches into letters. Plain values.

- **A registration mark** is read upper case without spaces or hyphens ('ab12 cde' is 'AB12CDE'). It must have the
  shape of a GB mark: current (AB12CDE), prefix (A123BCD), suffix (ABC123D) or dateless (up to four digits and up
  to three letters, either way round). Anything else is refused.
- **A reliable read** has the camera's confidence of at least `min_confidence` (0.9). A read below it is kept for a
  person to review and is never acted on.
- **A potential breach** is a reliable read by an ANPR camera inside an enforcement zone (a site the order covers)
  while the zone is active. Repeated reads of one mark in one zone within `event_gap` (an hour) of each other are
  one event, so one breach and one letter: ten reads of a car at one meet are one breach.
- **The letter** to the registered keeper is a warning while the zone is warning-only, and otherwise asks the keeper
  to name the driver within 28 days.
"""
import re
from datetime import date, datetime, timedelta

from shared.errors import Problem

MARK_SHAPES = (
    re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$"),  # current, from 2001: AB12CDE
    re.compile(r"^[A-Z][0-9]{1,3}[A-Z]{3}$"),  # prefix, 1983-2001: A123BCD
    re.compile(r"^[A-Z]{3}[0-9]{1,3}[A-Z]$"),  # suffix, 1963-1983: ABC123D
    re.compile(r"^[0-9]{1,4}[A-Z]{1,3}$"),  # dateless: 1234AB
    re.compile(r"^[A-Z]{1,3}[0-9]{1,4}$"),  # dateless: AB1234
)
MIN_CONFIDENCE = 0.9
EVENT_GAP = timedelta(hours=1)
REPLY_DAYS = 28


def normalised_mark(text: str) -> str:
    """A mark upper case, without its spaces and hyphens (any other character stays, and makes it unrecognised)."""
    return re.sub(r"[\s-]", "", (text or "").upper())


def check_mark(text: str) -> str:
    """The normalised mark, or a 422 saying what a mark looks like."""
    mark = normalised_mark(text)
    if not any(shape.match(mark) for shape in MARK_SHAPES):
        raise Problem("Registration mark not recognised",
                      f"'{text}' is not a GB registration mark. Send it as read, for example AB12 CDE.",
                      kind="invalid-registration-mark",
                      errors=[{"field": "registration_mark", "message": "Enter a GB registration mark, like AB12 CDE"}])
    return mark


def reliable(confidence: float, min_confidence: float = MIN_CONFIDENCE) -> bool:
    """True when a read can be acted on; below the threshold it waits for a person to review it."""
    return confidence >= min_confidence


def zone_active(read_at: datetime, active_from: date, active_to: date | None, read_on: date) -> bool:
    """True when a zone covers a read made on `read_on` (its Brent date)."""
    return active_from <= read_on and (active_to is None or read_on <= active_to)


def same_event(read_at: datetime, last_read_at: datetime, gap: timedelta = EVENT_GAP) -> bool:
    """True when a read of a mark in a zone belongs to the event of its last read there (within the gap, either
    way: reads may arrive out of order)."""
    return abs(read_at - last_read_at) <= gap


def letter_kind(read_on: date, warning_only_until: date | None) -> str:
    """'warning' while the zone is warning-only (to the day), otherwise 'name_the_driver'."""
    return "warning" if warning_only_until is not None and read_on <= warning_only_until else "name_the_driver"


def reply_due(sent_on: date, days: int = REPLY_DAYS) -> date:
    """The last day for the keeper to name the driver."""
    return sent_on + timedelta(days=days)
