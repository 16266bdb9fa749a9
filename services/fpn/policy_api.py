"""Warning first: what the form shows an officer about the person in front of them, their earlier notices under the
order and the outcome its policy expects (the policies themselves are register data: register_api)."""
from datetime import datetime, timezone

from flask_smorest import Blueprint

from shared.brent import london_date
from shared.sessions import db_session
from services.fpn import notices
from services.fpn.schemas import EarlierQuerySchema, EarlierSchema

blp = Blueprint("policy", __name__, url_prefix="/api/v1", description="Warning first: earlier notices")


@blp.post("/earlier-notices")
@blp.arguments(EarlierQuerySchema())
@blp.response(200, EarlierSchema)
def earlier(body):
    """The person's earlier notices under the prohibition's order (matched on name and date of birth, or on the
    registration mark; numbers, dates and outcomes only), the order's policy, and the outcome it expects. A POST,
    so that the person's details are not written into addresses and logs."""
    on = body.get("on") or london_date(datetime.now(timezone.utc))
    return notices.earlier_for(session=db_session(), prohibition_id=body["prohibition_id"], offender=body["offender"],
                               on=on)
