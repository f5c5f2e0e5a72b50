"""Versions of a standard: which file is which version, which is in force, which are published.

Every unit and every service is a folder of version files, ``versi-1.yaml``, ``versi-2.yaml`` …
Each file is a complete standard with its own SK, effective date (``berlaku_sejak``) and, from
version 2, a summary of what changed. The version in force on a day is the highest-numbered
one whose effective date has come (an unknown date counts as "always"; only version 1 may
have one); the versions after it are upcoming.

``standard/terbit.json`` records the versions a build has published, with a hash of their
content and of each component. A published version is immutable: ``layanan check`` compares
each file with its record and names the components that changed. The record is written by
``layanan build`` and committed with the standards; the site build needs nothing else (no
git, no database).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from layanan.model import TidakDiketahui, ZonaWaktu

PUBLISHED_RECORD = "terbit.json"
VERSION_FILE = re.compile(r"versi-([1-9][0-9]*)\.ya?ml")
VERSION_FIELDS = ("versi", "sk", "berlaku_sejak", "ringkasan_perubahan")
"""Fields that describe a version rather than the standard's content."""

Model = TypeVar("Model")


def version_number(path: Path) -> int | None:
    match = VERSION_FILE.fullmatch(path.name)
    return int(match[1]) if match else None


def version_file(folder: Path, number: int) -> Path:
    return folder / f"versi-{number}.yaml"


@dataclass(frozen=True)
class Version(Generic[Model]):
    """One validated version file of a unit or a service."""

    number: int
    path: Path
    model: Model
    sha256: str  # of the file's bytes
    content: str  # hash of its content (comments and layout do not count)
    components: dict[str, str]  # hash of each top-level component, to name what changed
    published: dt.date | None = None  # when a build first published it; None while pending

    @property
    def id(self) -> str:
        return f"versi-{self.number}"

    @property
    def effective(self) -> dt.date | None:
        value = getattr(self.model, "berlaku_sejak")
        return None if isinstance(value, TidakDiketahui) else value

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective is None or self.effective <= day


def in_force_index(versions: list[Version], day: dt.date) -> int | None:
    """Index of the version in force on `day` among `versions` (ordered by number), or None."""
    found = None
    for index, version in enumerate(versions):
        if version.in_force_on(day):
            found = index
    return found


def today_in(zone: ZonaWaktu | None, now: dt.datetime | None = None) -> dt.date:
    """The date at the unit's office (WIB, WITA or WIT); UTC+7 when the zone is unknown."""
    now = now or dt.datetime.now(dt.timezone.utc)
    offset = zone.utc_offset_hours if zone is not None else 7
    return (now + dt.timedelta(hours=offset)).date()


# --- content hashes ---------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(data).encode()).hexdigest()


def component_hashes(data: dict[str, Any]) -> dict[str, str]:
    return {key: hashlib.sha256(_canonical(value).encode()).hexdigest()[:16] for key, value in data.items()}


# --- the record of published versions ---------------------------------------


@dataclass(frozen=True)
class PublishedEntry:
    published: dt.date
    content: str
    components: dict[str, str]

    def changed_components(self, now: dict[str, str]) -> list[str]:
        """The components whose hash differs from `now` (from `component_hashes`)."""
        return [key for key in sorted(set(now) | set(self.components)) if now.get(key) != self.components.get(key)]


class PublishedRecordError(Exception):
    """`terbit.json` cannot be read; the message says what to do, in Indonesian."""


def read_record(standard_root: Path) -> dict[str, PublishedEntry]:
    """The published versions, by path relative to `standard/` (POSIX), or {} when none yet."""
    path = standard_root / PUBLISHED_RECORD
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PublishedRecordError(
            f"catatan versi terbit tidak dapat dibaca ({exc}) — kembalikan file ini dari riwayat git; "
            "file ini ditulis oleh `layanan build`, jangan diubah dengan tangan"
        ) from None
    try:
        return {
            name: PublishedEntry(dt.date.fromisoformat(entry["terbit"]), entry["isi"], dict(entry["komponen"]))
            for name, entry in raw["versi"].items()
        }
    except (KeyError, TypeError, ValueError, AttributeError):
        raise PublishedRecordError(
            "catatan versi terbit rusak — kembalikan file ini dari riwayat git; file ini ditulis oleh "
            "`layanan build`, jangan diubah dengan tangan"
        ) from None


def record_published(standard_root: Path, versions: dict[str, tuple[str, dict[str, str]]],
                     day: dt.date) -> list[str]:
    """Add versions not yet in the record (relative path → content hash, component hashes).

    Returns the paths newly recorded; writes the file (atomically) only when there are any.
    """
    record = read_record(standard_root)
    new = sorted(name for name in versions if name not in record)
    if not new:
        return []
    for name in new:
        content, components = versions[name]
        record[name] = PublishedEntry(day, content, components)
    write_record(standard_root, record)
    return new


def write_record(standard_root: Path, record: dict[str, PublishedEntry]) -> None:
    body = {
        "keterangan": ("Versi standar yang sudah terbit, ditulis oleh `layanan build`. Jangan diubah dengan "
                       "tangan. Versi yang tercatat di sini tidak boleh diubah lagi: buat versi baru dengan "
                       "`layanan versi-baru`."),
        "versi": {
            name: {"terbit": entry.published.isoformat(), "isi": entry.content, "komponen": entry.components}
            for name, entry in sorted(record.items())
        },
    }
    path = standard_root / PUBLISHED_RECORD
    temporary = path.with_name(f".{path.name}.{os.getpid()}.baru")
    temporary.write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
