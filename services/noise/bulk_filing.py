"""Filing an import's checked rows together, on PostgreSQL: the rows are copied into a scratch table, then each
step of filing is one statement over all of them, doing what cases.take_in does to one report. A large file is
filed a chunk of rows at a time, each chunk onto the cases and occasions the chunks before it made; all in the
import's one transaction.

1. Already there: a row whose key an earlier import filed is counted as already there (or refused, if its details
   differ); a row repeating an earlier row of the same file likewise.
2. Reporters: found again by e-mail or phone (the newest details kept), as reporters.reporter_for finds one.
3. Cases: each row joins its source's open case (the same UPRN, else the same normalised address); the sources
   with none open a case each; a row that does not say where the noise comes from opens a case of its own.
4. Occasions: the rows and the occasions their cases already have are grouped again (overlapping, or within the
   gap of each other: threshold_rules.same_occasion); occasions a row bridges become one.
5. Incidents: one for each row, under its case and occasion.
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
from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import london_date
from services.noise import cases, imports, reporter_rules, reporters, threshold_rules
from services.noise.models import AuditEntry, Case, ReporterRestriction

COPY_BATCH = 5000  # rows copied into the scratch table at a time
CHUNK = 50_000  # rows filed at a time (the scratch table's size)
COLUMNS = ("row_number", "key", "fingerprint", "external_reference", "uprn", "address", "address_key", "ward",
           "latitude", "longitude", "category", "started_at", "ended_at", "ended_given", "description", "reporter",
           "contact_key", "reporter_name", "reporter_email", "reporter_phone", "reporter_address", "writable",
           "evidence", "assessment", "significant", "significance_reason")
SCRATCH = """
DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_sources, pg_temp.import_spans, pg_temp.import_islands;
CREATE TEMP TABLE import_rows (
    row_number integer PRIMARY KEY, key text, fingerprint text, external_reference text, uprn text, address text,
    address_key text, ward text, latitude double precision, longitude double precision, category text,
    started_at timestamptz, ended_at timestamptz, ended_given boolean, description text, reporter text,
    contact_key text, reporter_name text, reporter_email text, reporter_phone text, reporter_address text,
    writable boolean, evidence text, assessment text, significant boolean, significance_reason text,
    fate text,        -- NULL: new; 'duplicate': already there; 'conflict': already there with other details
    case_id bigint,   -- a row with no source given: the case of its own
    reporter_id bigint  -- a reporter with only an address: one of their own
) ON COMMIT DROP
"""
CASE_REFERENCE = "'NC-' || CASE WHEN {id} < 1000000 THEN lpad({id}::text, 6, '0') ELSE {id}::text END"


class BulkFiling(imports.Filing):
    """An import's checked rows, filed together a chunk at a time (see the module's steps)."""

    def __init__(self, session: Session, import_id: int, now: datetime, needed: int, gap: timedelta):
        super().__init__(session, import_id, now, needed, gap)
        self._rows: list[tuple] = []
        self._waiting = 0  # rows in the scratch table or about to be
        session.execute(text(SCRATCH))

    @staticmethod
    def prepare(number: int, report: dict, key: str, fingerprint: str) -> tuple:
        """A checked row as a row of the scratch table."""
        source, given = report["source"], report.get("reporter") or {}
        place = (source.get("address") or "").strip() or (f"UPRN {source['uprn']}" if source.get("uprn") else "")
        details = {k: (v or "").strip() or None for k, v in given.items() if k in ("name", "email", "phone",
                                                                                  "address")}
        return (number, key, fingerprint, report.get("external_reference"), source.get("uprn"), place or None,
                imports.address_key(place) if place else None, source["ward"], source.get("latitude"),
                source.get("longitude"), report["category"], report["started_at"], report.get("ended_at"),
                report.get("ended_at") is not None, report.get("description", ""), json.dumps(given),
                reporter_rules.contact_key(details), details.get("name"), details.get("email"), details.get("phone"),
                details.get("address"), reporter_rules.how_to_reach(None, details.get("address")) is not None,
                json.dumps(report.get("evidence") or []), report["assessment"], report["significant"],
                report.get("significance_reason"))

    def add(self, prepared: tuple) -> None:
        self._rows.append(prepared)
        self._waiting += 1
        if len(self._rows) >= COPY_BATCH:
            self._copy()
        if self._waiting >= CHUNK:
            self._file()

    def _copy(self) -> None:
        """Copy the rows waiting into the scratch table (a COPY of its own each time, so the connection is free
        between batches)."""
        if not self._rows:
            return
        raw = self.session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY import_rows ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in self._rows:
                copy.write_row(row)
        self._rows = []

    def finish(self) -> dict:
        self._file()
        return super().finish()

    def _file(self) -> None:
        """File the rows in the scratch table (a chunk of the file), and empty it for the next chunk."""
        self._copy()
        run = self.session.execute
        run(text("ANALYZE import_rows (row_number, key, uprn, address_key, contact_key)"))  # what rows are found by
        self._already_there()
        restricted = self._restricted()
        self._reporters()
        opened = self._cases()
        run(text("SELECT count(*) FROM (SELECT c.id FROM noise.cases c WHERE c.id IN (SELECT case_id FROM "
                 "import_sources) AND c.opened_at <> :now ORDER BY c.id FOR UPDATE) AS locked"), {"now": self.now})
        # (the cases already there: those this import opened are its own until it commits)
        self._occasions(restricted)
        self.counts["added"] += run(text(INCIDENTS), {"by": imports.IMPORTER, "now": self.now}).rowcount
        run(text("UPDATE noise.cases c SET last_occasion_started_at = x.started_at FROM (SELECT case_id, max("
                 "started_at) AS started_at FROM (SELECT case_id, min(started_at) AS started_at FROM import_spans "
                 "GROUP BY case_id, island) occasion GROUP BY case_id) x WHERE c.id = x.case_id AND "
                 "c.last_occasion_started_at IS DISTINCT FROM x.started_at"))  # (each island: its case's occasion)
        self._audit(opened)
        self.session.expire_all()  # what the session held of these cases is out of date now
        self._threshold(restricted)
        run(text("TRUNCATE import_rows; DROP TABLE import_sources, import_spans, import_islands"))
        self._waiting = 0

    def _already_there(self) -> None:
        run = self.session.execute
        run(text("UPDATE import_rows r SET fate = CASE WHEN i.request_hash = r.fingerprint THEN 'duplicate' ELSE "
                 "'conflict' END FROM noise.incidents i WHERE i.received_by = :by AND i.idempotency_key = r.key"),
            {"by": imports.IMPORTER})
        run(text("UPDATE import_rows r SET fate = CASE WHEN f.fingerprint = r.fingerprint THEN 'duplicate' ELSE "
                 "'conflict' END FROM (SELECT DISTINCT ON (key) key, row_number, fingerprint FROM import_rows WHERE "
                 "fate IS NULL ORDER BY key, row_number) f WHERE r.fate IS NULL AND r.key = f.key AND "
                 "r.row_number > f.row_number"))
        for number, reference in run(text("SELECT row_number, external_reference FROM import_rows WHERE fate = "
                                          "'conflict' ORDER BY row_number")):
            self.reject(number, imports.conflict({"external_reference": reference}))
        self.counts["already_there"] += run(text("SELECT count(*) FROM import_rows WHERE fate = 'duplicate'")).scalar()

    def _restricted(self) -> list[int]:
        """The reporters restricted today: their reports are kept but do not count."""
        ids = self.session.scalars(select(ReporterRestriction.reporter_id).where(
            ReporterRestriction.lifted_at.is_(None)).distinct()).all()
        return sorted(reporters.restricted_ids(self.session, ids, london_date(self.now)))

    def _reporters(self) -> None:
        run = self.session.execute
        run(text("""
            INSERT INTO noise.reporters (contact_key, name, email, phone, address, created_at, link_version)
            SELECT DISTINCT ON (contact_key) contact_key, reporter_name, reporter_email, reporter_phone,
                   reporter_address, :now, 1
            FROM import_rows WHERE fate IS NULL AND contact_key IS NOT NULL ORDER BY contact_key, row_number DESC
            ON CONFLICT (contact_key) DO UPDATE SET name = coalesce(excluded.name, noise.reporters.name),
                email = coalesce(excluded.email, noise.reporters.email),
                phone = coalesce(excluded.phone, noise.reporters.phone),
                address = coalesce(excluded.address, noise.reporters.address)"""), {"now": self.now})
        run(text("UPDATE import_rows SET reporter_id = nextval(pg_get_serial_sequence('noise.reporters', 'id')) "
                 "WHERE fate IS NULL AND contact_key IS NULL AND writable"))
        run(text("INSERT INTO noise.reporters (id, name, email, phone, address, created_at, link_version) SELECT "
                 "reporter_id, reporter_name, reporter_email, reporter_phone, reporter_address, :now, 1 FROM "
                 "import_rows WHERE reporter_id IS NOT NULL"), {"now": self.now})

    def _cases(self) -> list[int]:
        """Find or open each row's case; the ids of the cases opened."""
        run = self.session.execute
        sequence = "pg_get_serial_sequence('noise.cases', 'id')"
        run(text(f"UPDATE import_rows SET case_id = nextval({sequence}) WHERE fate IS NULL AND address_key IS NULL"))
        opened = list(run(text(f"""
            INSERT INTO noise.cases (id, reference, address, address_key, ward, latitude, longitude, status,
                                     opened_at, source_known)
            SELECT case_id, {CASE_REFERENCE.format(id='case_id')}, 'Source not yet known (reported in ' || ward ||
                   ')', 'UNKNOWN:' || gen_random_uuid(), ward, latitude, longitude, 'monitoring', :now, false
            FROM import_rows WHERE case_id IS NOT NULL RETURNING id"""), {"now": self.now}).scalars())
        run(text("""
            CREATE TEMP TABLE import_sources ON COMMIT DROP AS
            SELECT uprn, address_key, min(row_number) AS first_row, NULL::bigint AS case_id
            FROM import_rows WHERE fate IS NULL AND address_key IS NOT NULL GROUP BY uprn, address_key"""))
        for _round in range(3):  # a case opened by another source of the same place is found the next round
            run(text("UPDATE import_sources s SET case_id = c.id FROM noise.cases c WHERE s.case_id IS NULL AND "
                     "s.uprn IS NOT NULL AND c.uprn = s.uprn AND c.status <> 'closed'"))
            run(text("UPDATE import_sources s SET case_id = c.id FROM noise.cases c WHERE s.case_id IS NULL AND "
                     "c.address_key = s.address_key AND c.status <> 'closed'"))
            run(text("""
                UPDATE noise.cases c SET uprn = f.uprn FROM (
                    SELECT DISTINCT ON (uprn) uprn, case_id FROM (
                        SELECT DISTINCT ON (case_id) case_id, uprn FROM import_sources
                        WHERE case_id IS NOT NULL AND uprn IS NOT NULL ORDER BY case_id, first_row) first_uprn
                    ORDER BY uprn, case_id) f
                WHERE c.id = f.case_id AND c.uprn IS NULL AND NOT EXISTS (
                    SELECT 1 FROM noise.cases o WHERE o.uprn = f.uprn AND o.status <> 'closed')"""))
            new = list(run(text(f"""
                INSERT INTO noise.cases (id, reference, uprn, address, address_key, ward, latitude, longitude,
                                         status, opened_at, source_known)
                SELECT id, {CASE_REFERENCE.format(id='id')}, uprn, address, address_key, ward, latitude, longitude,
                       'monitoring', :now, true
                FROM (SELECT nextval({sequence}) AS id, first.* FROM (
                    SELECT DISTINCT ON (r.address_key) r.uprn, r.address, r.address_key, r.ward, r.latitude,
                           r.longitude
                    FROM import_sources s JOIN import_rows r ON r.row_number = s.first_row
                    WHERE s.case_id IS NULL ORDER BY r.address_key, r.row_number) first) numbered
                ON CONFLICT DO NOTHING RETURNING id"""), {"now": self.now}).scalars())
            opened += new
            if not new:
                break
        left = run(text("SELECT count(*) FROM import_sources WHERE case_id IS NULL")).scalar()
        if left:
            raise RuntimeError(f"{left} sources of an import found no case after 3 rounds")
        return opened

    def _occasions(self, restricted: list[int]) -> None:
        """Group the rows with their cases' occasions again; bridged occasions become one."""
        run = self.session.execute
        order = "PARTITION BY case_id ORDER BY started_at, ended_at, occasion_id NULLS LAST, row_number"
        run(text(f"""
            CREATE TEMP TABLE import_spans ON COMMIT DROP AS
            WITH row_cases AS (
                SELECT r.row_number, coalesce(r.case_id, s.case_id) AS case_id, r.started_at,
                       coalesce(r.ended_at, r.started_at) AS ended_at,
                       r.assessment = 'nuisance' AND NOT coalesce(coalesce(r.reporter_id, p.id) = ANY(:restricted),
                                                                  false) AS nuisance
                FROM import_rows r
                LEFT JOIN import_sources s ON s.address_key = r.address_key AND s.uprn IS NOT DISTINCT FROM r.uprn
                LEFT JOIN noise.reporters p ON p.contact_key = r.contact_key
                WHERE r.fate IS NULL
            ), spans AS (
                SELECT case_id, started_at, ended_at, nuisance, id AS occasion_id, NULL::integer AS row_number
                FROM noise.occasions WHERE case_id IN (SELECT DISTINCT case_id FROM row_cases)
                UNION ALL
                SELECT case_id, started_at, ended_at, nuisance, NULL, row_number FROM row_cases
            ), reached AS (
                SELECT *, max(ended_at) OVER (ordered ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
                FROM spans WINDOW ordered AS ({order})
            )
            SELECT case_id, occasion_id, row_number, started_at, ended_at, nuisance,
                   sum(CASE WHEN reach IS NULL OR started_at > reach + :gap THEN 1 ELSE 0 END)
                       OVER (ordered ROWS UNBOUNDED PRECEDING) AS island
            FROM reached WINDOW ordered AS ({order})"""), {"restricted": restricted, "gap": self.gap})
        run(text("CREATE INDEX ON import_spans (row_number)"))
        run(text("""
            CREATE TEMP TABLE import_islands ON COMMIT DROP AS
            SELECT case_id, island, coalesce(min(occasion_id), nextval(pg_get_serial_sequence('noise.occasions',
                   'id'))) AS occasion_id, count(occasion_id) AS existing, min(started_at) AS started_at,
                   max(ended_at) AS ended_at, bool_or(nuisance) AS nuisance
            FROM import_spans GROUP BY case_id, island HAVING bool_or(row_number IS NOT NULL)"""))
        run(text("CREATE UNIQUE INDEX ON import_islands (case_id, island)"))
        run(text("ANALYZE import_spans; ANALYZE import_islands"))
        run(text("INSERT INTO noise.occasions (id, case_id, started_at, ended_at, nuisance) SELECT occasion_id, "
                 "case_id, started_at, ended_at, nuisance FROM import_islands WHERE existing = 0"))
        run(text("UPDATE noise.occasions o SET started_at = i.started_at, ended_at = i.ended_at, nuisance = "
                 "i.nuisance FROM import_islands i WHERE o.id = i.occasion_id AND i.existing > 0 AND (o.started_at, "
                 "o.ended_at, o.nuisance) IS DISTINCT FROM (i.started_at, i.ended_at, i.nuisance)"))
        bridged = ("FROM import_spans s JOIN import_islands i ON i.case_id = s.case_id AND i.island = s.island "
                   "WHERE s.occasion_id IS NOT NULL AND s.occasion_id <> i.occasion_id")
        run(text(f"UPDATE noise.incidents n SET occasion_id = x.kept FROM (SELECT s.occasion_id AS old, "
                 f"i.occasion_id AS kept {bridged}) x WHERE n.occasion_id = x.old"))
        run(text(f"DELETE FROM noise.occasions WHERE id IN (SELECT s.occasion_id {bridged})"))

    def _audit(self, opened: list[int]) -> None:
        """One row for each case touched: that the import opened it, or how many reports it filed under it."""
        opened_ids = set(opened)
        entries = []
        for case_id, reference, ward, known, filed in self.session.execute(text(
                "SELECT c.id, c.reference, c.ward, c.source_known, count(*) FROM import_spans s JOIN noise.cases c "
                "ON c.id = s.case_id WHERE s.row_number IS NOT NULL GROUP BY c.id ORDER BY c.id")):
            imported = {"import": self.import_id, "incidents": filed}
            if case_id in opened_ids:
                entries.append({"actor": "system", "action": "case_opened", "entity": "case", "entity_id": reference,
                                "data": {"ward": ward, "source_known": known, **imported}})
            else:
                entries.append({"actor": imports.IMPORTER, "action": "incidents_imported", "entity": "case",
                                "entity_id": reference, "data": imported})
        audit.record_many(self.session, AuditEntry, entries)

    def _threshold(self, restricted: list[int]) -> None:
        """Decide each monitored case the import touched by the threshold's rule; file each that qualifies."""
        nuisance = self.session.execute(text(
            "SELECT o.case_id, o.id, o.started_at, o.ended_at FROM noise.occasions o JOIN noise.cases c ON c.id = "
            "o.case_id WHERE c.status = 'monitoring' AND o.nuisance AND c.id IN (SELECT case_id FROM "
            "import_islands) ORDER BY o.case_id, o.started_at, o.id")).all()
        significant = set(self.session.scalars(text(
            "SELECT DISTINCT s.case_id FROM import_rows r JOIN import_spans s ON s.row_number = r.row_number "
            "WHERE r.significant AND s.nuisance")))  # a significant report that counts
        qualifying = set()
        for case_id, occasions in groupby(nuisance, key=lambda row: row.case_id):
            plain = [threshold_rules.Occasion(o.started_at, o.ended_at, True, o.id) for o in occasions]
            if threshold_rules.decide(plain, needed=self.needed, significant=case_id in significant).qualifies:
                qualifying.add(case_id)
        for case in self.session.scalars(select(Case).where(Case.id.in_(qualifying | significant),
                                                            Case.status == "monitoring").order_by(Case.id)):
            cases.check_threshold(session=self.session, case=case, incident=None, now=self.now, needed=self.needed,
                                  prompted_by="import", whole_case=True)


INCIDENTS = """
INSERT INTO noise.incidents (case_id, occasion_id, channel, category, started_at, ended_at, ended_given, description,
                             reporter, reporter_id, evidence, assessment, significant, significance_reason,
                             external_reference, received_by, received_at, idempotency_key, request_hash)
SELECT s.case_id, i.occasion_id, 'noise_app', r.category, r.started_at, coalesce(r.ended_at, r.started_at),
       r.ended_given, r.description, r.reporter::json, coalesce(r.reporter_id, p.id), r.evidence::json, r.assessment,
       r.significant, r.significance_reason, r.external_reference, :by, :now, r.key, r.fingerprint
FROM import_rows r
JOIN import_spans s ON s.row_number = r.row_number
JOIN import_islands i ON i.case_id = s.case_id AND i.island = s.island
LEFT JOIN noise.reporters p ON p.contact_key = r.contact_key
WHERE r.fate IS NULL
ORDER BY r.row_number
"""
