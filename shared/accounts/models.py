"""The accounts schema: one row per person who signs in."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import make_base

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
