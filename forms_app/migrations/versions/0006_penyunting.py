"""The standards editor: the penyunting_standar role, editors' drafts, the queue of site builds;
and one row per uploaded paper-survey file, so that the same file is refused by the database.

- `staf.peran` may also be `penyunting_standar`.
- `draf_standar`: one editor's draft of one standard (unique per editor, kind and standard).
- `bangun_situs`: site builds requested by publishing, run one at a time.
- `survey_paper_batch`: the SHA-256 of each uploaded paper-survey file, unique; files stored
  before this migration are carried over from `survey_response.paper_batch`.
- Going down, an editor's account is kept but switched off (as `petugas`: the old roles).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'pengelola_pengaduan', 'petugas')
ROLES = ('admin', 'pengelola_pengaduan', 'petugas', 'penyunting_standar')
DRAFT_KINDS = ('unit', 'layanan', 'layanan_baru')
BUILD_STATUSES = ('menunggu', 'berjalan', 'berhasil', 'gagal')


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table('staf') as batch:
        batch.drop_constraint('peran', type_='check')
        batch.create_check_constraint('peran', _one_of('peran', ROLES))
    op.create_table(
        'draf_standar',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staf_id', sa.Integer(), nullable=False),
        sa.Column('jenis', sa.String(length=20), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=False),
        sa.Column('alamat', sa.String(length=201), nullable=False),
        sa.Column('asal_berkas', sa.String(length=400), nullable=False),
        sa.Column('asal_sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('dibuat', sa.DateTime(timezone=True), nullable=False),
        sa.Column('diubah', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_one_of('jenis', DRAFT_KINDS), name=op.f('ck_draf_standar_jenis')),
        sa.ForeignKeyConstraint(['staf_id'], ['staf.id'], name=op.f('fk_draf_standar_staf_id_staf'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_draf_standar')),
        sa.UniqueConstraint('staf_id', 'jenis', 'alamat', name=op.f('uq_draf_standar_staf_id')),
    )
    op.create_index(op.f('ix_draf_standar_staf_id'), 'draf_standar', ['staf_id'], unique=False)
    op.create_table(
        'bangun_situs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('diminta', sa.DateTime(timezone=True), nullable=False),
        sa.Column('diminta_oleh_id', sa.Integer(), nullable=True),
        sa.Column('alasan', sa.String(length=300), nullable=False),
        sa.Column('halaman', sa.String(length=400), nullable=True),
        sa.Column('mulai', sa.DateTime(timezone=True), nullable=True),
        sa.Column('selesai', sa.DateTime(timezone=True), nullable=True),
        sa.Column('tahap', sa.String(length=100), nullable=True),
        sa.Column('pesan', sa.Text(), nullable=True),
        sa.CheckConstraint(_one_of('status', BUILD_STATUSES), name=op.f('ck_bangun_situs_status')),
        sa.ForeignKeyConstraint(['diminta_oleh_id'], ['staf.id'], name=op.f('fk_bangun_situs_diminta_oleh_id_staf'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bangun_situs')),
    )
    op.create_index('ix_bangun_situs_status', 'bangun_situs', ['status'], unique=False)
    op.create_table(
        'survey_paper_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_paper_batch')),
        sa.UniqueConstraint('file_sha256', name=op.f('uq_survey_paper_batch_file_sha256')),
    )
    op.execute(
        "INSERT INTO survey_paper_batch (file_sha256, unit_id, uploaded_at) "
        "SELECT paper_batch, MIN(unit_id), CURRENT_TIMESTAMP FROM survey_response "
        "WHERE paper_batch IS NOT NULL GROUP BY paper_batch"
    )


def downgrade():
    op.drop_table('survey_paper_batch')
    op.drop_index('ix_bangun_situs_status', table_name='bangun_situs')
    op.drop_table('bangun_situs')
    op.drop_index(op.f('ix_draf_standar_staf_id'), table_name='draf_standar')
    op.drop_table('draf_standar')
    # an editor's account cannot keep a role the old schema does not know: kept, switched off
    op.execute("UPDATE staf SET peran = 'petugas', aktif = false WHERE peran = 'penyunting_standar'")
    with op.batch_alter_table('staf') as batch:
        batch.drop_constraint('peran', type_='check')
        batch.create_check_constraint('peran', _one_of('peran', OLD_ROLES))
