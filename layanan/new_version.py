"""`layanan versi-baru`: start the next version of a unit or a service from the newest one.

The new file is the newest version (the one in force, or the last upcoming one when there is
one) read and written back with ruamel.yaml's round trip, so the staff's comments, quotes and
layout stay. Only the version's own fields are reset, so that the staff must fill them:

* ``versi`` and ``sk.nomor``, ``sk.tanggal``, ``sk.penandatangan`` become
  ``{tidak_diketahui: "isi …"}``: accepted, with a warning, because a label or an SK may
  follow later (as in the seed);
* ``berlaku_sejak`` becomes ``{tidak_diketahui: "isi …"}`` and ``ringkasan_perubahan`` is
  left empty: `layanan check` refuses both from version 2 on (an unknown effective date cannot
  say when the version replaces the previous one; a new version must say what changed). So an
  unfinished new version cannot reach the site by accident: the build stops on them, with a
  message at each field.

The component values are copied exactly: the new file is read back with our own reader and
compared with the source before it is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import PlainScalarString

from layanan.catalog import Catalog, LoadResult, load
from layanan.formatting import tanggal
from layanan.versions import VERSION_FIELDS, Version, version_file
from layanan.yamlfile import SourceFloat, YamlFileError, read_yaml

FILL = {
    "versi": "isi label versi baru, misalnya tahun SK",
    "nomor": "isi nomor SK yang menetapkan versi ini",
    "tanggal": "isi tanggal SK, TTTT-BB-HH",
    "penandatangan": "isi jabatan penandatangan SK",
    "berlaku_sejak": "isi tanggal mulai berlaku versi ini, TTTT-BB-HH",
}
SUMMARY_COMMENT = "Wajib: apa yang berubah dari versi {previous}, satu atau dua kalimat."
_OUR_SUMMARY_COMMENT = re.compile(r"^# Wajib: apa yang berubah dari versi [0-9]+, satu atau dua kalimat\.\n",
                                  re.MULTILINE)
_OUR_HEADER = re.compile(r"# Versi [0-9]+, dimulai dari versi-[0-9]+\.yaml dengan `layanan versi-baru`")


class NewVersionError(Exception):
    """Nothing was written; the message says why and what to do, in Indonesian."""


@dataclass(frozen=True)
class Started:
    path: Path
    number: int
    source: Version
    in_force: Version | None  # the version in force now, when the source is a later (upcoming) one
    name: str  # what the staff call it: the unit's or the service's name
    source_in_force: bool  # the source is the version in force (not an upcoming one)


def start(standard: Path, address: str, today: dt.date | None = None) -> Started:
    """Write versi-(N+1).yaml for `address` ("<unit>" or "<unit>/<service>")."""
    result = load(standard, today=today)
    entry, name, kind = _find(result, standard, address.strip().strip("/"))
    newest = entry.versions[-1]
    if newest.published is None:
        if newest.number > 1:
            raise NewVersionError(
                f"sudah ada {newest.path.name} yang belum terbit — lanjutkan di sana (versi yang belum terbit "
                "masih boleh diubah)"
            )
        raise NewVersionError(
            f"{newest.path.name} belum terbit — ubah langsung file itu; versi berikutnya dimulai sesudah versi "
            "ini terbit dengan `layanan build`"
        )
    path = version_file(entry.folder, newest.number + 1)
    if path.exists():  # not read by the catalog (e.g. a gap in the numbers): never overwrite it
        raise NewVersionError(f"{path.name} sudah ada — jalankan `layanan check` dan perbaiki file itu")
    text = next_version_text(newest.path, newest.number + 1, kind)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    in_force = entry.in_force if entry.in_force is not newest else None
    return Started(path, newest.number + 1, newest, in_force, name, entry.in_force is newest)


def _find(result: LoadResult, standard: Path, address: str):
    catalog: Catalog = result.catalog
    unit_id, _, service_id = address.partition("/")
    units = {**catalog.units, **catalog.announced_units}
    if not service_id:
        if unit_id in units:
            return units[unit_id], units[unit_id].unit.nama, "unit"
        folder = standard / "unit" / unit_id
        _refuse_unusable(result, folder, f"unit '{unit_id}'", sorted(units))
    services = [s for s in (*catalog.services, *catalog.announced_services) if s.unit_id == unit_id]
    for service in services:
        if service.id == service_id:
            return service, service.layanan.nama, "layanan"
    folders = [p.parent for p in (standard / "layanan").glob(f"**/{service_id}/versi-*.y*ml")]
    for folder in folders:
        if any(p.path.parent == folder for p in result.errors):
            _refuse_unusable(result, folder, f"layanan '{unit_id}/{service_id}'", [])
    known = ", ".join(f"{unit_id}/{s.id}" for s in services)
    raise NewVersionError(
        f"layanan '{unit_id}/{service_id}' tidak ada"
        + (f" (layanan unit ini: {known})" if known else f" (unit '{unit_id}' belum punya layanan yang terbaca)")
        + " — tulis <unit>/<layanan>, nama folder keduanya"
    )


def _refuse_unusable(result: LoadResult, folder: Path, what: str, known: list[str]) -> None:
    errors = [p for p in result.errors if p.path.parent == folder or p.path == folder]
    if errors or folder.is_dir():
        raise NewVersionError(
            f"{what} punya galat ({len(errors)}) sehingga versinya tidak dapat dibaca — jalankan `layanan check`, "
            "perbaiki galatnya, lalu ulangi"
        )
    raise NewVersionError(
        f"{what} tidak ada" + (f" (unit yang ada: {', '.join(known)})" if known else "")
        + " — untuk layanan, tulis <unit>/<layanan>"
    )


# --- the new file -------------------------------------------------------------


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the staff's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def next_version_text(source: Path, number: int, kind: str) -> str:
    """The text of version `number`, made from the file `source` (the version before it)."""
    yaml = _yaml()
    try:
        data = yaml.load(source.read_text(encoding="utf-8"))
    except (YAMLError, ValueError) as exc:  # the catalog has read it already; ruamel is stricter on dates
        raise NewVersionError(f"{source.name} tidak dapat dibaca ulang: {exc}") from None
    _reset_metadata(data, kind)
    out = io.StringIO()
    yaml.dump(data, out)
    body = _with_summary_comment(_without_our_header(out.getvalue()), number - 1)
    text = _header(source, number) + body
    _same_content(source, text)
    return text


def _header(source: Path, number: int) -> str:
    return (
        f"# Versi {number}, dimulai dari {source.name} dengan `layanan versi-baru`.\n"
        "# Sebelum terbit, isi: versi, sk (nomor, tanggal, penandatangan), berlaku_sejak, dan\n"
        "# ringkasan_perubahan; lalu ubah komponen yang berubah. `layanan check` menolak file ini sampai\n"
        "# berlaku_sejak dan ringkasan_perubahan diisi. `layanan diff` menunjukkan apa yang akan berubah di situs.\n"
        "\n"
    )


def _without_our_header(text: str) -> str:
    """Drop the header an earlier `versi-baru` wrote, so that headers do not pile up."""
    lines = text.splitlines(keepends=True)
    if not lines or not _OUR_HEADER.match(lines[0]):
        return text
    end = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    while end < len(lines) and not lines[end].strip():
        end += 1
    return "".join(lines[end:])


def _with_summary_comment(text: str, previous: int) -> str:
    """One comment above `ringkasan_perubahan` saying what to write (an earlier one is replaced)."""
    text = _OUR_SUMMARY_COMMENT.sub("", text)
    comment = "# " + SUMMARY_COMMENT.format(previous=previous) + "\n"
    return re.sub(r"^ringkasan_perubahan:", lambda match: comment + match[0], text, count=1, flags=re.MULTILINE)


def _reset_metadata(data: CommentedMap, kind: str) -> None:
    _to_fill(data, "versi", FILL["versi"])
    sk = data.get("sk")
    if not isinstance(sk, CommentedMap):
        _replace(data, "sk", CommentedMap())
        sk = data["sk"]
    for key in ("nomor", "tanggal", "penandatangan"):
        _to_fill(sk, key, FILL[key])
    _to_fill(data, "berlaku_sejak", FILL["berlaku_sejak"])
    if "ringkasan_perubahan" in data:
        data["ringkasan_perubahan"] = None
    else:
        after = "versi" if kind == "layanan" else "berlaku_sejak"  # the model's order of the fields
        keys = list(data)
        position = keys.index(after) + 1 if after in keys else len(keys)
        trailing = _take_trailing(data, keys[position - 1]) if position else None
        data.insert(position, "ringkasan_perubahan", None)
        if trailing is not None:
            data.ca.items["ringkasan_perubahan"] = [None, None, trailing, None]


def _to_fill(parent: CommentedMap, key: str, text: str) -> None:
    value = parent.get(key)
    if isinstance(value, CommentedMap) and list(value) == ["tidak_diketahui"]:
        value["tidak_diketahui"] = PlainScalarString(text)  # in place: its comments stay
        return
    _replace(parent, key, CommentedMap({"tidak_diketahui": PlainScalarString(text)}))


def _replace(parent: CommentedMap, key: str, new: CommentedMap) -> None:
    """Put `new` at `key`, keeping the comment and blank lines that followed the old value."""
    trailing = _take_trailing(parent, key) if key in parent else None
    if key in parent:
        parent[key] = new
    else:
        parent.insert(len(parent), key, new)
    if trailing is not None and len(new):
        new.ca.items[list(new)[-1]] = [None, None, trailing, None]
    elif trailing is not None:
        parent.ca.items[key] = [None, None, trailing, None]


def _take_trailing(parent: CommentedMap, key: str) -> Any:
    """Remove and return the comment token after `parent[key]` (its end-of-line comment and the
    blank lines or comments that follow), wherever ruamel keeps it: at the key, or at the last
    key of a mapping value."""
    value = parent.get(key)
    if isinstance(value, CommentedMap) and len(value):
        token = _take_trailing(value, list(value)[-1])
        if token is not None:
            return token
    entry = parent.ca.items.get(key)
    if entry and len(entry) > 2 and entry[2] is not None:
        token, entry[2] = entry[2], None
        return token
    return None


def _same_content(source: Path, text: str) -> None:
    """The new text holds exactly the source's components: refuse to write anything else."""
    try:
        before = read_yaml(source).data
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / source.name
            scratch.write_text(text, encoding="utf-8")
            after = read_yaml(scratch).data
    except YamlFileError as exc:
        raise NewVersionError(f"versi baru tidak dapat disalin dengan setia ({exc.message}); tidak ada yang ditulis") from None
    if _as_written(_components(before)) != _as_written(_components(after)):
        raise NewVersionError(
            f"salinan {source.name} tidak sama isinya dengan aslinya (penulisan YAML-nya tidak dapat dipertahankan); "
            "tidak ada yang ditulis — salin file itu dengan tangan menjadi versi berikutnya"
        )


def _components(data: Any) -> Any:
    return {k: v for k, v in data.items() if k not in VERSION_FIELDS} if isinstance(data, dict) else data


def _as_written(value: Any) -> Any:
    """Values with numbers as the file spells them (08.00 is not 8.0 for an opening hour)."""
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    if isinstance(value, SourceFloat):
        return ("angka", value.source)
    return (type(value).__name__, value)


def describe(started: Started, root: Path) -> list[str]:
    """What was done and what to do next, for the command's output."""
    lines = [f"Ditulis: {_relative(started.path, root)} (versi {started.number} {started.name})"]
    source = started.source
    if started.in_force is not None:
        lines.append(
            f"Dimulai dari {source.path.name}, versi terbaru yang akan berlaku mulai {_date(source)} — bukan dari "
            f"{started.in_force.path.name} yang berlaku sekarang: perubahan versi {source.number} ikut terbawa."
        )
    elif not started.source_in_force:
        lines.append(f"Dimulai dari {source.path.name}, versi terbaru (berlaku mulai {_date(source)}).")
    else:
        lines.append(f"Dimulai dari {source.path.name}, versi yang berlaku; komentarnya ikut tersalin.")
    lines += [
        "Langkah berikutnya:",
        "  1. Isi versi dan sk (nomor, tanggal, penandatangan) — yang belum ada boleh tetap {tidak_diketahui}.",
        f"  2. Isi berlaku_sejak (TTTT-BB-HH, sesudah tanggal berlaku versi {source.number}) dan "
        "ringkasan_perubahan: `layanan check` menolak file ini sampai keduanya diisi.",
        "  3. Ubah komponen yang berubah, lalu lihat hasilnya dengan `layanan diff` sebelum `layanan build`.",
    ]
    return lines


def _date(version: Version) -> str:
    return tanggal(version.effective) if version.effective is not None else "-"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
