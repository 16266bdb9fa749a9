"""Importing a Noise App export (CSV): each row becomes an incident report, filed exactly as one sent to
POST /api/v1/incidents would be (same checks, same case and threshold), read a row at a time, never the whole file.

- Columns are mapped by `reference/noise_app_columns.json`, or a mapping given with the import.
- A row that cannot be filed is reported by its row number with every problem found, and the rest go in.
- A row is keyed by the export's report id (or, with none, by its content), and all imports file under one name,
  so importing the same file again adds nothing: its rows are counted as already there.
- Progress is the share of the file's bytes read, kept on the import's record as it goes.
The uploaded file holds reporters' details: it is deleted once the import has finished.
"""
import csv
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterator

import marshmallow as ma
from sqlalchemy.orm import Session

from shared.errors import Problem, field_errors
from shared.settings import VAR_DIR
from services.noise import cases, intake_rules
from services.noise.models import Import, ImportRejection
from services.noise.schemas import IncidentRequestSchema

DEFAULT_MAPPING = json.loads((Path(__file__).parent / "reference" / "noise_app_columns.json").read_text())
IMPORTER = "noise-app-import"  # every import files its rows under this name, so a re-import finds them
BATCH = 200  # rows per transaction


def upload_path(import_id: int) -> Path:
    """Where an uploaded export waits for its import (deleted once imported: it holds reporters' details)."""
    return Path(VAR_DIR) / "imports" / f"{import_id}.csv"


def _category(value: str) -> str:
    """A category as the export writes it ('Music', 'Low-frequency noise') or as the API does ('music')."""
    by_name = {name.lower(): code for code, name in intake_rules.CATEGORIES.items()}
    text = value.strip()
    return by_name.get(text.lower(), text.lower().replace(" ", "_").replace("-", "_"))


def report_from_row(row: dict, mapping: dict) -> dict:
    """The incident report a row stands for, in the API's shape (not yet checked)."""
    body: dict = {"channel": "noise_app"}
    for field, column in mapping.items():
        if field.startswith("_"):
            continue
        value = (row.get(column) or "").strip()
        if not value:
            continue
        if field == "evidence.recording":
            body["evidence"] = [{"kind": "recording", "reference": value}]
        elif field == "category":
            body["category"] = _category(value)
        elif field == "assessment":
            body["assessment"] = value.lower().replace(" ", "_").replace("-", "_")
        elif "." in field:
            group, name = field.split(".", 1)
            body.setdefault(group, {})[name] = value
        else:
            body[field] = value
    return body


def check_mapping(header: list[str], mapping: dict) -> None:
    """Refuse a file whose heading row lacks a column the mapping needs for the report's required fields."""
    needed = ["source.address", "category", "started_at"]
    missing = [mapping[f] for f in needed if f in mapping and mapping[f] not in header]
    missing += [f for f in needed if f not in mapping]
    if missing:
        raise Problem("Columns missing", f"The file has no column {', '.join(repr(m) for m in missing)}. Its "
                      f"columns are: {', '.join(header) or 'none'}. Give a mapping that names its columns.",
                      kind="import-columns-missing")


def _key(body: dict, row: dict) -> str:
    if body.get("external_reference"):
        return f"import:{body['external_reference']}"[:100]
    return "import-row:" + hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()[:64]


class _CountingLines:
    """The lines of a binary file as text, counting the bytes read so far (for the progress)."""

    def __init__(self, binary):
        self.binary, self.read_bytes = binary, 0

    def __iter__(self):
        for line in self.binary:
            self.read_bytes += len(line)
            yield line.decode("utf-8", errors="replace").lstrip("\ufeff")


def rows(path: Path) -> Iterator[tuple[int, dict, int]]:
    """(row number, row, bytes read so far) for each record of the CSV file, read a line at a time. The heading
    is row 1, so the first record is row 2, as a spreadsheet numbers it."""
    with path.open("rb") as binary:
        lines = _CountingLines(binary)
        for number, row in enumerate(csv.DictReader(lines), start=2):
            yield number, row, lines.read_bytes


def run(*, transaction: Callable, import_id: int, path: Path, mapping: dict | None, now: Callable[[], datetime],
        needed: int, gap: timedelta, progress: Callable[[int, int], None] | None = None) -> dict:
    """File every row of the file; return the import's counts. `transaction()` gives a session in a transaction
    (committed when its block ends); `progress(bytes read, total bytes)` is told as it goes."""
    mapping = mapping or DEFAULT_MAPPING
    total = path.stat().st_size
    schema = IncidentRequestSchema()
    with path.open(encoding="utf-8-sig", newline="") as first:
        header = next(csv.reader(first), [])
    with transaction() as session:
        record = session.get(Import, import_id)
        record.status, record.total_bytes = "running", total
        check_mapping(header, mapping)
    pending: list = []

    def flush(read: int) -> None:
        with transaction() as session:
            record = session.get(Import, import_id)
            for number, row, body in pending:
                _file_row(session, record, number, row, body, schema, now(), needed, gap)
            record.processed_bytes = read
            record.rows_read += len(pending)
        pending.clear()
        if progress:
            progress(read, total)

    read = 0
    for number, row, read in rows(path):
        pending.append((number, row, report_from_row(row, mapping)))
        if len(pending) >= BATCH:
            flush(read)
    flush(read)
    with transaction() as session:
        record = session.get(Import, import_id)
        record.status, record.finished_at, record.processed_bytes = "finished", now(), total
        counts = {"read": record.rows_read, "added": record.rows_added, "already_there": record.rows_duplicate,
                  "rejected": record.rows_rejected}
    path.unlink(missing_ok=True)  # it holds reporters' details
    return counts


def _file_row(session: Session, record: Import, number: int, row: dict, body: dict, schema, now: datetime,
              needed: int, gap: timedelta) -> None:
    """File one row (in a savepoint, so a refused row leaves nothing behind), or record why not."""
    try:
        loaded = schema.load(body)
        with session.begin_nested():
            _incident, created = cases.take_in(session=session, received_by=IMPORTER, key=_key(body, row),
                                               body=loaded, now=now, needed=needed, gap=gap)
    except ma.ValidationError as invalid:
        return _reject(session, record, number, field_errors(invalid.messages))
    except Problem as refused:
        if refused.kind == "idempotency-key-reused":
            return _reject(session, record, number, [{"field": "external_reference", "message": (
                f"Report {body.get('external_reference')} was imported before with different details; the first "
                "import stands.")}])
        return _reject(session, record, number, refused.extra.get("errors") or [
            {"field": "", "message": refused.detail}])
    if created:
        record.rows_added += 1
    else:
        record.rows_duplicate += 1


def _reject(session: Session, record: Import, number: int, errors: list[dict]) -> None:
    record.rows_rejected += 1
    session.add(ImportRejection(import_id=record.id, row_number=number, errors=errors))
