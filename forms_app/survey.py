"""The satisfaction survey (SKM): a one-time link for each finished case, and its answer.

When a consultation, complaint or walk-in visit becomes *selesai*, `invite` adds its invitation in
the same transaction as the status change (`forms_app.cases`); a case gets one, ever. The link
reaches the citizen in the finishing mail, on the status page of the tracking code (while unused
and unexpired) and, after a walk-in visit, on the visitor's own ticket page on the office tablet.

The token. Only its SHA-256 is stored, and the link carries the token. The token is
HMAC-SHA256(SECRET_KEY, "survei-skm:" + tracking code), URL-safe base64, 256 bits: the status
page, which knows the case because the citizen posted its tracking code, must show the same link
again, and a random token that is stored nowhere could not be shown twice. The database alone
does not give the token (it needs the secret key); whoever holds the tracking code may already
read the case, so the link reveals nothing more. Should the secret key change, links already
sent still work (the stored hash is looked up) and the status page no longer shows one.

Answers are anonymous: a `SurveyResponse` has no name or contact, only the answers, an optional
comment and the optional profile groups; the only way back to a person is the invitation, which
leads to the case. Reports count responses; they never join them to cases.

`redeem` stores an answer at most once per link: it marks the invitation used with one
conditional UPDATE (`used_at IS NULL AND expires_at > now`) and inserts the response in the same
transaction only when that UPDATE changed one row; two submissions at the same moment store one.

Domain logic only: no `flask.request` here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field

from flask import current_app, has_request_context, url_for
from sqlalchemy.exc import IntegrityError

from forms_app import standards
from forms_app.extensions import db
from forms_app.lifecycle import Kind, Status
from forms_app.models import Submission, utcnow
from forms_app.survey_models import COMMENT_MAX, ELEMENTS, PROFILE, Source, SurveyInvitation, SurveyResponse
from layanan.kalender import zone

LINK_DAYS = 30  # SURVEY_LINK_DAYS, when the configuration does not set it
SURVEYED_KINDS = (Kind.konsultasi, Kind.pengaduan, Kind.kunjungan)
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


class LinkUnknown(LookupError):
    """No invitation has this token."""


class LinkUsed(LookupError):
    """The link was answered already."""


class LinkExpired(LookupError):
    """The link is past its time."""


@dataclass
class Answers:
    """What a respondent gave: U1..U9 (1–4, or None for no answer), comment, profile groups."""

    scores: list[int | None]
    comment: str | None = None
    profile: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.scores) != len(ELEMENTS):
            raise ValueError("nine answers, U1..U9")
        if any(score is not None and score not in (1, 2, 3, 4) for score in self.scores):
            raise ValueError("each answer is 1–4 or None")
        if all(score is None for score in self.scores):
            raise ValueError("at least one element answered")
        if self.comment is not None and len(self.comment) > COMMENT_MAX:
            raise ValueError("comment too long")
        for name, value in self.profile.items():
            if name not in PROFILE or (value is not None and value not in dict(PROFILE[name])):
                raise ValueError(f"profile {name}={value!r}")


def token_for(case: Submission) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"survei-skm:" + case.kode.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_days() -> int:
    return int(current_app.config.get("SURVEY_LINK_DAYS", LINK_DAYS))


def invite(case: Submission, now: dt.datetime) -> SurveyInvitation | None:
    """The case's invitation, added to the caller's transaction when the case has none yet;
    None when it already has one (a case reopened and finished again is not asked twice)."""
    if case.jenis not in SURVEYED_KINDS:
        return None
    if case.id is not None and invitation_of(case) is not None:
        return None
    if case.id is None:
        db.session.flush()
    invitation = SurveyInvitation(
        token_hash=hash_token(token_for(case)), submission_id=case.id, unit_id=case.unit_id,
        service_id=case.layanan_id, kind=case.jenis, channel=case.saluran, created_at=now,
        expires_at=now + dt.timedelta(days=link_days()), used_at=None)
    db.session.add(invitation)
    return invitation


def invitation_of(case: Submission) -> SurveyInvitation | None:
    return db.session.scalar(db.select(SurveyInvitation).where(SurveyInvitation.submission_id == case.id))


def open_invitation(case: Submission, now: dt.datetime | None = None) -> SurveyInvitation | None:
    """The case's invitation while it can still be answered; else None."""
    invitation = invitation_of(case)
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= (now or utcnow()):
        return None
    if invitation.token_hash != hash_token(token_for(case)):
        return None  # the secret key changed since: the link cannot be given again
    return invitation


def link(case: Submission, now: dt.datetime | None = None, *, absolute: bool = True) -> str | None:
    """The survey's address for an open invitation of `case`: for a mail (`absolute`), under
    PUBLIC_BASE_URL when configured, else the current request's host, else the path; for a page
    of this site, the path."""
    if open_invitation(case, now) is None:
        return None
    path = f"/survei/{token_for(case)}/"
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not absolute:
        return path
    if base:
        return base.rstrip("/") + path
    if has_request_context():
        return url_for("survey_area.answer", token=token_for(case), _external=True)
    return path


@dataclass(frozen=True)
class MailLink:
    """What the finishing mail says about the survey: its address, or (no address known: no
    PUBLIC_BASE_URL and no request) that the status page has the link."""

    url: str | None


def mail_link(case: Submission, new: Status, now: dt.datetime) -> MailLink | None:
    """For the mail that tells the citizen the case is finished; None for any other mail."""
    if new is not Status.selesai or open_invitation(case, now) is None:
        return None
    url = link(case, now)
    return MailLink(url if url and url.startswith(("http://", "https://")) else None)


def find(token: str, now: dt.datetime | None = None) -> SurveyInvitation:
    """The open invitation of `token`; raises LinkUnknown, LinkUsed or LinkExpired."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.match(token):
        raise LinkUnknown(token)
    invitation = db.session.scalar(db.select(SurveyInvitation).where(SurveyInvitation.token_hash == hash_token(token)))
    check_open(invitation, now)
    return invitation


def check_open(invitation: SurveyInvitation | None, now: dt.datetime | None = None) -> None:
    """Raises LinkUnknown (None), LinkUsed or LinkExpired unless `invitation` can be answered."""
    _check(invitation, now or utcnow())


def _check(invitation: SurveyInvitation | None, now: dt.datetime) -> None:
    if invitation is None:
        raise LinkUnknown()
    if invitation.used_at is not None:
        raise LinkUsed()
    if invitation.expires_at <= now:
        raise LinkExpired()


def local_date(unit_id: str, now: dt.datetime) -> dt.date:
    """The unit's own date at `now` (periods are counted in the unit's time zone)."""
    entry = standards.catalog().units.get(unit_id)
    return now.astimezone(zone(entry.unit.zona_waktu) if entry else dt.timezone.utc).date()


def redeem(invitation_id: int, answers: Answers, now: dt.datetime | None = None) -> SurveyResponse:
    """Store `answers` for the invitation and mark it used, at most once; commits.

    Raises LinkUsed or LinkExpired (and stores nothing) when the link was answered meanwhile, by
    another request at the same moment too, or ran out."""
    now = now or utcnow()
    table = SurveyInvitation.__table__
    try:
        changed = db.session.execute(
            table.update()
            .where(table.c.id == invitation_id, table.c.used_at.is_(None), table.c.expires_at > now)
            .values(used_at=now)).rowcount
        if changed != 1:
            db.session.rollback()
            _check(db.session.get(SurveyInvitation, invitation_id, populate_existing=True), now)
            raise LinkUsed()  # checked as open, yet not changed: answered at this very moment
        invitation = db.session.get(SurveyInvitation, invitation_id, populate_existing=True)
        response = SurveyResponse(
            invitation_id=invitation.id, source=Source.daring, unit_id=invitation.unit_id,
            service_id=invitation.service_id, kind=invitation.kind, answered_on=local_date(invitation.unit_id, now),
            comment=(answers.comment or "").strip() or None,
            **dict(zip(ELEMENTS, answers.scores)),
            **{name: answers.profile.get(name) or None for name in PROFILE})
        db.session.add(response)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LinkUsed() from None
    except Exception:
        db.session.rollback()
        raise
    return response
