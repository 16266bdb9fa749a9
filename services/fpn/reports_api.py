"""Report endpoints."""
from flask import Response, request
from flask_smorest import Blueprint

from shared.errors import Problem
from shared.sessions import db_session
from services.fpn import reports
from services.fpn.schemas import OutcomesQuerySchema, OutcomesSchema

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports")


@blp.get("/outcomes")
@blp.arguments(OutcomesQuerySchema(), location="query")
@blp.response(200, OutcomesSchema, description="the report (format=json, the default)")
@blp.alt_response(200, schema={"type": "string"}, content_type="text/csv",
                  description="the same report as CSV (format=csv, or Accept: text/csv), with a closing totals row")
def outcomes(query):
    """Per ward and notice type: FPNs issued, reduced to warnings, referred to legal, with totals."""
    if query["to"] < query["from_"]:
        raise Problem("Dates the wrong way round", "'to' must not be before 'from'.", kind="validation",
                      errors=[{"field": "to", "message": "The end date must be the same as or after the start date"}])
    report = reports.outcomes(session=db_session(), start=query["from_"], end=query["to"])
    if query["format"] == "csv" or request.accept_mimetypes.best == "text/csv":
        return Response(reports.as_csv(report), mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename=fpn-outcomes-{query['from_']}-{query['to']}.csv"})
    return {**report, "from_": report["from"]}
