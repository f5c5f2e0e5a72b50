"""Load every file of `standard/` into a validated catalog, or say precisely what is wrong.

Layout::

    standard/unit/<unit-id>/versi-<n>.yaml                  a unit's profile and Maklumat, per version
    standard/layanan/<any folders>/<id>/versi-<n>.yaml      a service's standard, per version;
                                                            `unit:` names its unit
    standard/terbit.json                                    the versions a build has published

A service's address on the site is /standar/<unit-id>/<service-id>/, where <service-id> is
its folder's name, so two services of one unit need different folder names. Which version
is in force, and which are published, is decided in layanan/versions.py.

Every file is read and checked in one run, and every problem is reported: a service whose
unit is missing is reported even when the service itself has errors too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from layanan.buildcache import Cache, code_stamp
from layanan.messages import clean_location, describe, field_label
from layanan.interpretation import interpretation_warnings
from layanan.model import Layanan, TidakDiketahui, Unit
from layanan.parallel import map_chunks
from layanan.problems import Problem, Severity, StandardsInvalid
from layanan.scaffold import placeholder_warnings
from layanan.versions import (
    PUBLISHED_RECORD,
    PublishedEntry,
    PublishedRecordError,
    Version,
    component_hashes,
    content_hash,
    in_force_index,
    read_record,
    today_in,
    version_number,
)
from layanan.yamlfile import YamlDocument, YamlFileError, read_yaml

UNIT_DIR = "unit"
SERVICE_DIR = "layanan"
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_MISTYPED_VERSION = re.compile(r"versi[-_ ]?0*([0-9]+)", re.IGNORECASE)
RESERVED_SERVICE_IDS = {"profil", "kinerja"}  # /standar/<unit>/profil/ and …/kinerja/ are the unit's own pages


@dataclass(frozen=True)
class _Versioned:
    id: str
    versions: tuple[Version, ...]
    current: int | None  # index of the version in force; None while every version is upcoming

    @property
    def folder(self) -> Path:
        return self.versions[0].path.parent

    @property
    def shown(self) -> Version:
        """The version in force, or the first upcoming one when none is in force yet."""
        return self.versions[0 if self.current is None else self.current]

    @property
    def path(self) -> Path:
        return self.shown.path

    @property
    def sha256(self) -> str:
        """Of the shown version's file: which version of the standard a promise was made under."""
        return self.shown.sha256

    @property
    def in_force(self) -> Version | None:
        return None if self.current is None else self.versions[self.current]

    @property
    def upcoming(self) -> tuple[Version, ...]:
        return self.versions[0 if self.current is None else self.current + 1:]

    @property
    def earlier(self) -> tuple[Version, ...]:
        """Versions no longer in force, newest first."""
        return tuple(reversed(self.versions[:self.current or 0]))

    def previous(self, version: Version) -> Version | None:
        return self.versions[version.number - 2] if version.number > 1 else None


@dataclass(frozen=True)
class UnitEntry(_Versioned):
    @property
    def unit(self) -> Unit:
        return self.shown.model


@dataclass(frozen=True)
class ServiceEntry(_Versioned):
    @property
    def layanan(self) -> Layanan:
        return self.shown.model

    @property
    def unit_id(self) -> str:
        return self.layanan.unit


@dataclass
class Catalog:
    """The valid standards: units and services with a version in force, and those announced."""

    root: Path
    units: dict[str, UnitEntry] = field(default_factory=dict)
    services: list[ServiceEntry] = field(default_factory=list)
    announced_units: dict[str, UnitEntry] = field(default_factory=dict)
    announced_services: list[ServiceEntry] = field(default_factory=list)
    today: dt.date | None = None  # the day the versions in force were chosen for (None: each unit's own today)

    def services_of(self, unit_id: str) -> list[ServiceEntry]:
        return self.services_by_unit.get(unit_id, [])

    def announced_services_of(self, unit_id: str) -> list[ServiceEntry]:
        return [s for s in self.announced_services if s.unit_id == unit_id]

    @cached_property
    def services_by_unit(self) -> dict[str, list[ServiceEntry]]:
        """Services grouped by unit; read it only once loading is complete."""
        grouped: dict[str, list[ServiceEntry]] = {}
        for service in self.services:
            grouped.setdefault(service.unit_id, []).append(service)
        return grouped

    def all_versions(self) -> list[Version]:
        entries = [*self.units.values(), *self.announced_units.values(), *self.services, *self.announced_services]
        return [version for entry in entries for version in entry.versions]


@dataclass
class LoadResult:
    catalog: Catalog
    problems: list[Problem]
    unit_files: list[Path] = field(default_factory=list)
    service_files: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return self.unit_files + self.service_files

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def load(root: Path, workers: int | None = None, today: dt.date | None = None,
         at: dt.datetime | None = None, cache_dir: Path | None = None,
         overlay: Mapping[Path, str] | None = None, scope: Sequence[Path] | None = None) -> LoadResult:
    """Read and validate all standards under `root`; never raises for bad content.

    `today` chooses the versions in force; without it, each unit's own date at the moment `at`
    (default: now) does. With `cache_dir`, files whose bytes are unchanged since the last call
    are not read again (layanan/buildcache.py).
    `workers=1` reads in this process only (a server's worker must not fork its threads).
    `overlay` maps paths under `root` to texts read in place of those files (or as files that do
    not exist yet): the editor checks a version before it writes it, with every rule of
    `layanan check`.
    `scope` limits the reading to the files under these folders (e.g. one unit's folder and its
    services' folder): every rule that concerns those files applies, in a fraction of the time a
    large site takes; what they cannot see (a service of the unit kept elsewhere) the full check of
    the next build still sees. The cache is not used then (reading it costs more than the files)."""
    overlay = {Path(path): text.encode("utf-8") for path, text in (overlay or {}).items()}
    if scope is not None:
        cache_dir = None
    catalog = Catalog(root=root, today=today)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, None, None, f"folder standar '{root}' tidak ada"))
        return LoadResult(catalog, problems)

    yaml_files = sorted(set(_yaml_files(root, scope)) | set(overlay))
    problems.extend(_stray_files(root, yaml_files))
    try:
        record = read_record(root)
    except PublishedRecordError as exc:
        problems.append(Problem(root / PUBLISHED_RECORD, None, None, str(exc)))
        record = {}
    unit_folders = _version_folders(root, yaml_files, UNIT_DIR)
    service_folders = _version_folders(root, yaml_files, SERVICE_DIR)
    unit_files = [path for files in unit_folders.values() for path in files]
    service_files = [path for files in service_folders.values() for path in files]
    loaded = _load_all(unit_files, service_files, workers, cache_dir, overlay)
    older = {path for files in [*unit_folders.values(), *service_folders.values()] for path in files[:-1]}
    for one in loaded.values():
        # what is still unknown is worth a warning in the newest version only
        problems.extend(p for p in one.problems if p.severity is Severity.ERROR or one.path not in older)
    if scope is not None:
        record = {name: entry for name, entry in record.items() if _within(root / name, scope)}
    problems.extend(_missing_published(root, record, loaded))

    unit_zones: dict[str, Any] = {}
    unit_folder_ids = set()
    for folder, files in unit_folders.items():
        unit_folder_ids.add(folder.name)
        versions = _versions(root, folder.name, [loaded[path] for path in files], record, problems)
        name_ok = _check_id(folder, folder.name, problems)
        if versions is None or not name_ok:
            continue
        zone = versions[-1].model.zona_waktu
        unit_zones[folder.name] = zone
        current = in_force_index(list(versions), today or today_in(zone, at))
        entry = UnitEntry(folder.name, versions, current)
        (catalog.announced_units if current is None else catalog.units)[folder.name] = entry

    seen: dict[tuple[str, str], Path] = {}
    names: dict[tuple[str, str], Path] = {}
    for folder, files in service_folders.items():
        ones = [loaded[path] for path in files]
        unit_id = _service_unit(ones, problems)
        if unit_id is not None and unit_id not in unit_folder_ids:
            one = next(o for o in ones if o.raw_unit == unit_id)
            problems.append(Problem(
                one.path, one.unit_line, "unit",
                f"unit '{unit_id}' tidak ada — buat standard/unit/{unit_id}/versi-1.yaml "
                f"atau perbaiki namanya{_known_units(unit_folder_ids)}",
            ))
        if folder.name in RESERVED_SERVICE_IDS:
            problems.append(Problem(
                folder, None, None,
                f"nama folder '{folder.name}' sudah dipakai situs untuk halaman unit — beri folder layanan ini "
                "nama lain",
            ))
            continue
        name_ok = _check_id(folder, folder.name, problems)
        if unit_id is not None and name_ok:
            key = (unit_id, folder.name)
            if key in seen:
                problems.append(Problem(
                    files[0], 1, None,
                    f"unit '{unit_id}' sudah punya layanan bernama '{folder.name}' di {_shown(root, seen[key])} — "
                    "beri folder layanan ini nama lain",
                ))
            seen.setdefault(key, folder)
            for one in ones:
                if one.raw_name is None:
                    continue
                named = (unit_id, one.raw_name.casefold())
                if named in names and names[named] != folder:
                    problems.append(Problem(
                        one.path, one.name_line, "nama",
                        f"unit '{unit_id}' sudah punya layanan bernama '{one.raw_name}' di {_shown(root, names[named])} — "
                        "pembaca tidak dapat membedakan keduanya; beri layanan ini nama lain",
                    ))
                names.setdefault(named, folder)
        versions = _versions(root, f"{unit_id}/{folder.name}", ones, record, problems)
        if versions is None or unit_id is None or seen.get((unit_id, folder.name)) != folder:
            continue
        if unit_id not in catalog.units and unit_id not in catalog.announced_units:
            continue
        zone = unit_zones.get(unit_id)
        current = in_force_index(list(versions), today or today_in(zone, at))
        entry = ServiceEntry(folder.name, versions, current)
        if current is None or unit_id not in catalog.units:
            catalog.announced_services.append(entry)
        else:
            catalog.services.append(entry)

    catalog.services.sort(key=lambda s: (s.unit_id, s.id))
    catalog.announced_services.sort(key=lambda s: (s.unit_id, s.id))
    for unit_id, entry in catalog.units.items():
        if unit_id not in catalog.services_by_unit and not catalog.announced_services_of(unit_id):
            problems.append(Problem(
                entry.path, 1, None,
                "unit ini belum punya layanan — tambahkan folder layanan di standard/layanan/ dengan "
                f"versi-1.yaml berisi 'unit: {unit_id}' (`layanan baru layanan` menuliskannya)",
                Severity.WARNING,
            ))
    return LoadResult(catalog, sorted(problems, key=_order), unit_files, service_files)


def _yaml_files(root: Path, scope: Sequence[Path] | None = None) -> list[Path]:
    found = []
    for top in [root] if scope is None else [folder for folder in scope if folder.is_dir()]:
        for folder, _, names in os.walk(top):
            found.extend(Path(folder) / name for name in names if name.endswith((".yaml", ".yml")))
    return sorted(set(found))


def _within(path: Path, scope: Sequence[Path]) -> bool:
    text = str(path)
    return any(text == str(folder) or text.startswith(str(folder) + os.sep) for folder in scope)


def _version_folders(root: Path, files: list[Path], top: str) -> dict[Path, list[Path]]:
    """Folders of `top` holding version files (versi-<n>.yaml), each with its files in number order.

    A unit's folder sits right in standard/unit/; a service's anywhere below standard/layanan/."""
    folders: dict[Path, list[Path]] = {}
    for path in files:
        parts = path.relative_to(root).parts
        if parts[0] != top or version_number(path) is None:
            continue
        if (top == UNIT_DIR and len(parts) == 3) or (top == SERVICE_DIR and len(parts) >= 3):
            folders.setdefault(path.parent, []).append(path)
    return {folder: sorted(found, key=version_number) for folder, found in sorted(folders.items())}


def _load_all(unit_files: list[Path], service_files: list[Path], workers: int | None,
              cache_dir: Path | None, overlay: dict[Path, bytes]) -> dict[Path, _Loaded]:
    """Every file read and validated, in parallel; unchanged files taken from the cache.

    The texts of `overlay` are read in place of their files, and never cached."""
    store = Cache(cache_dir, "standar", code_stamp())
    cached = store.read()
    kinds = {path: Unit for path in unit_files} | {path: Layanan for path in service_files}
    loaded: dict[Path, _Loaded] = {}
    fresh = []
    for path in unit_files + service_files:
        one = cached.get((path, kinds[path].__name__))
        if path in overlay:
            loaded[path] = _load_one(path, kinds[path], overlay[path])
        elif one is not None and one.sha256 and one.sha256 == _file_sha256(path):
            loaded[path] = one
        else:
            fresh.append(path)
    for chunk in map_chunks(lambda paths: [_load_one(p, kinds[p]) for p in paths], fresh, workers):
        for one in chunk:
            loaded[one.path] = one
    if fresh or len(cached) != len(loaded) - len(overlay):
        store.write({(path, kinds[path].__name__): one for path, one in loaded.items() if path not in overlay})
    return {path: loaded[path] for path in unit_files + service_files}


def _shown(root: Path, path: Path) -> str:
    """A path as staff see it in the project: standard/…"""
    return (Path(root.name) / path.relative_to(root)).as_posix()


def _file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _versions(root: Path, name: str, ones: list[_Loaded], record: dict[str, PublishedEntry],
              problems: list[Problem]) -> tuple[Version, ...] | None:
    """The versions of one unit or service, checked as a sequence; None when any is unusable."""
    usable = True
    for expected, one in enumerate(ones, start=1):
        number = version_number(one.path)
        if number != expected:
            problems.append(Problem(
                one.path, None, None,
                f"versi {expected} tidak ada di folder ini — versi diberi nomor berurutan mulai 1; "
                f"ganti nama file ini menjadi versi-{expected}.yaml",
            ))
            usable = False
            break
    versions = []
    previous: Version | None = None
    for one in ones:
        published = record.get(one.path.relative_to(root).as_posix())
        if published is not None and one.data is not None and published.content != one.content:
            changed = published.changed_components(one.components)
            line = next((one.document_line(key) for key in changed if one.document_line(key)), None)
            problems.append(Problem(
                one.path, line, ", ".join(changed) or None,
                f"versi ini sudah terbit pada {published.published:%d-%m-%Y} dan isinya tidak boleh diubah "
                f"(berubah: {', '.join(changed)}) — kembalikan isinya, lalu buat versi berikutnya dengan "
                f"`layanan versi-baru {name}` dan ubah di sana",
            ))
            usable = False
        if one.instance is None:
            usable = False
            continue
        version = Version(version_number(one.path) or 0, one.path, one.instance, one.sha256, one.content,
                          one.components, published.published if published is not None else None)
        problems.extend(_sequence_problems(version, previous, one))
        previous = version
        versions.append(version)
    return tuple(versions) if usable and versions else None


def _sequence_problems(version: Version, previous: Version | None, one: _Loaded) -> list[Problem]:
    if previous is None:
        return []
    found = []
    model = version.model
    if model.ringkasan_perubahan is None:
        found.append(Problem(
            one.path, one.document_line("ringkasan_perubahan") or one.document_line("versi") or 1, "ringkasan_perubahan",
            f"versi {version.number} perlu 'ringkasan_perubahan': satu atau dua kalimat tentang apa yang "
            f"berubah dari versi {previous.number}",
        ))
    if version.effective is None:
        found.append(Problem(
            one.path, one.document_line("berlaku_sejak"), "berlaku_sejak",
            f"versi {version.number} perlu tanggal berlaku (TTTT-BB-HH) — tanpa tanggal, situs tidak dapat "
            "menentukan kapan versi ini menggantikan versi sebelumnya",
        ))
    elif previous.effective is not None and version.effective <= previous.effective:
        found.append(Problem(
            one.path, one.document_line("berlaku_sejak"), "berlaku_sejak",
            f"versi {version.number} berlaku sejak {version.effective:%d-%m-%Y}, tidak sesudah versi "
            f"{previous.number} ({previous.effective:%d-%m-%Y}) — tanggal berlaku versi berikutnya harus "
            "lebih akhir",
        ))
    return found


def _service_unit(ones: list[_Loaded], problems: list[Problem]) -> str | None:
    """The unit every version of a service names (read even from a version with errors)."""
    units = [(one, one.raw_unit) for one in ones if one.raw_unit is not None]
    if not units:
        return None
    first = units[0][1]
    for one, unit_id in units[1:]:
        if unit_id != first:
            problems.append(Problem(
                one.path, one.unit_line, "unit",
                f"versi ini memakai unit '{unit_id}', versi sebelumnya '{first}' — satu layanan tetap pada "
                "satu unit; untuk unit lain, buat layanan baru (`layanan baru layanan`)",
            ))
    return first


def _missing_published(root: Path, record: dict[str, PublishedEntry], loaded: dict[Path, Any]) -> list[Problem]:
    found = []
    for name, entry in sorted(record.items()):
        path = root / name
        if path not in loaded:
            found.append(Problem(
                path, None, None,
                f"versi ini sudah terbit pada {entry.published:%d-%m-%Y} lalu dihapus atau dipindah — "
                "kembalikan file ini (dari riwayat git atau cadangan): alamatnya di situs harus tetap ada",
            ))
    return found


def load_or_raise(root: Path, today: dt.date | None = None, at: dt.datetime | None = None,
                  cache_dir: Path | None = None) -> tuple[Catalog, list[Problem]]:
    result = load(root, today=today, at=at, cache_dir=cache_dir)
    if result.errors:
        raise StandardsInvalid(result.problems)
    return result.catalog, result.warnings


def _order(problem: Problem) -> tuple[str, int, str]:
    return (str(problem.path), problem.line or 0, problem.field or "")


def _stray_files(root: Path, files: list[Path]) -> list[Problem]:
    """YAML files outside the layout: each told where it belongs."""
    problems = []
    for path in files:
        parts = path.relative_to(root).parts
        top = parts[0]
        if top == UNIT_DIR and len(parts) == 2:
            problems.append(Problem(
                path, None, None,
                f"profil unit ditulis per versi — pindahkan file ini ke standard/{UNIT_DIR}/{path.stem}/versi-1.yaml",
            ))
        elif len(parts) >= 3 and version_number(path) is None and top in (UNIT_DIR, SERVICE_DIR) and (mistyped := _MISTYPED_VERSION.fullmatch(path.stem)):
            number = int(mistyped[1])
            problems.append(Problem(
                path, None, None,
                "versi dimulai dari versi-1.yaml — ganti nama file ini" if number == 0 else
                f"nama file versi ditulis versi-<nomor>.yaml tanpa nol di depan — ganti nama file ini menjadi "
                f"versi-{number}.yaml",
            ))
        elif top == UNIT_DIR and (len(parts) != 3 or version_number(path) is None):
            problems.append(Problem(
                path, None, None,
                f"file ini tidak dibaca — versi profil unit ditulis sebagai standard/{UNIT_DIR}/<unit>/versi-1.yaml, "
                "versi-2.yaml, …",
            ))
        elif top == SERVICE_DIR and version_number(path) is None:
            folder = path.parent.relative_to(root).as_posix()
            problems.append(Problem(
                path, None, None,
                f"file ini tidak dibaca — standar layanan ditulis per versi: pindahkan ke "
                f"{'standard/' + folder}/{path.stem}/versi-1.yaml (versi berikutnya: versi-2.yaml, …)",
            ))
        elif top == SERVICE_DIR and len(parts) < 3:
            problems.append(Problem(
                path, None, None,
                f"file ini tidak dibaca — versi sebuah layanan disimpan di folder layanannya, misalnya "
                f"standard/{SERVICE_DIR}/<unit>/<layanan>/{path.name}",
            ))
        elif top == "kinerja":
            problems.append(Problem(
                path, None, None,
                "file ini tidak dibaca — standard/kinerja/ memuat <unit>.json (ditulis oleh "
                "`layanan kinerja ekspor`) dan tindak lanjut unit di <unit>.tindak-lanjut.md",
            ))
        elif top not in (UNIT_DIR, SERVICE_DIR):
            problems.append(Problem(
                path, None, None,
                f"file ini tidak dibaca — pindahkan ke standard/{UNIT_DIR}/<unit>/ (unit) "
                f"atau standard/{SERVICE_DIR}/<unit>/<layanan>/ (layanan)",
            ))
    return problems


def _check_id(folder: Path, identifier: str, problems: list[Problem]) -> bool:
    if _ID.fullmatch(identifier):
        return True
    suggestion = re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-") or "nama-folder"
    problems.append(Problem(
        folder, None, None,
        f"nama folder '{folder.name}' menjadi alamat halaman, jadi hanya boleh huruf kecil, angka, "
        f"dan tanda hubung — ganti nama folder menjadi '{suggestion}'",
    ))
    return False


def _known_units(unit_ids: set[str]) -> str:
    if not unit_ids:
        return " (belum ada unit sama sekali)"
    names = sorted(unit_ids)
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    return f" (unit yang ada: {shown})"


@dataclass
class _Loaded:
    """One file read and validated: the model, or the problems that stopped it.

    What cross-file checks need (the unit it names, its name, its content hash) is kept even
    when the file has errors, so that every problem is found in one run."""

    path: Path
    instance: Any
    problems: list[Problem]
    data: dict[str, Any] | None = None
    lines: dict[str, int] = field(default_factory=dict)  # top-level key → line
    sha256: str = ""
    content: str = ""
    components: dict[str, str] = field(default_factory=dict)

    @property
    def raw_unit(self) -> str | None:
        value = (self.data or {}).get("unit")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def raw_name(self) -> str | None:
        value = (self.data or {}).get("nama")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def unit_line(self) -> int | None:
        return self.lines.get("unit")

    @property
    def name_line(self) -> int | None:
        return self.lines.get("nama")

    def document_line(self, key: str) -> int | None:
        return self.lines.get(key)


def _load_one(path: Path, model: type[BaseModel], raw: bytes | None = None) -> _Loaded:
    try:
        document = read_yaml(path, raw)
    except YamlFileError as exc:
        return _Loaded(path, None, [Problem(path, exc.line, None, exc.message)])
    except OSError as exc:
        return _Loaded(path, None, [Problem(path, None, None, f"file tidak dapat dibaca: {exc.strerror}")])
    if not isinstance(document.data, dict):
        return _Loaded(path, None, [Problem(
            path, 1, None,
            "isi file harus berupa kumpulan 'kunci: nilai' (misalnya 'nama: ...'), "
            "bukan daftar atau teks tunggal",
        )])
    data = document.data
    lines = {key: line for key in data if (line := document.line_of((key,))) is not None}
    known = _Loaded(path, None, [], data, lines, document.sha256, content_hash(data), component_hashes(data))
    read_problems = [Problem(path, line, None, message) for line, message in document.problems]
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        known.problems = read_problems + _problems_from(exc, document, model)
        return known
    if read_problems:
        known.problems = read_problems
        return known
    known.instance = instance
    known.problems = (_unknown_warnings(instance, document) + interpretation_warnings(instance, document)
                      + placeholder_warnings(document))
    return known


def _problems_from(exc: ValidationError, document: YamlDocument,
                   model: type[BaseModel]) -> list[Problem]:
    found = []
    for error in exc.errors(include_url=False):
        location = clean_location(error["loc"])
        if error["type"] != "missing":
            location = _written_part(location, document)
        data_location = tuple(p for p in location if p != "[key]")
        message = describe(error, model, location)
        if data_location in document.impossible_dates:
            message = (f"'{document.impossible_dates[data_location]}' bukan tanggal yang ada — periksa hari "
                       "dan bulannya; tulis TTTT-BB-HH, misalnya 2026-02-28")
        found.append(Problem(
            document.path,
            document.line_of(data_location),
            field_label(location) or None,
            message,
        ))
    return found


def _written_part(location: tuple[Any, ...], document: YamlDocument) -> tuple[Any, ...]:
    """The part of `location` that the file spells out (a shorthand value has no sub-keys)."""
    while location and tuple(p for p in location if p != "[key]") not in document.lines:
        location = location[:-1]
    return location


def _unknown_warnings(instance: BaseModel, document: YamlDocument) -> list[Problem]:
    return [
        Problem(
            document.path,
            document.line_of(location),
            field_label(location),
            f"belum dipublikasikan ({value.tidak_diketahui}) — lengkapi bila unit sudah menetapkannya",
            Severity.WARNING,
        )
        for location, value in _walk_unknowns(instance, ())
    ]


def _walk_unknowns(value: Any, location: tuple[Any, ...]):
    if isinstance(value, TidakDiketahui):
        yield location, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_unknowns(getattr(value, name), location + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_unknowns(item, location + (getattr(key, "value", key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_unknowns(item, location + (index,))
