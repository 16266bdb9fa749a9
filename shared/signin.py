"""Sign-in: exchange a username and password for a signed bearer token."""
import marshmallow as ma
from flask import current_app
from flask_smorest import Blueprint

from shared.accounts.service import authenticate
from shared.auth import issue_token
from shared.sessions import db_session

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in")


class SignInSchema(ma.Schema):
    username = ma.fields.String(required=True)
    password = ma.fields.String(required=True, load_only=True)


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
    """Check the password and return a bearer token carrying the person's roles."""
    session = db_session()
    user = authenticate(session=session, username=body["username"], password=body["password"])
    session.commit()
    settings = current_app.config["SETTINGS"]
    token = issue_token(settings.secret_key, user.username, user.roles, settings.token_ttl_minutes)
    return {"access_token": token, "token_type": "Bearer", "username": user.username,
            "display_name": user.display_name, "roles": user.roles}
