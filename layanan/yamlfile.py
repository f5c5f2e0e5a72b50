"""Read one YAML file into plain data, remembering the line of every value.

We compose the node tree with libyaml (fast, and it knows where every node
starts) and build the Python values ourselves, so that:

* every mapping key and sequence item keeps its line number, for messages;
* a duplicate key is an error instead of silently keeping the last value;
* plain scalars follow the YAML 1.2 core schema: ``on``/``no``/``yes`` stay
  text and ``8:30`` stays text instead of becoming the number 510 as in YAML 1.1.
  Only ``true``/``false``, ``null``/``~``, decimal numbers and ISO dates
  (``2024-05-17``) are read as something other than text.
"""

from __future__ import annotations

import datetime as dt
import re
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_IMPLICIT = "tag:layanan,implicit"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes only; we resolve plain scalars ourselves (YAML 1.2 core rules)."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        return _IMPLICIT

Location = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class SourceFloat(float):
    """A decimal number that remembers how it was written: `08.30` is 8.3 but reads back '08.30'.

    So a time written the Indonesian way (`buka: 08.30`) is not taken for 8.3 o'clock, and
    messages quote what the file says.
    """

    source: str

    def __new__(cls, source: str) -> SourceFloat:
        number = super().__new__(cls, source)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return self.source

    def __reduce__(self):  # noqa: ANN204 - pickles (parallel loading) keep the source text
        return (SourceFloat, (self.source,))


class YamlFileError(Exception):
    """A file that cannot be read as YAML data; carries line and message."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDocument:
    """The data of one file and the line (1-based) where each value starts."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    # SHA-256 of the file's bytes: the identity of the version a promise was made under.
    sha256: str = ""
    # Values written as a date that does not exist (2026-02-30): kept as text, reported by field.
    impossible_dates: dict[Location, str] = field(default_factory=dict)
    # Problems that do not stop reading (a key written twice): (line, message), reported with the rest.
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, location: Location) -> int | None:
        """The line of `location`, or of its nearest ancestor that exists."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


def read_yaml(path: Path, raw: bytes | None = None) -> YamlDocument:
    """The file at `path`; with `raw`, those bytes as if they were the file (a file not yet written)."""
    raw = path.read_bytes() if raw is None else raw
    text = _decode(raw)
    _reject_tab_indentation(text)
    if not _has_content(text):
        raise YamlFileError(
            "file kosong — isi file ini dengan data standar, atau hapus file ini", 1
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _describe_yaml_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(f"YAML tidak dapat dibaca: {exc}") from None
    finally:
        loader.dispose()
    document = YamlDocument(path=path, data=None, sha256=hashlib.sha256(raw).hexdigest())
    if node is None:
        raise YamlFileError(
            "file kosong — isi file ini dengan data standar, atau hapus file ini", 1
        )
    document.data = _build(node, (), document)
    return document


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlFileError(
            f"file bukan teks UTF-8 (bait 0x{raw[exc.start]:02x} tidak sah) — "
            "simpan ulang file ini dengan pengodean UTF-8",
            line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlFileError(
            "file berisi karakter NUL — ini bukan file teks; simpan ulang sebagai teks UTF-8",
            line,
        )
    return text


def _reject_tab_indentation(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlFileError(
                "indentasi memakai karakter tab — YAML hanya menerima spasi; "
                "ganti tab dengan spasi (misalnya 2 spasi per tingkat)",
                number,
            )


def _has_content(text: str) -> bool:
    return any(
        stripped and not stripped.startswith("#")
        for stripped in (line.strip() for line in text.splitlines())
    )


_YAML_PROBLEMS = (
    ("found character '\\t' that cannot start any token", "ada karakter tab — YAML hanya menerima spasi"),
    ("mapping values are not allowed",
     "titik dua di tempat yang tidak diharapkan — periksa indentasi (kunci yang setingkat harus sejajar), "
     "atau apit teks yang berisi ': ' dengan tanda kutip"),
    ("did not find expected '-' indicator",
     "butir daftar ('- ') dan kunci tercampur pada tingkat yang sama — periksa indentasi"),
    ("expected <block end>, but found '<block mapping start>'",
     "indentasi tidak konsisten — pastikan kunci yang setingkat berada di kolom yang sama"),
    ("could not find expected ':'", "ada baris tanpa ':' — setiap baris data ditulis sebagai 'kunci: nilai'"),
    ("found unexpected end of stream", "tanda kutip tidak ditutup"),
    ("found undefined alias", "alias (*nama) dipakai tanpa jangkar (&nama)"),
)
"""libyaml's problem texts (their start) and what they mean for someone editing a standard."""


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> YamlFileError:
    problem = (exc.problem or exc.context or "").strip()
    unclosed = problem.startswith("found unexpected end of stream") and exc.context_mark is not None
    mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
    line = mark.line + 1 if mark is not None else None
    for start, explanation in _YAML_PROBLEMS:
        if problem.startswith(start):
            break
    else:
        if problem.startswith("expected") or "block" in problem:
            explanation = "indentasi atau susunan tidak sesuai — periksa baris ini dan baris di atasnya"
        else:
            explanation = f"{problem} — periksa penulisan baris ini"
    quote_line = _unclosed_quote_line(text, line)
    if quote_line is not None and not unclosed:
        return YamlFileError(
            f"YAML tidak sah: tanda kutip yang dibuka di baris {quote_line} tidak ditutup", quote_line
        )
    return YamlFileError(f"YAML tidak sah: {explanation}", line)


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^#]*?:\s+)?(["'])""")


def _unclosed_quote_line(text: str, upto: int | None) -> int | None:
    """The last line before `upto` that opens a quoted value and does not close it."""
    lines = text.splitlines()[: upto or None]
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        match = _OPENING_QUOTE.match(line)
        if match is None:
            continue
        quote = match.group(1)
        rest = line[match.end():].replace("\\" + quote, "") if quote == '"' else line[match.end():].replace("''", "")
        if quote not in rest:
            return number
    return None


def _build(node: yaml.Node, location: Location, document: YamlDocument) -> Any:
    lines = document.lines
    lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlFileError(
                    "kunci harus berupa teks sederhana", key_node.start_mark.line + 1
                )
            if key_node.value == "<<" and key_node.style in (None, ""):
                raise YamlFileError(
                    "penggabungan '<<' tidak didukung — tulis datanya secara lengkap",
                    key_node.start_mark.line + 1,
                )
            key = key_node.value
            if key in result:
                first = lines[location + (key,)]
                document.problems.append((
                    key_node.start_mark.line + 1,
                    f"kunci '{key}' ditulis dua kali (pertama di baris {first}) — "
                    "hapus salah satunya agar tidak ada nilai yang diam-diam tertimpa",
                ))
                continue
            lines[location + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, location + (key,), document)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[location + (index,)] = item.start_mark.line + 1
            items.append(_build(item, location + (index,), document))
        return items
    value = _scalar(node)
    if isinstance(value, _ImpossibleDate):
        document.impossible_dates[location] = str(value)
        return str(value)
    return value


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class _ImpossibleDate(str):
    """A plain value shaped like a date that no calendar has (2026-02-30)."""


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style not in (None, ""):  # quoted or block scalar: always text
        if _DATE.fullmatch(value) and not _is_date(value):
            return _ImpossibleDate(value)  # text, but named as no date where a date is wanted
        return value
    if node.tag == "tag:yaml.org,2002:str":  # explicit !!str
        return value
    if node.tag != _IMPLICIT:
        raise YamlFileError(
            f"tag YAML '{node.tag}' tidak didukung — tulis nilainya tanpa tag",
            node.start_mark.line + 1,
        )
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return SourceFloat(value)
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return _ImpossibleDate(value)
    return value
