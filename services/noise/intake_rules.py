"""What an incident report must say before it is taken in, and how its source's address is compared: plain rules.

A report is about the same source as a case when it gives the same UPRN (the property's unique reference), or,
where either has no UPRN, the same address once both are reduced to one spelling (`normalised_address`).

Every problem with a report is found at once and returned together, each against its field, so that a caller (an
officer's form, an app, an import's row report) can show them all in one go.
"""
import re
from datetime import datetime, timedelta

from shared.brent import WARDS
from shared.errors import Problem

# The Nuisance Control Team's categories (its annual report's table), as the API spells them, with their names.
CATEGORIES = {
    "music": "Music",
    "animal": "Animal",
    "construction": "Construction",
    "diy": "DIY",
    "building_alarm": "Building alarm",
    "vehicle_alarm": "Vehicle alarm",
    "commercial": "Commercial",
    "low_frequency_noise": "Low-frequency noise",
    "artificial_light": "Glare from artificial light",
    "dust": "Dust",
    "smell": "Smell",
    "smoke": "Smoke",
    "other": "Other",
}
CHANNELS = ("noise_app", "phone", "web", "officer", "open311", "import")
ASSESSMENTS = ("nuisance", "not_nuisance", "unassessed")
CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock a little ahead is not "the future"


def incident_problems(*, category: str | None, ward: str | None, started_at: datetime | None,
                      ended_at: datetime | None, now: datetime, assessment: str | None = None,
                      significant: bool = False, significance_reason: str | None = None) -> list[dict]:
    """Every reason the report cannot be taken in, as field errors in the order of the report's fields. A value
    given as None was not given."""
    errors = []
    if ward not in WARDS:
        errors.append({"field": "source.ward", "message": "Choose one of Brent's 22 wards"})
    if category not in CATEGORIES:
        errors.append({"field": "category", "message": "Choose a category: " + ", ".join(CATEGORIES)})
    errors += time_problems(started_at, ended_at, now, API_WORDS)
    if significant and assessment != "nuisance":
        errors.append({"field": "assessment", "message": "Only an incident assessed as a nuisance can be marked "
                       "significant"})
    if significant and not (significance_reason or "").strip():
        errors.append({"field": "significance_reason", "message": "Say why the incident is significant enough "
                       "to investigate at once"})
    return errors


API_WORDS = {"missing": "Give when the noise began, as a date and time with its UTC offset, such as "
                         "2026-11-27T22:30:00+00:00",
             "future_start": "The start is in the future: give when the noise began",
             "backwards": "The end is before the start: give when the noise stopped",
             "future_end": "The end is in the future: give when the noise stopped, or leave it out if it has not"}


def time_problems(started_at: datetime | None, ended_at: datetime | None, now: datetime,
                  words: dict[str, str]) -> list[dict]:
    """When the noise began and stopped: a start is needed and not in the future (beyond a phone's clock skew); an
    end, if given, is not before the start nor in the future. `words` says each problem to its reader."""
    errors = []
    if started_at is None:
        errors.append({"field": "started_at", "message": words["missing"]})
    elif started_at > now + CLOCK_SKEW:
        errors.append({"field": "started_at", "message": words["future_start"]})
    if ended_at is not None and started_at is not None and ended_at < started_at:
        errors.append({"field": "ended_at", "message": words["backwards"]})
    elif ended_at is not None and ended_at > now + CLOCK_SKEW:
        errors.append({"field": "ended_at", "message": words["future_end"]})
    return errors


def check_incident(**report) -> None:
    """Refuse the report, with every problem at once (422), unless `incident_problems` finds none."""
    errors = incident_problems(**report)
    if errors:
        raise Problem("Check the report", "The report was not taken in. Correct the fields listed and send it "
                      "again.", kind="invalid-incident", errors=errors)


# Words an address may be written with in several ways, each reduced to one.
_SAME_WORD = {"ROAD": "RD", "STREET": "ST", "AVENUE": "AVE", "LANE": "LN", "GARDENS": "GDNS", "CLOSE": "CL",
              "COURT": "CT", "CRESCENT": "CRES", "DRIVE": "DR", "PLACE": "PL", "SQUARE": "SQ", "TERRACE": "TER",
              "HOUSE": "HO", "APARTMENT": "FLAT", "APT": "FLAT"}


def normalised_address(address: str) -> str:
    """An address reduced to one spelling: capitals, no punctuation, one space, common words abbreviated, and the
    postcode's space put back where it belongs ('12 High Road, London nw10 2ab' -> '12 HIGH RD LONDON NW10 2AB')."""
    words = re.sub(r"[^A-Z0-9]+", " ", address.upper()).split()
    words = [_SAME_WORD.get(word, word) for word in words]
    text = " ".join(words)
    return re.sub(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})$", r"\1 \2", text)

