"""Account use cases: create a person, check a password."""
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.accounts.models import User
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
        user = User(username=username)
        session.add(user)
    user.display_name = display_name or username
    user.password_hash = _hasher.hash(password)
    user.roles = sorted(roles)
    user.active = True
    return user


def authenticate(*, session: Session, username: str, password: str) -> User:
    """Return the active user with this password, or raise a 401 Problem that does not say which part was wrong."""
    user = session.scalar(select(User).where(User.username == username))
    try:
        if user is None or not user.active:
            raise VerifyMismatchError
        _hasher.verify(user.password_hash, password)
    except VerifyMismatchError:
        raise Problem("Sign-in failed", "The username or password is wrong. Check both and try again.",
                      kind="sign-in-failed", status=401)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user
