"""Editors' drafts of standards, and publishing one as a new version file.

Plain domain logic (no request): the editor's views call it, tests call it directly.

- A draft starts from the newest version of a unit's profile or a service's standard in the
  project's `standard/` folder, which must be published (recorded in `standard/terbit.json`): a
  version written by hand and not yet built is finished by hand, not behind its author's back.
  The draft keeps that file's path and SHA-256.
- The draft's document is plain data, the way `layanan/yamlfile.py` reads a file (dates as
  TTTT-BB-HH text, numbers written like 08.00 as their text).
- `check` writes the candidate version in memory and validates it with every rule of `layanan
  check` (layanan.catalog.load with an overlay, over the files of the draft's unit: its profile
  and its services), so what the editor shows is what the command would say, and nothing it
  publishes can fail the command.
- `publish` refuses a stale draft (`StaleDraft`): the standard got a newer version or its file
  changed on disk since the draft started. Otherwise it writes the new version file atomically
  and never over an existing one, records who published what in the audit log, removes the
  draft and asks for a site build (forms_app/site_builds.py), all in one transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
import fcntl
import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from forms_app import audit, site_builds
from forms_app.editor_models import DraftKind, SiteBuild, StandardDraft
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.staff_models import AuditEntry, Staff
from layanan.catalog import LoadResult, ServiceEntry, UnitEntry, load
from layanan.perbedaan import Perubahan, bandingkan_layanan, bandingkan_unit
from layanan.problems import Problem, Severity
from layanan.publish import BUILDS_DIR
from layanan.render import GENERATED_DIR
from layanan.site import Project
from layanan.model import Layanan, Unit
from layanan.version_writer import WriteError, typed, version_text
from layanan.versions import PUBLISHED_RECORD, Version, today_in, version_file
from layanan.yamlfile import SourceFloat, YamlFileError, read_yaml

DOCUMENT = "dokumen"
ORIGIN = "asal"  # the version the draft started from, as it was then
NEW_FOLDER = "folder_baru"
_FOLDER = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SK_UNKNOWN = {
    "nomor": "nomor SK versi ini belum dicantumkan",
    "tanggal": "tanggal SK versi ini belum dicantumkan",
    "penandatangan": "penandatangan SK versi ini belum dicantumkan",
}


class EditorError(Exception):
    """The editor cannot do this; the message says why and what to do, in Indonesian."""


class DraftInvalid(Exception):
    """The draft would fail `layanan check`; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} galat pada draf")
        self.problems = problems


@dataclass(frozen=True)
class Stale:
    """The standard moved on since the draft started: what it is now, and who changed it."""

    current: Version | None        # the newest version now (None: the draft's file is gone)
    changed_on_disk: bool          # the draft's own file changed (not a new version)
    by: str | None                 # the editor who published it, when the editor did
    at: dt.datetime | None
    changes: list[Perubahan]       # from the draft's starting point to what is there now


class StaleDraft(Exception):
    def __init__(self, stale: Stale):
        super().__init__("standar sudah berubah sejak draf dimulai")
        self.stale = stale


@dataclass(frozen=True)
class Standard:
    """One standard an editor may change: a unit's profile and Maklumat, or a service's standard."""

    kind: DraftKind          # unit or layanan
    unit_id: str
    service_id: str | None
    name: str
    entry: UnitEntry | ServiceEntry

    @property
    def address(self) -> str:
        return self.unit_id if self.service_id is None else f"{self.unit_id}/{self.service_id}"

    @property
    def newest(self) -> Version:
        return self.entry.versions[-1]

    @property
    def pending(self) -> bool:
        """Its newest version is written but not yet published by a build."""
        return self.newest.published is None


@dataclass(frozen=True)
class Checked:
    """A draft checked as the version it would write."""

    path: Path                      # where it would be written
    text: str                       # what would be written
    problems: list[Problem]         # those of this file, errors first
    candidate: Version | None       # the version as the catalog reads it, when it has no errors
    result: LoadResult              # the whole catalog with the candidate in it

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


@dataclass(frozen=True)
class Published:
    path: Path
    number: int
    build: SiteBuild
    page: str


# --- the standards that may be edited -----------------------------------------------------


def working_standards(project: Project, unit_ids: list[str] | None = None) -> LoadResult:
    """The standards in the project's `standard/` folder, as `layanan check` reads them now; with
    `unit_ids`, only those units' files (fast on a site of thousands of standards)."""
    if unit_ids is None:
        return load(project.standard, workers=1, cache_dir=project.cache_dir)
    return load(project.standard, workers=1, scope=scope_of(project.standard, unit_ids))


def scope_of(standard_root: Path, unit_ids: list[str]) -> list[Path]:
    """The folders of `unit_ids`: their profiles and their services (standard/layanan/<unit>/)."""
    return [folder for unit_id in unit_ids
            for folder in (standard_root / "unit" / unit_id, standard_root / "layanan" / unit_id)]


def editable(result: LoadResult, unit_ids: list[str]) -> list[Standard]:
    """The standards of `unit_ids` the catalog could read, units first, each unit's services after it."""
    catalog = result.catalog
    units = {**catalog.units, **catalog.announced_units}
    found = []
    for unit_id in sorted(set(unit_ids) & set(units)):
        entry = units[unit_id]
        found.append(Standard(DraftKind.unit, unit_id, None, entry.unit.nama, entry))
        services = [s for s in (*catalog.services, *catalog.announced_services) if s.unit_id == unit_id]
        for service in sorted(services, key=lambda s: s.layanan.nama.casefold()):
            found.append(Standard(DraftKind.layanan, unit_id, service.id, service.layanan.nama, service))
    return found


def find(result: LoadResult, unit_ids: list[str], address: str) -> Standard | None:
    """The standard at `address` ("<unit>" or "<unit>/<service>") if the editor's units hold it."""
    for standard in editable(result, unit_ids):
        if standard.address == address:
            return standard
    return None


def problems_of(result: LoadResult, unit_id: str, service_id: str | None, standard_root: Path) -> list[Problem]:
    """Errors that keep a standard out of the editor (its files do not pass `layanan check`)."""
    if service_id is None:
        folder = standard_root / "unit" / unit_id
    else:
        folder = standard_root / "layanan" / unit_id / service_id
    return [p for p in result.errors if folder == p.path or folder in p.path.parents]


# --- drafts ---------------------------------------------------------------------------------


def draft_of(staff: Staff, kind: DraftKind, address: str) -> StandardDraft | None:
    return db.session.scalar(select(StandardDraft).where(
        StandardDraft.staf_id == staff.id, StandardDraft.jenis == kind, StandardDraft.alamat == address))


def drafts_of(staff: Staff) -> list[StandardDraft]:
    return list(db.session.scalars(select(StandardDraft).where(StandardDraft.staf_id == staff.id)
                                   .order_by(StandardDraft.diubah.desc())))


def start(staff: Staff, standard: Standard, project: Project, *, new_service: bool = False,
          now: dt.datetime | None = None) -> StandardDraft:
    """The editor's draft of `standard` (with `new_service`: a new service started from it),
    resumed when there is one, else started from its newest version. Added, not committed."""
    kind = DraftKind.layanan_baru if new_service else standard.kind
    if new_service and standard.kind is not DraftKind.layanan:
        raise EditorError("Layanan baru dimulai dari sebuah layanan, bukan dari profil unit.")
    existing = draft_of(staff, kind, standard.address)
    if existing is not None:
        return existing
    if standard.pending:
        raise EditorError(
            f"{standard.newest.path.name} dari {standard.name} sudah ditulis tetapi belum terbit. Terbitkan dulu "
            "dengan membangun situs (atau hapus file itu bila tidak jadi), lalu buka editor lagi: editor tidak "
            "mengubah versi yang sedang disiapkan orang lain."
        )
    newest = standard.newest
    origin = plain(read_yaml(newest.path).data)
    document = _next_version(plain(read_yaml(newest.path).data), standard.kind, now)
    data: dict[str, Any] = {DOCUMENT: document, ORIGIN: origin}
    if new_service:
        document.pop("ringkasan_perubahan", None)
        document["nama"] = ""
        data[NEW_FOLDER] = ""
    now = now or utcnow()
    draft = StandardDraft(staf_id=staff.id, jenis=kind, unit_id=standard.unit_id, alamat=standard.address,
                          asal_berkas=newest.path.relative_to(project.standard).as_posix(),
                          asal_sha256=newest.sha256, data=data, dibuat=now, diubah=now)
    db.session.add(draft)
    db.session.flush()
    return draft


def _next_version(document: dict[str, Any], kind: DraftKind, now: dt.datetime | None) -> dict[str, Any]:
    """The starting point of the next version: its own fields emptied for the editor to fill."""
    document["versi"] = str((now or utcnow()).year)
    document["sk"] = {key: {"tidak_diketahui": why} for key, why in SK_UNKNOWN.items()}
    document["berlaku_sejak"] = today_in(None, now).isoformat()  # a proposal; chosen again when publishing
    document.pop("ringkasan_perubahan", None)  # `check` asks for it, from version 2 on
    return document


def document(draft: StandardDraft) -> dict[str, Any]:
    return draft.data[DOCUMENT]


def new_folder(draft: StandardDraft) -> str:
    return draft.data.get(NEW_FOLDER, "")


def save(draft: StandardDraft, new_document: dict[str, Any], *, folder: str | None = None,
         now: dt.datetime | None = None) -> None:
    """Keep the editor's document (not committed); it may be the draft's own document changed in place."""
    data = {DOCUMENT: copy.deepcopy(new_document), ORIGIN: draft.data.get(ORIGIN)}
    if draft.jenis is DraftKind.layanan_baru:
        data[NEW_FOLDER] = new_folder(draft) if folder is None else folder.strip()
    draft.data = data
    flag_modified(draft, "data")  # a JSON column does not see changes inside the old value
    draft.diubah = now or utcnow()


def discard(draft: StandardDraft) -> None:
    db.session.delete(draft)


def plain(value: Any) -> Any:
    """File data as the editor keeps it (JSON): dates as TTTT-BB-HH, numbers like 08.00 as written."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, SourceFloat):
        return value.source
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# --- checking ------------------------------------------------------------------------------


def kind_of_file(draft: StandardDraft) -> str:
    return "unit" if draft.jenis is DraftKind.unit else "layanan"


def target_path(draft: StandardDraft, standard_root: Path) -> Path:
    """Where publishing writes the draft: the next version file, or a new service's first."""
    base = standard_root / draft.asal_berkas
    if draft.jenis is DraftKind.layanan_baru:  # a folder that is no folder name stands as "_" until mended
        folder = new_folder(draft) if _FOLDER.fullmatch(new_folder(draft)) else "_"
        return version_file(standard_root / "layanan" / draft.unit_id / folder, 1)
    number = int(re.search(r"versi-([0-9]+)", base.name)[1])
    return version_file(base.parent, number + 1)


def header(draft: StandardDraft, staff: Staff, number: int) -> str:
    return (f"Versi {number}, diterbitkan dari editor standar oleh {staff.nama}, dimulai dari "
            f"{Path(draft.asal_berkas).name}.\nUbah lewat editor di /staf/standar/, atau tulis versi berikutnya "
            "dengan `layanan versi-baru`.")


def check(draft: StandardDraft, staff: Staff, project: Project, now: dt.datetime | None = None) -> Checked:
    """The draft as the version it would write, validated with every rule of `layanan check`."""
    standard_root = project.standard
    path = target_path(draft, standard_root)
    folder_problems = _folder_problems(draft, path)
    try:
        text = version_text(document(draft), kind_of_file(draft), standard_root / draft.asal_berkas,
                            header(draft, staff, int(path.stem.split("-")[1])))
    except WriteError as exc:
        problem = Problem(path, None, None, str(exc))
        return Checked(path, "", [problem], None, LoadResult(None, [problem]))  # type: ignore[arg-type]
    result = load(standard_root, workers=1, overlay={path: text}, scope=scope_of(standard_root, [draft.unit_id]))
    mine = [p for p in result.problems if p.path == path or p.path == path.parent]
    problems = folder_problems + sorted(mine, key=lambda p: (p.severity is not Severity.ERROR, p.line or 0))
    candidate = _candidate(result, path)
    return Checked(path, text, problems, candidate if not folder_problems else None, result)


def _folder_problems(draft: StandardDraft, path: Path) -> list[Problem]:
    if draft.jenis is not DraftKind.layanan_baru:
        return []
    folder = new_folder(draft)
    if not folder:
        return [Problem(path, None, NEW_FOLDER, "nama folder layanan baru wajib diisi — huruf kecil, angka, dan "
                        "tanda hubung, misalnya 'rekomendasi-statistik'; menjadi alamat halamannya di situs")]
    if not _FOLDER.fullmatch(folder):
        suggestion = re.sub(r"[^a-z0-9]+", "-", folder.lower()).strip("-") or "nama-layanan"
        return [Problem(path, None, NEW_FOLDER, f"nama folder '{folder}' hanya boleh berisi huruf kecil, angka, "
                        f"dan tanda hubung — misalnya '{suggestion}'")]
    if path.parent.exists():
        return [Problem(path, None, NEW_FOLDER, f"folder '{folder}' sudah dipakai layanan lain unit ini — pilih "
                        "nama lain")]
    return []


def _candidate(result: LoadResult, path: Path) -> Version | None:
    for version in result.catalog.all_versions() if result.catalog is not None else []:
        if version.path == path:
            return version
    return None


def changes(checked: Checked, draft: StandardDraft) -> list[Perubahan]:
    """What the candidate changes from the version in force (from nothing, for a new service)."""
    if checked.candidate is None:
        return []
    entry = _entry_of(checked.result, checked.path)
    if entry is None:
        return []
    in_force = entry.in_force if entry.in_force is not None and entry.in_force.path != checked.path else None
    if in_force is None:
        others = [v for v in entry.versions if v.path != checked.path]
        in_force = others[-1] if others else None
    if in_force is None:
        return []
    if draft.jenis is DraftKind.unit:
        return bandingkan_unit(in_force.model, checked.candidate.model)
    return bandingkan_layanan(in_force.model, checked.candidate.model)


def _entry_of(result: LoadResult, path: Path) -> UnitEntry | ServiceEntry | None:
    catalog = result.catalog
    for entry in [*catalog.units.values(), *catalog.announced_units.values(), *catalog.services,
                  *catalog.announced_services]:
        if any(version.path == path for version in entry.versions):
            return entry
    return None


# --- publishing ----------------------------------------------------------------------------


def stale(draft: StandardDraft, project: Project) -> Stale | None:
    """None when the draft's starting point is still the newest version, unchanged on disk.

    A new service writes into a folder of its own, so it is never stale (a folder taken
    meanwhile is refused by `check`)."""
    base = project.standard / draft.asal_berkas
    if draft.jenis is DraftKind.layanan_baru:
        return None
    if _sha256(base) == draft.asal_sha256 and not target_path(draft, project.standard).exists():
        return None
    result = load(project.standard, workers=1, scope=scope_of(project.standard, [draft.unit_id]))
    entry = _entry_of(result, base)
    current = entry.versions[-1] if entry is not None else None
    changed_on_disk = current is None or current.path == base
    by, at = (None, None) if changed_on_disk else _published_by(current, project.standard)
    found: list[Perubahan] = []
    start_model = starting_model(draft)
    if current is not None and start_model is not None:
        compare = bandingkan_unit if draft.jenis is DraftKind.unit else bandingkan_layanan
        found = compare(start_model, current.model)
    return Stale(current, changed_on_disk, by, at, found)


def starting_model(draft: StandardDraft) -> Any:
    """The version the draft started from, as it was then (kept in the draft)."""
    model = Unit if draft.jenis is DraftKind.unit else Layanan
    try:
        return model.model_validate(typed(draft.data.get(ORIGIN) or {}, model))
    except ValidationError:
        return None


def _published_by(current: Version | None, standard_root: Path) -> tuple[str | None, dt.datetime | None]:
    if current is None:
        return None, None
    relative = current.path.relative_to(standard_root).as_posix()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.aksi == "standar_diterbitkan",
                                                       AuditEntry.sasaran == f"standar:{relative}")
                              .order_by(AuditEntry.id.desc()).limit(1))
    if entry is None:
        return None, None
    return (entry.rincian or {}).get("oleh") or entry.staf_email, entry.waktu


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def earliest_date(draft: StandardDraft, result: LoadResult, now: dt.datetime | None = None) -> dt.date:
    """The first effective date the editor accepts: today at the unit's office."""
    unit = {**result.catalog.units, **result.catalog.announced_units}.get(draft.unit_id)
    zone = unit.versions[-1].model.zona_waktu if unit is not None else None
    return today_in(zone, now)


@contextmanager
def _publishing(project: Project) -> Iterator[None]:
    """One publish at a time on this machine, so the stale check and the write are one step."""
    folder = project.root / BUILDS_DIR
    folder.mkdir(exist_ok=True)
    with open(folder / ".editor.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(draft: StandardDraft, staff: Staff, project: Project, effective: dt.date, *,
            address: str | None = None, now: dt.datetime | None = None) -> Published:
    """Write the draft as its new version, effective from `effective`; record it; ask for a build.

    Raises EditorError (date before today), StaleDraft or DraftInvalid, with nothing written.
    The database changes (audit entry, draft removed, build requested) are added, not committed:
    the caller commits them; should that fail, the file is removed again."""
    now = now or utcnow()
    with _publishing(project):
        problem = stale(draft, project)
        if problem is not None:
            raise StaleDraft(problem)
        document(draft)["berlaku_sejak"] = effective.isoformat()
        checked = check(draft, staff, project, now)
        first = earliest_date(draft, checked.result, now)
        if effective < first:
            raise EditorError(f"Tanggal berlaku paling awal hari ini, {first:%d-%m-%Y}: versi yang sudah lewat "
                              "tanggalnya tidak dapat diterbitkan dari editor.")
        if checked.errors or checked.candidate is None:
            raise DraftInvalid(checked.errors or [Problem(checked.path, None, None, "draf tidak dapat dibaca")])
        _write_new(checked.path, checked.text)
    relative = checked.path.relative_to(project.standard).as_posix()
    number = checked.candidate.number
    name = checked.candidate.model.nama
    page = site_page(draft, project)
    build = site_builds.request(staff, f"{name}: versi {number}, berlaku {effective:%d-%m-%Y}", page, now=now)
    audit.record(staff, "standar_diterbitkan", target=f"standar:{relative}", unit_id=draft.unit_id, address=address,
                 details={"berkas": relative, "versi": number, "berlaku_sejak": effective.isoformat(),
                          "ringkasan": checked.candidate.model.ringkasan_perubahan, "oleh": staff.nama,
                          "draf": draft.id, "bangun": build.id},
                 now=now)
    db.session.delete(draft)
    return Published(checked.path, number, build, page)


def published_from(staff: Staff, draft_id: int) -> AuditEntry | None:
    """The audit entry of `staff`'s draft `draft_id` published (the draft itself is gone then)."""
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.staf_id == staff.id,
                                                          AuditEntry.aksi == "standar_diterbitkan")
                                 .order_by(AuditEntry.id.desc()).limit(50))
    return next((entry for entry in entries if (entry.rincian or {}).get("draf") == draft_id), None)


def _write_new(path: Path, text: str) -> None:
    """The file, complete, or nothing: written aside, flushed, then linked in under its name
    (which fails when the name exists: a file is never overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.baru")
    with open(aside, "x", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(aside, path)
    except FileExistsError:
        raise EditorError(f"{path.name} sudah ada — standar ini baru saja berubah; muat ulang editor.") from None
    finally:
        aside.unlink(missing_ok=True)


def withdraw(path: Path) -> None:
    """Remove a version file that was written but whose publishing could not be recorded."""
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()  # a new service's folder, when it is empty again
    except OSError:
        pass


def site_page(draft: StandardDraft, project: Project) -> str:
    """The path of the draft's page on the site (under site_url's path)."""
    from urllib.parse import urlsplit

    root = urlsplit(project.site_url()).path.rstrip("/")
    if draft.jenis is DraftKind.unit:
        return f"{root}/{GENERATED_DIR}/{draft.unit_id}/"
    service = new_folder(draft) if draft.jenis is DraftKind.layanan_baru else draft.alamat.split("/", 1)[1]
    return f"{root}/{GENERATED_DIR}/{draft.unit_id}/{service}/"


__all__ = ["Checked", "DraftInvalid", "EditorError", "PUBLISHED_RECORD", "Published", "Stale", "StaleDraft",
           "Standard", "check", "changes", "discard", "draft_of", "drafts_of", "editable", "find", "publish",
           "save", "start", "stale", "working_standards"]
