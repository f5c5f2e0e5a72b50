"""What the versions not yet published will change on the site: `layanan diff`.

A version is pending while `standard/terbit.json` does not record it (the next `layanan build`
publishes it). For each unit and service with pending versions this says what the site will
show, in the words of the version-to-version difference (layanan/perbedaan.py):

* a unit or service none of whose versions is published is new;
* a pending version of a published one is compared with the version before it, and said to
  become the version in force (its date has come), to be announced as upcoming (its date is
  ahead), or to go straight to the history (a later version is in force already).

A published version edited in place is an error: `layanan check` refuses it and says how to
make a new version instead. Files with other errors are not compared; they are named.
Nothing here needs a build, git or a database: only the files of `standard/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from layanan.catalog import Catalog, LoadResult, ServiceEntry, UnitEntry
from layanan.formatting import tanggal
from layanan.problems import Problem
from layanan.perbedaan import Perubahan, bandingkan_layanan, bandingkan_unit, ringkas
from layanan.versions import (
    PUBLISHED_RECORD,
    PublishedRecordError,
    Version,
    component_hashes,
    content_hash,
    read_record,
)
from layanan.yamlfile import YamlFileError, read_yaml

IN_FORCE = "berlaku"
UPCOMING = "akan berlaku"
HISTORY = "riwayat"


@dataclass(frozen=True)
class PendingVersion:
    version: Version
    previous: Version | None  # None for the first version of a new unit or service
    state: str  # IN_FORCE, UPCOMING or HISTORY: where the next build puts it
    changes: list[Perubahan]
    errors: list[Problem] = field(default_factory=list)  # what stops the build from publishing it


@dataclass(frozen=True)
class PendingEntry:
    kind: str  # "Unit" or "Layanan"
    address: str  # "<unit>" or "<unit>/<service>"
    name: str
    new: bool  # no version of it is published yet
    versions: list[PendingVersion]


@dataclass(frozen=True)
class EditedInPlace:
    path: Path
    published: dt.date
    components: list[str]


@dataclass
class Pending:
    entries: list[PendingEntry] = field(default_factory=list)
    edited: list[EditedInPlace] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)  # the first error of each other file, not compared
    record_problem: str | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.edited or self.invalid or self.record_problem
                    or any(v.errors for e in self.entries for v in e.versions))


def pending_changes(result: LoadResult, standard: Path) -> Pending:
    catalog = result.catalog
    pending = Pending()
    try:
        record = read_record(standard)
    except PublishedRecordError as exc:
        pending.record_problem = str(exc)
        record = {}
    pending.edited = _edited_in_place(standard, record)
    edited = {e.path for e in pending.edited}
    read = {version.path for version in catalog.all_versions()}
    skip = edited | read | {standard / PUBLISHED_RECORD}
    for problem in result.errors:
        if problem.path not in skip and problem.path not in {p.path for p in pending.invalid}:
            pending.invalid.append(problem)
    errors: dict[Path, list[Problem]] = {}
    for problem in result.errors:
        errors.setdefault(problem.path, []).append(problem)
    for entry in _entries(catalog):
        found = _pending_of(entry, errors)
        if found is not None:
            pending.entries.append(found)
    return pending


def _entries(catalog: Catalog) -> list[UnitEntry | ServiceEntry]:
    units = sorted({**catalog.units, **catalog.announced_units}.values(), key=lambda e: e.id)
    services = sorted([*catalog.services, *catalog.announced_services], key=lambda s: (s.unit_id, s.id))
    return [*units, *services]


def _pending_of(entry: UnitEntry | ServiceEntry, errors: dict[Path, list[Problem]]) -> PendingEntry | None:
    waiting = [v for v in entry.versions if v.published is None]
    if not waiting:
        return None
    is_unit = isinstance(entry, UnitEntry)
    compare = bandingkan_unit if is_unit else bandingkan_layanan
    versions = []
    for version in waiting:
        previous = entry.previous(version)
        changes = compare(previous.model, version.model) if previous is not None else []
        versions.append(PendingVersion(version, previous, _state(entry, version), changes,
                                       errors.get(version.path, [])))
    address = entry.id if is_unit else f"{entry.unit_id}/{entry.id}"
    return PendingEntry("Unit" if is_unit else "Layanan", address, entry.versions[-1].model.nama,
                        len(waiting) == len(entry.versions), versions)


def _state(entry: UnitEntry | ServiceEntry, version: Version) -> str:
    if entry.in_force is version:
        return IN_FORCE
    if version in entry.upcoming:
        return UPCOMING
    return HISTORY


def _edited_in_place(standard: Path, record) -> list[EditedInPlace]:
    found = []
    for name, entry in sorted(record.items()):
        path = standard / name
        try:
            data = read_yaml(path).data
        except (OSError, YamlFileError):
            continue  # missing or unreadable: `layanan check` names it, and it is listed as invalid
        if not isinstance(data, dict) or content_hash(data) != entry.content:
            components = entry.changed_components(component_hashes(data)) if isinstance(data, dict) else []
            found.append(EditedInPlace(path, entry.published, components))
    return found


# --- words ------------------------------------------------------------------------


def describe(pending: Pending, root: Path) -> list[str]:
    """The lines `layanan diff` prints."""
    lines: list[str] = []
    if pending.record_problem:
        lines.append(f"Galat: standard/terbit.json: {pending.record_problem}")
    for edited in pending.edited:
        changed = f" (berubah: {', '.join(edited.components)})" if edited.components else ""
        lines.append(
            f"Galat: {_relative(edited.path, root)} sudah terbit pada {tanggal(edited.published)}, tetapi isinya "
            f"diubah{changed} — versi yang sudah terbit tidak boleh diubah; jalankan `layanan check` untuk "
            "cara memperbaikinya"
        )
    for problem in pending.invalid:
        where = _relative(problem.path, root)
        if problem.path.is_file():
            lines.append(f"Galat: {where} punya galat dan tidak dibandingkan — jalankan `layanan check`")
        else:  # a folder, or a published version that was deleted: the message is the whole story
            lines.append(f"Galat: {where}: {problem.message}")
    if lines:
        lines.append("")
    if not pending.entries:
        lines.append("Tidak ada perubahan yang menunggu terbit: semua versi yang terbaca sudah terbit.")
        return lines
    for entry in pending.entries:
        lines += _entry_lines(entry)
        lines.append("")
    count = sum(len(e.versions) for e in pending.entries)
    when = "setelah galat di atas diperbaiki" if pending.has_errors else "berikutnya"
    lines.append(f"{count} versi menunggu terbit; `layanan build` {when} menerbitkannya, dan sesudah itu isinya "
                 "tidak dapat diubah lagi.")
    return lines


def _entry_lines(entry: PendingEntry) -> list[str]:
    lines = []
    one_new = entry.new and len(entry.versions) == 1
    if entry.new and not one_new:
        lines.append(f"{entry.kind} baru: {entry.name} ({entry.address})")
    for pending in entry.versions:
        version = pending.version
        heading = f"versi {version.number} ({_when(pending)})"
        if one_new:
            lines.append(f"{entry.kind} baru: {entry.name} ({entry.address}): {heading}")
        else:
            lines.append(f"  {heading}" if entry.new else f"{entry.kind} {entry.name} ({entry.address}): {heading}")
        for problem in sorted(pending.errors, key=lambda p: p.line or 0):
            where = f"{problem.field}: " if problem.field else ""
            lines.append(f"  Galat, belum dapat terbit: {where}{problem.message}")
        if pending.previous is None:
            continue
        summary = version.model.ringkasan_perubahan
        if summary:
            lines.append(f"  Ringkasan perubahan: {summary}")
        lines.append(f"  Dibandingkan dengan versi {pending.previous.number}:")
        lines += [f"    {line}" if line else "" for line in ringkas(pending.changes).rstrip("\n").split("\n")]
    return lines


def _when(pending: PendingVersion) -> str:
    effective = pending.version.effective
    if pending.state == UPCOMING:
        return f"berlaku mulai {tanggal(effective)}, akan diumumkan sebagai versi yang akan berlaku"
    if effective is None and pending.previous is not None:
        return "tanggal berlaku belum diisi"
    since = f"berlaku sejak {tanggal(effective)}" if effective is not None else "tanpa tanggal berlaku: berlaku sejak terbit"
    if pending.state == IN_FORCE:
        return f"{since}, akan ditampilkan sebagai versi yang berlaku"
    return f"{since}, langsung masuk riwayat karena versi sesudahnya sudah berlaku"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
