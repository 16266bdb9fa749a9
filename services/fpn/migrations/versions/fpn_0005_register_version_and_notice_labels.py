"""the register's version token; notices keep their order code and notice type as issued

Revision ID: fpn_0005
Revises: fpn_0004
Create Date: 2026-11-27 20:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'fpn_0005'
down_revision: Union[str, Sequence[str], None] = 'fpn_0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    version = op.create_table('register_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_version')),
    schema='fpn'
    )
    op.bulk_insert(version, [{"id": 1, "token": "initial"}])
    with op.batch_alter_table('notices', schema='fpn') as batch_op:
        batch_op.add_column(sa.Column('order_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('notice_type', sa.String(length=160), nullable=True))
    op.execute("UPDATE fpn.notices SET "
               "order_code = (SELECT o.code FROM fpn.orders o WHERE o.id = notices.order_id), "
               "notice_type = (SELECT p.report_label FROM fpn.prohibitions p WHERE p.id = notices.prohibition_id)")
    with op.batch_alter_table('notices', schema='fpn') as batch_op:
        batch_op.alter_column('order_code', existing_type=sa.String(length=40), nullable=False)
        batch_op.alter_column('notice_type', existing_type=sa.String(length=160), nullable=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notices', schema='fpn') as batch_op:
        batch_op.drop_column('notice_type')
        batch_op.drop_column('order_code')
    op.drop_table('register_version', schema='fpn')
