"""a transaction that writes events to the outbox wakes the relay when it commits (NOTIFY), on PostgreSQL

Revision ID: noise_0008
Revises: noise_0007
Create Date: 2026-11-28 16:40:00

"""
from typing import Sequence, Union

from alembic import op

from shared.outbox import drop_wake_relay_ddl, wake_relay_ddl

# revision identifiers, used by Alembic.
revision: str = 'noise_0008'
down_revision: Union[str, Sequence[str], None] = 'noise_0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema (nothing to do on the embedded SQLite: its relay keeps to its interval)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(wake_relay_ddl("noise"))


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(drop_wake_relay_ddl("noise"))
