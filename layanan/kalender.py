"""Due times in the unit's own calendar: its time zone and Indonesian working days.

A standard promises times such as '10 menit' or '3 hari kerja'. 'hari kerja' counts
Monday to Friday less national holidays and cuti bersama (the `holidays` package knows
both for Indonesia: categories 'public' and 'government'); an office passes its own
closed days (local holidays) as `extra_closed`.
Times are stored in UTC and shown in the unit's zone (WIB, WITA, WIT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

from layanan.durasi import DurasiModel, SatuanWaktu
from layanan.model import ZonaWaktu


def zone(zona: ZonaWaktu) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=zona.utc_offset_hours), zona.value)


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


def is_working_day(day: dt.date, extra_closed: Iterable[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in _national_holidays(day.year) and day not in set(extra_closed)


def add_working_days(start: dt.date, count: int, extra_closed: Iterable[dt.date] = ()) -> dt.date:
    """The date `count` working days after `start` (the day of `start` itself is not counted)."""
    closed = set(extra_closed)
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, closed):
            remaining -= 1
    return day


def due(start: dt.datetime, durasi: DurasiModel, zona: ZonaWaktu,
        extra_closed: Iterable[dt.date] = ()) -> dt.datetime:
    """When something started at `start` (aware, any zone) is due, in the unit's zone.

    Minutes and hours are added as they are; calendar days end at the end of the last day;
    working days end at the end of the last working day, counted from the day after `start`.
    """
    local = start.astimezone(zone(zona))
    if durasi.satuan is SatuanWaktu.menit:
        return local + dt.timedelta(minutes=durasi.jumlah)
    if durasi.satuan is SatuanWaktu.jam:
        return local + dt.timedelta(hours=durasi.jumlah)
    if durasi.satuan is SatuanWaktu.hari:
        last = local.date() + dt.timedelta(days=durasi.jumlah)
    else:
        last = add_working_days(local.date(), durasi.jumlah, extra_closed)
    return dt.datetime.combine(last, dt.time(23, 59), tzinfo=local.tzinfo)
