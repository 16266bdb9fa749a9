"""The reporter's side of a noise case, as plain rules: who a reporter is, how they are reached, when a restriction
stops their reports counting, what a recurrence must say, which cases can be merged, and what may never name a
reporter.

- **One person, found again.** A reporter is recognised by their e-mail address (any capitals), or failing that by
  their phone number (digits only, a leading +44 read as 0). Someone who gives neither cannot be found again, and
  is told nothing unless they gave a postal address.
- **Reached by e-mail, else by letter.** A reporter with an e-mail address is e-mailed; one with only a postal
  address is sent letters (printed and posted by the team); one with neither is not contacted.
- **Restriction.** An officer may restrict a reporter they judge malicious or vexatious, with a reason and a review
  date, no later than a year ahead (so every restriction is looked at again). Until that date, unless lifted
  sooner, the reporter's reports are kept but do not count towards the threshold; on the review date they count
  again unless an officer restricts them afresh.
- **Recurrence.** A reporter may log that the noise happened again, only on a case they reported on, with when it
  began (not in the future, nor more than a year ago), when it ended if it has (not before it began) and how often
  it happens.
- **Merging.** A case can be merged into another open case, never into itself or a closed one. The case merged
  away must not be further on than the one it joins (merge the other way round), and must have no abatement
  notice (the notice belongs to the case it was served on).
- **Privacy.** A reporter's name, e-mail address, phone number or address never appear in what is served on or sent
  to the source, or sent to another service.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from marshmallow import ValidationError, validate

from services.noise.intake_rules import normalised_address, time_problems

LONGEST_RESTRICTION = timedelta(days=366)
OLDEST_RECURRENCE = timedelta(days=366)  # a recurrence is logged within a year of it
PATTERNS = {
    "once": "Just this once",
    "most_nights": "Most nights",
    "weekends": "At weekends",
    "weekday_evenings": "On weekday evenings",
    "daytime": "During the day",
    "irregular": "On and off, with no pattern",
}
FORM_WORDS = {"missing": "Enter the date and time the noise started", "future_start": "The start must be in the past",
              "backwards": "The end must be after the start",
              "future_end": "The end must be in the past. Leave it out if the noise has not stopped"}
# How far a case has got, for merging: a case may join one as far on or further.
PROGRESS = {"monitoring": 0, "qualified": 1, "investigating": 2, "notice_served": 3, "prosecution": 4}


def _phone(text: str) -> str:
    """A phone number as digits, a leading +44 read as 0."""
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") else digits


def contact_key(details: dict | None) -> str | None:
    """What finds this reporter again: their e-mail address, else their phone number; None if neither."""
    details = details or {}
    email = (details.get("email") or "").strip().lower()
    if email:
        return f"email:{email}"
    digits = _phone(details.get("phone") or "")
    return f"phone:{digits}" if len(digits) >= 6 else None


def how_to_reach(email: str | None, address: str | None) -> str | None:
    """'email', 'letter', or None when the reporter gave no way to write to them."""
    if (email or "").strip():
        return "email"
    if (address or "").strip():
        return "letter"
    return None


@dataclass(frozen=True)
class Restriction:
    review_on: date
    lifted: bool = False


def in_force(restriction: Restriction, today: date) -> bool:
    """True while a restriction stops the reporter's reports counting: not lifted, and before its review date."""
    return not restriction.lifted and today < restriction.review_on


def counts(restrictions: list[Restriction], today: date) -> bool:
    """True when a reporter's reports count towards the threshold today."""
    return not any(in_force(r, today) for r in restrictions)


def restriction_problems(*, reason: str | None, review_on: date | None, today: date) -> list[dict]:
    """Every reason a restriction cannot be recorded, as field errors in the form's order."""
    errors = []
    if len((reason or "").strip()) < 10:
        errors.append({"field": "reason", "message": "Enter why the reporter is restricted, in a sentence or two "
                       "(it is kept in the audit log and shown at the review)"})
    if review_on is None:
        errors.append({"field": "review_on", "message": "Enter the date the restriction will be reviewed"})
    elif review_on <= today:
        errors.append({"field": "review_on", "message": "The review date must be in the future"})
    elif review_on > today + LONGEST_RESTRICTION:
        errors.append({"field": "review_on", "message": "The review date must be within a year: every restriction "
                       "is reviewed at least once a year"})
    return errors


def lift_problems(*, reason: str | None, in_force_now: bool) -> list[dict]:
    errors = []
    if not in_force_now:
        errors.append({"field": "reporter", "message": "The reporter is not restricted: there is nothing to lift"})
    if len((reason or "").strip()) < 3:
        errors.append({"field": "reason", "message": "Enter why the restriction is lifted"})
    return errors


def recurrence_problems(*, case_reference: str | None, own_cases: set[str], started_at: datetime | None,
                        ended_at: datetime | None, pattern: str | None, now: datetime) -> list[dict]:
    """Every reason a reporter's recurrence cannot be logged, as field errors in the form's order."""
    errors = []
    if not case_reference:
        errors.append({"field": "case_reference", "message": "Select the case it happened again on"})
    elif case_reference not in own_cases:
        errors.append({"field": "case_reference", "message": f"You have not reported on case {case_reference}. "
                       "You can only add to your own cases: report new noise as a new report"})
    errors += time_problems(started_at, ended_at, now, FORM_WORDS)
    if started_at is not None and started_at < now - OLDEST_RECURRENCE:
        errors.append({"field": "started_at", "message": "The start must be within the last year. For noise longer "
                       "ago, contact the Nuisance Control Team"})
    if pattern not in PATTERNS:
        errors.append({"field": "pattern", "message": "Select how often it happens"})
    return errors


TWELVE_HOUR = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?(?:([ap])\.?m?\.?)?$")


def read_time(text: str | None) -> time | None:
    """A time as people type it on a phone: 23:30, 23.30, 2330, 11:30pm, 11pm, midnight, noon; None otherwise."""
    typed = re.sub(r"\s", "", (text or "").lower())
    if typed in ("midnight", "noon", "midday"):
        return time(0) if typed == "midnight" else time(12)
    found = TWELVE_HOUR.match(typed)
    if not found:
        return None
    hour, minute, half = int(found[1]), int(found[2] or 0), found[3]
    if half and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
    elif half or found[2] is None:  # "13pm", or an hour with neither minutes nor am or pm
        return None
    return time(hour, minute) if hour < 24 and minute < 60 else None


DATE_PARTS = ("day", "month", "year")


def date_from_boxes(day: str | None, month: str | None, year: str | None) -> tuple[date | None, list[str], str | None]:
    """The date the noise started, from a form's day, month and year boxes: the date, the boxes that are wrong, and
    the error in GOV.UK's words (None when it is a real date)."""
    parts = dict(zip(DATE_PARTS, (re.sub(r"\s", "", text or "") for text in (day, month, year))))
    missing = [part for part in DATE_PARTS if not parts[part]]
    if len(missing) == 3:
        return None, list(DATE_PARTS), "Enter the date the noise started"
    if missing:
        return None, missing, f"The date the noise started must include a {' and a '.join(missing)}"
    try:
        if not all(value.isdigit() for value in parts.values()) or len(parts["year"]) != 4:
            raise ValueError
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), [], None
    except ValueError:
        return None, list(DATE_PARTS), "The date the noise started must be a real date, like 27 11 2026"


def email_problem(text: str) -> str | None:
    """What is wrong with an e-mail address a reporter typed (already stripped), in GOV.UK's words; None if nothing.
    The shape is the one the API checks a reporter's address against (marshmallow's)."""
    if not text:
        return "Enter your email address"
    if len(text) > 200:
        return "Email address must be 200 characters or fewer"
    try:
        validate.Email()(text)
    except ValidationError:
        return "Enter an email address in the correct format, like name@example.com"
    return None


def times_from_form(on: date | None, start: str | None, end: str | None, zone) -> tuple[datetime | None,
                                                                                    datetime | None, list[dict]]:
    """A form's times (Brent's clock) on the day `on` (None: the date could not be read, and says so itself) as the
    start and end, with an error for each time that is missing or cannot be read. An end earlier in the day than
    the start is the next morning: noise from 23:00 to 02:00 crosses midnight."""
    errors, times = [], {}
    for field, text, missing in (("started_at", start, "Enter the time the noise started, like 23:30"),
                                 ("ended_at", end, None)):
        if not (text or "").strip():
            if missing:
                errors.append({"field": field, "message": missing})
            continue
        times[field] = read_time(text)
        if times[field] is None:
            errors.append({"field": field, "message": "Enter a time like 23:30 or 11:30pm"})
    if on is None or errors:
        return None, None, errors
    started = datetime.combine(on, times["started_at"], zone)
    ended = None
    if times.get("ended_at") is not None:
        ended = datetime.combine(on, times["ended_at"], zone)
        if ended <= started:
            ended = datetime.combine(on + timedelta(days=1), times["ended_at"], zone)
    return started, ended, errors


@dataclass(frozen=True)
class CaseFacts:
    """What merging needs to know of a case."""

    reference: str
    status: str
    has_notices: bool


def merge_problems(case: CaseFacts, into: CaseFacts | None, into_reference: str | None) -> list[dict]:
    """Every reason `case` cannot be merged into `into` (None: no such case), as field errors."""
    if not into_reference:
        return [{"field": "into", "message": "Enter the reference of the case to merge this one into, like "
                 "NC-000123"}]
    if into_reference == case.reference:
        return [{"field": "into", "message": "A case cannot be merged into itself. Enter the other case's "
                 "reference"}]
    if into is None:
        return [{"field": "into", "message": f"There is no case {into_reference}"}]
    errors = []
    if into.status == "closed":
        errors.append({"field": "into", "message": f"Case {into.reference} is closed. Merge into an open case"})
    if case.status == "closed":
        errors.append({"field": "case", "message": f"Case {case.reference} is closed: there is nothing to merge"})
    elif into.status != "closed" and PROGRESS[case.status] > PROGRESS[into.status]:
        errors.append({"field": "into", "message": f"Case {case.reference} is further on ({_words(case.status)}) "
                       f"than {into.reference} ({_words(into.status)}). Merge {into.reference} into "
                       f"{case.reference} instead"})
    if case.has_notices:
        errors.append({"field": "case", "message": f"Case {case.reference} has an abatement notice served on it. "
                       f"Merge {into.reference} into {case.reference} instead, so the notice stays with its case"})
    return errors


def merge_reason_problems(reason: str | None) -> list[dict]:
    """Why the cases are about the same source must be said (it is kept with both cases' histories)."""
    if len((reason or "").strip()) < 3:
        return [{"field": "reason", "message": "Enter why the cases are about the same source"}]
    return []


def _words(status: str) -> str:
    return status.replace("_", " ")


@dataclass(frozen=True)
class Person:
    """A reporter's details, as written."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


def mentions(text: str, person: Person) -> bool:
    """True when `text` carries the person's name, e-mail address, phone number or address."""
    if not text:
        return False
    folded = " ".join(re.sub(r"[^a-z0-9@.+]+", " ", text.lower()).split())
    name = " ".join(re.sub(r"[^a-z0-9]+", " ", (person.name or "").lower()).split())
    if len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", folded):
        return True
    if person.email and person.email.strip().lower() in text.lower():
        return True
    phone = _phone(person.phone or "")
    written = (_phone(run) for run in re.findall(r"\+?[0-9][0-9 ()-]{4,}[0-9]", text))  # each number written
    if len(phone) >= 6 and any(phone == number for number in written):
        return True
    address = normalised_address(person.address or "")
    return len(address) >= 8 and address in normalised_address(text)


def privacy_problems(fields: dict[str, str], people: list[Person]) -> list[dict]:
    """A field error for each field of something going to the source (or another service) that names a reporter."""
    return [{"field": field, "message": "This names or gives the contact details of someone who reported the "
             "noise. Take them out: a reporter is never identified to the source"}
            for field, text in fields.items() if any(mentions(text or "", person) for person in people)]
