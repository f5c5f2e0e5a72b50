"""Due times in Indonesian working days and the unit's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from layanan.durasi import DurasiModel
from layanan.kalender import add_working_days, due, is_working_day
from layanan.model import ZonaWaktu

WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize("start, count, expected", [
    (dt.date(2026, 11, 23), 3, dt.date(2026, 11, 26)),   # Monday + 3 → Thursday
    (dt.date(2026, 11, 26), 3, dt.date(2026, 12, 1)),    # Thursday + 3 skips the weekend
    (dt.date(2026, 12, 22), 3, dt.date(2026, 12, 29)),   # skips cuti bersama (24th) and Christmas (25th)
    (dt.date(2026, 8, 14), 1, dt.date(2026, 8, 18)),     # skips Independence Day (Monday the 17th)
], ids=["week", "weekend", "christmas-and-cuti-bersama", "independence-day"])
def test_working_days_skip_weekends_holidays_and_cuti_bersama(start, count, expected):
    assert add_working_days(start, count) == expected


def test_an_office_adds_its_own_closed_days():
    assert is_working_day(dt.date(2026, 11, 24))
    assert not is_working_day(dt.date(2026, 11, 24), extra_closed=[dt.date(2026, 11, 24)])
    assert add_working_days(dt.date(2026, 11, 23), 1, extra_closed=[dt.date(2026, 11, 24)]) == dt.date(2026, 11, 25)


def test_due_times_are_in_the_units_zone():
    # 23:30 UTC on Friday is already Saturday 07:30 in WITA: three working days end on Wednesday.
    start = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.timezone.utc)
    result = due(start, DurasiModel(jumlah=3, satuan="hari kerja"), ZonaWaktu.WITA)
    assert result == dt.datetime(2026, 12, 2, 23, 59, tzinfo=WITA)
    assert due(start, DurasiModel(jumlah=10, satuan="menit"), ZonaWaktu.WITA) == dt.datetime(
        2026, 11, 28, 7, 40, tzinfo=WITA)
    assert due(start, DurasiModel(jumlah=2, satuan="hari"), ZonaWaktu.WIB).date() == dt.date(2026, 11, 30)
