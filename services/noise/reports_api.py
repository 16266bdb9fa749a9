"""Report endpoints: each noise report as a table (JSON), or as CSV (format=csv, or Accept: text/csv)."""
from flask_smorest import Blueprint

from shared import report_tables
from shared.errors import NotFound
from shared.report_tables import ReportQuerySchema, ReportSchema
from shared.sessions import db_session
from services.noise import reports

blp = Blueprint("noise_reports", __name__, url_prefix="/api/v1/reports", description="Noise reports")


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
    start, end = report_tables.period(query)
    return report_tables.respond(reports.REPORTS[name](db_session(), start, end), query, f"noise-{name}", start, end)
