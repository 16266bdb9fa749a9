"""Integration tokens, for admins: list them, revoke one (they are made with `sbo token`)."""
from datetime import datetime, timezone

import marshmallow as ma
from flask_smorest import Blueprint

from shared.accounts.tokens import list_integration_tokens, revoke_integration_token
from shared.auth import current_caller
from shared.sessions import db_session

blp = Blueprint("integration_tokens", __name__, url_prefix="/api/v1/integration-tokens",
                description="Tokens issued to integrations")


class IntegrationTokenSchema(ma.Schema):
    id = ma.fields.String()
    name = ma.fields.String()
    roles = ma.fields.List(ma.fields.String())
    created_by = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    expires_at = ma.fields.AwareDateTime()
    revoked_at = ma.fields.AwareDateTime(allow_none=True)
    revoked_by = ma.fields.String(allow_none=True)


@blp.get("")
@blp.response(200, IntegrationTokenSchema(many=True))
def list_tokens():
    """Every integration token, newest first, with who made it, until when it is valid and whether it is revoked."""
    return list_integration_tokens(session=db_session())


@blp.post("/<token_id>/revoke")
@blp.response(200, IntegrationTokenSchema)
def revoke(token_id):
    """Revoke an integration token: it stops working at once, on every service."""
    session = db_session()
    token = revoke_integration_token(session=session, token_id=token_id, revoked_by=current_caller().username,
                                     now=datetime.now(timezone.utc))
    session.commit()
    return token
