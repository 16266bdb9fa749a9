"""The accounts schema: the people who sign in, and the tokens issued to integrations."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import make_base
from shared.outbox import utcnow

Base = make_base("accounts")


class User(Base):
    """A person with a password and one or more roles."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    # Raised whenever the password, the roles or the active flag change: every token carrying an older one is refused.
    token_version: Mapped[int] = mapped_column(default=0, server_default="0")


class ApiToken(Base):
    """A token for an integration (an ANPR gateway, a reporting script): named, with a fixed lifetime, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))  # who it speaks for, e.g. anpr-gateway
    roles: Mapped[list] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(80))


class RefreshToken(Base):
    """A sign-in's renewal token: used once, then replaced by the next in its family; only its hash is kept."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family: Mapped[str] = mapped_column(String(36), index=True)  # every token descended from one sign-in
    username: Mapped[str] = mapped_column(String(80), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_version: Mapped[int]  # the account's, when issued: a changed account ends the family
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
