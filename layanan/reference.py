"""The field reference for staff, generated from the model: every field, its meaning, an example.

The same examples complete the messages of `layanan check` ("tambahkan, misalnya: …"), so
what a message shows and what the reference page says come from one place: the model.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from layanan.durasi import DurasiModel
from layanan.model import Saluran, TidakDiketahui


@dataclass(frozen=True)
class FieldDoc:
    path: str            # e.g. "jam_layanan[].buka", "prosedur.<saluran>.langkah"
    kind: str            # what to write: teks, daftar teks, tanggal, …
    required: bool
    unknown_allowed: bool
    description: str
    example: str         # one line of YAML


def field_docs(model: type[BaseModel], prefix: str = "") -> list[FieldDoc]:
    """Every field of `model` and of the models inside it, depth first, in the file's order."""
    docs = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        docs.append(FieldDoc(
            path=path,
            kind=kind_of(info.annotation),
            required=info.is_required(),
            unknown_allowed=allows_unknown(info.annotation),
            description=info.description or "",
            example=shape(name, example_of_field(info)),
        ))
        for inner, suffix in _inner_models(info.annotation):
            docs.extend(field_docs(inner, f"{path}{suffix}."))
    return docs


def _inner_models(tp: Any, suffix: str = "") -> list[tuple[type[BaseModel], str]]:
    found = []
    for candidate in type_candidates(tp):
        if candidate is TidakDiketahui or candidate is DurasiModel:
            continue
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            found.append((candidate, suffix))
        origin = typing.get_origin(candidate)
        if origin is list:
            found.extend(_inner_models(typing.get_args(candidate)[0], suffix + "[]"))
        elif origin is dict:
            found.extend(_inner_models(typing.get_args(candidate)[1], suffix + ".<saluran>"))
    return found


def allows_unknown(tp: Any) -> bool:
    return any(candidate is TidakDiketahui for candidate in type_candidates(tp))


def kind_of(tp: Any) -> str:
    kinds = []
    for candidate in type_candidates(tp):
        if candidate is TidakDiketahui or candidate is type(None):
            continue
        kinds.append(_kind(candidate))
    return " atau ".join(dict.fromkeys(kinds)) or "teks"


def _kind(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is list:
        return "daftar " + kind_of(typing.get_args(tp)[0])
    if origin is dict:
        return "per saluran: " + kind_of(typing.get_args(tp)[1])
    if tp is DurasiModel:
        return "jangka waktu"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "kumpulan kunci"
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "salah satu: " + ", ".join(str(m.value) for m in tp)
    if tp is bool:
        return "true/false"
    if tp is int:
        return "bilangan bulat"
    if tp is dt.date:
        return "tanggal"
    return "teks"


def example_of_field(info: FieldInfo) -> Any:
    if info.examples:
        example = info.examples[0]
        if isinstance(example, str) and dt.date in type_candidates(info.annotation):
            return dt.date.fromisoformat(example)  # written unquoted in a file
        return example
    return example_of_type(info.annotation)


def example_of_type(tp: Any) -> Any:
    candidates = [c for c in type_candidates(tp) if c is not TidakDiketahui and c is not type(None)]
    if not candidates:
        return {"tidak_diketahui": "alasannya"}
    candidate = candidates[0]
    origin = typing.get_origin(candidate)
    if origin is list:
        return [example_of_type(typing.get_args(candidate)[0])]
    if origin is dict:
        return {Saluran.online.value: example_of_type(typing.get_args(candidate)[1])}
    if candidate is DurasiModel:
        return "3 hari kerja"
    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
        return {name: example_of_field(info) for name, info in candidate.model_fields.items()
                if info.is_required()}
    if isinstance(candidate, type) and issubclass(candidate, Enum):
        return next(iter(candidate)).value
    if candidate is bool:
        return True
    if candidate is int:
        return 1
    if candidate is dt.date:
        return dt.date(2024, 1, 2)
    return "..."


def shape(name: str | int, example: Any) -> str:
    """`name: example` as one line of YAML, e.g. "buka: '08.00'" or "prosedur: {online: {langkah: [...]}}"."""
    if isinstance(name, int):
        text = yaml.safe_dump([example], default_flow_style=True, allow_unicode=True, width=10**6)
        return "- " + text.strip()[1:-1]
    text = yaml.safe_dump({name: example}, default_flow_style=True, allow_unicode=True,
                          width=10**6, sort_keys=False)
    return text.strip()[1:-1]


def type_candidates(tp: Any) -> list[Any]:
    """The plain types a field's annotation may hold (Annotated and unions unwrapped)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return type_candidates(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        found = []
        for arg in typing.get_args(tp):
            found.extend(type_candidates(arg))
        return found
    return [tp]
