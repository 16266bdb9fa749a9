"""Whether a signed token still speaks for someone: its account unchanged since it was issued, or its integration
token not revoked. Checked on every request, with one indexed read."""
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.accounts.models import ApiToken, User
from shared.errors import NotFound, Problem

MAX_INTEGRATION_DAYS = 366


def _refused(detail: str) -> Problem:
    return Problem("Not signed in", detail, kind="unauthenticated", status=401)


def check_still_valid(session: Session, claims: dict) -> None:
    """Refuse (401) a token whose account changed, was deactivated or removed, or whose integration token was
    revoked."""
    if "tid" in claims:
        token = session.get(ApiToken, claims["tid"])
        if token is None or token.revoked_at is not None:
            raise _refused("This integration token has been revoked. Ask an admin for a new one.")
    elif "ver" in claims:
        users = User.__table__  # a plain Core read: this runs on every request
        account = session.execute(select(users.c.active, users.c.token_version)
                                  .where(users.c.username == claims["sub"])).first()
        if account is None or not account.active or account.token_version != claims["ver"]:
            raise _refused("Your account has changed since you signed in (password, roles or access). Sign in "
                           "again.")
    else:
        raise _refused("This token was issued before tokens could be revoked. Sign in again.")


def create_integration_token(*, session: Session, name: str, roles, days: int, created_by: str,
                             now: datetime) -> ApiToken:
    """Record a new integration token; the caller signs it with the row's id and expiry."""
    if not 1 <= days <= MAX_INTEGRATION_DAYS:
        raise Problem("Lifetime out of range", f"An integration token lasts from 1 to {MAX_INTEGRATION_DAYS} days.",
                      kind="bad-lifetime")
    token = ApiToken(id=str(uuid.uuid4()), name=name, roles=sorted(roles), created_by=created_by, created_at=now,
                     expires_at=now + timedelta(days=days))
    session.add(token)
    return token


def list_integration_tokens(*, session: Session) -> list[ApiToken]:
    """Every integration token, newest first, revoked ones included."""
    return session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).all()


def revoke_integration_token(*, session: Session, token_id: str, revoked_by: str, now: datetime) -> ApiToken:
    """Revoke a token at once; revoking one already revoked changes nothing."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"There is no integration token {token_id}.")
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = now, revoked_by
    return token
