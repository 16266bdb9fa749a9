"""prohibitions.alcohol: drinking in breach of a PSPO is an offence under s.63, not s.67

Revision ID: fpn_0002
Revises: fpn_0001
Create Date: 2026-11-27 07:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = 'fpn_0002'
down_revision: Union[str, Sequence[str], None] = 'fpn_0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the flag; the alcohol prohibitions already loaded from the reference data are the ones with it."""
    with op.batch_alter_table('prohibitions', schema='fpn') as batch:
        batch.add_column(sa.Column('alcohol', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE fpn.prohibitions SET alcohol = true WHERE code LIKE '%alcohol%'")


def downgrade() -> None:
    with op.batch_alter_table('prohibitions', schema='fpn') as batch:
        batch.drop_column('alcohol')
