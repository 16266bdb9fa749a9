"""Sign-in: a username and password give a short-lived bearer token, and a refresh token that renews it without
asking for the password again (kept by browsers in an HttpOnly cookie that page scripts cannot read)."""
from datetime import datetime, timezone

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint

from shared.accounts import refresh
from shared.accounts.service import sign_in as attempt_sign_in
from shared.auth import issue_token
from shared.sessions import db_session, service_tables

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in")
COOKIE = "sbo_refresh"


class SignInSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(max=1000))
    use_cookie = ma.fields.Boolean(load_default=False, metadata={
        "description": "browsers: keep the refresh token in an HttpOnly cookie, out of reach of page scripts, "
                       "instead of in the answer"})


class RefreshSchema(ma.Schema):
    refresh_token = ma.fields.String(validate=ma.validate.Length(max=200), metadata={
        "description": "the refresh token from sign-in or the last renewal; browsers send the cookie instead"})


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer(metadata={"description": "seconds the access token is valid"})
    refresh_token = ma.fields.String(metadata={"description": "use once, to renew: POST /api/v1/auth/refresh "
                                                              "(absent when it was set as a cookie)"})
    username = ma.fields.String()
    display_name = ma.fields.String()
    roles = ma.fields.List(ma.fields.String())


def _tokens(user, refresh_secret: str, in_cookie: bool):
    """The answer to a sign-in or renewal: the refresh token in an HttpOnly cookie (browsers) or in the body."""
    settings = current_app.config["SETTINGS"]
    access = issue_token(settings.secret_key, user.username, user.roles, settings.token_ttl_minutes,
                         version=user.token_version)
    body = {"access_token": access, "token_type": "Bearer", "expires_in": int(settings.token_ttl_minutes * 60),
            "username": user.username, "display_name": user.display_name, "roles": user.roles}
    if not in_cookie:
        body["refresh_token"] = refresh_secret
    response = current_app.response_class(TokenSchema().dumps(body), mimetype="application/json")
    if in_cookie:
        response.set_cookie(COOKIE, refresh_secret, max_age=int(refresh.LIFETIME.total_seconds()), httponly=True,
                            secure=request.is_secure, samesite="Strict", path="/api/v1/auth")
    return response


@blp.post("/token")
@blp.arguments(SignInSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def sign_in(body):
    """Check the password; return a bearer token carrying the person's roles, and a refresh token. Too many wrong
    passwords for a username, or from one address, pause sign-in (429 with Retry-After)."""
    session = db_session()
    attempt = attempt_sign_in(session=session, username=body["username"], password=body["password"],
                              address=request.remote_addr or "unknown", throttle=current_app.extensions["sbo_throttle"],
                              audit_model=service_tables().audit)
    if attempt.refusal:
        session.commit()
        raise attempt.refusal
    secret = refresh.issue(session, user=attempt.user, now=datetime.now(timezone.utc))
    session.commit()
    return _tokens(attempt.user, secret, in_cookie=body["use_cookie"])


@blp.post("/refresh")
@blp.arguments(RefreshSchema())
@blp.response(200, TokenSchema)
@blp.doc(security=[])
def renew(body):
    """Renew the bearer token with the refresh token (body or cookie), which is replaced by a new one. A refresh
    token used twice ends that sign-in everywhere; a changed account (password, roles, access) ends it too."""
    session, from_cookie = db_session(), not body.get("refresh_token")
    try:
        user, secret = refresh.rotate(session, secret=body.get("refresh_token") or request.cookies.get(COOKIE, ""),
                                      now=datetime.now(timezone.utc))
    finally:
        session.commit()  # a revoked family stays revoked even though this request is refused
    return _tokens(user, secret, in_cookie=from_cookie)


@blp.post("/sign-out")
@blp.arguments(RefreshSchema())
@blp.response(204)
@blp.doc(security=[])
def sign_out(body):
    """End this sign-in: its refresh token (body or cookie) and every one renewed from it stop working."""
    session = db_session()
    refresh.sign_out(session, secret=body.get("refresh_token") or request.cookies.get(COOKIE, ""),
                     now=datetime.now(timezone.utc))
    session.commit()
    response = current_app.response_class(status=204)
    response.delete_cookie(COOKIE, path="/api/v1/auth")
    return response
