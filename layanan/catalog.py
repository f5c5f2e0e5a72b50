"""Load every file of `standard/` into a validated catalog, or say precisely what is wrong.

Layout::

    standard/unit/<unit-id>.yaml                 one file per unit (office)
    standard/layanan/<any folders>/<id>.yaml     one file per service; `unit:` names its unit

A service's address on the site is /standar/<unit-id>/<service-id>/, where
<service-id> is its file name, so two services of one unit need different
file names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from layanan.messages import clean_location, describe, field_label
from layanan.interpretation import interpretation_warnings
from layanan.model import Layanan, TidakDiketahui, Unit
from layanan.parallel import map_chunks
from layanan.problems import Problem, Severity, StandardsInvalid
from layanan.yamlfile import YamlDocument, YamlFileError, read_yaml

UNIT_DIR = "unit"
SERVICE_DIR = "layanan"
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class UnitEntry:
    id: str
    path: Path
    unit: Unit
    sha256: str = ""  # of the file's bytes: which version of the standard a promise was made under


@dataclass(frozen=True)
class ServiceEntry:
    id: str
    path: Path
    layanan: Layanan
    sha256: str = ""  # of the file's bytes: which version of the standard a promise was made under

    @property
    def unit_id(self) -> str:
        return self.layanan.unit


@dataclass
class Catalog:
    root: Path
    units: dict[str, UnitEntry] = field(default_factory=dict)
    services: list[ServiceEntry] = field(default_factory=list)

    def services_of(self, unit_id: str) -> list[ServiceEntry]:
        return self.services_by_unit.get(unit_id, [])

    @cached_property
    def services_by_unit(self) -> dict[str, list[ServiceEntry]]:
        """Services grouped by unit; read it only once loading is complete."""
        grouped: dict[str, list[ServiceEntry]] = {}
        for service in self.services:
            grouped.setdefault(service.unit_id, []).append(service)
        return grouped


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


def load(root: Path, workers: int | None = None) -> LoadResult:
    """Read and validate all standards under `root`; never raises for bad content.

    `workers=1` reads in this process only (a server's worker must not fork its threads)."""
    catalog = Catalog(root=root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, None, None, f"folder standar '{root}' tidak ada"))
        return LoadResult(catalog, problems)

    problems.extend(_stray_files(root))
    unit_files = _yaml_files(root / UNIT_DIR)
    service_files = _yaml_files(root / SERVICE_DIR)
    kinds = {path: Unit for path in unit_files} | {path: Layanan for path in service_files}
    loaded = [one for chunk in map_chunks(lambda paths: [_load_one(p, kinds[p]) for p in paths],
                                          unit_files + service_files, workers)
              for one in chunk]

    unusable_units: dict[str, Path] = {}  # unit files that exist but are in error
    for one in loaded[:len(unit_files)]:
        problems.extend(one.problems)
        if one.instance is not None and _check_id(one.path, one.path.stem, problems):
            catalog.units[one.path.stem] = UnitEntry(one.path.stem, one.path, one.instance, one.sha256)
        else:
            unusable_units[one.path.stem] = one.path

    seen: dict[tuple[str, str], Path] = {}
    names: dict[tuple[str, str], Path] = {}
    waiting: dict[str, int] = {}  # services not checked against their unit, which is in error
    for one in loaded[len(unit_files):]:
        problems.extend(one.problems)
        path, layanan = one.path, one.instance
        if layanan is None or not _check_id(path, path.stem, problems):
            continue
        if layanan.unit in unusable_units:
            waiting[layanan.unit] = waiting.get(layanan.unit, 0) + 1
            continue
        if layanan.unit not in catalog.units:
            problems.append(Problem(
                path, one.unit_line, "unit",
                f"unit '{layanan.unit}' tidak ada — buat standard/unit/{layanan.unit}.yaml "
                f"atau perbaiki namanya{_known_units(catalog)}",
            ))
            continue
        key = (layanan.unit, path.stem)
        if key in seen:
            problems.append(Problem(
                path, 1, None,
                f"unit '{layanan.unit}' sudah punya layanan bernama '{path.stem}' di {seen[key]} — "
                "beri file ini nama lain",
            ))
            continue
        seen[key] = path
        named = (layanan.unit, layanan.nama.casefold())
        if named in names:
            problems.append(Problem(
                path, one.name_line, "nama",
                f"unit '{layanan.unit}' sudah punya layanan bernama '{layanan.nama}' di {names[named]} — "
                "pembaca tidak dapat membedakan keduanya; beri layanan ini nama lain",
            ))
            continue
        names[named] = path
        catalog.services.append(ServiceEntry(path.stem, path, layanan, one.sha256))

    for unit_id, count in waiting.items():
        problems.append(Problem(
            unusable_units[unit_id], None, None,
            f"{count} file layanan memakai unit ini; mereka baru diperiksa terhadap unit ini "
            "setelah galat pada file ini diperbaiki",
            Severity.WARNING,
        ))

    catalog.services.sort(key=lambda s: (s.unit_id, s.id))
    for unit_id, entry in catalog.units.items():
        if unit_id not in catalog.services_by_unit:
            problems.append(Problem(
                entry.path, 1, None,
                "unit ini belum punya layanan — tambahkan file di standard/layanan/ dengan "
                f"'unit: {unit_id}'",
                Severity.WARNING,
            ))
    return LoadResult(catalog, sorted(problems, key=_order), unit_files, service_files)


def load_or_raise(root: Path) -> tuple[Catalog, list[Problem]]:
    result = load(root)
    if result.errors:
        raise StandardsInvalid(result.problems)
    return result.catalog, result.warnings


def _order(problem: Problem) -> tuple[str, int, str]:
    return (str(problem.path), problem.line or 0, problem.field or "")


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _stray_files(root: Path) -> list[Problem]:
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        top = path.relative_to(root).parts[0]
        if top == UNIT_DIR and path.parent != root / UNIT_DIR:
            problems.append(Problem(path, None, None,
                                    f"file unit harus langsung di standard/{UNIT_DIR}/, bukan di subfolder"))
        elif top not in (UNIT_DIR, SERVICE_DIR):
            problems.append(Problem(
                path, None, None,
                f"file ini tidak dibaca — pindahkan ke standard/{UNIT_DIR}/ (unit) "
                f"atau standard/{SERVICE_DIR}/ (layanan)",
            ))
    return problems


def _check_id(path: Path, identifier: str, problems: list[Problem]) -> bool:
    if _ID.fullmatch(identifier):
        return True
    suggestion = re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-") or "nama-file"
    problems.append(Problem(
        path, None, None,
        f"nama file '{path.name}' menjadi alamat halaman, jadi hanya boleh huruf kecil, angka, "
        f"dan tanda hubung — ganti nama file menjadi '{suggestion}{path.suffix}'",
    ))
    return False


def _known_units(catalog: Catalog) -> str:
    if not catalog.units:
        return " (belum ada unit sama sekali)"
    names = sorted(catalog.units)
    shown = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
    return f" (unit yang ada: {shown})"


@dataclass
class _Loaded:
    """One file read and validated: the model, or the problems that stopped it."""

    path: Path
    instance: Any
    problems: list[Problem]
    unit_line: int | None = None
    sha256: str = ""
    name_line: int | None = None


def _load_one(path: Path, model: type[BaseModel]) -> _Loaded:
    try:
        document = read_yaml(path)
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
    read_problems = [Problem(path, line, None, message) for line, message in document.problems]
    try:
        instance = model.model_validate(document.data)
    except ValidationError as exc:
        return _Loaded(path, None, read_problems + _problems_from(exc, document, model))
    if read_problems:
        return _Loaded(path, None, read_problems)
    warnings = _unknown_warnings(instance, document) + interpretation_warnings(instance, document)
    return _Loaded(path, instance, warnings, document.line_of(("unit",)), document.sha256,
                   document.line_of(("nama",)))


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
