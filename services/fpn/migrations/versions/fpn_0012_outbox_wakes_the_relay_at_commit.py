"""a transaction that writes events to the outbox wakes the relay when it commits (NOTIFY), on PostgreSQL

Revision ID: fpn_0012
Revises: fpn_0011
Create Date: 2026-11-28 16:40:00

"""
from typing import Sequence, Union

from alembic import op

from shared.outbox import drop_wake_relay_ddl, wake_relay_ddl

# revision identifiers, used by Alembic.
revision: str = 'fpn_0012'
down_revision: Union[str, Sequence[str], None] = 'fpn_0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema (nothing to do on the embedded SQLite: its relay keeps to its interval)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(wake_relay_ddl("fpn"))


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(drop_wake_relay_ddl("fpn"))
