"""The inbox: the cases of a staff member's units, filtered, soonest due first, one page at a time.

Plain functions, no request: the desk's inbox page and its CSV export call `query`/`page` with
a `Filters` built from the address, and tests call them directly.

Every query starts with the unit and the status, so that the index ix_pengajuan_kotak_masuk
(unit_id, status, jatuh_tempo) serves it; the count is taken from pengajuan alone (no join);
the contact and the assignee are loaded for the page's rows only (one IN query each).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from forms_app.extensions import db
from forms_app.lifecycle import OPEN, Channel, Identity, Kind, Status
from forms_app.models import Submission
from forms_app.staff_models import Staff
from forms_app.templating import local_time

PAGE_SIZE = 50
NEARLY_DUE = dt.timedelta(hours=24)
"""A case due within this time 'nearly due' (hampir jatuh tempo)."""

MINE = "saya"
UNASSIGNED = "belum"

CLOCK_RUNNING = frozenset(OPEN - {Status.menunggu_pemohon})
"""Statuses in which the office is the one that must act: while the office waits for the citizen,
a case is neither overdue nor nearly due (its clock counts again once they answer)."""


@dataclass(frozen=True)
class Filters:
    """What the inbox shows. `statuses` defaults to the open ones; `assignee` is None (anyone),
    MINE, UNASSIGNED or a staff id; `unit` narrows a staff member of several units to one."""

    kind: Kind | None = None
    statuses: frozenset[Status] = field(default=frozenset(OPEN))
    service: str | None = None
    channel: Channel | None = None
    assignee: str | int | None = None
    overdue: bool = False
    nearly_due: bool = False
    unit: str | None = None

    def describe(self) -> dict:
        """The filters as plain values (for the audit log: no personal data in them)."""
        return {"jenis": self.kind.value if self.kind else None,
                "status": sorted(s.value for s in self.statuses),
                "layanan": self.service, "saluran": self.channel.value if self.channel else None,
                "petugas": self.assignee, "terlambat": self.overdue, "hampir": self.nearly_due,
                "unit": self.unit}


@dataclass
class Page:
    items: list[Submission]
    total: int
    number: int
    pages: int


def query(staff: Staff, filters: Filters, now: dt.datetime) -> Select:
    """The filtered cases of the staff member's units, soonest due first, those without a due
    time last, then by id."""
    units = staff.unit_ids
    if filters.unit is not None:
        units = [filters.unit] if filters.unit in units else []
    statuses = set(filters.statuses)
    if filters.overdue or filters.nearly_due:
        statuses &= CLOCK_RUNNING
    conditions = [Submission.unit_id.in_(units), Submission.status.in_(sorted(statuses))]
    if filters.kind is not None:
        conditions.append(Submission.jenis == filters.kind)
    if filters.service:
        conditions.append(Submission.layanan_id == filters.service)
    if filters.channel is not None:
        conditions.append(Submission.saluran == filters.channel)
    if filters.assignee == MINE:
        conditions.append(Submission.petugas_id == staff.id)
    elif filters.assignee == UNASSIGNED:
        conditions.append(Submission.petugas_id.is_(None))
    elif filters.assignee is not None:
        conditions.append(Submission.petugas_id == int(filters.assignee))
    due = []
    if filters.overdue:
        due.append(Submission.jatuh_tempo < now)
    if filters.nearly_due:
        due.append(Submission.jatuh_tempo.between(now, now + NEARLY_DUE))
    if due:
        conditions.append(db.or_(*due) if len(due) > 1 else due[0])
    return (db.select(Submission).where(*conditions)
            .order_by(Submission.jatuh_tempo.asc().nulls_last(), Submission.id))


def page(staff: Staff, filters: Filters, page_number: int, now: dt.datetime) -> Page:
    """One page (PAGE_SIZE rows) with the total and the number of pages; a number past the
    last page gives the last page.

    The total comes with the rows (a window count over pengajuan alone, no join): one round trip
    for both. Only an empty page (nothing matches, or a number past the end) counts separately."""
    selected = query(staff, filters, now)
    number = max(1, page_number)
    rows, total = _rows_and_total(selected, number)
    if total is None:
        total = db.session.scalar(db.select(db.func.count()).select_from(
            selected.order_by(None).with_only_columns(Submission.id).subquery()))
        if total and number > 1:
            number = max(1, math.ceil(total / PAGE_SIZE))
            rows, _ = _rows_and_total(selected, number)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return Page(items=rows, total=total, number=number, pages=pages)


def _rows_and_total(selected: Select, number: int) -> tuple[list[Submission], int | None]:
    counted = with_people(selected.add_columns(db.func.count().over().label("jumlah")))
    found = db.session.execute(counted.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    if not found:
        return [], None
    return [row[0] for row in found], found[0][1]


def with_people(selected: Select) -> Select:
    """Load the contact and the assignee of the selected rows in one query each."""
    return selected.options(selectinload(Submission.kontak), selectinload(Submission.petugas))


def urgency(case: Submission, now: dt.datetime) -> str:
    """'terlambat' (past its due time), 'hampir' (due within NEARLY_DUE), 'normal', or
    'tanpa_tenggat' (no due time stored). A case waiting for the citizen or closed is 'normal'."""
    if case.jatuh_tempo is None:
        return "tanpa_tenggat"
    if case.status not in CLOCK_RUNNING:
        return "normal"
    if case.jatuh_tempo < now:
        return "terlambat"
    if case.jatuh_tempo <= now + NEARLY_DUE:
        return "hampir"
    return "normal"


def urgency_text(case: Submission, now: dt.datetime) -> str:
    """The urgency in words, with how long: 'Terlambat 2 hari', 'Jatuh tempo dalam 5 jam'."""
    kind = urgency(case, now)
    if kind == "terlambat":
        return f"Terlambat {_span(now - case.jatuh_tempo)}"
    if kind == "hampir":
        return f"Jatuh tempo dalam {_span(case.jatuh_tempo - now)}"
    if kind == "tanpa_tenggat":
        return "Tanpa tenggat"
    if case.status is Status.menunggu_pemohon:
        return "Menunggu pemohon"
    return "Sesuai jadwal" if not case.status.closes else "Sudah berakhir"


def _span(length: dt.timedelta) -> str:
    """'2 hari', '24 jam', '40 menit' (the largest unit, rounded down, at least 1; a day from over 24 hours)."""
    seconds = max(0, int(length.total_seconds()))
    if seconds > 86400:
        return f"{seconds // 86400} hari"
    if seconds >= 3600:
        return f"{seconds // 3600} jam"
    return f"{max(1, seconds // 60)} menit"


# --- CSV export --------------------------------------------------------------------------------

HIDDEN = "dirahasiakan"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = ["Kode", "Jenis", "Unit", "Layanan", "Saluran", "Status", "Dibuat", "Jatuh tempo", "Urgensi",
              "Tenggat bawaan kantor", "Petugas", "Identitas", "Nama", "Email", "Telepon"]


def to_csv(cases: list[Submission], now: dt.datetime, *, shows, service_name, zone) -> str:  # noqa: ANN001
    """The cases as CSV, UTF-8 with a BOM so that Excel reads names with accents right.

    Identity rules hold: an *anonim* case's sender cells are empty, a *rahasia* one's say
    'dirahasiakan' unless `shows(case)`; a cell that a spreadsheet would read as a formula gets
    a leading apostrophe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for case in cases:
        zona = zone(case.unit_id)
        if case.identitas is Identity.anonim:
            sender = ["", "", ""]
        elif not shows(case):
            sender = [HIDDEN, HIDDEN, HIDDEN]
        elif case.kontak is None:
            sender = ["", "", ""]
        else:
            sender = [case.kontak.nama, case.kontak.email or "", case.kontak.telepon or ""]

        def when(value: dt.datetime | None, zona=zona) -> str:  # noqa: ANN001
            if value is None:
                return ""
            return local_time(value, zona) if zona else value.isoformat()
        writer.writerow([_cell(value) for value in [
            case.kode, case.jenis.label, case.unit_id, service_name(case.unit_id, case.layanan_id),
            case.saluran.label, case.status.desk_label, when(case.dibuat), when(case.jatuh_tempo),
            urgency_text(case, now), "ya" if case.tenggat_bawaan else "tidak",
            case.petugas.nama if case.petugas else "", case.identitas.value, *sender]])
    return out.getvalue()


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
