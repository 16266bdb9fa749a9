"""The open data, public: the monthly counts as CSV and JSON, and a page with the licence and the data dictionary.
Counts only: nothing in them is about a person."""
from datetime import datetime, timezone

from flask import Blueprint, Response, current_app, jsonify, render_template

from shared.brent import london_date
from shared.sessions import db_session
from services.fpn import open_data

blp = Blueprint("open_data", __name__, url_prefix="/open-data")
CACHE = {"Cache-Control": "public, max-age=3600"}  # the counts change with the notices, not by the minute


def _rows():
    return open_data.monthly_counts(session=db_session(), until=london_date(datetime.now(timezone.utc)))


@blp.get("/")
def page():
    """What the dataset is, its licence, where to get it, and what each column means."""
    return render_template("open_data.html", dictionary=open_data.DICTIONARY, licence=open_data.LICENCE,
                           demonstration=current_app.config["SETTINGS"].demonstration)


@blp.get("/fpn-monthly.csv")
def monthly_csv():
    """The monthly counts per ward and notice type, as CSV."""
    return Response(open_data.as_csv(_rows()), mimetype="text/csv", headers={
        **CACHE, "Content-Disposition": "inline; filename=brent-pspo-notices-monthly.csv"})


@blp.get("/fpn-monthly.json")
def monthly_json():
    """The same counts as JSON, with the licence and the data dictionary."""
    answer = jsonify({"title": "Public Spaces Protection Order notices in Brent, by month, ward and notice type",
                      "licence": open_data.LICENCE,
                      "demonstration": current_app.config["SETTINGS"].demonstration,
                      "dictionary": [{"column": c, "type": k, "meaning": m} for c, k, m in open_data.DICTIONARY],
                      "rows": _rows()})
    answer.headers.update(CACHE)
    return answer
