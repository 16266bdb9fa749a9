"""Importing a Noise App export (CSV): each row becomes an incident report, checked as one sent to
POST /api/v1/incidents is (the same fields, the same rules) and filed under its source's case and occasion with the
threshold checked, read a row at a time, never the whole file.

- Columns are mapped by `reference/noise_app_columns.json`, or a mapping given with the import.
- A row that cannot be filed is reported by its row number with every problem found, and the rest go in.
- A row is keyed by the export's report id (or, with none, by its content), and all imports file under one name,
  so importing the same file again adds nothing: its rows are counted as already there.
- Progress is the share of the file read and checked, kept on the import's record as it goes; then the rows are
  filed (status "filing"), all in one transaction: an import goes in whole or not at all.
- Filing: on PostgreSQL the checked rows are filed together, a chunk at a time: what is there already read in a few
  statements, each row's case and occasion decided by the API's rules, and what is new written with COPY
  (services.noise.bulk_filing); on the embedded SQLite database each row is filed as the API files it.
The uploaded file holds reporters' details: it is deleted once the import has finished.
"""
import csv
import gc
import hashlib
import json
import pickle
import queue
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import marshmallow as ma
from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared.errors import Problem, govuk_errors
from shared.idempotency import request_hash
from shared.settings import VAR_DIR
from services.noise import cases, intake_rules
from services.noise.models import Import, ImportRejection
from services.noise.schemas import IncidentEvidenceSchema, IncidentRequestSchema, ReporterSchema, SourceSchema

DEFAULT_MAPPING = json.loads((Path(__file__).parent / "reference" / "noise_app_columns.json").read_text())
IMPORTER = "noise-app-import"  # every import files its rows under this name, so a re-import finds them
REJECTIONS_BATCH = 1000  # rejected rows written at a time
CLOCK_EVERY = 1000  # rows checked against one reading of the clock ("not in the future")
CHECK_APART_FROM = 4 << 20  # bytes: a file this large is read and checked by a process of its own (checked_apart)
AHEAD = 100  # batches of checked rows (import_checker.BATCH each) taken from that process ahead of the filing


def upload_path(import_id: int) -> Path:
    """Where an uploaded export waits for its import (deleted once imported: it holds reporters' details)."""
    return Path(VAR_DIR) / "imports" / f"{import_id}.csv"


_BY_NAME = {name.lower(): code for code, name in intake_rules.CATEGORIES.items()}


def _category(value: str) -> str:
    """A category as the export writes it ('Music', 'Low-frequency noise') or as the API does ('music')."""
    return _BY_NAME.get(value.lower(), value.lower().replace(" ", "_").replace("-", "_"))


def _assessment(value: str) -> str:
    """'Nuisance', 'Not nuisance', 'not-nuisance' as the API spells them ('not_nuisance')."""
    return value.lower().replace(" ", "_").replace("-", "_")


def _fields() -> dict[str, ma.fields.Field]:
    """Each field of a report a column can fill, by its dotted name, checked as the API's schema checks it."""
    fields = {name: field for name, field in IncidentRequestSchema().fields.items()
              if name not in ("source", "reporter", "evidence", "channel")}
    fields.update({f"source.{name}": field for name, field in SourceSchema().fields.items()})
    fields.update({f"reporter.{name}": field for name, field in ReporterSchema().fields.items()})
    fields["evidence.recording"] = IncidentEvidenceSchema().fields["reference"]
    return fields


FIELDS = _fields()
_ORDER = {name: n for n, name in enumerate(["source.ward", *FIELDS])}  # problems in the order of the report
_AS_GIVEN = {"category": _category, "assessment": _assessment}


def check_mapping(header: list[str], mapping: dict) -> None:
    """Refuse a file whose heading row lacks a column the mapping needs for the report's required fields."""
    unknown = sorted(f for f in mapping if not f.startswith("_") and f not in FIELDS)
    if unknown:
        raise Problem("Mapping not understood", f"The mapping names {', '.join(repr(f) for f in unknown)}, which a "
                      f"report does not have. A report's fields are: {', '.join(FIELDS)}.", kind="bad-mapping")
    needed = ["source.address", "category", "started_at"]
    missing = [mapping[f] for f in needed if f in mapping and mapping[f] not in header]
    missing += [f for f in needed if f not in mapping]
    if missing:
        raise Problem("Columns missing", f"The file has no column {', '.join(repr(m) for m in missing)}. Its "
                      f"columns are: {', '.join(header) or 'none'}. Give a mapping that names its columns.",
                      kind="import-columns-missing")



def check_row(cells: dict[str, str], now: datetime) -> tuple[dict, list[dict]]:
    """The report a row's cells (a report's field -> the text in its column) make, loaded as POST /incidents loads
    one, and every problem with it in the order of the report's fields (none: it can be filed)."""
    report: dict = {"channel": "noise_app", "source": {}, "assessment": "unassessed", "significant": False}
    errors = []
    for field, text in cells.items():
        value, messages = _load(field, text)
        if messages:
            errors += [{"field": field, "message": message} for message in messages]
            continue
        if field == "evidence.recording":
            report["evidence"] = [{"kind": "recording", "reference": value}]
        elif "." in field:
            group, name = field.split(".", 1)
            report.setdefault(group, {})[name] = value
        else:
            report[field] = value
    unreadable = {error["field"] for error in errors}
    source = report["source"]
    errors += [problem for problem in intake_rules.incident_problems(
        category=report.get("category"), ward=source.get("ward"), started_at=report.get("started_at"),
        ended_at=report.get("ended_at"), now=now, assessment=report["assessment"], significant=report["significant"],
        significance_reason=report.get("significance_reason")) if problem["field"] not in unreadable]
    return report, sorted(errors, key=lambda error: _ORDER.get(error["field"], len(_ORDER)))


@lru_cache(maxsize=1 << 15)
def _load(field: str, text: str) -> tuple:
    """A cell's value as the API's field loads it, and None; or None and the field's messages when it cannot be.
    Remembered: an export names the same wards, categories, addresses and reporters many times."""
    try:
        return FIELDS[field].deserialize(_AS_GIVEN[field](text) if field in _AS_GIVEN else text), None
    except ma.ValidationError as invalid:
        return None, tuple(invalid.messages if isinstance(invalid.messages, list) else [str(invalid.messages)])


def key_and_fingerprint(cells: dict[str, str]) -> tuple[str, str]:
    """A row's key (the export's report id, or its content) and the fingerprint that tells the same row imported
    again from a different one under the same report id."""
    fingerprint = request_hash(cells)  # (its cells are text: the same fingerprint as ever)
    if cells.get("external_reference"):
        return f"import:{cells['external_reference']}"[:100], fingerprint
    return f"import-row:{fingerprint}", fingerprint


@lru_cache(maxsize=1 << 16)
def address_key(address: str) -> str:
    """intake_rules.normalised_address, remembered: an export names the same few addresses many times."""
    return intake_rules.normalised_address(address)


class _CountingLines:
    """The lines of a binary file as text, counting the bytes read so far (for the progress)."""

    def __init__(self, binary):
        self.binary, self.read_bytes = binary, 0

    def __iter__(self):
        for line in self.binary:
            self.read_bytes += len(line)
            yield line.decode("utf-8", errors="replace").lstrip("\ufeff")


def rows(path: Path, mapping: dict) -> Iterator[tuple[int, dict[str, str], int]]:
    """(row number, its cells by the report's field, bytes read so far) for each record of the CSV file, read a
    line at a time; empty cells are left out. The heading is row 1, so the first record is row 2, as a spreadsheet
    numbers it."""
    with path.open("rb") as binary:
        lines = _CountingLines(binary)
        reader = csv.reader(lines)
        header = next(reader, [])
        where = {column: index for index, column in enumerate(header)}  # a heading given twice: its last column
        columns = [(field, where[column]) for field, column in mapping.items()
                   if not field.startswith("_") and column in where]
        number = 1
        for row in reader:
            if not row:  # a blank line is not a record
                continue
            number += 1
            cells = {}
            for field, index in columns:
                text = row[index].strip() if index < len(row) else ""
                if text:
                    cells[field] = text
            yield number, cells, lines.read_bytes


def checked(path: Path, mapping: dict, now: Callable[[], datetime], prepare: Callable
            ) -> Iterator[tuple[int, object, list[dict], int]]:
    """(row number, the row as `prepare` makes it for filing, or None, its problems, bytes read so far) for each
    record of the file."""
    moment = now()
    for number, cells, read in rows(path, mapping):
        if number % CLOCK_EVERY == 0:
            moment = now()
        report, errors = check_row(cells, moment)
        yield number, None if errors else prepare(number, report, *key_and_fingerprint(cells)), errors, read


def checked_apart(path: Path, mapping: dict, now: Callable[[], datetime], prepare: Callable
                  ) -> Iterator[tuple[int, object, list[dict], int]]:
    """What `checked` yields, read and checked by a process of its own (services.noise.import_checker), so that it
    runs on another core while this process and PostgreSQL file the rows. `prepare` must be importable by name.
    A thread takes the checked rows from the process as they come, up to AHEAD batches ahead of the filing (a pipe
    holds a few hundred rows: without it the process would wait while a chunk is filed)."""
    child = subprocess.Popen([sys.executable, "-m", "services.noise.import_checker"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=Path(__file__).parents[2])
    batches: queue.Queue = queue.Queue(maxsize=AHEAD)

    def take() -> None:
        try:
            while True:
                batches.put(pickle.load(child.stdout))  # (from the process this one started)
        except EOFError:
            batches.put(None)
        except Exception as failed:  # (the pipe closed under it: the import stopped early)
            batches.put(failed)

    taking = threading.Thread(target=take, name="import-checked-rows", daemon=True)
    try:
        pickle.dump({"path": str(path), "mapping": mapping, "clock_offset": now() - datetime.now(timezone.utc),
                     "prepare": f"{prepare.__module__}:{prepare.__qualname__}"}, child.stdin)
        child.stdin.close()
        taking.start()
        while (batch := batches.get()) is not None:
            if isinstance(batch, Exception):
                raise batch
            if isinstance(batch, tuple):
                raise RuntimeError(f"Reading and checking the import's rows failed: {batch[1]['error_type']}\n"
                                   f"{batch[1]['frames']}")
            yield from batch
        if child.wait() != 0:
            raise RuntimeError(f"Reading and checking the import's rows stopped (exit code {child.returncode})")
    finally:
        child.kill()  # (when the import stops early)
        child.wait()
        while taking.is_alive():  # let the thread see the end of the pipe
            try:
                batches.get(timeout=0.1)
            except queue.Empty:
                pass
        child.stdout.close()


class Filing:
    """Where checked rows go, and what became of them: rows rejected are written a batch at a time."""

    def __init__(self, session: Session, import_id: int, now: datetime, needed: int, gap: timedelta):
        self.session, self.import_id, self.now, self.needed, self.gap = session, import_id, now, needed, gap
        self.counts = {"read": 0, "added": 0, "already_there": 0, "rejected": 0}
        self._rejected: list[dict] = []

    def reject(self, number: int, errors: list[dict]) -> None:
        self.counts["rejected"] += 1
        self._rejected.append({"import_id": self.import_id, "row_number": number, "errors": govuk_errors(errors)})
        if len(self._rejected) >= REJECTIONS_BATCH:
            self.write_rejections()

    def write_rejections(self) -> None:
        if self._rejected:
            self.settle()
            self.session.execute(insert(ImportRejection), self._rejected)
            self._rejected = []

    def settle(self) -> None:
        """Wait for what is being written in the background (nothing here): before the session is used again."""

    @staticmethod
    def prepare(number: int, report: dict, key: str, fingerprint: str):
        """What `add` files for a checked row."""
        return number, report, key, fingerprint

    def add(self, prepared) -> None:
        raise NotImplementedError

    def finish(self) -> dict:
        """File what is still waiting; the import's counts."""
        self.write_rejections()
        return self.counts


def conflict(report: dict) -> list[dict]:
    """Why a row was refused whose report id was imported before with other details."""
    return [{"field": "external_reference", "message": f"Report {report.get('external_reference')} was imported "
             "before with different details; the first import stands"}]


class RowFiling(Filing):
    """Each row filed as POST /incidents files a report (cases.take_in), in a savepoint of its own: the embedded
    SQLite database's way (it has no COPY, and holds a demonstration's few rows)."""

    def add(self, prepared) -> None:
        number, report, key, fingerprint = prepared
        try:
            with self.session.begin_nested():
                _incident, created = cases.take_in(
                    session=self.session, received_by=IMPORTER, key=key, body=report, now=self.now,
                    needed=self.needed, gap=self.gap, acknowledge=False, fingerprint=fingerprint)
        except Problem as refused:
            if refused.kind == "idempotency-key-reused":
                return self.reject(number, conflict(report))
            return self.reject(number, refused.extra.get("errors") or [{"field": "", "message": refused.detail}])
        self.counts["added" if created else "already_there"] += 1


@contextmanager
def cycles_left() -> Iterator[None]:
    """Python's cycle collector paused while an import files its rows, and started again after. Its rows and what is
    made of them hold no reference cycles, so reference counting frees them as before; but with tens of thousands
    of them alive at once the collector ran again and again over all of them: a quarter of the filing process's
    time (200,000 rows: 8.8 s of CPU with it, 6.1-6.6 s without)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def run(*, transaction: Callable, import_id: int, path: Path, mapping: dict | None, now: Callable[[], datetime],
        needed: int, gap: timedelta, progress: Callable[[int, int], None] | None = None) -> dict:
    """Check and file every row of the file; return the import's counts. `transaction()` gives a session in a
    transaction (committed when its block ends); `progress(bytes read, total bytes)` is told as it goes."""
    from services.noise.bulk_filing import BulkFiling  # it builds on this module

    mapping = mapping or DEFAULT_MAPPING
    total = path.stat().st_size
    with path.open(encoding="utf-8-sig", newline="") as first:
        header = next(csv.reader(first), [])
    with transaction() as session:
        record = session.get(Import, import_id)
        record.status, record.total_bytes = "running", total
        check_mapping(header, mapping)
        opening = session

    def tell(read: int, status: str | None = None) -> None:
        if shared:  # the filing's own session: not while a chunk is being written in the background
            filing.settle()
        with transaction() as other:  # a transaction of its own, so that the import's resource shows it at once
            record = other.get(Import, import_id)
            record.processed_bytes = read
            record.status = status or record.status
        if progress:
            progress(read, total)

    with cycles_left(), transaction() as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        filing = (BulkFiling if postgres else RowFiling)(session, import_id, now(), needed, gap)
        shared = session is opening  # (a transaction() that hands out one session for all: the tests')
        told = 0
        reading = checked_apart if postgres and total >= CHECK_APART_FROM else checked
        for number, prepared, errors, read in reading(path, mapping, now, filing.prepare):
            filing.counts["read"] += 1
            if errors:
                filing.reject(number, errors)
            else:
                filing.add(prepared)
            if read - told >= total / 100:  # each per cent of the file
                tell(read)
                told = read
        tell(total, "filing")
        counts = filing.finish()
        record = session.get(Import, import_id)
        record.rows_read, record.rows_added = counts["read"], counts["added"]
        record.rows_duplicate, record.rows_rejected = counts["already_there"], counts["rejected"]
        record.status, record.finished_at, record.processed_bytes = "finished", now(), total
    path.unlink(missing_ok=True)  # it holds reporters' details
    return counts
