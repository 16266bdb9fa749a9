"""GET /api/v1/dead-letters on every service: what its worker received and could not act on (admins only)."""
import marshmallow as ma
from flask_smorest import Blueprint

from shared.dead_letters import REASONS, list_recent
from shared.sessions import db_session, service_tables


class DeadLetterSchema(ma.Schema):
    id = ma.fields.Integer()
    event_id = ma.fields.String()
    task = ma.fields.String()
    reason = ma.fields.String()
    explanation = ma.fields.Function(lambda d: REASONS.get(d.reason, d.reason))
    errors = ma.fields.List(ma.fields.Dict())
    received_at = ma.fields.AwareDateTime()


blp = Blueprint("dead_letters", __name__, url_prefix="/api/v1/dead-letters",
                description="Events this service could not act on")


@blp.get("")
@blp.response(200, DeadLetterSchema(many=True))
def list_dead_letters():
    """The latest 200 events this service received and could not act on, newest first, with what was wrong."""
    return list_recent(session=db_session(), model=service_tables().dead_letters)
