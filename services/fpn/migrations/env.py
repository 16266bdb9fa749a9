"""Alembic environment for the fpn schema."""
from shared.migrations import run_env
from services.fpn.models import Base

run_env(Base.metadata)
