"""Writing a version file from data: what the web editor publishes.

The editor holds a standard as plain data (what `layanan/yamlfile.py` reads from a file). To
publish, that data is written as YAML over the file the draft started from, with ruamel.yaml's
round trip: a value that did not change keeps its comments, quotes and layout; keys stand in the
documented order (the model's, and the channels' order for per-channel components); text of
several lines is written as a block. The text is then read back with our own reader and must
hold exactly the data given, or nothing is returned (`WriteError`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from layanan.messages import annotation_at, model_at
from layanan.model import Layanan, Saluran, Unit
from layanan.reference import type_candidates
from layanan.yamlfile import SourceFloat, YamlFileError, read_yaml

MODELS: dict[str, type[BaseModel]] = {"unit": Unit, "layanan": Layanan}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LINE_BREAKS = "\x85\u2028\u2029"  # line breaks YAML reads inside a block, other than \n
_HEADER = re.compile(r"# Versi [0-9]+, (dimulai dari versi-[0-9]+\.yaml dengan `layanan versi-baru`|"
                     r"diterbitkan dari editor standar)")
_SUMMARY_COMMENT = re.compile(r"^# Wajib: apa yang berubah dari versi [0-9]+, satu atau dua kalimat\.\n",
                              re.MULTILINE)


class WriteError(Exception):
    """The data cannot be written faithfully; nothing was written. The message is Indonesian."""


def version_text(data: dict[str, Any], kind: str, base: Path | None = None, header: str | None = None) -> str:
    """The YAML text of `data` (a unit's or a service's document), written over `base`'s text.

    `header` (lines without '# ') replaces the header comment an earlier tool or editor wrote."""
    model = MODELS[kind]
    yaml = _yaml()
    document: Any = CommentedMap()
    if base is not None:
        try:
            document = yaml.load(_without_our_header(base.read_text(encoding="utf-8")))
        except (OSError, YAMLError, ValueError) as exc:
            raise WriteError(f"{base.name} tidak dapat dibaca ulang: {exc}") from None
        if not isinstance(document, CommentedMap):
            document = CommentedMap()
    wanted = typed(data, model)
    document = _merged(document, wanted, model, ())
    out = io.StringIO()
    yaml.dump(document, out)
    body = _SUMMARY_COMMENT.sub("", out.getvalue())
    text = "".join(f"# {line}\n" if line else "#\n" for line in (header or "").splitlines())
    text = text + ("\n" if text else "") + body
    _same_data(text, wanted)
    return text


def typed(data: Any, model: type[BaseModel], location: tuple[Any, ...] = ()) -> Any:
    """`data` with ISO dates as dates where the model has a date (the editor keeps them as text)."""
    if isinstance(data, dict):
        return {key: typed(value, model, location + (key,)) for key, value in data.items()}
    if isinstance(data, list):
        return [typed(value, model, location + (index,)) for index, value in enumerate(data)]
    if isinstance(data, str) and _DATE.fullmatch(data) and _is_date(model, location):
        try:
            return dt.date.fromisoformat(data)
        except ValueError:
            return data  # an impossible date (2024-02-30) stays text: `layanan check` says it is no date
    return data


def _is_date(model: type[BaseModel], location: tuple[Any, ...]) -> bool:
    annotation = annotation_at(model, location)
    return annotation is not None and dt.date in type_candidates(annotation)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _without_our_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines or not _HEADER.match(lines[0]):
        return text
    end = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    while end < len(lines) and not lines[end].strip():
        end += 1
    return "".join(lines[end:])


# --- merging the data into the document -----------------------------------------------


def _merged(old: Any, new: Any, model: type[BaseModel], location: tuple[Any, ...]) -> Any:
    if isinstance(new, dict):
        return _merged_map(old, new, model, location)
    if isinstance(new, list):
        return _merged_list(old, new, model, location)
    if _plain(old) == _plain(new) and type(_plain(old)) is type(_plain(new)):
        return old  # unchanged: its quotes and style stay
    if isinstance(new, str) and "\n" in new:
        text = new.replace("\r\n", "\n")
        if any(line.startswith("\t") for line in text.split("\n")) or any(c in text for c in _LINE_BREAKS):
            return DoubleQuotedScalarString(text)  # a block cannot hold these (pasted from Word, Excel)
        return LiteralScalarString(text.rstrip("\n") + "\n")
    return new


def _merged_map(old: Any, new: dict[str, Any], model: type[BaseModel], location: tuple[Any, ...]) -> CommentedMap:
    same_kind = isinstance(old, CommentedMap) and (("tidak_diketahui" in old) == ("tidak_diketahui" in new))
    target = old if same_kind else CommentedMap()
    for key in [key for key in target if key not in new]:
        del target[key]
    order = _order(model, location, new)
    for key in order:
        value = _merged(target.get(key), new[key], model, location + (key,))
        if key in target:
            target[key] = value
        else:
            position = sum(1 for existing in target if order.index(existing) < order.index(key))
            target.insert(position, key, value)
    for key in order:  # the documented order, moving only what stands elsewhere
        if list(target).index(key) != order.index(key):
            target.move_to_end(key)
    return target


def _order(model: type[BaseModel], location: tuple[Any, ...], data: dict[str, Any]) -> list[str]:
    """The keys of `data` in the documented order: the model's fields, or the channels' order."""
    known: list[str] = []
    if location and all(isinstance(key, str) and key in Saluran.__members__ for key in data):
        known = list(Saluran.__members__)
    else:
        found = model_at(model, location) if location else model
        if found is not None:
            known = list(found.model_fields)
    if "tidak_diketahui" in data:
        known = ["tidak_diketahui"]
    position = {key: index for index, key in enumerate(known)}
    return sorted(data, key=lambda key: (position.get(key, len(position)), list(data).index(key)))


def _merged_list(old: Any, new: list[Any], model: type[BaseModel], location: tuple[Any, ...]) -> CommentedSeq:
    """A list whose unchanged items keep their comments, wherever they now stand."""
    if isinstance(old, CommentedSeq) and [_plain(item) for item in old] == [_plain(item) for item in new]:
        return old
    target = CommentedSeq()
    old_items = list(old) if isinstance(old, CommentedSeq) else []
    matcher = difflib.SequenceMatcher(a=[_key(item) for item in old_items], b=[_key(item) for item in new],
                                      autojunk=False)
    carried = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            carried[block.b + offset] = block.a + offset
    for index, value in enumerate(new):
        before = old_items[carried[index]] if index in carried else None
        target.append(_merged(before, value, model, location + (index,)))
        if index in carried and isinstance(old, CommentedSeq) and carried[index] in old.ca.items:
            target.ca.items[index] = old.ca.items[carried[index]]
    return target


def _key(item: Any) -> str:
    return repr(_plain(item))


def _plain(value: Any) -> Any:
    """A ruamel value as plain Python data (its text, for numbers written like 08.00)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


# --- the check --------------------------------------------------------------------------


def _same_data(text: str, wanted: dict[str, Any]) -> None:
    try:
        written = read_yaml(Path("versi.yaml"), text.encode("utf-8")).data
    except YamlFileError as exc:
        raise WriteError(f"teks YAML yang ditulis tidak dapat dibaca ({exc.message}); tidak ada yang ditulis") from None
    if _comparable(written) != _comparable(wanted):
        raise WriteError("teks YAML yang ditulis tidak sama isinya dengan isian editor; tidak ada yang ditulis")


def _comparable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, SourceFloat):
        return ("angka", value.source)
    if isinstance(value, float):
        return ("angka", repr(value))
    if isinstance(value, str):
        return value.replace("\r\n", "\n").rstrip("\n") if "\n" in value else value
    return value
