"""Reports as tables (title, columns, rows) that pages draw as a table and a chart, and that download as CSV: the
one way every service answers `GET .../reports/<name>?from=&to=` (format=csv, or Accept: text/csv, for CSV)."""
import csv
import io
from datetime import date, datetime, time, timedelta

import marshmallow as ma
from flask import Response, request
from marshmallow import validate

from shared.brent import LONDON, london_date
from shared.errors import Problem
from shared.outbox import utcnow


class ReportQuerySchema(ma.Schema):
    from_ = ma.fields.Date(data_key="from", metadata={"description": "first day (default: a year before 'to')"})
    to = ma.fields.Date(metadata={"description": "last day (default: today)"})
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class ReportSchema(ma.Schema):
    title = ma.fields.String()
    columns = ma.fields.List(ma.fields.String())
    rows = ma.fields.List(ma.fields.List(ma.fields.Raw(allow_none=True)))
    from_ = ma.fields.Date(data_key="from")
    to = ma.fields.Date()


def in_order(start: date, end: date) -> None:
    """Refuse a period whose last day is before its first."""
    if end < start:
        raise Problem("Dates the wrong way round", "'to' must not be before 'from'.", kind="validation",
                      errors=[{"field": "to", "message": "The end date must be the same as or after the start date"}])


def period(query: dict) -> tuple[date, date]:
    """The report's first and last day in Brent: a year to today unless asked; refused if the wrong way round or
    longer than three years."""
    end = query.get("to") or london_date(utcnow())
    start = query.get("from_") or (end.replace(day=1) - timedelta(days=335)).replace(day=1)
    in_order(start, end)
    if (end - start).days > 3 * 366:
        raise Problem("Period too long", "Ask for three years at most.", kind="validation",
                      errors=[{"field": "from", "message": "The start date must be no more than three years before "
                                                           "the end date"}])
    return start, end


def day_start(on: date) -> datetime:
    """Midnight in Brent at the start of `on`."""
    return datetime.combine(on, time(0), LONDON)


def months(start: date, end: date) -> list[str]:
    """Each month from `start` to `end`, as '2026-11'."""
    out, on = [], start.replace(day=1)
    while on <= end:
        out.append(on.strftime("%Y-%m"))
        on = (on + timedelta(days=32)).replace(day=1)
    return out


def as_csv(report: dict) -> str:
    """A report as CSV: its column headings, then its rows (an empty cell where there is no figure)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(report["columns"])
    writer.writerows([["" if cell is None else cell for cell in row] for row in report["rows"]])
    return out.getvalue()


def respond(table: dict, query: dict, filename: str, start: date, end: date):
    """The report as asked: CSV (format=csv, or Accept: text/csv) or the table as JSON."""
    if query["format"] == "csv" or request.accept_mimetypes.best == "text/csv":
        return Response(as_csv(table), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename={filename}-{start}-{end}.csv"})
    return {**table, "from_": start, "to": end}
