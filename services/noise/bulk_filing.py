"""Filing an import's checked rows together, on PostgreSQL. A large file is filed a chunk of rows at a time, each
chunk onto the cases and occasions the chunks before it made; all in the import's one transaction. For each chunk,
what is already there is read in a few statements, each row's case and occasion are decided here, by the same
rules cases.take_in files one report by, and what is new is written with COPY:

1. Already there: a row whose key an earlier import filed is counted as already there (or refused, if its details
   differ); a row repeating an earlier row of the same file likewise.
2. Reporters: found again by e-mail or phone (the newest details kept), as reporters.reporter_for finds one.
3. Cases: each row joins its source's open case (the same UPRN, else the same normalised address); the sources
   with none open a case each; a row that does not say where the noise comes from opens a case of its own.
4. Occasions: the rows and the occasions their cases already have are grouped again (overlapping, or within the
   gap of each other: threshold_rules.same_occasion); occasions a row bridges become one.
5. Incidents: one for each row, under its case and occasion, copied in by a thread of their own while this one
   makes the chunk's audit rows, decides its cases and takes the next chunk's rows (`settle` waits for it before
   the connection is used again: it carries one statement at a time).
6. The threshold: each case the import touched is decided by threshold_rules.decide over its occasions, and each
   one that qualifies goes through cases.check_threshold (the decision recorded, the team and reporters told).
7. Audit: a row for each case touched: that the import opened it, or how many reports it filed under it.

Filed together, the rows come out as filed one by one through the API (tests/noise/test_bulk_filing.py compares
the two), with one exception: a file giving a property's UPRN alone (no address) in one row, and the same UPRN
with the address in another. One by one, which case each joins depends on the rows' order; together, the sources
open their cases in order of address, and those with the same UPRN join one.

Imported reports are past reports the app has acknowledged: their reporters are not told again that they were
received. The cases' rows are locked while the import files under them, as take_in locks one.
"""
import json
import threading
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from psycopg.errors import UniqueViolation
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import london_date
from services.noise import cases, imports, reporter_rules, reporters, threshold_rules
from services.noise.models import AuditEntry, Case, ReporterRestriction

OPEN_CASE_KEYS = ("uq_open_case_address", "uq_open_case_uprn")  # one open case a source (models.Case)
OPENING_ATTEMPTS = 3  # times a chunk's cases are found or opened again when a report opened one meanwhile
CHUNK = 20_000  # rows filed at a time (measured: 10,000 and 50,000 were slower)
CASE_COLUMNS = ("id", "reference", "uprn", "address", "address_key", "ward", "latitude", "longitude", "status",
                "opened_at", "source_known", "last_occasion_started_at")
INCIDENT_COLUMNS = ("case_id", "occasion_id", "channel", "category", "started_at", "ended_at", "ended_given",
                    "description", "reporter", "reporter_id", "evidence", "assessment", "significant",
                    "significance_reason", "external_reference", "received_by", "received_at", "idempotency_key",
                    "request_hash")


class Row(NamedTuple):
    """A checked row, as it is filed."""

    number: int
    key: str
    fingerprint: str
    external_reference: str | None
    uprn: str | None
    address: str | None  # the address given, or "UPRN ..." when only the UPRN was; None: the source is not known
    address_key: str | None
    ward: str
    latitude: float | None
    longitude: float | None
    category: str
    started_at: datetime
    ended_at: datetime  # the start, when no end was given
    ended_given: bool
    description: str
    reporter: str  # as given (JSON)
    contact_key: str | None
    details: tuple  # the reporter's name, e-mail, phone and address, each or None
    writable: bool  # a reporter with no e-mail or phone who can be written to
    evidence: str  # JSON
    assessment: str
    significant: bool
    significance_reason: str | None


class _Case:
    """A case a chunk files under: one already there (locked) or one the chunk opens."""

    __slots__ = ("id", "reference", "uprn", "address_key", "ward", "status", "source_known", "opened",
                 "last_started", "spans", "row_count", "set_uprn", "values")

    def __init__(self, id, reference, uprn, address_key, ward, status, source_known, last_started, opened,
                 values=()):
        self.id, self.reference, self.uprn, self.address_key, self.ward = id, reference, uprn, address_key, ward
        self.status, self.source_known, self.last_started, self.opened = status, source_known, last_started, opened
        self.spans: list = []  # (started_at, ended_at, occasion id or None, row or None, nuisance)
        self.row_count, self.set_uprn, self.values = 0, False, values


class _Island:
    """Spans grouped into one occasion, as threshold_rules.same_occasion groups them."""

    __slots__ = ("started_at", "ended_at", "nuisance", "ids", "rows")

    def __init__(self, started_at, ended_at):
        self.started_at, self.ended_at, self.nuisance, self.ids, self.rows = started_at, ended_at, False, [], []


class BulkFiling(imports.Filing):
    """An import's checked rows, filed together a chunk at a time (see the module's steps)."""

    def __init__(self, session: Session, import_id: int, now: datetime, needed: int, gap: timedelta):
        super().__init__(session, import_id, now, needed, gap)
        self._rows: list[Row] = []
        self._writing: tuple[threading.Thread, dict] | None = None  # a chunk's incidents being copied in
        self._following: tuple[list, list[int]] = ([], [])  # then its audit rows, and the cases to flag

    @staticmethod
    def prepare(number: int, report: dict, key: str, fingerprint: str) -> Row:
        source, given = report["source"], report.get("reporter") or {}
        place = (source.get("address") or "").strip() or (f"UPRN {source['uprn']}" if source.get("uprn") else "")
        details = {k: (v or "").strip() or None for k, v in given.items() if k in ("name", "email", "phone",
                                                                                  "address")}
        ended = report.get("ended_at")
        return Row(number, key, fingerprint, report.get("external_reference"), source.get("uprn"), place or None,
                   imports.address_key(place) if place else None, source["ward"], source.get("latitude"),
                   source.get("longitude"), report["category"], report["started_at"], ended or report["started_at"],
                   ended is not None, report.get("description", ""), json.dumps(given),
                   reporter_rules.contact_key(details),
                   (details.get("name"), details.get("email"), details.get("phone"), details.get("address")),
                   reporter_rules.how_to_reach(None, details.get("address")) is not None,
                   json.dumps(report.get("evidence") or []), report["assessment"], report["significant"],
                   report.get("significance_reason"))

    def add(self, prepared: Row) -> None:
        self._rows.append(prepared)
        if len(self._rows) >= CHUNK:
            self._file()

    def finish(self) -> dict:
        self._file()
        self.settle()
        return super().finish()

    def settle(self) -> None:
        """Wait for the chunk whose incidents are being copied in (by a thread, while this one goes on with the
        chunk's audit rows, its threshold decisions and the next chunk's rows), then write its audit rows and flag
        its cases that qualify. Called before anything else is sent to the database: the import's connection
        carries one statement at a time."""
        if self._writing is None:
            return
        (thread, outcome), self._writing = self._writing, None
        thread.join()
        if "failed" in outcome:
            raise outcome["failed"]
        (audit_rows, deciding), self._following = self._following, ([], [])
        audit.copy_rows(self.session, AuditEntry, audit_rows)
        self.session.expire_all()  # what the session held of these cases is out of date now
        self._flag(deciding)

    def _file(self) -> None:
        """File the rows waiting (a chunk of the file): its incidents are copied in while the next is read."""
        self.settle()
        rows, self._rows = self._new(self._rows), []
        if not rows:
            return
        restricted = self._restricted()
        reporter_ids = self._reporters(rows)
        for attempt in range(1, OPENING_ATTEMPTS + 1):
            try:  # (a report through the API may open a case for one of the chunk's sources meanwhile)
                with self.session.begin_nested():
                    row_cases = self._cases(rows)
                    significant = set()  # the cases with a significant report that counts
                    for row, case in zip(rows, row_cases):
                        nuisance = row.assessment == "nuisance" and reporter_ids.get(row.number) not in restricted
                        case.spans.append((row.started_at, row.ended_at, None, row, nuisance))
                        case.row_count += 1
                        if row.significant and nuisance:
                            significant.add(case)
                    touched = _unique(row_cases)
                    islands = self._occasions(touched)
                    incidents = self._write(rows, row_cases, reporter_ids, touched, islands)
                break
            except (IntegrityError, UniqueViolation) as clash:  # (a COPY's own error is psycopg's)
                key = getattr(getattr(clash, "orig", clash).diag, "constraint_name", None)
                opened_meanwhile = key in OPEN_CASE_KEYS
                if not opened_meanwhile or attempt == OPENING_ATTEMPTS:
                    raise
        self.counts["added"] += len(rows)
        self._in_background(incidents)
        self._following = (self._audit(touched), self._deciding(touched, islands, significant))

    def _in_background(self, incidents: list[tuple]) -> None:
        """Copy the chunk's incidents in, on the import's connection, in a thread: `settle` waits for it."""
        raw = self.session.connection().connection.driver_connection
        outcome: dict = {}

        def copy_in() -> None:
            try:
                with raw.cursor() as cursor, cursor.copy(
                        f"COPY noise.incidents ({', '.join(INCIDENT_COLUMNS)}) FROM STDIN") as copy:
                    for incident in incidents:
                        copy.write_row(incident)
            except BaseException as failed:  # (raised again by settle, in the import's thread)
                outcome["failed"] = failed

        thread = threading.Thread(target=copy_in, name="import-incidents", daemon=True)
        thread.start()
        self._writing = (thread, outcome)

    def _new(self, rows: list[Row]) -> list[Row]:
        """The rows not already there: those already there are counted, or refused when their details differ."""
        if not rows:
            return []
        there = dict(self.session.execute(text(
            "SELECT idempotency_key, request_hash FROM noise.incidents WHERE received_by = :by AND "
            "idempotency_key = ANY(CAST(:keys AS text[]))"),
            {"by": imports.IMPORTER, "keys": [row.key for row in rows]}).all())
        new = []
        for row in rows:
            earlier = there.get(row.key)
            if earlier is None:
                there[row.key] = row.fingerprint
                new.append(row)
            elif earlier == row.fingerprint:
                self.counts["already_there"] += 1
            else:
                self.reject(row.number, imports.conflict({"external_reference": row.external_reference}))
        return new

    def _restricted(self) -> set[int]:
        """The reporters restricted today: their reports are kept but do not count."""
        ids = self.session.scalars(select(ReporterRestriction.reporter_id).where(
            ReporterRestriction.lifted_at.is_(None)).distinct()).all()
        return set(reporters.restricted_ids(self.session, ids, london_date(self.now)))

    def _reporters(self, rows: list[Row]) -> dict[int, int]:
        """Each row's reporter (by row number): found again by their contact key, with the newest details kept, or
        one of their own for a reporter who gave only an address."""
        newest = {row.contact_key: row for row in rows if row.contact_key}  # the last row of each
        found = {}
        if newest:
            keys = sorted(newest)
            columns = list(zip(*(newest[key].details for key in keys)))
            found = dict(self.session.execute(text("""
                INSERT INTO noise.reporters (contact_key, name, email, phone, address, created_at, link_version)
                SELECT contact_key, name, email, phone, address, :now, 1
                FROM unnest(CAST(:keys AS text[]), CAST(:names AS text[]), CAST(:emails AS text[]),
                            CAST(:phones AS text[]), CAST(:addresses AS text[]))
                     AS given (contact_key, name, email, phone, address)
                ON CONFLICT (contact_key) DO UPDATE SET name = coalesce(excluded.name, noise.reporters.name),
                    email = coalesce(excluded.email, noise.reporters.email),
                    phone = coalesce(excluded.phone, noise.reporters.phone),
                    address = coalesce(excluded.address, noise.reporters.address)
                RETURNING contact_key, id"""), {"now": self.now, "keys": keys, "names": list(columns[0]),
                                                "emails": list(columns[1]), "phones": list(columns[2]),
                                                "addresses": list(columns[3])}).all())
        by_row = {row.number: found[row.contact_key] for row in rows if row.contact_key}
        own = [row for row in rows if not row.contact_key and row.writable]
        if own:
            ids = self._ids("noise.reporters", len(own))
            columns = list(zip(*(row.details for row in own)))
            self.session.execute(text("""
                INSERT INTO noise.reporters (id, name, email, phone, address, created_at, link_version)
                SELECT id, name, email, phone, address, :now, 1
                FROM unnest(CAST(:ids AS bigint[]), CAST(:names AS text[]), CAST(:emails AS text[]),
                            CAST(:phones AS text[]), CAST(:addresses AS text[])) AS given (id, name, email, phone,
                                                                                         address)"""),
                {"now": self.now, "ids": ids, "names": list(columns[0]), "emails": list(columns[1]),
                 "phones": list(columns[2]), "addresses": list(columns[3])})
            by_row.update(zip((row.number for row in own), ids))
        return by_row

    def _ids(self, table: str, count: int) -> list[int]:
        """`count` new ids from the table's sequence."""
        return self.session.scalar(text(  # (the sequence found once: OFFSET 0 keeps the lookup out of the loop)
            "SELECT coalesce(array_agg(nextval(sequence)), '{}') FROM (SELECT CAST(pg_get_serial_sequence("
            f"'{table}', 'id') AS regclass) AS sequence OFFSET 0) found, generate_series(1, :count)"), {"count": count})

    def _cases(self, rows: list[Row]) -> list[_Case]:
        """Each row's case: its source's open case, locked, or one opened for it."""
        sources: dict[tuple, Row] = {}  # (UPRN, address key) -> the first row naming it
        for row in rows:
            if row.address_key is not None:
                sources.setdefault((row.uprn, row.address_key), row)
        by_uprn, by_key = {}, {}
        for found in self.session.execute(text(
                "SELECT id, reference, uprn, address_key, ward, status, source_known, last_occasion_started_at "
                "FROM noise.cases WHERE status <> 'closed' AND (address_key = ANY(CAST(:keys AS text[])) OR "
                "uprn = ANY(CAST(:uprns AS text[]))) "
                "ORDER BY id FOR UPDATE"), {"keys": sorted({key for _, key in sources}),
                                            "uprns": sorted({uprn for uprn, _ in sources if uprn})}):
            case = _Case(*found, opened=False)
            by_key[case.address_key] = case
            if case.uprn:
                by_uprn[case.uprn] = case
        chosen: dict[tuple, _Case] = {}
        for _round in range(3):  # a case opened by another source of the same place is found the next round
            waiting = [source for source in sources if source not in chosen]
            for uprn, key in waiting:
                case = by_uprn.get(uprn) if uprn else None
                if case is not None:
                    chosen[(uprn, key)] = case
            for uprn, key in waiting:
                if (uprn, key) not in chosen and key in by_key:
                    chosen[(uprn, key)] = by_key[key]
            self._give_uprns(sources, chosen, by_uprn)
            opening = {}  # the first source of each address still without a case opens one
            for source in sorted((s for s in sources if s not in chosen), key=lambda s: (s[1], sources[s].number)):
                opening.setdefault(source[1], sources[source])
            # of two addresses of one UPRN, the first opens the case and the other finds it the next round
            opened = _claiming([row for row in opening.values() if not (row.uprn and row.uprn in by_uprn)])
            for case in self._open(opened, source_known=True):
                by_key[case.address_key] = case
                if case.uprn:
                    by_uprn[case.uprn] = case
            if not opened:
                break
        left = [source for source in sources if source not in chosen]
        if left:
            raise RuntimeError(f"{len(left)} sources of an import found no case after 3 rounds")
        unknown = iter(self._open([row for row in rows if row.address_key is None], source_known=False))
        return [chosen[(row.uprn, row.address_key)] if row.address_key is not None else next(unknown) for row in rows]

    @staticmethod
    def _give_uprns(sources: dict, chosen: dict, by_uprn: dict) -> None:
        """A case found by its address that has no UPRN takes the one its first source gives, unless another open
        case has it."""
        first: dict = {}  # case -> the first row (with a UPRN) filed under it
        for source, case in chosen.items():
            row = sources[source]
            if row.uprn and (case not in first or row.number < first[case].number):
                first[case] = row
        for case, row in sorted(first.items(), key=lambda item: item[0].id):
            if case.uprn is None and row.uprn not in by_uprn:
                case.uprn, case.set_uprn = row.uprn, not case.opened
                by_uprn[row.uprn] = case

    def _open(self, rows: list[Row], *, source_known: bool) -> list[_Case]:
        """A case for each row's source, which has none open (written with the chunk)."""
        opened = []
        for row, case_id in zip(rows, self._ids("noise.cases", len(rows))):
            if source_known:
                address, key = row.address, row.address_key
            else:
                address, key = f"Source not yet known (reported in {row.ward})", f"UNKNOWN:{uuid.uuid4()}"
            opened.append(_Case(case_id, f"NC-{case_id:06d}", row.uprn if source_known else None, key, row.ward,
                                "monitoring", source_known, None, opened=True,
                                values=(address, row.latitude, row.longitude)))
        return opened

    def _occasions(self, touched: list["_Case"]) -> dict[_Case, list[_Island]]:
        """Each case's occasions, its rows among them, grouped again with the occasions it had."""
        had = [case.id for case in touched if not case.opened]
        by_id = {case.id: case for case in touched if not case.opened}
        for case_id, occasion_id, started_at, ended_at, nuisance in self.session.execute(text(
                "SELECT case_id, id, started_at, ended_at, nuisance FROM noise.occasions WHERE case_id = ANY(CAST(:ids "
                "AS bigint[]))"),
                {"ids": had}):
            by_id[case_id].spans.append((started_at, ended_at, occasion_id, None, nuisance))
        islands = {}
        for case in touched:
            grouped: list[_Island] = []
            for started_at, ended_at, occasion_id, row, nuisance in sorted(case.spans, key=_in_order):
                island = grouped[-1] if grouped else None
                if island is None or not threshold_rules.same_occasion(started_at, ended_at, island, self.gap):
                    island = _Island(started_at, ended_at)
                    grouped.append(island)
                island.ended_at = max(island.ended_at, ended_at)
                island.nuisance = island.nuisance or nuisance
                (island.ids if row is None else island.rows).append(occasion_id if row is None else row)
            islands[case] = grouped
            case.spans = []
        return islands

    def _write(self, rows: list[Row], row_cases: list[_Case], reporter_ids: dict, touched: list[_Case],
               islands: dict) -> list[tuple]:
        """Write the chunk's cases opened, and its occasions made, changed and bridged; return its incidents, to be
        copied in (INCIDENT_COLUMNS)."""
        opened = [case for case in touched if case.opened]
        occasions, new, changed, bridged, updated = {}, [], [], [], []
        for case, grouped in islands.items():
            case.last_started, last_before = max(island.started_at for island in grouped), case.last_started
            for island in grouped:
                if not island.rows:
                    continue
                if island.ids:
                    kept = min(island.ids)
                    changed.append((kept, island.started_at, island.ended_at, island.nuisance))
                    bridged += [(old, kept) for old in island.ids if old != kept]
                else:
                    new.append((case.id, island))
                for row in island.rows:
                    occasions[row.number] = island
            if not case.opened and (case.last_started != last_before or case.set_uprn):
                updated.append((case.id, case.last_started, case.uprn))
        self._many("UPDATE noise.cases c SET last_occasion_started_at = v.last, uprn = v.uprn FROM unnest("
                   "CAST(:a AS bigint[]), CAST(:b AS timestamptz[]), CAST(:c AS text[])) AS v (id, last, uprn) "
                   "WHERE c.id = v.id", updated)
        raw = self.session.connection().connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY noise.cases ({', '.join(CASE_COLUMNS)}) FROM STDIN") as copy:
                for case in opened:
                    address, latitude, longitude = case.values
                    copy.write_row((case.id, case.reference, case.uprn, address, case.address_key, case.ward,
                                    latitude, longitude, "monitoring", self.now, case.source_known,
                                    case.last_started))
            ids = self._ids("noise.occasions", len(new))
            with cursor.copy("COPY noise.occasions (id, case_id, started_at, ended_at, nuisance) FROM STDIN") as copy:
                for (case_id, island), occasion_id in zip(new, ids):
                    island.ids = [occasion_id]
                    copy.write_row((occasion_id, case_id, island.started_at, island.ended_at, island.nuisance))
        self._many("UPDATE noise.occasions o SET started_at = v.started_at, ended_at = v.ended_at, nuisance = "
                   "v.nuisance FROM unnest(CAST(:a AS bigint[]), CAST(:b AS timestamptz[]), CAST(:c AS "
                   "timestamptz[]), CAST(:d AS boolean[])) AS v (id, started_at, ended_at, nuisance) WHERE o.id = "
                   "v.id AND (o.started_at, o.ended_at, o.nuisance) IS DISTINCT FROM (v.started_at, v.ended_at, "
                   "v.nuisance)", changed)
        self._many("UPDATE noise.incidents i SET occasion_id = v.kept FROM unnest(CAST(:a AS bigint[]), CAST(:b AS "
                   "bigint[])) AS v (old, kept) WHERE i.occasion_id = v.old", bridged)
        self._many("DELETE FROM noise.occasions WHERE id = ANY(CAST(:a AS bigint[]))", [(old,) for old, _ in bridged])
        return [(case.id, min(occasions[row.number].ids), "noise_app", row.category, row.started_at, row.ended_at,
                 row.ended_given, row.description, row.reporter, reporter_ids.get(row.number), row.evidence,
                 row.assessment, row.significant, row.significance_reason, row.external_reference,
                 imports.IMPORTER, self.now, row.key, row.fingerprint) for row, case in zip(rows, row_cases)]

    def _many(self, statement: str, values: list[tuple]) -> None:
        """One statement for many rows of values, given as arrays :a, :b, ... (one for each column)."""
        if values:
            self.session.execute(text(statement), dict(zip("abcd", map(list, zip(*values)))))

    def _audit(self, touched: list[_Case]) -> list[tuple]:
        """One row for each case touched (audit.made_rows): that the import opened it, or how many reports it filed
        under it."""
        entries = []
        for case in sorted(touched, key=lambda case: case.id):
            imported = {"import": self.import_id, "incidents": case.row_count}
            if case.opened:
                entries.append({"actor": "system", "action": "case_opened", "entity": "case",
                                "entity_id": case.reference,
                                "data": {"ward": case.ward, "source_known": case.source_known, **imported}})
            else:
                entries.append({"actor": imports.IMPORTER, "action": "incidents_imported", "entity": "case",
                                "entity_id": case.reference, "data": imported})
        return audit.made_rows(entries)

    def _deciding(self, touched: list[_Case], islands: dict, significant: set) -> list[int]:
        """The monitored cases the chunk touched that qualify by the threshold's rule (threshold_rules.decide)."""
        deciding = []
        for case in touched:
            if case.status != "monitoring":
                continue
            plain = [threshold_rules.Occasion(i.started_at, i.ended_at, True, min(i.ids))
                     for i in islands[case] if i.nuisance]
            if case in significant or threshold_rules.decide(plain, needed=self.needed).qualifies:
                deciding.append(case.id)
        return deciding

    def _flag(self, deciding: list[int]) -> None:
        """File each case that qualifies through cases.check_threshold, the one way a case is flagged."""
        for case in self.session.scalars(select(Case).where(Case.id.in_(deciding), Case.status == "monitoring")
                                         .order_by(Case.id)):
            cases.check_threshold(session=self.session, case=case, incident=None, now=self.now, needed=self.needed,
                                  prompted_by="import", whole_case=True)


def _in_order(span: tuple) -> tuple:
    """Spans by start, then end; an occasion already there before a row; rows in the file's order."""
    started_at, ended_at, occasion_id, row, _nuisance = span
    return started_at, ended_at, occasion_id is None, occasion_id or 0, row.number if row else 0


def _unique(row_cases: list[_Case]) -> list[_Case]:
    """The cases, each once, in the order first met."""
    return list(dict.fromkeys(row_cases))


def _claiming(opening: list[Row]) -> list[Row]:
    """The rows that open a case this round: of several naming one UPRN, the first (by address) only."""
    claimed, chosen = set(), []
    for row in opening:
        if row.uprn and row.uprn in claimed:
            continue
        claimed.add(row.uprn)
        chosen.append(row)
    return chosen
