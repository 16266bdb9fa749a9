"""Filing an import's rows together on PostgreSQL (services.noise.bulk_filing) comes out exactly as filing each row
as the API files a report does: the same cases, the same occasions made of the same reports, the same reporters,
the same cases qualifying. Each scenario is imported both ways over the same cases already there (the row-by-row
way in a savepoint rolled back), and the outcomes compared."""
import gc
import random
from datetime import date, timedelta

import pytest
from psycopg.errors import UniqueViolation
from sqlalchemy import func, select, text

from shared import audit
from services.noise import bulk_filing, cases, imports
from services.noise.intake_rules import normalised_address
from services.noise.models import AuditEntry, Case, Incident, Reporter, ReporterRestriction
from tests.noise.conftest import days_ago, report
from tests.noise.test_imports import export, row

ADDRESSES = ["12 Station Road, London NW10 4RE", "12 station rd london nw10 4re",  # one place, written two ways
             "3 Craven Park Road, London NW10 8SE", "Flat 1, 40 Church Road, London NW10 9NP", ""]  # "": not known
UPRNS = {"3 Craven Park Road, London NW10 8SE": ["", "100021234567"]}  # at times the property's UPRN too (never
# a UPRN alone: see services.noise.bulk_filing for the one way the two can then differ)
REPORTERS = [("Sam Reporter", "sam@example.org"), ("Kim Neighbour", "KIM@example.org"), ("", ""),
             ("Vexed Caller", "vexed@example.org")]  # restricted: reports kept, not counted


def scenario(seed: int) -> bytes:
    """An export of 40 reports about a few places over three weeks: neighbours reporting the same nights, some
    nights bridging others, some reports assessed a nuisance, one significant."""
    rng = random.Random(seed)
    rows = []
    for n in range(40):
        started = days_ago(rng.randrange(1, 22), hour=rng.choice([19, 21, 22, 23])) + timedelta(
            minutes=rng.randrange(0, 240, 15))
        name, email = rng.choice(REPORTERS)
        address = rng.choice(ADDRESSES)
        rows.append(row(f"S{seed}-{n}", 1, address=address, UPRN=rng.choice(UPRNS.get(address, [""])), **{
            "Start time": started.isoformat(),
            "End time": (started + timedelta(minutes=rng.choice([0, 30, 90, 200]))).isoformat(),
            "Assessment": rng.choice(["Nuisance", "Unassessed", "Not nuisance"]),
            "Reporter name": name, "Reporter email": email}))
    rows[rng.randrange(40)].update({"Assessment": "Nuisance"})
    return export(rows)


def outcome(db) -> dict:
    """What filing made of the place's reports: each case (by its source) with its status, and each occasion as its
    times, whether it counts, and the reports in it; and the reporters."""
    db.expire_all()
    found = {}
    for case in db.scalars(select(Case).order_by(Case.id)):
        incidents = [i for o in case.occasions for i in o.incidents]
        if not incidents:
            continue
        place = case.address_key if case.source_known else f"unknown {incidents[0].external_reference}"
        found[place] = (case.status, case.qualified_because, case.last_occasion_started_at, sorted(
            (o.started_at, o.ended_at, o.nuisance, tuple(sorted(i.external_reference or str(i.id)
                                                               for i in o.incidents))) for o in case.occasions))
    people = sorted((r.contact_key, r.name, r.email) for r in db.scalars(select(Reporter)))
    return {"cases": found, "reporters": people}


@pytest.fixture
def already_there(db):
    """Cases already there before the import: a place reported through the API on two nights, and a reporter an
    officer restricted."""
    for days in (9, 8):
        cases.take_in(session=db, received_by="phone-line", key=f"before-{days}", now=days_ago(1),
                      body=report_body(days), needed=3, gap=timedelta(hours=3))
    vexed = Reporter(contact_key="email:vexed@example.org", name="Vexed Caller", email="vexed@example.org")
    db.add(vexed)
    db.flush()
    db.add(ReporterRestriction(reporter_id=vexed.id, reason="Reports every night regardless", restricted_by="nco",
                               review_on=date.today() + timedelta(days=60)))
    db.flush()


def report_body(days: int) -> dict:
    from services.noise.schemas import IncidentRequestSchema

    body = report(started=days_ago(days), address=ADDRESSES[0], assessment="nuisance")
    return IncidentRequestSchema().load(body)


@pytest.mark.parametrize("seed", range(12))
def test_filing_together_comes_out_as_filing_each_row(db, run_import, already_there, monkeypatch, seed):
    data = scenario(seed)
    if seed % 2:  # filed in chunks of 7 rows: each chunk onto the cases and occasions the ones before made
        monkeypatch.setattr(bulk_filing, "CHUNK", 7)
    with db.begin_nested() as one_by_one:
        with monkeypatch.context() as patched:
            patched.setattr(bulk_filing, "BulkFiling", imports.RowFiling)
            each = run_import(data)
        expected, expected_counts = outcome(db), (each.rows_added, each.rows_duplicate, each.rows_rejected)
        one_by_one.rollback()
    together = run_import(data)
    assert outcome(db) == expected
    assert (together.rows_added, together.rows_duplicate, together.rows_rejected) == expected_counts


def test_a_file_imported_again_adds_nothing_and_a_changed_row_is_refused(db, run_import):
    first = run_import(export([row("R1", 5), row("R2", 4), row("R2", 4), row("R3", 3, Description="Loud")]))
    assert (first.rows_added, first.rows_duplicate, first.rows_rejected) == (3, 1, 0)  # R2 twice: once
    again = run_import(export([row("R1", 5), row("R3", 3, Description="Changed"), row("R4", 2)]))
    assert (again.rows_added, again.rows_duplicate, again.rows_rejected) == (1, 1, 1)
    assert again.rejections[0].row_number == 3 and "imported before" in again.rejections[0].errors[0]["message"]


def test_each_case_the_import_touched_is_audited_once_with_how_many_reports(db, run_import):
    first = run_import(export([row("T1", 5), row("T2", 4), row("T3", 3, address="9 Other Road, London NW10 1AA")]))
    case = db.scalar(select(Case).join(Incident).where(Incident.external_reference == "T1"))

    def entries():
        return [(e.action, e.data.get("import"), e.data.get("incidents")) for e in db.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == case.reference, AuditEntry.action.in_(
                ["case_opened", "incidents_imported"])).order_by(AuditEntry.id))]

    assert entries() == [("case_opened", first.id, 2)]  # opened by the import, with its two reports
    second = run_import(export([row("T4", 2)]))
    assert entries() == [("case_opened", first.id, 2), ("incidents_imported", second.id, 1)]
    assert audit.seal_pending(db, AuditEntry) >= 3  # sealed into the chain like any audit row...
    assert audit.verify_chain(db, AuditEntry)[0]  # ...each row's MAC made over what it says
    other = db.scalar(select(Case.reference).join(Incident).where(Incident.external_reference == "T3"))
    assert db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == other)) == 1


def test_a_report_that_bridges_two_occasions_already_there_makes_them_one(db, run_import):
    night = days_ago(5, hour=19)
    at = {"B1": night, "B3": night + timedelta(hours=5)}  # 1 hour each, 4 hours apart: two occasions (gap 3 hours)
    first = run_import(export([row(ref, 5, **{"Start time": start.isoformat(), "End time": (
        start + timedelta(hours=1)).isoformat()}) for ref, start in at.items()]))
    case = db.scalar(select(Case).join(Incident).where(Incident.external_reference == "B1"))
    assert first.rows_added == 2 and len(case.occasions) == 2
    bridge = night + timedelta(hours=2, minutes=30)  # within 3 hours of each
    run_import(export([row("B2", 5, **{"Start time": bridge.isoformat(),
                                       "End time": (bridge + timedelta(minutes=30)).isoformat()})]))
    db.expire_all()
    occasion, = case.occasions
    assert (occasion.started_at, occasion.ended_at) == (night, night + timedelta(hours=6))
    assert sorted(i.external_reference for i in occasion.incidents) == ["B1", "B2", "B3"]
    assert db.scalar(select(func.count()).select_from(Incident).where(Incident.case_id == case.id)) == 3


def test_a_case_opened_elsewhere_while_the_import_files_is_joined_not_a_failure(committed, db, run_import,
                                                                              monkeypatch):
    address = "7 Race Road, London NW10 2RR"
    real, opened = bulk_filing.BulkFiling._cases, []

    def looked_then_opened_elsewhere(filing, rows):
        found = real(filing, rows)  # the import has looked, found no case for the address, and will open one...
        if not opened:  # ...when a report through the API, in a transaction of its own, opens it first
            with committed.begin() as other:
                opened.append(other.execute(text(
                    "INSERT INTO noise.cases (reference, address, address_key, ward, status, opened_at) VALUES "
                    "('NC-RACE', :address, :key, 'Harlesden and Kensal Green', 'monitoring', now()) RETURNING id"),
                    {"address": address, "key": normalised_address(address)}).scalar())
        return found

    monkeypatch.setattr(bulk_filing.BulkFiling, "_cases", looked_then_opened_elsewhere)
    record = run_import(export([row("RACE1", 5, address=address), row("RACE2", 4, address=address)]))
    assert (record.status, record.rows_added) == ("finished", 2)
    filed = set(db.scalars(select(Incident.case_id).where(Incident.external_reference.in_(["RACE1", "RACE2"]))))
    assert filed == set(opened)  # both under the one open case of the source, the one opened elsewhere


def test_a_chunk_whose_incidents_cannot_go_in_fails_the_import_with_why_and_leaves_nothing(committed, db, run_import,
                                                                                        monkeypatch):
    """A chunk's incidents are copied in by a thread while the import goes on with the next chunk: what stops them
    (here the same export imported at the same moment by someone else, who committed its first row first) stops
    the import with that reason, not a later statement's, and none of the import stays."""
    monkeypatch.setattr(bulk_filing, "CHUNK", 2)
    real = bulk_filing.BulkFiling._write

    def written_then_imported_elsewhere(filing, rows, *args):
        incidents = real(filing, rows, *args)
        if rows[0].external_reference == "TWICE1":
            with committed.begin() as other:
                other.execute(text(
                    "WITH c AS (INSERT INTO noise.cases (reference, address, address_key, ward, status, opened_at) "
                    "VALUES ('NC-ELSEWHERE', 'Elsewhere', 'ELSEWHERE', 'Harlesden and Kensal Green', 'closed', now()) "
                    "RETURNING id), o AS (INSERT INTO noise.occasions (case_id, started_at, ended_at, nuisance) "
                    "SELECT id, now(), now(), false FROM c RETURNING id, case_id) "
                    "INSERT INTO noise.incidents (case_id, occasion_id, channel, category, started_at, ended_at, "
                    "ended_given, description, reporter, evidence, assessment, significant, received_by, received_at, "
                    "idempotency_key, request_hash) SELECT case_id, id, 'noise_app', 'music', now(), now(), false, '', "
                    "'{}', '[]', 'unassessed', false, :by, now(), 'import:TWICE1', :hash FROM o"),
                    {"by": imports.IMPORTER, "hash": rows[0].fingerprint})
        return incidents

    monkeypatch.setattr(bulk_filing.BulkFiling, "_write", written_then_imported_elsewhere)
    with pytest.raises(UniqueViolation) as stopped:
        run_import(export([row(f"TWICE{n}", 9 - n, address=f"{n} Twice Road, London NW10 3TT") for n in range(1, 5)]))
    assert stopped.value.diag.constraint_name == "uq_incidents_received_by"
    assert gc.isenabled()  # (paused while the rows were filed: the worker's memory is looked after again)
    imported = db.scalars(select(Incident.idempotency_key).where(Incident.received_by == imports.IMPORTER)).all()
    assert imported == ["import:TWICE1"]  # only the row the other import committed
    assert db.scalar(select(func.count()).select_from(Case).where(Case.address.like("%Twice Road%"))) == 0
