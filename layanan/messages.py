"""Turn pydantic's validation errors into Indonesian messages that say what to fix."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import Any

from pydantic import BaseModel

from layanan.model import UNION_TAGS
from layanan.reference import example_of_field, example_of_type, shape, type_candidates
from layanan.yamlfile import Location


def clean_location(loc: tuple[Any, ...]) -> Location:
    """Drop pydantic's union tags and function names from an error location."""
    return tuple(
        part
        for part in loc
        if not (isinstance(part, str) and (part in UNION_TAGS or part.startswith("function-")))
    )


def field_label(location: Location) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif part == "[key]":
            continue
        else:
            text += f".{part}" if text else str(part)
    return text


def describe(error: dict[str, Any], model: type[BaseModel], location: Location) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = _last_name(location)
    if "[key]" in error["loc"]:
        return _describe_key(kind, value, ctx)
    if kind == "missing":
        return (f"'{name}' wajib diisi — tambahkan, misalnya: {example_shape(model, location)}"
                + _unknown_hint(model, location))
    if kind == "extra_forbidden":
        allowed = sorted(fields_at(model, location[:-1]))
        if name in allowed:  # a known key beside tidak_diketahui: the value was taken as unknown
            where = field_label(location[:-1])
            return (f"'{where}' berisi tidak_diketahui dan juga '{name}' — sebuah nilai diketahui "
                    f"({', '.join(allowed)}) atau {{tidak_diketahui: \"...\"}}, tidak keduanya: hapus "
                    f"'tidak_diketahui' bila isinya sudah ditetapkan, atau hapus '{name}'")
        close = [c for c in difflib.get_close_matches(str(name), allowed, n=1) if c != name]
        if close:
            return f"kunci '{name}' tidak dikenal — mungkin maksudnya '{close[0]}'? (salah ketik tidak boleh diabaikan)"
        return f"kunci '{name}' tidak dikenal — kunci yang boleh di sini: {', '.join(allowed)}"
    if kind == "inconsistent":  # a check across fields, already worded for staff
        return error["msg"]
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
    if kind == "string_type":
        return f"harus berupa teks, bukan {_kind_of(value)}{_quote_hint(value)}"
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, str):
            return "tidak boleh kosong — isi teksnya, atau tulis {tidak_diketahui: \"...\"} bila belum ada"
        return "daftar tidak boleh kosong — tulis sedikitnya satu butir (diawali '- ')"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"harus bilangan bulat tanpa titik atau koma, misalnya 50000; tertulis {_show(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"harus 'true' atau 'false'; tertulis {_show(value)}"
    if kind == "list_type":
        return (f"harus berupa daftar (setiap butir di baris sendiri, diawali '- '), bukan {_kind_of(value)}"
                f" — misalnya: {example_shape(model, location)}")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"harus berupa kumpulan 'kunci: nilai' di baris-baris berikutnya, bukan {_kind_of(value)}"
                f" — misalnya: {example_shape(model, location)}")
    if kind == "enum":
        return f"{_show(value)} tidak dikenal — pilih salah satu: {_choices(ctx)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"harus tanggal dengan format TTTT-BB-HH, misalnya 2024-05-17; tertulis {_show(value)}"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} bukan jam — tulis JJ.MM, misalnya 08.00 atau 15.30"
    if kind in ("greater_than", "greater_than_equal"):
        return f"harus lebih besar dari {ctx.get('gt', ctx.get('ge'))}; tertulis {_show(value)}"
    return f"{error['msg']} (tertulis {_show(value)})"


def example_shape(model: type[BaseModel], location: Location) -> str:
    """What to write at `location`, as one line of YAML taken from the model's examples."""
    location = tuple(part for part in location if part != "[key]")
    if not location:
        return "..."
    name = location[-1]
    parent = model_at(model, location[:-1]) if location[:-1] else model
    if isinstance(name, str) and parent is not None and name in parent.model_fields:
        return shape(name, example_of_field(parent.model_fields[name]))
    annotation = annotation_at(model, location)
    return shape(name, example_of_type(annotation)) if annotation is not None else "..."


def _describe_key(kind: str, value: Any, ctx: dict[str, Any]) -> str:
    if kind == "enum":
        return f"saluran {_show(value)} tidak dikenal — pilih salah satu: {_choices(ctx)}"
    return f"kunci {_show(value)} tidak sah"


def _choices(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " atau ")


def _last_name(location: Location) -> str:
    for part in reversed(location):
        if isinstance(part, str) and part != "[key]":
            return part
    return "?"


def _kind_of(value: Any) -> str:
    if value is None:
        return "nilai kosong"
    if isinstance(value, bool):
        return "nilai true/false"
    if isinstance(value, (int, float)):
        return f"angka {value}"
    if isinstance(value, dt.date):
        return f"tanggal {value.isoformat()}"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, dict):
        return "kumpulan 'kunci: nilai'"
    return f"'{value}'"


def _quote_hint(value: Any) -> str:
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return f" — apit dengan tanda kutip: \"{value}\""
    if value is None:
        return " — isi nilainya, atau tulis {tidak_diketahui: \"...\"} bila belum ada"
    return ""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "(kosong)"
    return f"'{value}'" if not isinstance(value, (dict, list)) else _kind_of(value)


def _unknown_hint(model: type[BaseModel], location: Location) -> str:
    annotation = annotation_at(model, location)
    if annotation is not None and "TidakDiketahui" in repr(annotation):
        return ", atau tulis {tidak_diketahui: \"alasan\"} bila unit belum menetapkannya"
    return ""


def fields_at(model: type[BaseModel], location: Location) -> set[str]:
    """The keys allowed in the mapping at `location` of a `model` document."""
    target = model_at(model, location)
    return set(target.model_fields) if target is not None else set()


def model_at(model: type[BaseModel], location: Location) -> type[BaseModel] | None:
    annotation = annotation_at(model, location)
    return _find_model(annotation) if annotation is not None else None


def annotation_at(model: type[BaseModel], location: Location) -> Any:
    current: Any = model
    for part in location:
        current = _step(current, part)
        if current is None:
            return None
    return current


def _step(current: Any, part: str | int) -> Any:
    target = _find_model(current)
    if isinstance(part, str) and target is not None and part in target.model_fields:
        return target.model_fields[part].annotation
    container = _find_container(current)
    if container is None:
        return None
    origin, args = container
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    return None


def _find_model(tp: Any) -> type[BaseModel] | None:
    for candidate in type_candidates(tp):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if candidate.__name__ != "TidakDiketahui":
                return candidate
    return None


def _find_container(tp: Any) -> tuple[type, tuple[Any, ...]] | None:
    for candidate in type_candidates(tp):
        origin = typing.get_origin(candidate)
        if origin in (list, dict):
            return origin, typing.get_args(candidate)
    return None
