"""Due times in the unit's own calendar: its time zone, its opening hours, Indonesian working days.

A standard promises times such as '10 menit' or '3 hari kerja'. 'hari kerja' counts
Monday to Friday less national holidays and cuti bersama (the `holidays` package knows
both for Indonesia: categories 'public' and 'government'); an office passes its own
closed days (local holidays) as `extra_closed`.

Where the unit publishes its opening hours (`jam_layanan`), they count too: minutes and hours
run only while the unit is open (a request sent at night starts counting when it opens), a
working day is a day the unit is open, and the last working day ends when the unit closes.
Without published hours, minutes and hours run around the clock and a day ends at 23.59.
Times are stored in UTC and shown in the unit's zone (WIB, WITA, WIT).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import holidays

from layanan.durasi import DurasiModel, SatuanWaktu
from layanan.hari import parse_days
from layanan.model import ZonaWaktu

_LAST_DAY_SEARCH = 3660  # days: a unit that is never open has no due time


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
    return _add_days(start, count, lambda day: is_working_day(day, closed))


def _add_days(start: dt.date, count: int, counts: Callable[[dt.date], bool]) -> dt.date:
    """The date `count` counting days after `start`."""
    day = start
    remaining = count
    searched = 0
    while remaining > 0:
        day += dt.timedelta(days=1)
        searched += 1
        if counts(day):
            remaining -= 1
            searched = 0
        elif searched > _LAST_DAY_SEARCH:
            raise ValueError("unit ini tidak pernah buka: jatuh tempo tidak dapat dihitung")
    return day


def _clock(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    hours, minutes = re.split(r"[.:]", str(value).strip())
    return dt.time(int(hours), int(minutes))


@dataclass(frozen=True)
class OpeningHours:
    """When a unit serves, in its own zone: the (open, close) periods of each weekday."""

    periods: dict[int, tuple[tuple[dt.time, dt.time], ...]]

    @classmethod
    def from_published(cls, jam_layanan: object) -> OpeningHours | None:
        """From a unit's `jam_layanan` (a list of {hari, buka, tutup}); None when the unit
        has not published them or a day cannot be read."""
        if not isinstance(jam_layanan, Sequence) or isinstance(jam_layanan, str):
            return None
        periods: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for entry in jam_layanan:
            days = parse_days(entry.hari)
            opens, closes = _clock(entry.buka), _clock(entry.tutup)
            if days is None or closes <= opens:
                return None
            for day in days:
                periods.setdefault(day, []).append((opens, closes))
        return cls({day: _merged(found) for day, found in periods.items()})

    def periods_on(self, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
        return self.periods.get(day.weekday(), ())


def _merged(periods: list[tuple[dt.time, dt.time]]) -> tuple[tuple[dt.time, dt.time], ...]:
    """Periods of one day, sorted, overlapping or touching ones joined: open time counts once."""
    merged: list[tuple[dt.time, dt.time]] = []
    for opens, closes in sorted(periods):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return tuple(merged)


def due(start: dt.datetime, durasi: DurasiModel, zona: ZonaWaktu,
        extra_closed: Iterable[dt.date] = (), hours: OpeningHours | None = None) -> dt.datetime:
    """When something started at `start` (aware, any zone) is due, in the unit's zone.

    Calendar days end at 23.59 of the last day. Working days are counted from the day after
    `start` and end at the close of the last one (23.59 when the hours are not published).
    Minutes and hours count only open time when the hours are published."""
    local = start.astimezone(zone(zona))
    closed = set(extra_closed)
    if durasi.satuan is SatuanWaktu.hari:
        last = local.date() + dt.timedelta(days=durasi.jumlah)
        return dt.datetime.combine(last, dt.time(23, 59), tzinfo=local.tzinfo)
    if hours is None:
        if durasi.satuan is SatuanWaktu.menit:
            return local + dt.timedelta(minutes=durasi.jumlah)
        if durasi.satuan is SatuanWaktu.jam:
            return local + dt.timedelta(hours=durasi.jumlah)
        last = add_working_days(local.date(), durasi.jumlah, closed)
        return dt.datetime.combine(last, dt.time(23, 59), tzinfo=local.tzinfo)

    def open_on(day: dt.date) -> bool:
        return bool(hours.periods_on(day)) and day not in _national_holidays(day.year) and day not in closed

    if durasi.satuan is SatuanWaktu.hari_kerja:
        last = _add_days(local.date(), durasi.jumlah, open_on)
        return dt.datetime.combine(last, hours.periods_on(last)[-1][1], tzinfo=local.tzinfo)
    amount = dt.timedelta(minutes=durasi.jumlah) if durasi.satuan is SatuanWaktu.menit \
        else dt.timedelta(hours=durasi.jumlah)
    return _add_open_time(local, amount, open_on, hours)


def _add_open_time(local: dt.datetime, amount: dt.timedelta, open_on: Callable[[dt.date], bool],
                   hours: OpeningHours) -> dt.datetime:
    """`amount` of open time after `local`."""
    remaining = amount
    day = local.date()
    for _ in range(_LAST_DAY_SEARCH):
        if open_on(day):
            for opens, closes in hours.periods_on(day):
                begin = max(dt.datetime.combine(day, opens, tzinfo=local.tzinfo), local)
                end = dt.datetime.combine(day, closes, tzinfo=local.tzinfo)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
        day += dt.timedelta(days=1)
    raise ValueError("unit ini tidak pernah buka: jatuh tempo tidak dapat dihitung")
