"""Cases with a lifecycle and stored deadlines; contacts in their own row; mail that can be given up.

- Status, kind and identity become checked vocabularies.
- Each case stores when its clock started, its due time with its stages (`tenggat`), the
  SHA-256 of the standard file that promised it, when it was last closed, and when it last changed.
- Contact details move to `kontak` (one row per case; erasing them is deleting that row).
- History rows say from which status, who, and whether the note is public.
- Outbox rows can lose their address (erased) and be given up (`gagal_pada`); they are deleted
  with their case.

Old rows are carried over as they are known, nothing invented: a case's clock started when it
was sent; its due time and the version of the standard that promised it were never stored, so
they stay empty (the desk shows "tidak tercatat"); a case already answered or closed counts as
closed when its last history row says so; history rows were written by the system at
reception, and a note on them is internal until staff make it public.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

STATUSES = ('diterima', 'diverifikasi', 'diproses', 'menunggu_pemohon', 'selesai', 'ditolak', 'ditutup')
KINDS = ('konsultasi', 'pengaduan')
IDENTITIES = ('biasa', 'rahasia', 'anonim')
CLOSING = ('selesai', 'ditolak', 'ditutup')


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        'kontak',
        sa.Column('pengajuan_id', sa.Integer(), nullable=False),
        sa.Column('nama', sa.String(length=100), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('telepon', sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(['pengajuan_id'], ['pengajuan.id'], name=op.f('fk_kontak_pengajuan_id_pengajuan'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('pengajuan_id', name=op.f('pk_kontak')),
    )
    op.create_table(
        'tenggat',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pengajuan_id', sa.Integer(), nullable=False),
        sa.Column('urutan', sa.Integer(), nullable=False),
        sa.Column('tahap', sa.String(length=200), nullable=False),
        sa.Column('janji', sa.String(length=50), nullable=True),
        sa.Column('keterangan', sa.Text(), nullable=True),
        sa.Column('alasan_tidak_diketahui', sa.Text(), nullable=True),
        sa.Column('jatuh_tempo', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['pengajuan_id'], ['pengajuan.id'], name=op.f('fk_tenggat_pengajuan_id_pengajuan'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tenggat')),
    )
    op.create_index(op.f('ix_tenggat_pengajuan_id'), 'tenggat', ['pengajuan_id'], unique=False)

    op.execute("INSERT INTO kontak (pengajuan_id, nama, email, telepon) "
               "SELECT id, nama, email, telepon FROM pengajuan WHERE nama IS NOT NULL")

    with op.batch_alter_table('pengajuan') as batch:
        batch.add_column(sa.Column('diperbarui', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('jam_mulai', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('jatuh_tempo', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('standar_sha256', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('ditutup_pada', sa.DateTime(timezone=True), nullable=True))
        batch.drop_column('nama')
        batch.drop_column('email')
        batch.drop_column('telepon')
    op.execute("UPDATE pengajuan SET jam_mulai = dibuat, diperbarui = COALESCE("
               "(SELECT MAX(r.waktu) FROM riwayat_status r WHERE r.pengajuan_id = pengajuan.id), dibuat)")
    op.execute(f"UPDATE pengajuan SET ditutup_pada = (SELECT MAX(r.waktu) FROM riwayat_status r "
               f"WHERE r.pengajuan_id = pengajuan.id AND r.status = pengajuan.status) "
               f"WHERE {_one_of('status', CLOSING)}")
    with op.batch_alter_table('pengajuan') as batch:
        batch.alter_column('diperbarui', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column('jam_mulai', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column('identitas', existing_type=sa.String(length=10), type_=sa.String(length=20),
                           existing_nullable=False)
        batch.create_check_constraint('jenis', _one_of('jenis', KINDS))
        batch.create_check_constraint('status', _one_of('status', STATUSES))
        batch.create_check_constraint('identitas', _one_of('identitas', IDENTITIES))
        batch.create_index('ix_pengajuan_kotak_masuk', ['unit_id', 'status', 'jatuh_tempo'], unique=False)
        batch.create_index('ix_pengajuan_ditutup_pada', ['ditutup_pada'], unique=False)

    with op.batch_alter_table('riwayat_status') as batch:
        batch.add_column(sa.Column('dari_status', sa.String(length=20), nullable=True))
        batch.add_column(sa.Column('pelaku', sa.String(length=100), nullable=False, server_default='sistem'))
        batch.add_column(sa.Column('catatan_publik', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('riwayat_status') as batch:
        batch.alter_column('pelaku', existing_type=sa.String(length=100), server_default=None)
        batch.alter_column('catatan_publik', existing_type=sa.Boolean(), server_default=None)
        batch.create_check_constraint('status', _one_of('status', STATUSES))
        batch.create_check_constraint('dari_status', _one_of('dari_status', STATUSES))

    with op.batch_alter_table('kotak_keluar') as batch:
        batch.alter_column('kepada', existing_type=sa.String(length=254), nullable=True)
        batch.add_column(sa.Column('gagal_pada', sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint('fk_kotak_keluar_pengajuan_id_pengajuan', type_='foreignkey')
        batch.create_foreign_key('fk_kotak_keluar_pengajuan_id_pengajuan', 'pengajuan', ['pengajuan_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_index('ix_kotak_keluar_pengajuan_id', ['pengajuan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('kotak_keluar') as batch:
        batch.drop_index('ix_kotak_keluar_pengajuan_id')
        batch.drop_constraint('fk_kotak_keluar_pengajuan_id_pengajuan', type_='foreignkey')
        batch.create_foreign_key('fk_kotak_keluar_pengajuan_id_pengajuan', 'pengajuan', ['pengajuan_id'], ['id'],
                                 ondelete='SET NULL')
        batch.drop_column('gagal_pada')
    op.execute("DELETE FROM kotak_keluar WHERE kepada IS NULL")
    with op.batch_alter_table('kotak_keluar') as batch:
        batch.alter_column('kepada', existing_type=sa.String(length=254), nullable=False)

    with op.batch_alter_table('riwayat_status') as batch:
        batch.drop_constraint(op.f('ck_riwayat_status_status'), type_='check')
        batch.drop_constraint(op.f('ck_riwayat_status_dari_status'), type_='check')
        batch.drop_column('catatan_publik')
        batch.drop_column('pelaku')
        batch.drop_column('dari_status')

    with op.batch_alter_table('pengajuan') as batch:
        batch.drop_index('ix_pengajuan_ditutup_pada')
        batch.drop_index('ix_pengajuan_kotak_masuk')
        batch.drop_constraint(op.f('ck_pengajuan_jenis'), type_='check')
        batch.drop_constraint(op.f('ck_pengajuan_status'), type_='check')
        batch.drop_constraint(op.f('ck_pengajuan_identitas'), type_='check')
        batch.add_column(sa.Column('nama', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('telepon', sa.String(length=30), nullable=True))
    op.execute("UPDATE pengajuan SET nama = (SELECT k.nama FROM kontak k WHERE k.pengajuan_id = pengajuan.id), "
               "email = (SELECT k.email FROM kontak k WHERE k.pengajuan_id = pengajuan.id), "
               "telepon = (SELECT k.telepon FROM kontak k WHERE k.pengajuan_id = pengajuan.id)")
    with op.batch_alter_table('pengajuan') as batch:
        batch.alter_column('identitas', existing_type=sa.String(length=20), type_=sa.String(length=10),
                           existing_nullable=False)
        batch.drop_column('ditutup_pada')
        batch.drop_column('standar_sha256')
        batch.drop_column('jatuh_tempo')
        batch.drop_column('jam_mulai')
        batch.drop_column('diperbarui')

    op.drop_index(op.f('ix_tenggat_pengajuan_id'), table_name='tenggat')
    op.drop_table('tenggat')
    op.drop_table('kontak')
