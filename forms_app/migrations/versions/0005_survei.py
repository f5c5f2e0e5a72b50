"""The satisfaction survey (SKM): one-time invitations of finished cases, and anonymous answers.

- `survey_invitation`: one per finished case (unique `submission_id`), only the SHA-256 of its
  token; deleted with its case.
- `survey_response`: U1–U9 each 1–4 or blank, an optional comment, the optional respondent
  profile; no name or contact. `invitation_id` is unique (one answer per link) and NULL for
  paper answers; it is set to NULL when the invitation goes with its case.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

KINDS = ('konsultasi', 'pengaduan', 'kunjungan')
CHANNELS = ('online', 'telepon', 'tatap_muka', 'kotak_saran', 'surel', 'surat')
SOURCES = ('daring', 'kertas')
ELEMENTS = tuple(f'u{number}' for number in range(1, 10))
COMMENT_MAX = 1000
PROFILE = {
    'gender': ('laki_laki', 'perempuan'),
    'age_group': ('sampai_20', '21_30', '31_40', '41_50', '51_lebih'),
    'education': ('sd', 'smp', 'sma', 'd1_d3', 'd4_s1', 's2', 's3'),
    'occupation': ('pns', 'tni_polri', 'swasta', 'wirausaha', 'pelajar', 'lainnya'),
}


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        'survey_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=False),
        sa.Column('service_id', sa.String(length=100), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of('kind', KINDS), name=op.f('ck_survey_invitation_kind')),
        sa.CheckConstraint(_one_of('channel', CHANNELS), name=op.f('ck_survey_invitation_channel')),
        sa.ForeignKeyConstraint(['submission_id'], ['pengajuan.id'],
                                name=op.f('fk_survey_invitation_submission_id_pengajuan'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_invitation')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_survey_invitation_token_hash')),
        sa.UniqueConstraint('submission_id', name=op.f('uq_survey_invitation_submission_id')),
    )
    op.create_table(
        'survey_response',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('unit_id', sa.String(length=100), nullable=False),
        sa.Column('service_id', sa.String(length=100), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=True),
        sa.Column('answered_on', sa.Date(), nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=True) for name in ELEMENTS),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('gender', sa.String(length=20), nullable=True),
        sa.Column('age_group', sa.String(length=20), nullable=True),
        sa.Column('education', sa.String(length=20), nullable=True),
        sa.Column('occupation', sa.String(length=20), nullable=True),
        sa.Column('paper_batch', sa.String(length=100), nullable=True),
        sa.CheckConstraint(_one_of('source', SOURCES), name=op.f('ck_survey_response_source')),
        sa.CheckConstraint(_one_of('kind', KINDS), name=op.f('ck_survey_response_kind')),
        *(sa.CheckConstraint(f'{name} BETWEEN 1 AND 4', name=op.f(f'ck_survey_response_{name}'))
          for name in ELEMENTS),
        sa.CheckConstraint(f'comment IS NULL OR length(comment) <= {COMMENT_MAX}',
                           name=op.f('ck_survey_response_comment')),
        *(sa.CheckConstraint(_one_of(name, values), name=op.f(f'ck_survey_response_{name}'))
          for name, values in PROFILE.items()),
        sa.CheckConstraint("source = 'daring' OR invitation_id IS NULL",
                           name=op.f('ck_survey_response_invitation')),
        sa.ForeignKeyConstraint(['invitation_id'], ['survey_invitation.id'],
                                name=op.f('fk_survey_response_invitation_id_survey_invitation'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
        sa.UniqueConstraint('invitation_id', name=op.f('uq_survey_response_invitation_id')),
    )
    op.create_index(op.f('ix_survey_response_unit_id'), 'survey_response', ['unit_id'], unique=False)
    op.create_index(op.f('ix_survey_response_answered_on'), 'survey_response', ['answered_on'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_survey_response_answered_on'), table_name='survey_response')
    op.drop_index(op.f('ix_survey_response_unit_id'), table_name='survey_response')
    op.drop_table('survey_response')
    op.drop_table('survey_invitation')
