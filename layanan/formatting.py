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
    return f"{angka(value.jumlah)} {value.satuan.value}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")


def markdown_text(value: object) -> str:
    """Text placed into Markdown so that it renders literally, on one line."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                           else m.group(0) + "\\", text)
