"""Calendar files in and out (icalendar, RFC 5545) and the rota as a table for CSV: a person's shifts as a feed their phone
subscribes to, event days imported from the manager's calendar, and the rota grid for a spreadsheet."""
from datetime import date, datetime, timedelta, timezone

import icalendar

from shared.brent import LONDON
from services.cctv.rota.shift_rules import ShiftDefinition

PRODID = "-//London Borough of Brent//Safer Brent Operations control-room rota//EN"
DOMAIN = "rota.safer-brent.example"


def feed(name: str, staff_id: int, duties: list[tuple[date, str, datetime, datetime]], now: datetime) -> bytes:
    """A person's published shifts (day, shift name, start, end) as an iCalendar file, each in Europe/London time
    with its VTIMEZONE. A shift's UID is the person and its day, so a calendar that subscribed replaces a changed
    shift rather than adding one."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"CCTV control room shifts: {name}")
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for day, shift_name, starts_at, ends_at in duties:
        event = icalendar.Event()
        event.add("uid", f"shift-{staff_id}-{day.isoformat()}@{DOMAIN}")
        event.add("dtstamp", now.astimezone(timezone.utc))
        event.add("dtstart", _local(starts_at))
        event.add("dtend", _local(ends_at))
        event.add("summary", f"{shift_name} shift, CCTV control room")
        event.add("location", "Brent Civic Centre control room")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    if duties:
        calendar.add_missing_timezones(first_date=min(d[0] for d in duties) - timedelta(days=366),
                                       last_date=max(d[0] for d in duties) + timedelta(days=366))
    return calendar.to_ical()


def _local(moment: datetime) -> datetime:
    """London time, unless it is the second of a repeated hour, which RFC 5545 would read as the first: then UTC."""
    local = moment.astimezone(LONDON)
    return moment.astimezone(timezone.utc) if local.fold else local


def events(data: bytes, extra_officers: int) -> list[dict]:
    """The events of an iCalendar file as event days (uid, name, starts_at, ends_at in UTC). An all-day event
    covers its London days; an event with no end lasts an hour (a date: a day), as RFC 5545 has it. Raises
    ValueError with a reason a person can act on."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError:
        raise ValueError("The file is not an iCalendar file (.ics) that can be read. Export the calendar again as "
                         ".ics and import that file.") from None
    out = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        uid, summary = str(event.get("uid") or ""), str(event.get("summary") or "").strip()
        if not event.get("dtstart"):
            raise ValueError(f"Event {number} ({summary or 'no title'}) has no start (DTSTART).")
        start = event.decoded("dtstart")
        end = event.decoded("dtend") if event.get("dtend") else None
        if not isinstance(start, datetime):  # a date: the whole London day
            start_at = datetime.combine(start, datetime.min.time(), LONDON)
            end_at = datetime.combine(end or start + timedelta(days=1), datetime.min.time(), LONDON)
        else:
            start_at = start if start.tzinfo else start.replace(tzinfo=LONDON)  # floating time: Brent's
            end_at = (end if end.tzinfo else end.replace(tzinfo=LONDON)) if isinstance(end, datetime) \
                else start_at + timedelta(hours=1)
        if end_at <= start_at:
            raise ValueError(f"Event {number} ({summary or 'no title'}) ends before it starts.")
        out.append({"uid": (uid or f"{summary}-{start_at.isoformat()}")[:300], "name": (summary or "Event")[:200],
                    "starts_at": start_at.astimezone(timezone.utc), "ends_at": end_at.astimezone(timezone.utc),
                    "extra_officers": extra_officers})
    return out


def rota_table(first_day: date, weeks: int, names: dict[int, str], duties: list[tuple[int, date, str]],
               shifts: dict[str, ShiftDefinition]) -> dict:
    """The rota as a table (shared.report_tables' shape, for CSV): one row a person, one column a day, each cell
    the shift's name (empty: off)."""
    days = [first_day + timedelta(days=i) for i in range(7 * weeks)]
    cell = {(staff, day): shifts[code].name for staff, day, code in duties}
    return {"title": f"Control-room rota from {first_day:%-d %B %Y}",
            "columns": ["Name"] + [f"{d:%a %Y-%m-%d}" for d in days],
            "rows": [[name] + [cell.get((staff, d)) for d in days] for staff, name in names.items()]}
