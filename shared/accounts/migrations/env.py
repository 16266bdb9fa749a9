"""Alembic environment for the accounts schema."""
from shared.migrations import run_env
from shared.accounts.models import Base

run_env(Base.metadata)
