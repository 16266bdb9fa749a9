"""Reading an uploaded CSV file a line at a time, for the register's imports (fixed cameras, police records).

These imports are all or nothing: a file with any bad row stores nothing, and the answer lists every bad row with
its problems, by the row number a spreadsheet shows (the heading is row 1)."""
import csv
import io
from typing import IO, Iterator

from shared.errors import Problem


def rows(stream: IO[bytes], needed: list[str]) -> Iterator[tuple[int, dict]]:
    """(row number, row) for each record; refuses a file whose heading lacks a needed column."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [name for name in needed if name not in header]
    if missing:
        raise Problem("Columns missing", f"The file has no column {', '.join(repr(m) for m in missing)}. Its "
                      f"columns are: {', '.join(header) or 'none'}.", kind="csv-columns-missing",
                      errors=[{"field": "file", "message": f"Add the column {m!r}"} for m in missing])
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def refuse_rows(bad: list[dict], what: str) -> None:
    """Refuse the whole file (422) when any row was bad, listing every problem by row."""
    if bad:
        rows_at_fault = sorted({b["row"] for b in bad})
        raise Problem("Rows in the file are not right",
                      f"Nothing was imported: {len(rows_at_fault)} row{'s' if len(rows_at_fault) != 1 else ''} "
                      f"of the {what} file {'are' if len(rows_at_fault) != 1 else 'is'} not right (first: row "
                      f"{rows_at_fault[0]}, {bad[0]['message']}). Correct them and import the file again.",
                      kind="csv-rows-invalid", errors=[{"field": f"row {b['row']}: {b['column']}",
                                                        "message": b["message"]} for b in bad[:200]])
