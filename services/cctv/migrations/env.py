"""Alembic environment for the cctv schema."""
from shared.migrations import run_env
from services.cctv.models import Base

run_env(Base.metadata)
