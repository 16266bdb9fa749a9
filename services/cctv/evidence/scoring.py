"""Site need: gather the evidence near each site (notices from fpn, qualifying noise cases, police records) and
score it with need_rules; import police records from a data.police.uk street-level CSV file."""
import bisect
import hashlib
import json
from datetime import date, timedelta
from typing import IO

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import BOUNDS, london_date
from shared.settings import Settings
from services.cctv import csv_input
from services.cctv.evidence import need_rules
from services.cctv.evidence.models import PoliceImport, PoliceRecord
from services.cctv.models import AuditEntry, DemandSignal
from services.cctv.sites.models import Site

NOT_DEMAND = ("cancelled",)  # a cancelled notice is no evidence of anything
LOOK_BACK_DAYS = 730  # older evidence has less than 1 % of its weight left at the default half-life
POLICE_COLUMNS = ["Month", "Longitude", "Latitude", "Crime type"]
METRES_PER_DEGREE = 111_000
BATCH = 1000  # police records checked against those already imported, and added, together


def weights(settings: Settings) -> need_rules.Weights:
    """The need score's settings, as configured."""
    return need_rules.Weights(per_kind=dict(settings.cctv_need_weights), half_life_days=settings.cctv_need_half_life_days,
                              radius_metres=settings.cctv_need_radius_metres)


def place(site: Site) -> need_rules.Place:
    return need_rules.Place(site.ward, site.latitude, site.longitude)


def all_evidence(session: Session, today: date, since: date | None = None) -> list[need_rules.Evidence]:
    """Every record of need from `since` (two years back unless given) to today."""
    since = since or today - timedelta(days=LOOK_BACK_DAYS)
    out = [need_rules.Evidence(signal.source, london_date(signal.occurred_at), signal.ward, signal.latitude,
                               signal.longitude)
           for signal in session.scalars(select(DemandSignal).where(DemandSignal.status.not_in(NOT_DEMAND)))
           if london_date(signal.occurred_at) >= since]
    out += [need_rules.Evidence("police_asb" if record.category == "Anti-social behaviour" else "police_crime",
                                record.month + timedelta(days=14), None, record.latitude, record.longitude)
            for record in session.scalars(select(PoliceRecord).where(PoliceRecord.month >= since.replace(day=1)))]
    return out


class Nearby:
    """The evidence, arranged so each site's nearby records are found without looking at every record."""

    def __init__(self, evidence: list[need_rules.Evidence], radius_metres: float):
        located = sorted((e for e in evidence if e.latitude is not None and e.longitude is not None),
                         key=lambda e: e.latitude)
        self.latitudes, self.located = [e.latitude for e in located], located
        self.by_ward: dict[str, list] = {}
        for e in evidence:
            if e.latitude is None or e.longitude is None:
                self.by_ward.setdefault(e.ward, []).append(e)
        self.degrees = radius_metres / METRES_PER_DEGREE * 1.01

    def around(self, where: need_rules.Place) -> list[need_rules.Evidence]:
        """The records that could count at a place: those in a box around it, and those known only by its ward
        (need_rules decides exactly which count)."""
        found = list(self.by_ward.get(where.ward, []))
        if where.latitude is None or where.longitude is None:
            return found + [e for e in self.located if e.ward == where.ward]
        low = bisect.bisect_left(self.latitudes, where.latitude - self.degrees)
        high = bisect.bisect_right(self.latitudes, where.latitude + self.degrees)
        return found + self.located[low:high]


def site_scores(session: Session, sites: list[Site], settings: Settings, today: date) -> dict[int, need_rules.Score]:
    """Each site's need score today, with how it was made."""
    rules = weights(settings)
    nearby = Nearby(all_evidence(session, today), rules.radius_metres)
    return {site.id: need_rules.score(place(site), nearby.around(place(site)), rules, today) for site in sites}


def import_police(*, session: Session, stream: IO[bytes], filename: str, actor: str) -> PoliceImport:
    """Import police records (data.police.uk street-level CSV: Month, Longitude, Latitude, Crime type, and where
    given Crime ID and Location): all or nothing. A record already imported is not imported again. Records without
    a position (the police publish some) and outside Brent are skipped, as they cannot be placed near a site."""
    batch = PoliceImport(filename=filename[:200], imported_by=actor)
    session.add(batch)
    session.flush()
    bad: list[dict] = []
    pending: dict[str, PoliceRecord] = {}
    for number, row in csv_input.rows(stream, POLICE_COLUMNS):
        problems = _police_row_problems(row)
        if problems:
            bad += [{"row": number, "column": column, "message": message} for column, message in problems]
            continue
        record = None if bad else _police_record(number, row)
        if record is None:
            continue
        if record.key in pending:
            batch.rows_already_there += 1
            continue
        record.import_id, pending[record.key] = batch.id, record
        if len(pending) >= BATCH:
            _add_new(session, batch, pending)
    csv_input.refuse_rows(bad, "police records")  # the transaction is not committed: nothing is kept
    _add_new(session, batch, pending)
    audit.record(session, AuditEntry, actor=actor, action="police_records_imported", entity="police_import",
                 entity_id=batch.id, data={"added": batch.rows_added, "already_there": batch.rows_already_there})
    return batch


def _police_record(number: int, row: dict) -> PoliceRecord | None:
    """The record a good row stands for, or None if it has no position in Brent to place it by."""
    if not row["Latitude"] or not row["Longitude"]:
        return None
    latitude, longitude = float(row["Latitude"]), float(row["Longitude"])
    if not (BOUNDS["latitude"][0] <= latitude <= BOUNDS["latitude"][1]
            and BOUNDS["longitude"][0] <= longitude <= BOUNDS["longitude"][1]):
        return None
    key = row.get("Crime ID") or hashlib.sha256(json.dumps([number, row], sort_keys=True).encode()).hexdigest()
    year, month = row["Month"].split("-")
    return PoliceRecord(key=key[:64], month=date(int(year), int(month), 1), category=row["Crime type"][:80],
                        latitude=latitude, longitude=longitude, location=(row.get("Location") or "")[:200] or None)


def _add_new(session: Session, batch: PoliceImport, pending: dict[str, PoliceRecord]) -> None:
    """Add the records not imported before, and count the rest."""
    there = set(session.scalars(select(PoliceRecord.key).where(PoliceRecord.key.in_(list(pending)))))
    for key, record in pending.items():
        if key in there:
            batch.rows_already_there += 1
        else:
            session.add(record)
            batch.rows_added += 1
    session.flush()
    pending.clear()


def _police_row_problems(row: dict) -> list[tuple[str, str]]:
    problems = []
    try:
        year, month = row["Month"].split("-")
        date(int(year), int(month), 1)
    except ValueError:
        problems.append(("Month", f"'{row['Month']}' is not a month like 2024-03."))
    for column in ("Latitude", "Longitude"):
        if row[column]:
            try:
                float(row[column])
            except ValueError:
                problems.append((column, f"'{row[column]}' is not a number."))
    if not row["Crime type"]:
        problems.append(("Crime type", "Enter the crime type (for example Anti-social behaviour)."))
    return problems


def before_during_after(session: Session, *, site: Site, installed_on: date, removed_on: date | None,
                        settings: Settings, today: date, around_months: int = 6) -> list[dict]:
    """Records near a site month by month, from `around_months` before a camera went up to `around_months` after
    it came down (or to this month): what the group compares to see whether the camera made a difference."""
    first = (installed_on.replace(day=1) - relativedelta(months=around_months))
    end = min((removed_on or today).replace(day=1) + relativedelta(months=around_months), today.replace(day=1))
    months, month = [], first
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    counted = need_rules.by_month(place(site), all_evidence(session, today, since=first), weights(settings), months)
    out = []
    for month in months:
        period = "before" if month < installed_on.replace(day=1) else (
            "during" if removed_on is None or month <= removed_on.replace(day=1) else "after")
        out.append({"month": month, "period": period, **counted[month], "total": sum(counted[month].values())})
    return out
