"""Renewing a sign-in without the password: short-lived access tokens, renewed with a refresh token that is used
once and replaced (rotation). A refresh token used a second time, after a short grace for two tabs or a retried
request, means it was copied: its whole family is revoked and the officer signs in again. A changed account (its
token version) ends every family."""
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared.accounts.models import RefreshToken, User
from shared.errors import Problem

LIFETIME = timedelta(days=7)  # longer than any shift spent without signal
REUSE_GRACE = timedelta(seconds=30)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _refused(detail: str) -> Problem:
    return Problem("Sign in again", detail, kind="unauthenticated", status=401)


def _utc(moment: datetime) -> datetime:
    """A stored time as an aware UTC one (SQLite, the embedded default, gives times back without their zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def issue(session: Session, *, user: User, now: datetime, family: str | None = None,
          expires_at: datetime | None = None) -> str:
    """A new refresh token for `user` (in `family`, or starting one, which ends LIFETIME after the sign-in);
    only its hash is stored."""
    secret = secrets.token_urlsafe(32)
    session.add(RefreshToken(id=str(uuid.uuid4()), family=family or str(uuid.uuid4()), username=user.username,
                             token_hash=_hash(secret), token_version=user.token_version, created_at=now,
                             expires_at=expires_at or now + LIFETIME))
    return secret


def _revoke_family(session: Session, family: str, now: datetime) -> None:
    session.execute(update(RefreshToken).where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
                    .values(revoked_at=now))


def rotate(session: Session, *, secret: str, now: datetime) -> tuple[User, str]:
    """The account a refresh token speaks for, and the token to use next time; a 401 Problem if it may not."""
    token = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _hash(secret or "")))
    if token is None or token.revoked_at is not None or _utc(token.expires_at) <= now:
        raise _refused("Your sign-in has ended. Sign in again.")
    user = session.scalar(select(User).where(User.username == token.username))
    if user is None or not user.active or user.token_version != token.token_version:
        _revoke_family(session, token.family, now)
        raise _refused("Your account has changed since you signed in (password, roles or access). Sign in again.")
    if token.used_at is not None and now - _utc(token.used_at) > REUSE_GRACE:
        _revoke_family(session, token.family, now)
        raise _refused("This sign-in was renewed twice, so it may have been copied: it has been ended on every "
                       "device. Sign in again.")
    token.used_at = token.used_at or now
    # Renewal never extends the sign-in: every token in a family ends when the first one does.
    return user, issue(session, user=user, now=now, family=token.family, expires_at=_utc(token.expires_at))


def sign_out(session: Session, *, secret: str, now: datetime) -> None:
    """End the sign-in the refresh token belongs to (every token in its family)."""
    token = session.scalar(select(RefreshToken).where(RefreshToken.token_hash == _hash(secret or "")))
    if token is not None:
        _revoke_family(session, token.family, now)
