"""New standard files written for staff: `layanan baru unit` and `layanan baru layanan`.

A new file is complete: every field of the model, in the model's order, each under a short
Indonesian hint taken from the model itself (the field's description and example, as the
field reference shows them). What the office has still to fill is written so that
`layanan check` accepts the file and warns about it:

* ``{tidak_diketahui: "belum diisi"}`` wherever the model allows an unknown value;
* an empty value for optional fields (``singkatan:``, ``telepon: []``);
* text beginning ``ISI:`` for the few values the model requires and cannot leave unknown
  (a unit's name, hierarchy and address; a service's name when none is given), and the
  postal code ``"00000"``, which no Indonesian address has. `placeholder_warnings` names them.

Nothing is written unless everything is right: the id makes a valid address, the folder is
new, and a service's unit exists.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from layanan.messages import field_label
from layanan.model import PENGELOLAAN, PENYAMPAIAN, Layanan, TidakDiketahui, Unit, ZonaWaktu
from layanan.problems import Problem, Severity
from layanan.reference import allows_unknown, example_of_field, shape, type_candidates
from layanan.versions import version_file
from layanan.yamlfile import Location, YamlDocument, YamlFileError, read_yaml

UNKNOWN_REASON = "belum diisi"
PLACEHOLDER = "ISI:"
PLACEHOLDER_POSTAL_CODE = "00000"
HINT_WIDTH = 100

UNIT_HEADER = """\
# Profil dan Maklumat Pelayanan unit '{unit_id}', versi 1 — ditulis oleh `layanan baru unit`.
# Di atas setiap kunci ada petunjuk singkat dan contoh. Nilai yang belum ditetapkan ditulis
# {{tidak_diketahui: "..."}}: situs menulisnya "belum dipublikasikan" dan `layanan check` memberi
# peringatan. Teks yang diawali "ISI:" (dan kode pos "00000") wajib diganti dengan nilai sebenarnya.
# Versi ini terbit pada `layanan build` berikutnya dan sesudah itu tidak dapat diubah lagi.
"""

SERVICE_HEADER = """\
# Standar pelayanan '{service_id}' unit '{unit_id}', versi 1 — ditulis oleh `layanan baru layanan`.
# Di atas setiap kunci ada petunjuk singkat dan contoh. Nilai yang belum ditetapkan ditulis
# {{tidak_diketahui: "..."}}: situs menulisnya "belum dipublikasikan" dan `layanan check` memberi
# peringatan. Teks yang diawali "ISI:" wajib diganti dengan nilai sebenarnya.
# Versi ini terbit pada `layanan build` berikutnya dan sesudah itu tidak dapat diubah lagi.
"""

_SECTIONS = {
    "Unit": {"versi": "Versi", "hierarki": "Unit dan kantornya", "maklumat": "Maklumat dan pengaduan"},
    "Layanan": {"sk": "Versi", PENYAMPAIAN[0][0]: "A. Komponen penyampaian pelayanan",
                PENGELOLAAN[0][0]: "B. Komponen pengelolaan pelayanan"},
}
_COMPONENT_LABELS = dict(PENYAMPAIAN + PENGELOLAAN)


class ScaffoldError(Exception):
    """Nothing was written; the message says why and what to do, in Indonesian."""


@dataclass(frozen=True)
class Written:
    path: Path
    to_fill: list[str]  # fields that must be replaced before the file is published ("ISI:")


def placeholder(what: str) -> str:
    return f"{PLACEHOLDER} {what}"


# --- what a new file holds ---------------------------------------------------


def unit_values(nama: str | None, zona_waktu: ZonaWaktu | None) -> dict[str, Any]:
    """The values of a new unit file; what is absent is written unknown or empty."""
    return {
        "nama": nama or placeholder("nama lengkap unit layanan"),
        "hierarki": [placeholder("instansi di atas unit ini, dari yang tertinggi, satu per baris")],
        "alamat": {
            "jalan": placeholder("nama jalan, nomor, dan gedung"),
            "kabupaten_kota": placeholder("kabupaten atau kota"),
            "provinsi": placeholder("provinsi"),
            "kode_pos": PLACEHOLDER_POSTAL_CODE,
        },
        "zona_waktu": (zona_waktu or ZonaWaktu.WIB).value,
    }


def service_values(unit_id: str, service_id: str, nama: str | None) -> dict[str, Any]:
    return {
        "nama": nama or placeholder(f"nama layanan {service_id}"),
        "unit": unit_id,
        "contoh": False,
    }


def unit_text(unit_id: str, nama: str | None = None, zona_waktu: ZonaWaktu | None = None) -> str:
    values = unit_values(nama, zona_waktu)
    notes = {} if zona_waktu else {"zona_waktu": "Ditulis WIB; ganti bila unit memakai WITA atau WIT."}
    return UNIT_HEADER.format(unit_id=unit_id) + _document(Unit, values, notes)


def service_text(unit_id: str, service_id: str, nama: str | None = None) -> str:
    values = service_values(unit_id, service_id, nama)
    return SERVICE_HEADER.format(unit_id=unit_id, service_id=service_id) + _document(Layanan, values, {})


def to_fill(values: dict[str, Any]) -> list[str]:
    """The fields a new file writes as placeholders ("ISI: …"), to be replaced before publishing."""
    return list(dict.fromkeys(field_label(location[:-1] if isinstance(location[-1], int) else location)
                              for location, _ in _placeholders(values, ())))


def _document(model: type[BaseModel], values: dict[str, Any], notes: dict[str, str]) -> str:
    lines: list[str] = []
    sections = _SECTIONS.get(model.__name__, {})
    for name, info in model.model_fields.items():
        if name in sections:
            lines += ["", f"# --- {sections[name]} " + "-" * max(3, 70 - len(sections[name]))]
        lines.append("")
        lines += _field(name, info, values.get(name, _MISSING), 0, notes.get(name))
    return "\n" + "\n".join(lines).strip("\n") + "\n"


_MISSING = object()


def _field(name: str, info: FieldInfo, value: Any, depth: int, note: str | None = None) -> list[str]:
    indent = "  " * depth
    lines = [indent + line for line in _hint(name, info, note)]
    inner = _model_of(info)
    if value is _MISSING and inner is not None and not allows_unknown(info.annotation):
        value = {}  # a required group (sk, alamat): each of its fields gets its own hint
    if inner is not None and isinstance(value, dict):
        lines.append(f"{indent}{name}:")
        for inner_name, inner_info in inner.model_fields.items():
            lines += _field(inner_name, inner_info, value.get(inner_name, _MISSING), depth + 1)
        return lines
    if value is _MISSING:
        value = _unfilled(name, info)
    lines += _value_lines(name, value, indent)
    return lines


def _unfilled(name: str, info: FieldInfo) -> Any:
    if allows_unknown(info.annotation):
        return {"tidak_diketahui": UNKNOWN_REASON}
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    raise ValueError(f"field '{name}' needs a scaffold value: the model requires it and allows no unknown")


def _value_lines(name: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{indent}{name}:"] + [line for key, item in value.items()
                                       for line in _value_lines(key, item, indent + "  ")]
    if isinstance(value, list) and value:
        return [f"{indent}{name}:"] + [f"{indent}  - {_scalar(item)}" for item in value]
    if isinstance(value, list):
        return [f"{indent}{name}: []"]
    if value is None:
        return [f"{indent}{name}:"]
    return [f"{indent}{name}: {_scalar(value)}"]


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,/()\-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted string


def _hint(name: str, info: FieldInfo, note: str | None) -> list[str]:
    label = _COMPONENT_LABELS.get(name)
    text = info.description or ""
    if label and not text.lower().startswith(label.lower()):
        text = f"{label}: {text}"
    if not info.is_required():
        default = info.get_default(call_default_factory=True)
        if default is None:
            text += " Boleh dikosongkan."
        elif isinstance(default, list):
            text += " Boleh dibiarkan kosong ([])."
    if note:
        text += f" {note}"
    lines = textwrap.wrap(text, HINT_WIDTH - 2)
    if _model_of(info) is None or allows_unknown(info.annotation):
        lines.append(f"Contoh: {shape(name, example_of_field(info))}")  # one line: it can be uncommented
    return [f"# {line}" for line in lines]


def _model_of(info: FieldInfo) -> type[BaseModel] | None:
    for candidate in type_candidates(info.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and candidate is not TidakDiketahui:
            return candidate
    return None


# --- writing, with every refusal before anything is written ------------------


def check_id(identifier: str, what: str) -> None:
    from layanan.catalog import _ID

    if not _ID.fullmatch(identifier):
        suggestion = "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in identifier.lower()).split())
        hint = f", misalnya '{suggestion}'" if suggestion and suggestion != identifier else ""
        raise ScaffoldError(
            f"'{identifier}' tidak dapat menjadi nama {what}: nama ini menjadi alamat halaman, jadi hanya "
            f"boleh huruf kecil, angka, dan tanda hubung di antaranya{hint}"
        )


def unit_folder(standard: Path, unit_id: str) -> Path:
    from layanan.catalog import UNIT_DIR

    return standard / UNIT_DIR / unit_id


def service_folder(standard: Path, unit_id: str, service_id: str) -> Path:
    from layanan.catalog import SERVICE_DIR

    return standard / SERVICE_DIR / unit_id / service_id


def existing_units(standard: Path) -> list[str]:
    from layanan.catalog import UNIT_DIR

    top = standard / UNIT_DIR
    return sorted(p.name for p in top.iterdir() if p.is_dir()) if top.is_dir() else []


def existing_services(standard: Path, unit_id: str, service_id: str) -> list[Path]:
    """Folders of the unit's services with this id anywhere under standard/layanan/ (the
    address /standar/<unit>/<service>/ must stay unique), found by the unit their files name."""
    from layanan.catalog import SERVICE_DIR

    top = standard / SERVICE_DIR
    found = []
    if top.is_dir():
        for folder in sorted({p.parent for p in top.glob(f"**/{service_id}/versi-*.y*ml")}):
            if folder == service_folder(standard, unit_id, service_id) or _names_unit(folder, unit_id):
                found.append(folder)
    return found


def _names_unit(folder: Path, unit_id: str) -> bool:
    for path in folder.glob("versi-*.y*ml"):
        try:
            data = read_yaml(path).data
        except (YamlFileError, OSError):
            continue
        if isinstance(data, dict) and str(data.get("unit", "")).strip() == unit_id:
            return True
    return False


def new_unit(standard: Path, unit_id: str, nama: str | None = None,
             zona_waktu: ZonaWaktu | None = None) -> Written:
    check_id(unit_id, "unit")
    folder = unit_folder(standard, unit_id)
    if folder.exists():
        raise ScaffoldError(
            f"unit '{unit_id}' sudah ada ({_shown(folder, standard)}) — untuk mengubahnya buat versi "
            f"berikutnya dengan `layanan versi-baru {unit_id}`, atau pilih nama lain"
        )
    text = unit_text(unit_id, nama, zona_waktu)
    return Written(_write_new(folder, text), to_fill(unit_values(nama, zona_waktu)))


def new_service(standard: Path, unit_id: str, service_id: str, nama: str | None = None) -> Written:
    check_id(unit_id, "unit")
    check_id(service_id, "layanan")
    units = existing_units(standard)
    if unit_id not in units:
        known = ", ".join(units) if units else "belum ada unit sama sekali"
        raise ScaffoldError(
            f"unit '{unit_id}' tidak ada (unit yang ada: {known}) — periksa namanya, atau buat unitnya dulu "
            f"dengan `layanan baru unit {unit_id}`"
        )
    folder = service_folder(standard, unit_id, service_id)
    clash = existing_services(standard, unit_id, service_id)
    if folder.exists() or clash:
        where = _shown(clash[0] if clash else folder, standard)
        raise ScaffoldError(
            f"layanan '{service_id}' unit '{unit_id}' sudah ada ({where}) — untuk mengubahnya buat versi "
            f"berikutnya dengan `layanan versi-baru {unit_id}/{service_id}`, atau pilih nama lain"
        )
    text = service_text(unit_id, service_id, nama)
    return Written(_write_new(folder, text), to_fill(service_values(unit_id, service_id, nama)))


def _write_new(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    path = version_file(folder, 1)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _shown(path: Path, standard: Path) -> str:
    try:
        return f"standard/{path.relative_to(standard).as_posix()}"
    except ValueError:
        return str(path)


# --- check: what a scaffold left to fill -------------------------------------


def placeholder_warnings(document: YamlDocument) -> list[Problem]:
    """A warning for every value still written as a scaffold's placeholder."""
    return [
        Problem(document.path, document.line_of(location), field_label(location),
                f"belum diisi ('{value}') — ganti dengan nilai sebenarnya sebelum versi ini terbit",
                Severity.WARNING)
        for location, value in _placeholders(document.data, ())
    ]


def _placeholders(value: Any, location: Location):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, location + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, location + (index,))
    elif isinstance(value, str) and (value.strip().startswith(PLACEHOLDER)
                                     or (location[-1:] == ("kode_pos",) and value.strip() == PLACEHOLDER_POSTAL_CODE)):
        yield location, value.strip()
