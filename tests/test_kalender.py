"""Due times in Indonesian working days and the unit's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from layanan.durasi import DurasiModel
from layanan.hari import parse_days
from layanan.kalender import OpeningHours, add_working_days, due, is_working_day
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


# --- opening hours ------------------------------------------------------------------------

class _Hours:
    def __init__(self, hari: str, buka: str, tutup: str) -> None:
        self.hari, self.buka, self.tutup = hari, buka, tutup


PST_HOURS = OpeningHours.from_published([_Hours("Senin–Kamis", "08.00", "15.30"),
                                         _Hours("Jumat", "08.00", "11.30"), _Hours("Jumat", "13.00", "16.00")])


@pytest.mark.parametrize("text, days", [
    ("Senin–Kamis", {0, 1, 2, 3}), ("Senin - Jumat", {0, 1, 2, 3, 4}), ("senin s.d. jumat", {0, 1, 2, 3, 4}),
    ("Senin sampai dengan Sabtu", {0, 1, 2, 3, 4, 5}), ("Jum'at", {4}), ("Senin, Rabu dan Jumat", {0, 2, 4}),
    ("Sabtu–Senin", {5, 6, 0}), ("Setiap hari kerja", None), ("", None),
])
def test_days_are_read_the_way_offices_write_them(text, days):
    assert parse_days(text) == (frozenset(days) if days is not None else None)


def test_minutes_count_only_while_the_unit_is_open():
    # Thursday 15:25 WITA + 10 minutes: 5 minutes before closing, 5 after Friday's opening.
    start = dt.datetime(2026, 11, 26, 15, 25, tzinfo=WITA)
    assert due(start, DurasiModel(jumlah=10, satuan="menit"), ZonaWaktu.WITA, hours=PST_HOURS) == dt.datetime(
        2026, 11, 27, 8, 5, tzinfo=WITA)
    # Friday 11:20 + 30 minutes spans the Friday prayer break.
    start = dt.datetime(2026, 11, 27, 11, 20, tzinfo=WITA)
    assert due(start, DurasiModel(jumlah=30, satuan="menit"), ZonaWaktu.WITA, hours=PST_HOURS) == dt.datetime(
        2026, 11, 27, 13, 20, tzinfo=WITA)


def test_a_request_sent_at_night_starts_counting_when_the_unit_opens():
    # Saturday 22:00 WITA (14:00 UTC): 2 hours of service time end on Monday at 10:00.
    start = dt.datetime(2026, 11, 28, 14, 0, tzinfo=dt.timezone.utc)
    assert due(start, DurasiModel(jumlah=2, satuan="jam"), ZonaWaktu.WITA, hours=PST_HOURS) == dt.datetime(
        2026, 11, 30, 10, 0, tzinfo=WITA)


def test_working_days_end_when_the_unit_closes_and_skip_holidays():
    start = dt.datetime(2026, 11, 26, 9, 0, tzinfo=WITA)  # Thursday
    assert due(start, DurasiModel(jumlah=1, satuan="hari kerja"), ZonaWaktu.WITA, hours=PST_HOURS) == dt.datetime(
        2026, 11, 27, 16, 0, tzinfo=WITA)  # Friday's last period closes at 16:00
    christmas = dt.datetime(2026, 12, 23, 9, 0, tzinfo=WITA)
    assert due(christmas, DurasiModel(jumlah=1, satuan="hari kerja"), ZonaWaktu.WITA,
               hours=PST_HOURS) == dt.datetime(2026, 12, 28, 15, 30, tzinfo=WITA)


def test_hours_that_cannot_be_read_count_as_unpublished():
    assert OpeningHours.from_published([_Hours("Setiap hari kerja", "08.00", "16.00")]) is None
    assert OpeningHours.from_published([_Hours("Senin", "16.00", "08.00")]) is None
    assert OpeningHours.from_published(None) is None


def test_overlapping_periods_of_a_day_count_once():
    hours = OpeningHours.from_published([_Hours("Senin–Jumat", "08.00", "16.00"), _Hours("Jumat", "13.30", "16.00")])
    friday = dt.datetime(2026, 11, 27, 8, 0, tzinfo=WITA)
    assert hours.periods[4] == ((dt.time(8, 0), dt.time(16, 0)),)
    # 10 hours of open time from Friday 08.00: 8 on Friday, 2 on Monday (not Friday 15.30).
    assert due(friday, DurasiModel(jumlah=10, satuan="jam"), ZonaWaktu.WITA, hours=hours) == dt.datetime(
        2026, 11, 30, 10, 0, tzinfo=WITA)
