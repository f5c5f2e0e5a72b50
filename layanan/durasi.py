"""Durations as the standards write them: a number and a unit, e.g. '3 hari kerja'.

The unit matters: 'hari kerja' (working days) skips weekends and holidays,
'hari' (calendar days) does not. A bare number is refused, because '10' could
be minutes or days and the public must not have to guess.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


class SatuanWaktu(str, Enum):
    menit = "menit"
    jam = "jam"
    hari = "hari"
    hari_kerja = "hari kerja"


_PATTERN = re.compile(
    r"(?P<jumlah>[0-9]+)\s*(?P<satuan>menit|jam|hari\s+kerja|hari)", re.IGNORECASE
)


class DurasiModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    jumlah: Annotated[int, Field(gt=0)]
    satuan: SatuanWaktu

    def __str__(self) -> str:
        return f"{self.jumlah} {self.satuan.value}"


def parse_durasi(value: Any) -> Any:
    """'10 menit' → {jumlah: 10, satuan: menit}; anything else is left for the model."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        shown = int(value) if float(value).is_integer() else value
        raise ValueError(
            f"'{shown}' tidak punya satuan — tulis misalnya '{shown} menit', "
            f"'{shown} jam', '{shown} hari', atau '{shown} hari kerja'"
        )
    if isinstance(value, str):
        text = " ".join(value.split())
        match = _PATTERN.fullmatch(text)
        if match is None:
            if re.fullmatch(r"[0-9]+", text):
                return parse_durasi(int(text))
            raise ValueError(
                f"'{value}' bukan jangka waktu — tulis angka dan satuan, misalnya "
                "'10 menit', '2 jam', '3 hari kerja' (satuan: menit, jam, hari, hari kerja)"
            )
        unit = " ".join(match["satuan"].lower().split())
        return {"jumlah": int(match["jumlah"]), "satuan": unit}
    return value


Durasi = Annotated[
    DurasiModel,
    BeforeValidator(parse_durasi, json_schema_input_type=Union[str, DurasiModel]),
]
