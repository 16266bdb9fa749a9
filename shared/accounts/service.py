"""Account use cases: create a person, check a password, sign in."""
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.accounts.models import User
from shared.accounts.throttle import SignInThrottle
from shared.auth import ROLES
from shared.errors import Problem

_hasher = PasswordHasher()


def create_or_update_user(*, session: Session, username: str, password: str, roles, display_name: str = "") -> User:
    """Create the account, or reset its password and roles if it exists."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; known roles: {', '.join(ROLES)}")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, token_version=0)
        session.add(user)
    else:
        user.token_version += 1  # tokens issued before this change stop working
    user.display_name = display_name or username
    user.password_hash = _hasher.hash(password)
    user.roles = sorted(roles)
    user.active = True
    return user


def deactivate_user(*, session: Session, username: str) -> User:
    """Stop an account signing in; every token it holds stops working at once."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise Problem("No such account", f"There is no account '{username}'.", kind="not-found", status=404)
    user.active = False
    user.token_version += 1
    return user


def authenticate(*, session: Session, username: str, password: str) -> User:
    """Return the active user with this password, or raise a 401 Problem that does not say which part was wrong."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        # An unknown or inactive username costs the same Argon2 work as a real one, so timing does not reveal it.
        _hasher.verify(user.password_hash if user is not None and user.active else _stand_in_hash(), password)
        if user is None or not user.active:
            raise VerifyMismatchError
    except VerifyMismatchError:
        raise Problem("Sign-in failed", "The username or password is wrong. Check both and try again.",
                      kind="sign-in-failed", status=401)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


@cache
def _stand_in_hash() -> str:
    """A hash no password matches, made with the same cost as real ones."""
    return _hasher.hash("a password nobody has: unknown usernames are checked against this")


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: the person, or the refusal to give them."""

    user: User | None
    refusal: Problem | None


def sign_in(*, session: Session, username: str, password: str, address: str, throttle: SignInThrottle,
            audit_model) -> SignIn:
    """Check the throttle and the password; record the attempt (never the password) in the audit log either way."""
    try:
        throttle.check(username, address)
        user = authenticate(session=session, username=username, password=password)
    except Problem as refusal:
        if refusal.status == 401:
            throttle.failed(username, address)
        audit.record(session, audit_model, actor=username[:80], action="sign_in_refused", entity="account",
                     entity_id=username[:80], data={"address": address, "reason": refusal.kind})
        return SignIn(None, refusal)
    audit.record(session, audit_model, actor=user.username, action="signed_in", entity="account",
                 entity_id=user.username, data={"address": address})
    return SignIn(user, None)
