"""A completion time and its interpretation must stay together.

`waktu` is what the site promises; `tertulis` is the original text of the published standard
and `tafsiran` explains how that text was read. When someone changes `waktu` and leaves the old
`tertulis`/`tafsiran`, the page shows an interpretation of a different time. The rule:

* a `tafsiran` must name its result, the number and unit of `waktu` ("dibaca sebagai
  10 menit"): if it does not mention that duration, it is about another value;
* a `tertulis` without `tafsiran` is the same time in other words, so the numbers it holds
  must include the number of `waktu` (a `tertulis` with no number at all is not judged).

Both are warnings: the text may be right, but a person must look.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from layanan.durasi import DurasiModel, SatuanWaktu
from layanan.model import Layanan, WaktuSaluran
from layanan.problems import Problem, Severity
from layanan.yamlfile import YamlDocument

_UNIT_WORDS = {
    SatuanWaktu.menit: r"menit",
    SatuanWaktu.jam: r"jam",
    SatuanWaktu.hari: r"hari(?!\s+kerja)",
    SatuanWaktu.hari_kerja: r"hari\s+kerja",
}


def mentions(text: str, waktu: DurasiModel) -> bool:
    """Whether `text` names `waktu` ('10 menit', '3 hari kerja'; '1.000 jam' for 1000)."""
    number = f"{waktu.jumlah:,}".replace(",", "[.,]?")
    pattern = rf"(?<![0-9]){number}\s*{_UNIT_WORDS[waktu.satuan]}\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def interpretation_warnings(instance: BaseModel, document: YamlDocument) -> list[Problem]:
    if not isinstance(instance, Layanan) or not isinstance(instance.waktu_penyelesaian, dict):
        return []
    return list(_warnings(instance, document))


def _warnings(layanan: Layanan, document: YamlDocument) -> Iterator[Problem]:
    for channel, entry in layanan.waktu_penyelesaian.items():
        if not isinstance(entry, WaktuSaluran):
            continue
        base = ("waktu_penyelesaian", channel.value)
        if entry.tafsiran and not mentions(entry.tafsiran, entry.waktu):
            yield Problem(
                document.path, document.line_of(base + ("tafsiran",)), ".".join(base + ("tafsiran",)),
                f"tafsiran tidak menyebut waktu yang ditetapkan ({entry.waktu}) — bila 'waktu' diubah, "
                "perbarui 'tertulis' dan 'tafsiran' (atau hapus keduanya bila tidak ada lagi yang "
                f"ditafsirkan); tafsiran menyebut hasilnya, misalnya '… dibaca sebagai {entry.waktu}'",
                Severity.WARNING,
            )
        elif entry.tertulis and not entry.tafsiran:
            numbers = {int(n.replace(".", "")) for n in re.findall(r"[0-9][0-9.]*", entry.tertulis)
                       if n.replace(".", "").isdigit()}
            if numbers and entry.waktu.jumlah not in numbers:
                yield Problem(
                    document.path, document.line_of(base + ("tertulis",)), ".".join(base + ("tertulis",)),
                    f"teks asli '{entry.tertulis}' tidak memuat angka {entry.waktu.jumlah} dari waktu "
                    f"{entry.waktu} — bila 'waktu' diubah, perbarui 'tertulis'; bila teks asli memang "
                    "berbeda, jelaskan bacaannya dalam 'tafsiran'",
                    Severity.WARNING,
                )
