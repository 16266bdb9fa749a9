"""Need endpoints: each site's need score with how it was made, the weights it is made with, and importing police
records (data.police.uk street-level CSV)."""
from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.sessions import db_session
from services.cctv.cameras.api import CSV_BODY, uploaded_csv
from services.cctv.evidence import need_rules, scoring
from services.cctv.evidence.schemas import NeedSchema, PoliceImportSchema
from services.cctv.sites.models import Site

blp = Blueprint("need", __name__, url_prefix="/api/v1", description="Evidence of need for cameras")


@blp.get("/need")
@blp.response(200, NeedSchema)
def need():
    """Every site's need score today, highest first, each with what made it (per kind of evidence: how many
    records, their weight and the points they gave); and the weights, half-life and radius it is scored with."""
    settings, session = current_app.config["SETTINGS"], db_session()
    sites = session.scalars(select(Site).order_by(Site.reference)).all()
    scores = scoring.site_scores(session, sites, settings, today())
    rules = scoring.weights(settings)
    ranked = sorted(sites, key=lambda s: (-scores[s.id].total, s.reference))
    return {"weights": [{"kind": kind, "label": label, "weight": rules.per_kind.get(kind, 0.0)}
                        for kind, label in need_rules.KINDS.items()],
            "half_life_days": rules.half_life_days, "radius_metres": rules.radius_metres,
            "ward_share": rules.ward_share,
            "sites": [{"site": site, "need": scores[site.id].total, "parts": scores[site.id].parts}
                      for site in ranked]}


@blp.post("/police-records")
@blp.response(200, PoliceImportSchema)
@blp.doc(requestBody=CSV_BODY)
def import_police_records():
    """Import police crime and anti-social behaviour records, as data.police.uk publishes them (street-level CSV:
    Month, Longitude, Latitude, Crime type; Crime ID and Location where given). All or nothing: any bad row refuses
    the file with every problem listed by row. Records already imported are counted, not added again."""
    stream, name = uploaded_csv()
    session = db_session()
    batch = scoring.import_police(session=session, stream=stream, filename=name, actor=current_caller().username)
    session.commit()
    return batch
