"""Who is asking: signed bearer tokens (PyJWT) carrying roles, checked on every non-public endpoint."""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt
from flask import current_app, g, request

from shared.accounts.tokens import check_still_valid
from shared.errors import Problem
from shared.sessions import db_session

ROLES = (
    "enforcement_officer",
    "enforcement_supervisor",
    "nuisance_officer",
    "noise_intake",  # a system or desk that reports noise incidents (the Noise App's integration, the contact centre)
    "anpr_intake",  # the ANPR cameras' gateway: it may only send reads
    "cctv_working_group",
    "control_room_manager",
    "control_room_officer",
    "admin",
)
ISSUER = "safer-brent-operations"


@dataclass(frozen=True)
class Caller:
    """The signed-in person or integration making a request."""

    username: str
    roles: frozenset

    def has(self, *roles: str) -> bool:
        """True when the caller holds any of `roles`."""
        return bool(self.roles.intersection(roles))


def issue_token(secret: str, username: str, roles, ttl_minutes: int = 720, *, version: int | None = None,
                token_id: str | None = None) -> str:
    """Sign a bearer token for `username` with `roles`: a person's carries their account's token `version`, an
    integration's the `token_id` of its row; a token with neither is refused when used."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}; known roles: {', '.join(ROLES)}")
    now = datetime.now(timezone.utc)
    claims = {"sub": username, "roles": sorted(roles), "iss": ISSUER, "iat": now,
              "exp": now + timedelta(minutes=ttl_minutes)}
    if version is not None:
        claims["ver"] = version
    if token_id is not None:
        claims["tid"] = token_id
    return jwt.encode(claims, secret, algorithm="HS256")


def read_claims(secret: str, token: str) -> dict:
    """Verify a bearer token's signature, issuer and expiry and return its claims, or raise a 401 Problem."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], issuer=ISSUER, options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise Problem("Signed out", "Your sign-in has expired. Sign in again.", kind="unauthenticated", status=401)
    except jwt.InvalidTokenError:
        raise Problem("Not signed in", "The bearer token is not valid. Sign in again.", kind="unauthenticated",
                      status=401)
    return claims


def current_caller() -> Caller:
    """Return the caller of this request, reading the Authorization header once."""
    if "caller" not in g:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise Problem("Not signed in", "Sign in first: send 'Authorization: Bearer <token>'.",
                          kind="unauthenticated", status=401)
        g.caller = caller_from_token(header[len("Bearer "):].strip())
    return g.caller


def caller_from_token(token: str) -> Caller:
    """Who a token (a bearer token, or an Open311 api_key) speaks for, if it is valid and still in force."""
    claims = read_claims(current_app.config["SECRET_KEY"], token)
    check_still_valid(db_session(), claims)
    return Caller(claims["sub"], frozenset(claims.get("roles", [])))


def require_roles(roles) -> Caller:
    """The caller, if signed in (401 otherwise) and holding one of `roles` (403 otherwise)."""
    caller = current_caller()
    if not caller.has(*roles):
        raise Problem("Not allowed", f"This needs one of these roles: {', '.join(roles)}. "
                      "Ask an admin if you should have it.", kind="forbidden", status=403)
    return caller
