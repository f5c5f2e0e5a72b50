"""Indonesian formats for the public pages: '23 November 2026', 'Rp10.000', '1.234,56'."""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from babel.numbers import format_decimal

from layanan.durasi import DurasiModel

LOCALE = "id_ID"


def tanggal(value: dt.date) -> str:
    return format_date(value, "d MMMM y", locale=LOCALE)


def angka(value: int | float) -> str:
    return format_decimal(value, locale=LOCALE)


def rupiah(value: int) -> str:
    return "Rp" + format_decimal(value, format="#,##0", locale=LOCALE)


def durasi(value: DurasiModel) -> str:
    return f"{value.jumlah:,}".replace(",", ".") + f" {value.satuan.value}"


_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]{}|#!&<>]|^[-+=]|^\d+[.)]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")
_LINE_START = re.compile(r"^([-+=])|^(\d+)(?=[.)])")


def markdown_text(value: object) -> str:
    """Text placed into Markdown so that it renders literally, on one line."""
    text = " ".join(str(value).split())
    if not _NEEDS_ESCAPE.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\", text)
