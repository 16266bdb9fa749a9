"""Report endpoints."""
from flask import Response, request
from flask_smorest import Blueprint

from shared.report_tables import in_order
from shared.sessions import db_session
from services.fpn import reports
from services.fpn.schemas import OutcomesQuerySchema, OutcomesSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports")
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.get("/outcomes")
@blp.arguments(OutcomesQuerySchema(), location="query")
@blp.response(200, OutcomesSchema, description="the report (format=json, the default)")
@blp.alt_response(200, schema={"type": "string"}, content_type="text/csv",
                  description="the table by ward and notice type as CSV (format=csv, or Accept: text/csv), with a "
                              "closing totals row")
@blp.alt_response(200, schema={"type": "string", "format": "binary"}, content_type=SPREADSHEET,
                  description="the report as an Excel workbook (format=xlsx, or Accept: the spreadsheet type): the "
                              "table, then by ward, by notice type and by month")
def outcomes(query):
    """What became of the notices issued in a period: FPNs issued, warnings given, reduced, paid (in full or at
    the lower amount), cancelled, outstanding, awaiting approval, referred, prosecuted, and income, by ward and
    notice type, with totals, and by ward, by notice type and by month."""
    in_order(query["from_"], query["to"])
    report = reports.outcomes(session=db_session(), start=query["from_"], end=query["to"])
    name = f"fpn-outcomes-{query['from_']}-{query['to']}"
    wanted = request.accept_mimetypes.best_match(["application/json", "text/csv", SPREADSHEET])
    if query["format"] == "csv" or (query["format"] == "json" and wanted == "text/csv"):
        return Response(reports.as_csv(report), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    if query["format"] == "xlsx" or (query["format"] == "json" and wanted == SPREADSHEET):
        return Response(reports.as_spreadsheet(report), mimetype=SPREADSHEET,
                        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})
    return {**report, "from_": report["from"]}
