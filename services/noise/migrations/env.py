"""Alembic environment for the noise schema."""
from shared.migrations import run_env
from services.noise.models import Base

run_env(Base.metadata)
