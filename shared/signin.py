"""Sign-in: exchange a username and password for a signed bearer token."""
import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint

from shared.accounts.service import sign_in as attempt_sign_in
from shared.auth import issue_token
from shared.sessions import db_session, service_tables

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in")


class SignInSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=1000))


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    username = ma.fields.String()
    display_name = ma.fields.String()
    roles = ma.fields.List(ma.fields.String())


@blp.post("/token")
@blp.arguments(SignInSchema)
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def sign_in(body):
    """Check the password and return a bearer token carrying the person's roles. Too many wrong passwords for a
    username, or from one address, pause sign-in (429 with Retry-After)."""
    session = db_session()
    attempt = attempt_sign_in(session=session, username=body["username"], password=body["password"],
                              address=request.remote_addr or "unknown", throttle=current_app.extensions["sbo_throttle"],
                              audit_model=service_tables().audit)
    session.commit()
    if attempt.refusal:
        raise attempt.refusal
    user = attempt.user
    settings = current_app.config["SETTINGS"]
    token = issue_token(settings.secret_key, user.username, user.roles, settings.token_ttl_minutes,
                        version=user.token_version)
    return {"access_token": token, "token_type": "Bearer", "username": user.username,
            "display_name": user.display_name, "roles": user.roles}
