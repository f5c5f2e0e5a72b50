"""Filters and globals for the app's templates: Indonesian dates, times in the unit's zone."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from forms_app import attachments
from forms_app.lifecycle import Identity, Kind, Status
from layanan import formatting
from layanan.kalender import zone
from layanan.model import ZonaWaktu


def local_time(value: dt.datetime, zona: ZonaWaktu) -> str:
    """'25 November 2026 pukul 14.05 WITA'."""
    local = value.astimezone(zone(zona))
    return f"{formatting.tanggal(local.date())} pukul {local:%H.%M} {zona.value}"


def input_attrs(field, hint: str | None = None, **attrs) -> dict:  # noqa: ANN001, ANN003
    """HTML attributes of a field: its hint and error described, invalid when in error."""
    described = [f"{field.id}-petunjuk"] if hint else []
    if field.errors:
        described.append(f"{field.id}-galat")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {name: value for name, value in attrs.items() if value is not None}


def register(app: Flask) -> None:
    app.jinja_env.globals["input_attrs"] = input_attrs
    # Templates compare a case's vocabularies with their members, never with raw strings.
    app.jinja_env.globals.update(Kind=Kind, Status=Status, Identity=Identity)
    app.jinja_env.filters.update(
        tanggal=formatting.tanggal,
        durasi=formatting.durasi,
        waktu_lokal=local_time,
        ukuran=attachments.human_size,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
