"""What the satisfaction survey (SKM, Permenpan RB 14/2017) stores: invitations and answers.

A `SurveyInvitation` is the one-time link a finished case (consultation, complaint or walk-in
visit) gets: one per case. Only the SHA-256 of its token is stored; the token itself is in the
link (mail, status page, the office tablet) and nowhere else (`forms_app.survey`).

A `SurveyResponse` is one respondent's answers: U1–U9 from 1 (worst) to 4 (best), a blank being
a missing answer to that element, an optional comment and an optional respondent profile
(gender, age group, education, occupation: the fixed groups SKM reports count). It holds no
name, email, telephone or any other contact, and nothing that leads back to the person except
`invitation_id` (the link it came through, which leads to the case): it is the raw material of
anonymous aggregates. Paper answers (`source = 'kertas'`) have no invitation at all.

All times are stored in UTC; `answered_on` is the unit's local date, for periods.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forms_app.extensions import db
from forms_app.lifecycle import Channel, Kind
from forms_app.models import UtcDateTime, utcnow, vocabulary

ELEMENTS = tuple(f"u{number}" for number in range(1, 10))
COMMENT_MAX = 1000


class Source(str, Enum):
    daring = "daring"   # answered through a survey link
    kertas = "kertas"   # a paper form, entered or uploaded by staff


# The respondent profile of SKM reports: (stored value, label). Each is optional.
GENDERS = (("laki_laki", "Laki-laki"), ("perempuan", "Perempuan"))
AGE_GROUPS = (("sampai_20", "20 tahun atau kurang"), ("21_30", "21–30 tahun"), ("31_40", "31–40 tahun"),
              ("41_50", "41–50 tahun"), ("51_lebih", "51 tahun atau lebih"))
EDUCATIONS = (("sd", "SD atau sederajat"), ("smp", "SMP atau sederajat"), ("sma", "SMA atau sederajat"),
              ("d1_d3", "D1–D3"), ("d4_s1", "D4/S1"), ("s2", "S2"), ("s3", "S3"))
OCCUPATIONS = (("pns", "PNS/ASN"), ("tni_polri", "TNI/Polri"), ("swasta", "Pegawai swasta"),
               ("wirausaha", "Wirausaha"), ("pelajar", "Pelajar/Mahasiswa"), ("lainnya", "Lainnya"))
PROFILE = {"gender": GENDERS, "age_group": AGE_GROUPS, "education": EDUCATIONS, "occupation": OCCUPATIONS}


def one_of(column: str, values) -> str:  # noqa: ANN001
    """The CHECK text that keeps `column` to `values` (NULL allowed)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class SurveyInvitation(db.Model):
    """The one-time survey link of one finished case; used once (`used_at`), before `expires_at`."""

    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("pengajuan.id", ondelete="CASCADE"), unique=True)
    unit_id: Mapped[str] = mapped_column(String(100))
    service_id: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[Kind] = mapped_column(vocabulary(Kind, "kind"))
    channel: Mapped[Channel] = mapped_column(vocabulary(Channel, "channel"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class SurveyResponse(db.Model):
    """One respondent's answers; anonymous (see the module's docstring)."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitation.id", ondelete="SET NULL"), unique=True)
    source: Mapped[Source] = mapped_column(vocabulary(Source, "source"))
    unit_id: Mapped[str] = mapped_column(String(100), index=True)
    service_id: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[Kind | None] = mapped_column(vocabulary(Kind, "kind"))
    answered_on: Mapped[dt.date] = mapped_column(index=True)
    u1: Mapped[int | None] = mapped_column(SmallInteger)
    u2: Mapped[int | None] = mapped_column(SmallInteger)
    u3: Mapped[int | None] = mapped_column(SmallInteger)
    u4: Mapped[int | None] = mapped_column(SmallInteger)
    u5: Mapped[int | None] = mapped_column(SmallInteger)
    u6: Mapped[int | None] = mapped_column(SmallInteger)
    u7: Mapped[int | None] = mapped_column(SmallInteger)
    u8: Mapped[int | None] = mapped_column(SmallInteger)
    u9: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(20))
    age_group: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(20))
    occupation: Mapped[str | None] = mapped_column(String(20))
    paper_batch: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (
        *(CheckConstraint(f"{name} BETWEEN 1 AND 4", name=name) for name in ELEMENTS),
        CheckConstraint(f"comment IS NULL OR length(comment) <= {COMMENT_MAX}", name="comment"),
        *(CheckConstraint(one_of(name, [value for value, _ in values]), name=name)
          for name, values in PROFILE.items()),
        CheckConstraint("source = 'daring' OR invitation_id IS NULL", name="invitation"),
    )

    def answers(self) -> list[int | None]:
        return [getattr(self, name) for name in ELEMENTS]


class SurveyPaperBatch(db.Model):
    """One uploaded file of paper surveys, by the SHA-256 of its bytes: the same file is stored once
    (the unique hash refuses a second upload, also two at the same moment)."""

    __tablename__ = "survey_paper_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
