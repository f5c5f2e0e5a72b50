"""The satisfaction survey (SKM) as the staff desk shows it: one unit, one period, one service or all.

Plain functions inside an app context; no request. The index is `layanan.skm.hitung` of the period's
responses (online and paper together), never computed another way. Periods and the service users (N for
Krejcie–Morgan) are counted as in the published file (`forms_app.performance_export`): a response
belongs to the period of `answered_on`, N = the period's cases of the unit (and service) that reached
*selesai*. Unlike the published file there is no minimum number of respondents: staff see their own
figures, with "belum representatif" when fewer than the sample size.

`store_paper(...)` writes a validated paper-survey file (read by `layanan.skm_cli.read_survey`, the
parser of `layanan skm hitung`) as `SurveyResponse(source="kertas")` rows in one transaction, after the
file's `SurveyPaperBatch` row: its unique SHA-256 lets the database refuse the same file twice, also when
two uploads arrive at the same moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import click
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forms_app import performance_export, reports
from forms_app.extensions import db
from forms_app.lifecycle import Status
from forms_app.survey_models import ELEMENTS, PROFILE, Source, SurveyPaperBatch, SurveyResponse
from layanan import skm
from layanan.skm_cli import decode_csv, read_survey

PERIOD_KINDS = performance_export.PERIOD_KINDS
TREND_PERIODS = 4
CSV_HEADER = ("sumber", "tanggal", "layanan", *(u.kode for u in skm.UNSUR),
              "jenis_kelamin", "kelompok_usia", "pendidikan", "pekerjaan")
SOURCE_LABELS = {Source.daring: "Daring", Source.kertas: "Kertas"}


class PaperError(ValueError):
    """A paper-survey file that is not stored; the message (Indonesian) says what to fix."""


@dataclass(frozen=True)
class Summary:
    unit_id: str
    service_id: str | None
    jenis: str
    period: reports.Period
    online: int
    paper: int
    result: skm.Result | None
    problem: str | None          # why there is no index (Indonesian), when result is None
    population: int              # N: service users of the period
    sample: int                  # Krejcie–Morgan minimum for N
    comments: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.online + self.paper

    @property
    def representative(self) -> bool:
        return self.population > 0 and (self.result.responden if self.result else 0) >= self.sample


def kind_of(period: reports.Period) -> str:
    """triwulan, semester or tahun, from the period's code."""
    if re.fullmatch(r"\d{4}-T[1-4]", period.code):
        return "triwulan"
    if re.fullmatch(r"\d{4}-S[12]", period.code):
        return "semester"
    if re.fullmatch(r"\d{4}", period.code):
        return "tahun"
    raise ValueError(f"periode survei hanya triwulan, semester atau tahun: {period.code!r}")


def period_choices(this_year: int, years: int = 5) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods offered on the page, newest year first: the year, its semesters, its quarters."""
    groups = []
    for number in range(this_year, this_year - years, -1):
        groups.append((str(number), [(p.code, p.label) for _, p in
                                     performance_export.periods_of_year(number, ("tahun", "semester", "triwulan"))]))
    return groups


def previous(period: reports.Period) -> reports.Period:
    """The period of the same kind just before `period`."""
    jenis, year = kind_of(period), period.first.year
    if jenis == "tahun":
        return reports.year(year - 1)
    if jenis == "semester":
        half = 1 if period.first.month <= 6 else 2
        return reports.semester(year, 1) if half == 2 else reports.semester(year - 1, 2)
    q = (period.first.month - 1) // 3 + 1
    return reports.quarter(year, q - 1) if q > 1 else reports.quarter(year - 1, 4)


def _responses(unit_id: str, period: reports.Period, service_id: str | None) -> list[SurveyResponse]:
    query = (select(SurveyResponse)
             .where(SurveyResponse.unit_id == unit_id, SurveyResponse.answered_on >= period.first,
                    SurveyResponse.answered_on <= period.last)
             .order_by(SurveyResponse.answered_on, SurveyResponse.id))
    if service_id:
        query = query.where(SurveyResponse.service_id == service_id)
    return list(db.session.scalars(query))


def _population(unit_id: str, period: reports.Period, service_id: str | None) -> int:
    cases = performance_export.period_cases(unit_id, period, reports.unit_zone(unit_id))
    return sum(1 for c in cases if c.status is Status.selesai and (not service_id or c.service_id == service_id))


def summary(unit_id: str, period: reports.Period, service_id: str | None = None) -> Summary:
    responses = _responses(unit_id, period, service_id)
    answers = [r.answers() for r in responses if any(a is not None for a in r.answers())]
    result, problem = None, None
    try:
        result = skm.hitung(answers)
    except skm.SKMError as exc:
        problem = str(exc)
    population = _population(unit_id, period, service_id)
    return Summary(
        unit_id=unit_id, service_id=service_id, jenis=kind_of(period), period=period,
        online=sum(1 for r in responses if r.source is Source.daring),
        paper=sum(1 for r in responses if r.source is Source.kertas),
        result=result, problem=problem, population=population, sample=skm.sample_size(population),
        comments=[(r.answered_on, r.comment) for r in responses if r.comment and r.comment.strip()])


def trend(unit_id: str, period: reports.Period, service_id: str | None = None,
          count: int = TREND_PERIODS) -> list[Summary]:
    """The summaries of `count` periods of the same kind, ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(previous(periods[-1]))
    return [summary(unit_id, p, service_id) for p in reversed(periods)]


def csv_rows(unit_id: str, period: reports.Period, service_id: str | None = None) -> list[tuple[str, ...]]:
    """One row per response: source, date, service, U1..U9, profile. No comment (free text may name
    someone), no invitation, no id: nothing that leads to a case or a person."""
    rows = []
    for response in _responses(unit_id, period, service_id):
        rows.append((response.source.value, response.answered_on.isoformat(), response.service_id or "",
                     *("" if a is None else str(a) for a in response.answers()),
                     *(getattr(response, name) or "" for name in PROFILE)))
    return rows


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_paper(data: bytes, *, unit_id: str, service_id: str | None, answered_on: dt.date) -> tuple[str, int]:
    """Validate the whole file, then add its batch row and its respondents (flushed, not committed);
    (batch id, respondents).

    Raises PaperError when the file has any problem or was stored before; the caller then rolls the
    session back, and nothing of the file is stored. "Stored before" is the database's answer, not a
    lookup: the batch row goes in first, and its unique SHA-256 makes a second insert of the same file
    fail (an upload that is still running makes the other wait for its end, then fail)."""
    batch = file_hash(data)
    try:
        survey = read_survey(decode_csv(data))
    except click.ClickException as exc:
        raise PaperError(exc.message[:1].upper() + exc.message[1:]) from None
    db.session.add(SurveyPaperBatch(file_sha256=batch, unit_id=unit_id))
    try:
        db.session.flush()
    except IntegrityError:
        raise PaperError("File yang sama persis sudah pernah diunggah, jadi tidak disimpan lagi. Bila ini survei "
                         "yang lain, periksa isinya; bila sama, jawabannya sudah dihitung.") from None
    for answers in survey.responses:
        db.session.add(SurveyResponse(source=Source.kertas, unit_id=unit_id, service_id=service_id or None,
                                      answered_on=answered_on, paper_batch=batch,
                                      **dict(zip(ELEMENTS, answers, strict=True))))
    db.session.flush()
    return batch, len(survey.responses)
