"""The published performance of a unit ("Kinerja Layanan"), computed from the case database.

`export(unit_id, …)` returns a `layanan.kinerja.DataKinerja`: the anonymous aggregates that
`layanan build` renders from `standard/kinerja/<unit>.json`; `write(…)` validates and writes that file
atomically. Plain functions inside an app context (the database and the catalog of standards the app
serves); no request.

What is counted, per period (quarter, semester, year: the unit's own days, in its time zone) for the
unit and for each of its services in the catalog:

* a case (consultation, complaint, walk-in visit) belongs to the period in which it was received
  (`dibuat`), as in the staff reports (`forms_app.reports`); a survey response to the period of
  `answered_on` (the unit's local date), online and paper answers together;
* `skm`: per element the answers 1, 2, 3, 4 of the period's responses, and the index computed by
  `layanan.skm.hitung` (never another way). It is `null` when there is no respondent, when an
  element was answered by no one (the regulation defines no index then), or when fewer respondents than
  `minimum_respondents` (default 5) answered: a group of one or two would publish what that person
  answered. The unit's own block still counts every response;
* subtraction: the answer counts add up (a semester is its quarters, the unit its services), so a result
  that reaches the minimum is left out too when, together with the others published, it would give away
  a group below the minimum (the semester and its first quarter give the second); see
  `shielded_surveys`;
* `skm_tanpa_indeks`: why `skm` is `null` although the group had respondents, so that the page does not
  say there were none: `responden_di_bawah_minimum` with the `minimum_responden` (the number of
  respondents is not written), `melindungi_kelompok_kecil` (left out for the subtraction above, with the
  minimum), or `unsur_tanpa_jawaban`; left out when there was no respondent;
* `populasi`: the service users of the period, for Krejcie–Morgan — cases received in the period that
  reached *selesai* (consultations, complaints and walk-in visits: the cases that get a survey link);
  `sampel_minimum` = `skm.sample_size(populasi)`; both left out when there were none;
* `tepat_waktu[jenis]`: `selesai` = cases received in the period that were handled and closed
  (*selesai* or *bukan wewenang*) and have the published standard's due time; `tepat_waktu` = those
  closed (`ditutup_pada`) at or before it — the same judgement as the staff reports. Cases without a due
  time, or whose due time is the office's default (the standard publishes none), are not judged here;
* `median_tanggapan_menit[jenis]`: median, in whole minutes rounded down, of first public response −
  received for consultations and complaints, and of called − arrived (the wait) for walk-in visits;
  `null` when no case of that kind has the measure yet; the kind is absent when it had no case;
* `pengaduan`: the period's complaints of the unit by aspect (forms_app ASPECTS keys) and by current
  status (lifecycle.Status), the kinds with none left out; both sum to the number of complaints.

Only ended periods are written: a quarter, semester or year whose last day is before today at the unit's
office (`versions.today_in`: WIB, WITA or WIT, so a WITA unit's year has ended at 00.00 WITA on 1 January,
while it is still 31 December in Jakarta). A running period's figures grow with every answer: exported on one
day and again a week later, the two committed files differ by exactly the answers given in between, and the
distribution of a handful of respondents is read by subtracting one file from the other, whatever the minimum
of respondents. So a running period is left out entirely, its case figures too: they would tell, in the same
way, how the cases received in between were handled (a complaint's aspect and status, one response time
moving the median) and the page would show a period with case figures but no survey. The command names the
periods it left out (`Exported.running`).

What was published stays published: the decision to leave a result out against subtraction (see
`shielded_surveys`) is taken again whenever a new period ends, and a quarter published in October must not be
the part that, subtracted from the second semester published in January, gives away a small fourth quarter.
The command therefore passes the results the unit's file already published (`already_published`), and the
export never drops one of them to protect a small group: it drops the newly ended results instead.

What stays open: an ended period's case figures still change while its cases are being closed (status,
handled on time, response time), which tells how the office went on handling them, not what anyone answered;
and a paper survey entered after its period ended (`answered_on` in that period) changes that period's
published answers, and the difference between the two files is that paper's answers.

Nothing else is read: no name, contact, tracking code, text of a case or comment of a response.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from forms_app import reports, standards
from forms_app.extensions import db
from forms_app.forms.complaint import ASPECTS
from forms_app.lifecycle import Kind, Status
from forms_app.models import Complaint, Submission, Visit, utcnow
from forms_app.survey_models import ELEMENTS, SurveyResponse
from layanan import kinerja, skm
from layanan.kalender import zone
from layanan.versions import today_in

PERIOD_KINDS = ("triwulan", "semester", "tahun")
MINIMUM_RESPONDENTS = 5
HANDLED = frozenset({Status.selesai, Status.bukan_wewenang})
CASES = Submission.__table__
VISITS = Visit.__table__
COMPLAINTS = Complaint.__table__
RESPONSES = SurveyResponse.__table__


class ExportError(ValueError):
    """The export cannot be written; the message says why and what to do (Indonesian)."""


@dataclass(frozen=True)
class CaseFigures:
    """What the figures need of one case (`period_cases`): no name, contact, code or text."""

    kind: Kind
    service_id: str | None
    status: Status
    handled_on_time: bool | None  # None: not judged (not handled and closed, or no standard due time)
    response_seconds: float | None
    aspect: str | None


@dataclass
class _Group:
    cases: list[CaseFigures] = field(default_factory=list)
    answers: list[list[int | None]] = field(default_factory=list)


def periods_of_year(year: int, kinds: Sequence[str] = PERIOD_KINDS) -> list[tuple[str, reports.Period]]:
    """(jenis, period) of a year, in the order the data file lists them."""
    found: list[tuple[str, reports.Period]] = []
    if "triwulan" in kinds:
        found += [("triwulan", reports.quarter(year, q)) for q in (1, 2, 3, 4)]
    if "semester" in kinds:
        found += [("semester", reports.semester(year, h)) for h in (1, 2)]
    if "tahun" in kinds:
        found.append(("tahun", reports.year(year)))
    return found


def units_with_data() -> list[str]:
    """Unit ids that have a case or a survey response in the database, sorted."""
    units = set(db.session.scalars(select(CASES.c.unit_id).distinct()))
    units |= set(db.session.scalars(select(RESPONSES.c.unit_id).distinct()))
    return sorted(units)


def years_with_data(unit_id: str) -> list[int]:
    """The years (the unit's own calendar) in which the unit received a case or a survey answer."""
    tz = zone(reports.unit_zone(unit_id))
    years: set[int] = set()
    first, last = db.session.execute(
        select(func.min(CASES.c.dibuat), func.max(CASES.c.dibuat)).where(CASES.c.unit_id == unit_id)).one()
    if first is not None:
        years.update(range(_local(first, tz).year, _local(last, tz).year + 1))
    first, last = db.session.execute(
        select(func.min(RESPONSES.c.answered_on), func.max(RESPONSES.c.answered_on))
        .where(RESPONSES.c.unit_id == unit_id)).one()
    if first is not None:
        years.update(range(first.year, last.year + 1))
    return sorted(years)


def _local(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    if value.tzinfo is None:  # SQLite through a plain aggregate: no type decorator applied
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(tz)


def ended(period: reports.Period, today: dt.date) -> bool:
    """Whether the period is over on `today` (a date at the unit's office): its last day is before it."""
    return period.last < today


def running(period: reports.Period, today: dt.date) -> bool:
    """Whether `today` falls inside the period (it has begun and not ended)."""
    return period.first <= today <= period.last


@dataclass(frozen=True)
class Exported:
    """What `export_ended` wrote and what it left out: `running` are the periods of the chosen years and
    kinds in which `today` falls (not written; they are written once they have ended)."""

    data: kinerja.DataKinerja
    running: tuple[reports.Period, ...]
    today: dt.date
    zona: str  # WIB, WITA or WIT: where `today` is the date


def export(unit_id: str, years: Iterable[int] | None = None, kinds: Sequence[str] = PERIOD_KINDS, *,
           today: dt.date | None = None, now: dt.datetime | None = None,
           minimum_respondents: int = MINIMUM_RESPONDENTS,
           published: Collection[tuple[str, str | None]] = ()) -> kinerja.DataKinerja:
    """The unit's data file (see `export_ended`)."""
    return export_ended(unit_id, years, kinds, today=today, now=now, minimum_respondents=minimum_respondents,
                        published=published).data


def export_ended(unit_id: str, years: Iterable[int] | None = None, kinds: Sequence[str] = PERIOD_KINDS, *,
                 today: dt.date | None = None, now: dt.datetime | None = None,
                 minimum_respondents: int = MINIMUM_RESPONDENTS,
                 published: Collection[tuple[str, str | None]] = ()) -> Exported:
    """The unit's data file: every ENDED period of `years` (default: the years with data) of the kinds `kinds`
    that has a case or a survey response, and the running periods it left out.

    `today` is the date at the unit's office; without it, the date there at `now` (default: this moment).
    `published`: (period label, service id or None for the unit) of the survey results the unit's file
    already published (`already_published`); none of them is left out to shield a smaller group.
    Raises ExportError when the unit is unknown or nothing is left to write."""
    catalog = standards.catalog()
    entry = catalog.units.get(unit_id) or catalog.announced_units.get(unit_id)
    if entry is None:
        known = ", ".join(sorted({*catalog.units, *catalog.announced_units})) or "belum ada"
        raise ExportError(f"unit '{unit_id}' tidak ada di standar pelayanan — unit yang ada: {known}")
    services = {s.id for s in [*catalog.services_of(unit_id), *catalog.announced_services_of(unit_id)]}
    if today is None:
        today = today_in(entry.unit.zona_waktu, now or utcnow())
    chosen = sorted(set(years)) if years is not None else years_with_data(unit_id)
    periods: list[dict[str, Any]] = []
    left_out: list[reports.Period] = []
    any_ended = False
    for year in chosen:
        shielded = shielded_surveys(unit_id, year, services, minimum_respondents, today=today,
                                    published=published)
        for jenis, period in periods_of_year(year, kinds):
            if not ended(period, today):
                if running(period, today):
                    left_out.append(period)
                continue
            any_ended = True
            block = _period(unit_id, jenis, period, entry.unit.zona_waktu, services, minimum_respondents,
                            shielded)
            if block is not None:
                periods.append(block)
    if not periods:
        which = ", ".join(str(y) for y in chosen) or "mana pun"
        if not any_ended and chosen:
            raise ExportError(f"unit '{unit_id}' belum punya periode yang berakhir pada tahun {which} (hari ini "
                              f"{today.isoformat()} {entry.unit.zona_waktu.value}) — periode berjalan diekspor "
                              "setelah berakhir")
        raise ExportError(f"unit '{unit_id}' belum punya kasus atau jawaban survei pada tahun {which} — "
                          "tidak ada yang diekspor")
    data = kinerja.DataKinerja.model_validate({"unit": unit_id, "dibuat": today, "periode": periods})
    return Exported(data, tuple(left_out), today, entry.unit.zona_waktu.value)


def already_published(standard: Path, unit_id: str) -> frozenset[tuple[str, str | None]]:
    """(period label, service id or None for the unit) of every survey result with an index in the unit's
    current file, read leniently (a file an older export wrote with a running period still counts: what it
    published is public). No file: nothing. Raises ExportError when the file is not JSON of a data file."""
    path = kinerja.data_path(standard, unit_id)
    if not path.is_file():
        return frozenset()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        found = set()
        for one in raw["periode"]:
            if one.get("skm") is not None:
                found.add((str(one["label"]), None))
            for service_id, block in (one.get("layanan") or {}).items():
                if block.get("skm") is not None:
                    found.add((str(one["label"]), str(service_id)))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(f"{path} tidak terbaca ({exc}) — ekspor perlu tahu hasil yang sudah terbit: pulihkan "
                          "file itu dari git (git checkout -- standard/kinerja/) lalu ekspor lagi") from None
    return frozenset(found)


def _period(unit_id: str, jenis: str, period: reports.Period, zona: Any, services: set[str],
            minimum: int, shielded: set[tuple[str, str | None]]) -> dict[str, Any] | None:
    cases = period_cases(unit_id, period, zona)
    answers = _answers(unit_id, period)
    if not cases and not answers:
        return None
    unit_group = _Group([c for c in cases], [a for _, a in answers])
    by_service: dict[str, _Group] = defaultdict(_Group)
    for case in cases:
        if case.service_id in services:
            by_service[case.service_id].cases.append(case)
    for service_id, answer in answers:
        if service_id in services:
            by_service[service_id].answers.append(answer)
    complaints = [c for c in cases if c.kind is Kind.pengaduan]
    for complaint in complaints:
        if complaint.aspect not in kinerja.ASPEK:
            raise ExportError(f"pengaduan unit {unit_id} pada {period.label} tercatat dengan aspek "
                              f"'{complaint.aspect}' yang tidak dikenal — aspek yang ada: "
                              f"{', '.join(kinerja.ASPEK)}")
    aspects = Counter(c.aspect for c in complaints)
    statuses = Counter(c.status.value for c in complaints)
    return {
        "jenis": jenis, "label": period.code, "mulai": period.first, "sampai": period.last,
        **_performance(unit_group, minimum, (period.code, None) in shielded),
        "pengaduan": {"per_aspek": {key: aspects[key] for key, _ in ASPECTS if aspects[key]},
                      "per_status": {s.value: statuses[s.value] for s in Status if statuses[s.value]}},
        "layanan": {service_id: _performance(group, minimum, (period.code, service_id) in shielded)
                    for service_id, group in sorted(by_service.items())},
    }


def _performance(group: _Group, minimum: int, shielded: bool) -> dict[str, Any]:
    kinds = [kind for kind in Kind if any(c.kind is kind for c in group.cases)]
    on_time: dict[str, dict[str, int]] = {}
    medians: dict[str, int | None] = {}
    for kind in kinds:
        mine = [c for c in group.cases if c.kind is kind]
        judged = [c for c in mine if c.handled_on_time is not None]
        on_time[kind.value] = {"selesai": len(judged), "tepat_waktu": sum(1 for c in judged if c.handled_on_time)}
        measured = [c.response_seconds for c in mine if c.response_seconds is not None]
        medians[kind.value] = int(statistics.median(measured) // 60) if measured else None
    population = sum(1 for c in group.cases if c.status is Status.selesai)
    block, why_not = _survey(group.answers, population, minimum)
    if block is not None and shielded:
        block, why_not = None, {"alasan": "melindungi_kelompok_kecil", "minimum_responden": minimum}
    return {"skm": block, "skm_tanpa_indeks": why_not, "tepat_waktu": on_time, "median_tanggapan_menit": medians}


def _survey(answers: list[list[int | None]], population: int,
            minimum: int) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the survey block, None), or (None, why there is none although there were respondents), or
    (None, None) without respondents. Below the minimum only the minimum is written: not the number of
    respondents, not their answers."""
    respondents = [a for a in answers if any(v is not None for v in a)]
    if not respondents:
        return None, None
    if len(respondents) < minimum:
        return None, {"alasan": "responden_di_bawah_minimum", "minimum_responden": minimum}
    try:
        result = skm.hitung(respondents)
    except skm.SKMError:  # an element no one answered: the regulation defines no index
        return None, {"alasan": "unsur_tanpa_jawaban"}
    block: dict[str, Any] = {
        "responden": result.responden,
        "sebaran": {kode: [sum(1 for a in respondents if a[i] == score) for score in (1, 2, 3, 4)]
                    for i, kode in enumerate(kinerja.KODE_UNSUR)},
        "nrr": [skm.bulatkan(v, 3) for v in result.nrr], "ikm": skm.bulatkan(result.ikm, 4),
        "nilai_konversi": result.nilai_dibulatkan, "mutu": result.mutu, "kinerja": result.kinerja,
    }
    if population:
        block["populasi"] = population
        block["sampel_minimum"] = skm.sample_size(population)
    return block, None


# ---------------------------------------------------------------- the minimum, also against subtraction

REST = ""  # the unit's answers to no service of the catalog: counted in the unit's blocks only


@dataclass(frozen=True)
class SurveyBlock:
    """A survey result the file could publish: a period's answers of the unit or of one service, as the
    (quarter, group) cells of the year it adds up; `group` is a service id or REST."""

    label: str
    jenis: str
    service_id: str | None  # None: the unit
    cells: frozenset[tuple[int, str]]


def shielded_surveys(unit_id: str, year: int, services: set[str], minimum: int, *, today: dt.date | None = None,
                     published: Collection[tuple[str, str | None]] = ()) -> set[tuple[str, str | None]]:
    """(period code, service or None for the unit) of the survey results of `year` that reach the minimum of
    respondents and have an index, but are left out so that no smaller group can be worked out from what is
    published.

    The answer counts of a period add up (a semester is its two quarters, the unit is its services and the
    answers to no service), so a published result minus other published results gives what they differ by:
    the semester minus its first quarter is the second quarter. The blocks of one year are cut by what they
    publish into classes of cells (cells in the same published blocks); when every class has no respondent
    or at least `minimum`, every difference is a sum of such classes and no group below the minimum can be
    taken out. While a class is smaller, it is merged with the class it differs least from (by the blocks
    that tell them apart, the unit's weighing more than a service's and a year more than a quarter, or with
    the cells in no published block) by leaving out the blocks that tell them apart. Every kind of period
    is weighed, whatever kinds this export writes, so that files written with --periode on other days give
    away no more.

    With `today`, only the periods ended by then are weighed (their answers no longer change) — without it,
    the whole year. The results in `published` (label, service or None) are public already: they count as
    published and are never the ones left out; the others are (at worst every result that holds the small
    group, which a file published before without them allowed)."""
    counted = [q for q in (1, 2, 3, 4) if today is None or ended(reports.quarter(year, q), today)]
    quarters = {q: _answers(unit_id, reports.quarter(year, q)) for q in counted}
    cells: dict[tuple[int, str], list[list[int | None]]] = defaultdict(list)
    for q, answers in quarters.items():
        for service_id, answer in answers:
            if any(a is not None for a in answer):
                cells[(q, service_id if service_id in services else REST)].append(answer)
    if not cells:
        return set()
    groups = sorted({group for _, group in cells})
    blocks = []
    for jenis, period in periods_of_year(year):
        if today is not None and not ended(period, today):
            continue
        months = range(period.first.month, period.last.month + 1)
        in_period = sorted({(m - 1) // 3 + 1 for m in months})
        blocks.append(SurveyBlock(period.code, jenis, None,
                                  frozenset((q, g) for q in in_period for g in groups)))
        blocks += [SurveyBlock(period.code, jenis, s, frozenset((q, s) for q in in_period))
                   for s in groups if s != REST]

    def respondents(block: SurveyBlock) -> int:
        return sum(len(cells.get(cell, ())) for cell in block.cells)

    def has_index(block: SurveyBlock) -> bool:
        answered = [any(row[i] is not None for cell in block.cells for row in cells.get(cell, ())) for i in range(9)]
        return all(answered)

    rank = {kind: number for number, kind in enumerate(PERIOD_KINDS)}

    def cost(block: SurveyBlock) -> int:
        """What leaving a block out loses: the unit's results most, a year more than a quarter."""
        return (10 if block.service_id is None else 1) * 2 ** rank[block.jenis]

    already = set(published)
    public = {b for b in blocks if (b.label, b.service_id) in already}
    publishable = {b for b in blocks if respondents(b) >= minimum and has_index(b)}
    chosen = publishable | public
    while True:
        classes = _classes(chosen, cells)
        small = sorted(((members, n) for members, n in classes.items() if 0 < n < minimum),
                       key=lambda item: (item[1], sorted(_order(b) for b in item[0])))
        apart: frozenset[SurveyBlock] = frozenset()
        for members, _n in small:
            # merge it with the class whose blocks differ least (the cells in no published block included):
            # leaving out the blocks that tell the two apart makes them one class; a result already public
            # cannot be taken back, so only a difference without one will do
            others = [m for m, n in classes.items() if m != members and n > 0] + [frozenset()]
            options = [members ^ other for other in others if not (members ^ other) & public]
            if options:
                apart = min(options, key=lambda blocks: (sum(cost(b) for b in blocks),
                                                         sorted(_order(b) for b in blocks)))
                break
        if not apart:  # no small class, or only ones the public results alone tell apart: nothing to leave out
            break
        chosen -= apart
    return {(b.label, b.service_id) for b in publishable - chosen}


def _order(block: SurveyBlock) -> tuple:
    return (block.label, block.service_id or "")


def _classes(chosen: set[SurveyBlock], cells: dict) -> dict[frozenset, int]:  # noqa: ANN001
    """Respondents per class: cells that are in exactly the same published blocks (and in one at least)."""
    member_of: dict[tuple[int, str], set[SurveyBlock]] = defaultdict(set)
    for block in chosen:
        for cell in block.cells:
            member_of[cell].add(block)
    classes: dict[frozenset, int] = defaultdict(int)
    for cell, blocks in member_of.items():
        classes[frozenset(blocks)] += len(cells.get(cell, ()))
    return classes


def period_cases(unit_id: str, period: reports.Period, zona: Any) -> list[CaseFigures]:
    """The cases of the unit received in `period` (its days in the time zone `zona`), with only the
    columns the figures need (no personal value): kind, service, status, whether handled on time, the
    response (or, for a walk-in visit, the wait) in seconds, and a complaint's aspect.

    The published file counts from these; the desk's survey page counts its service users (N) from the
    same list, so both give the same N."""
    start, end = period.bounds(zona)
    c, v, k = CASES.c, VISITS.c, COMPLAINTS.c
    rows = db.session.execute(
        select(c.jenis, c.layanan_id, c.status, c.tenggat_bawaan, c.jatuh_tempo, c.ditutup_pada,
               reports.seconds_between(c.tanggapan_pertama, c.dibuat),
               reports.seconds_between(v.dipanggil_pada, c.dibuat),
               k.aspek)
        .select_from(CASES.outerjoin(VISITS, v.id == c.id).outerjoin(COMPLAINTS, k.id == c.id))
        .where(c.unit_id == unit_id, c.dibuat >= start, c.dibuat < end)).all()
    found = []
    for kind, service_id, status, office_default, due, closed, response, wait, aspect in rows:
        kind, status = Kind(kind), Status(status)
        judged = status in HANDLED and closed is not None and due is not None and not office_default
        measure = wait if kind is Kind.kunjungan else response
        found.append(CaseFigures(kind, service_id, status, (closed <= due) if judged else None,
                           None if measure is None else float(measure), aspect))
    return found


def _answers(unit_id: str, period: reports.Period) -> list[tuple[str | None, list[int | None]]]:
    """(service, nine answers) of the period's survey responses of the unit (no comment, no profile)."""
    r = RESPONSES.c
    rows = db.session.execute(
        select(r.service_id, *(getattr(r, name) for name in ELEMENTS))
        .where(r.unit_id == unit_id, r.answered_on >= period.first, r.answered_on <= period.last)
        .order_by(r.id)).all()
    return [(row[0], list(row[1:])) for row in rows]


# ---------------------------------------------------------------- the file


def as_json(data: kinerja.DataKinerja) -> str:
    """The data file's text: the model's values, numbers as JSON numbers (as `layanan build` reads them)."""
    return json.dumps(_plain(data.model_dump(mode="python")), ensure_ascii=False, indent=1) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(getattr(k, "value", k)): _plain(v) for k, v in value.items() if not _left_out(k, v)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)  # at most four decimals: the shortest float repr writes the same digits
    if isinstance(value, dt.date):
        return value.isoformat()
    return getattr(value, "value", value)


def _left_out(key: Any, value: Any) -> bool:
    return key in ("populasi", "sampel_minimum", "skm_tanpa_indeks", "minimum_responden") and value is None


def write(standard: Path, data: kinerja.DataKinerja) -> Path:
    """Write `standard/kinerja/<unit>.json` atomically, after checking that the text reads back equal."""
    text = as_json(data)
    again = kinerja.DataKinerja.model_validate(json.loads(text, parse_float=Decimal))
    if again != data:
        raise ExportError("file kinerja yang ditulis tidak terbaca sama — laporkan ini sebagai galat")
    path = kinerja.data_path(standard, data.unit)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{data.unit}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
