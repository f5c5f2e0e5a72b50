"""Each submission keeps the token of the draft it was made from (unique).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('pengajuan', sa.Column('draf_asal', sa.String(length=64), nullable=True))
    op.create_index('ix_pengajuan_draf_asal', 'pengajuan', ['draf_asal'], unique=True)


def downgrade():
    op.drop_index('ix_pengajuan_draf_asal', table_name='pengajuan')
    op.drop_column('pengajuan', 'draf_asal')
