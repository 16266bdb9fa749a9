"""audit rows carry a MAC of their content when written, and are chained into the sealed log shortly after

Revision ID: fpn_0004
Revises: fpn_0003
Create Date: 2026-11-27 20:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from shared.audit import append_only_ddl, sealable_append_only_ddl

# revision identifiers, used by Alembic.
revision: str = 'fpn_0004'
down_revision: Union[str, Sequence[str], None] = 'fpn_0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table('audit_log', schema='fpn') as batch_op:
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('seq', sa.BigInteger(), nullable=True))
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_seq'), ['seq'])
    # Rows already written were chained in the order of their ids.
    if postgres:
        op.execute("ALTER TABLE fpn.audit_log DISABLE TRIGGER audit_log_append_only")
    op.execute("UPDATE fpn.audit_log SET seq = id")
    if postgres:
        op.execute("ALTER TABLE fpn.audit_log ENABLE TRIGGER audit_log_append_only")
        op.execute(sealable_append_only_ddl("fpn"))


def downgrade() -> None:
    """Downgrade schema (rows still waiting for their seal must be sealed first)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER audit_log_append_only ON fpn.audit_log")
    with op.batch_alter_table('audit_log', schema='fpn') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_seq'), type_='unique')
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('seq')
        batch_op.drop_column('mac')
    if postgres:
        op.execute(append_only_ddl("fpn"))
