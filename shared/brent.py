"""Brent's own facts, used by every service: its wards, its clock and how dates are written."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# The 22 wards of the 2022 boundaries.
WARDS = (
    "Alperton", "Barnhill", "Brondesbury Park", "Cricklewood and Mapesbury", "Dollis Hill",
    "Harlesden and Kensal Green", "Kenton", "Kilburn", "Kingsbury", "Northwick Park", "Preston", "Queens Park",
    "Queensbury", "Roundwood", "Stonebridge", "Sudbury", "Tokyngton", "Welsh Harp", "Wembley Central",
    "Wembley Hill", "Wembley Park", "Willesden Green",
)

# A box around the borough (latitude, longitude): a position outside it is a mistake, not a place in Brent.
BOUNDS = {"latitude": (51.50, 51.62), "longitude": (-0.35, -0.18)}


def london_date(moment: datetime) -> date:
    """The calendar day in Brent (GMT or BST) of an aware moment: dates and periods count in these days."""
    return moment.astimezone(LONDON).date()


def today() -> date:
    """Today's date in Brent."""
    return london_date(datetime.now(timezone.utc))


def day(on: date) -> str:
    """A date as people read it in messages and letters: '8 December 2026'."""
    return f"{on:%-d %B %Y}"


def ward_in_scope(ward: str, scope_wards) -> bool:
    """True when `ward` is covered by something limited to `scope_wards` (an empty list covers the whole borough)."""
    return not scope_wards or ward in scope_wards
