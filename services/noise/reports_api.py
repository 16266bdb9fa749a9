"""Report endpoints: each noise report as a table (JSON), or as CSV (format=csv, or Accept: text/csv)."""
from datetime import timedelta

import marshmallow as ma
from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import validate

from shared.brent import london_date
from shared.errors import NotFound, Problem
from shared.outbox import utcnow
from shared.sessions import db_session
from services.noise import reports

blp = Blueprint("noise_reports", __name__, url_prefix="/api/v1/reports", description="Noise reports")


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


@blp.get("/<name>")
@blp.arguments(ReportQuerySchema(), location="query")
@blp.response(200, ReportSchema, description="the report as a table (format=json, the default)")
@blp.alt_response(200, schema={"type": "string"}, content_type="text/csv",
                  description="the same table as CSV (format=csv, or Accept: text/csv)")
def report(query, name):
    """A noise report: demand (incidents by category and month), cases (by status), response (hours from
    qualifying to first action) or fpns (notices for breaches)."""
    if name not in reports.REPORTS:
        raise NotFound(f"There is no report '{name}'. The reports are: {', '.join(reports.NAMES)}.")
    end = query.get("to") or london_date(utcnow())
    start = query.get("from_") or (end.replace(day=1) - timedelta(days=335)).replace(day=1)
    if end < start:
        raise Problem("Dates the wrong way round", "'to' must not be before 'from'.", kind="validation",
                      errors=[{"field": "to", "message": "The end date must be the same as or after the start date"}])
    if (end - start).days > 3 * 366:
        raise Problem("Period too long", "Ask for three years at most.", kind="validation",
                      errors=[{"field": "from", "message": "The start date must be no more than three years before the end date"}])
    table = reports.REPORTS[name](db_session(), start, end)
    if query["format"] == "csv" or request.accept_mimetypes.best == "text/csv":
        return Response(reports.as_csv(table), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename=noise-{name}-{start}-{end}.csv"})
    return {**table, "from_": start, "to": end}
