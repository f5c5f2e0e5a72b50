"""The staff desk: staff accounts and sessions, the audit log, canned replies, leave days and
office settings; walk-in visits; channels, assignees, forwarding and closing reasons on cases.

- `ditolak` becomes `bukan_wewenang` (forwarded to whoever has authority, with their
  reference); a case already declined is carried over as forwarded, to no recorded party.
- Every old case came through the web form (`saluran = 'online'`), was entered by nobody on
  staff and handled by nobody yet; when it was first answered is not known.
- The audit log refuses UPDATE and DELETE on both databases.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OLD_STATUSES = ('diterima', 'diverifikasi', 'diproses', 'menunggu_pemohon', 'selesai', 'ditolak', 'ditutup')
STATUSES = ('diterima', 'diverifikasi', 'diproses', 'menunggu_pemohon', 'selesai', 'bukan_wewenang', 'ditutup')
OLD_KINDS = ('konsultasi', 'pengaduan')
KINDS = ('konsultasi', 'pengaduan', 'kunjungan')
CHANNELS = ('online', 'telepon', 'tatap_muka', 'kotak_saran', 'surel', 'surat')
ROLES = ('admin', 'pengelola_pengaduan', 'petugas')
NO_CHANGE = "jejak audit tidak dapat diubah atau dihapus"


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _staff_fk(batch, table, column):
    batch.create_foreign_key(f'fk_{table}_{column}_staf', 'staf', [column], ['id'])


def upgrade():
    op.create_table(
        'staf',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('nama', sa.String(length=100), nullable=False),
        sa.Column('peran', sa.String(length=20), nullable=False),
        sa.Column('sandi_hash', sa.String(length=255), nullable=False),
        sa.Column('sandi_diubah', sa.DateTime(timezone=True), nullable=False),
        sa.Column('totp_rahasia', sa.String(length=64), nullable=True),
        sa.Column('totp_aktif', sa.Boolean(), nullable=False),
        sa.Column('totp_langkah_terakhir', sa.Integer(), nullable=True),
        sa.Column('aktif', sa.Boolean(), nullable=False),
        sa.Column('dibuat', sa.DateTime(timezone=True), nullable=False),
        sa.Column('terakhir_masuk', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of('peran', ROLES), name=op.f('ck_staf_peran')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staf')),
        sa.UniqueConstraint('email', name=op.f('uq_staf_email')),
    )
    op.create_table(
        'staf_unit',
        sa.Column('staf_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['staf_id'], ['staf.id'], name=op.f('fk_staf_unit_staf_id_staf'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('staf_id', 'unit_id', name=op.f('pk_staf_unit')),
    )
    op.create_table(
        'sesi_staf',
        sa.Column('token_sha256', sa.String(length=64), nullable=False),
        sa.Column('staf_id', sa.Integer(), nullable=False),
        sa.Column('dibuat', sa.DateTime(timezone=True), nullable=False),
        sa.Column('terakhir_aktif', sa.DateTime(timezone=True), nullable=False),
        sa.Column('berakhir', sa.DateTime(timezone=True), nullable=True),
        sa.Column('alamat', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['staf_id'], ['staf.id'], name=op.f('fk_sesi_staf_staf_id_staf'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_sha256', name=op.f('pk_sesi_staf')),
    )
    op.create_index(op.f('ix_sesi_staf_staf_id'), 'sesi_staf', ['staf_id'], unique=False)
    op.create_table(
        'jejak_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('waktu', sa.DateTime(timezone=True), nullable=False),
        sa.Column('staf_id', sa.Integer(), nullable=True),
        sa.Column('staf_email', sa.String(length=254), nullable=True),
        sa.Column('aksi', sa.String(length=50), nullable=False),
        sa.Column('sasaran', sa.String(length=100), nullable=True),
        sa.Column('unit_id', sa.String(length=100), nullable=True),
        sa.Column('rincian', sa.JSON(), nullable=True),
        sa.Column('alamat', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['staf_id'], ['staf.id'], name=op.f('fk_jejak_audit_staf_id_staf')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jejak_audit')),
    )
    op.create_index(op.f('ix_jejak_audit_waktu'), 'jejak_audit', ['waktu'], unique=False)
    op.create_index(op.f('ix_jejak_audit_staf_id'), 'jejak_audit', ['staf_id'], unique=False)
    op.create_index('ix_jejak_audit_sasaran', 'jejak_audit', ['sasaran'], unique=False)
    op.create_table(
        'balasan_siap',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('judul', sa.String(length=100), nullable=False),
        sa.Column('isi', sa.Text(), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=True),
        sa.Column('aktif', sa.Boolean(), nullable=False),
        sa.Column('diubah', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_balasan_siap')),
    )
    op.create_table(
        'hari_cuti',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tanggal', sa.Date(), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=True),
        sa.Column('keterangan', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hari_cuti')),
    )
    op.create_index(op.f('ix_hari_cuti_tanggal'), 'hari_cuti', ['tanggal'], unique=False)
    op.create_table(
        'pengaturan',
        sa.Column('kunci', sa.String(length=60), nullable=False),
        sa.Column('nilai', sa.Text(), nullable=False),
        sa.Column('diubah', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('kunci', name=op.f('pk_pengaturan')),
    )

    with op.batch_alter_table('pengajuan') as batch:
        batch.drop_constraint('status', type_='check')
        batch.drop_constraint('jenis', type_='check')
    op.execute("UPDATE pengajuan SET status = 'bukan_wewenang' WHERE status = 'ditolak'")
    with op.batch_alter_table('pengajuan') as batch:
        batch.add_column(sa.Column('tenggat_bawaan', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column('saluran', sa.String(length=20), nullable=False, server_default='online'))
        batch.add_column(sa.Column('dicatat_oleh_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('petugas_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('tanggapan_pertama', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('diselesaikan_pada', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('diteruskan_kepada', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('nomor_rujukan', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('alasan_tutup', sa.String(length=200), nullable=True))
    with op.batch_alter_table('pengajuan') as batch:
        batch.alter_column('tenggat_bawaan', existing_type=sa.Boolean(), server_default=None)
        batch.alter_column('saluran', existing_type=sa.String(length=20), server_default=None)
        batch.create_check_constraint('status', _one_of('status', STATUSES))
        batch.create_check_constraint('jenis', _one_of('jenis', KINDS))
        batch.create_check_constraint('saluran', _one_of('saluran', CHANNELS))
        _staff_fk(batch, 'pengajuan', 'dicatat_oleh_id')
        _staff_fk(batch, 'pengajuan', 'petugas_id')
        batch.create_index('ix_pengajuan_unit_dibuat', ['unit_id', 'dibuat'], unique=False)
        batch.create_index('ix_pengajuan_petugas_id', ['petugas_id'], unique=False)
    op.execute("UPDATE pengajuan SET diselesaikan_pada = ditutup_pada WHERE status = 'selesai'")

    with op.batch_alter_table('riwayat_status') as batch:
        batch.drop_constraint('status', type_='check')
        batch.drop_constraint('dari_status', type_='check')
    op.execute("UPDATE riwayat_status SET status = 'bukan_wewenang' WHERE status = 'ditolak'")
    op.execute("UPDATE riwayat_status SET dari_status = 'bukan_wewenang' WHERE dari_status = 'ditolak'")
    with op.batch_alter_table('riwayat_status') as batch:
        batch.add_column(sa.Column('staf_id', sa.Integer(), nullable=True))
        batch.create_check_constraint('status', _one_of('status', STATUSES))
        batch.create_check_constraint('dari_status', _one_of('dari_status', STATUSES))
        _staff_fk(batch, 'riwayat_status', 'staf_id')
    with op.batch_alter_table('balasan') as batch:
        batch.add_column(sa.Column('staf_id', sa.Integer(), nullable=True))
        _staff_fk(batch, 'balasan', 'staf_id')

    op.create_table(
        'kunjungan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_antrean', sa.String(length=100), nullable=False),
        sa.Column('tanggal_antrean', sa.Date(), nullable=False),
        sa.Column('nomor_antrean', sa.Integer(), nullable=False),
        sa.Column('keperluan', sa.Text(), nullable=True),
        sa.Column('dipanggil_pada', sa.DateTime(timezone=True), nullable=True),
        sa.Column('dipanggil_oleh_id', sa.Integer(), nullable=True),
        sa.Column('loket', sa.String(length=40), nullable=True),
        sa.Column('hasil_layanan', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['id'], ['pengajuan.id'], name=op.f('fk_kunjungan_id_pengajuan'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['dipanggil_oleh_id'], ['staf.id'], name='fk_kunjungan_dipanggil_oleh_id_staf'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kunjungan')),
        sa.UniqueConstraint('unit_antrean', 'tanggal_antrean', 'nomor_antrean', name='uq_kunjungan_nomor'),
    )

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"""CREATE FUNCTION jejak_audit_tetap() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{NO_CHANGE}'; END; $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER jejak_audit_tetap BEFORE UPDATE OR DELETE ON jejak_audit "
                   "FOR EACH ROW EXECUTE FUNCTION jejak_audit_tetap()")
    else:
        for event in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER jejak_audit_tetap_{event.lower()} BEFORE {event} ON jejak_audit "
                       f"BEGIN SELECT RAISE(ABORT, '{NO_CHANGE}'); END")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER jejak_audit_tetap ON jejak_audit")
        op.execute("DROP FUNCTION jejak_audit_tetap()")
    else:
        for event in ('update', 'delete'):
            op.execute(f"DROP TRIGGER jejak_audit_tetap_{event}")
    op.execute("DELETE FROM pengajuan WHERE jenis = 'kunjungan'")
    op.drop_table('kunjungan')
    with op.batch_alter_table('balasan') as batch:
        batch.drop_constraint('fk_balasan_staf_id_staf', type_='foreignkey')
        batch.drop_column('staf_id')
    with op.batch_alter_table('riwayat_status') as batch:
        batch.drop_constraint('fk_riwayat_status_staf_id_staf', type_='foreignkey')
        batch.drop_constraint('status', type_='check')
        batch.drop_constraint('dari_status', type_='check')
        batch.drop_column('staf_id')
    op.execute("UPDATE riwayat_status SET status = 'ditolak' WHERE status = 'bukan_wewenang'")
    op.execute("UPDATE riwayat_status SET dari_status = 'ditolak' WHERE dari_status = 'bukan_wewenang'")
    with op.batch_alter_table('riwayat_status') as batch:
        batch.create_check_constraint('status', _one_of('status', OLD_STATUSES))
        batch.create_check_constraint('dari_status', _one_of('dari_status', OLD_STATUSES))
    with op.batch_alter_table('pengajuan') as batch:
        batch.drop_index('ix_pengajuan_petugas_id')
        batch.drop_index('ix_pengajuan_unit_dibuat')
        batch.drop_constraint('fk_pengajuan_petugas_id_staf', type_='foreignkey')
        batch.drop_constraint('fk_pengajuan_dicatat_oleh_id_staf', type_='foreignkey')
        batch.drop_constraint('saluran', type_='check')
        batch.drop_constraint('jenis', type_='check')
        batch.drop_constraint('status', type_='check')
        for column in ('alasan_tutup', 'nomor_rujukan', 'diteruskan_kepada', 'diselesaikan_pada',
                       'tanggapan_pertama', 'petugas_id', 'dicatat_oleh_id', 'saluran', 'tenggat_bawaan'):
            batch.drop_column(column)
    op.execute("UPDATE pengajuan SET status = 'ditolak' WHERE status = 'bukan_wewenang'")
    with op.batch_alter_table('pengajuan') as batch:
        batch.create_check_constraint('status', _one_of('status', OLD_STATUSES))
        batch.create_check_constraint('jenis', _one_of('jenis', OLD_KINDS))
    for table in ('pengaturan', 'hari_cuti', 'balasan_siap', 'jejak_audit', 'sesi_staf', 'staf_unit', 'staf'):
        op.drop_table(table)
