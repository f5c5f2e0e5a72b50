"""The desk's inbox: filters, order by due time, pages, urgency in words, the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import event

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import inbox
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import Complaint, Consultation, Contact, Submission
from forms_app.staff_models import AuditEntry, Role, Staff
from forms_support import SERVICE, UNIT, FormClient

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def add_case(number: int, *, unit: str = UNIT, status: Status = Status.diterima, due: dt.datetime | None = None,
             kind: Kind = Kind.konsultasi, channel: Channel = Channel.online, assignee: int | None = None,
             identity: Identity = Identity.biasa, name: str | None = "Warga", email: str | None = None,
             service: str | None = SERVICE, default_deadline: bool = False) -> Submission:
    """A case written straight to the database (the public forms are tested elsewhere)."""
    common = dict(kode=f"T-{number:05d}-{unit[:3]}", unit_id=unit, layanan_id=service, status=status,
                  identitas=identity, jam_mulai=NOW - dt.timedelta(days=1), dibuat=NOW - dt.timedelta(days=1),
                  jatuh_tempo=due, saluran=channel, petugas_id=assignee, tenggat_bawaan=default_deadline)
    if kind is Kind.pengaduan:
        case = Complaint(**common, jenis_aduan="pengaduan", aspek="waktu", uraian="Uraian pengaduan uji.",
                         tanggal_kejadian=NOW.date())
    else:
        case = Consultation(**common, kategori_pengguna="lainnya", topik="data", pertanyaan="Pertanyaan uji?",
                            saluran_balasan="email")
    if identity is not Identity.anonim and name:
        case.kontak = Contact(nama=name, email=email)
    db.session.add(case)
    return case


def _codes(page: inbox.Page) -> list[str]:
    return [case.kode for case in page.items]


def _staff(app, **kwargs) -> Staff:  # noqa: ANN001, ANN003
    account = make_staff(app, **kwargs)
    return db.session.get(Staff, account["id"])


def test_sorted_by_due_time_soonest_first_then_none_then_id(app):
    with app.app_context():
        viewer = _staff(app)
        add_case(1, due=None)
        add_case(2, due=NOW + dt.timedelta(days=3))
        add_case(3, due=NOW - dt.timedelta(days=2))
        add_case(4, due=None)
        add_case(5, due=NOW + dt.timedelta(hours=2))
        add_case(6, unit=OTHER_UNIT, due=NOW - dt.timedelta(days=9))  # another unit's: never listed
        add_case(7, status=Status.selesai, due=NOW - dt.timedelta(days=5))  # closed: not in the default list
        db.session.commit()
        found = inbox.page(viewer, inbox.Filters(), 1, NOW)
        assert _codes(found) == ["T-00003-pst", "T-00005-pst", "T-00002-pst", "T-00001-pst", "T-00004-pst"]
        assert (found.total, found.pages, found.number) == (5, 1, 1)
        every = inbox.page(viewer, inbox.Filters(statuses=frozenset(Status)), 1, NOW)
        assert "T-00007-pst" in _codes(every) and "T-00006-uni" not in _codes(every)


def test_each_filter_narrows_the_list(app):
    with app.app_context():
        viewer = _staff(app)
        colleague = _staff(app, email="kolega@pst.contoh.id", name="Kolega")
        add_case(1, kind=Kind.pengaduan, due=NOW - dt.timedelta(hours=1))            # overdue
        add_case(2, channel=Channel.telepon, due=NOW + dt.timedelta(hours=5), assignee=viewer.id)  # nearly due
        add_case(3, due=NOW + dt.timedelta(days=4), assignee=colleague.id, service=None)
        add_case(4, status=Status.menunggu_pemohon, due=NOW - dt.timedelta(days=1))  # waiting: never overdue
        add_case(5, status=Status.diproses, due=NOW + dt.timedelta(hours=23, minutes=59))
        db.session.commit()

        def codes(**filters) -> list[str]:  # noqa: ANN003
            return [c[2:7] for c in _codes(inbox.page(viewer, inbox.Filters(**filters), 1, NOW))]

        assert codes(kind=Kind.pengaduan) == ["00001"]
        assert codes(kind=Kind.kunjungan) == []
        assert codes(channel=Channel.telepon) == ["00002"]
        assert codes(service=SERVICE) == ["00004", "00001", "00002", "00005"]
        assert codes(assignee=inbox.MINE) == ["00002"]
        assert codes(assignee=colleague.id) == ["00003"]
        assert codes(assignee=inbox.UNASSIGNED) == ["00004", "00001", "00005"]
        assert codes(overdue=True) == ["00001"]
        assert codes(nearly_due=True) == ["00002", "00005"]
        assert codes(overdue=True, nearly_due=True) == ["00001", "00002", "00005"]
        assert codes(statuses=frozenset({Status.diproses})) == ["00005"]
        assert codes(unit=OTHER_UNIT) == []  # a unit the staff member does not work for gives nothing


def test_pages_of_fifty_and_a_number_past_the_end_gives_the_last(app):
    with app.app_context():
        viewer = _staff(app)
        for number in range(1, 124):
            add_case(number, due=NOW + dt.timedelta(minutes=number))
        db.session.commit()
        first = inbox.page(viewer, inbox.Filters(), 1, NOW)
        third = inbox.page(viewer, inbox.Filters(), 3, NOW)
        assert (first.total, first.pages, len(first.items), len(third.items)) == (123, 3, 50, 23)
        assert _codes(first)[0] == "T-00001-pst" and _codes(third)[-1] == "T-00123-pst"
        assert _codes(inbox.page(viewer, inbox.Filters(), 99, NOW)) == _codes(third)
        assert inbox.page(viewer, inbox.Filters(), 0, NOW).number == 1


def test_a_page_loads_contacts_and_assignees_without_one_query_per_row(app):
    with app.app_context():
        viewer = _staff(app)
        for number in range(1, 41):
            add_case(number, due=NOW + dt.timedelta(hours=number), assignee=viewer.id, name=f"Warga {number}")
        db.session.commit()
        db.session.expire_all()
        assert viewer.unit_ids  # the signed-in staff member is loaded before the page
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            found = inbox.page(viewer, inbox.Filters(), 1, NOW)
            names = [(case.kontak.nama, case.petugas.nama) for case in found.items]
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(names) == 40
        assert len(statements) <= 3, statements  # the page with its total, contacts, assignees
        counting = [s for s in statements if "count(" in s.lower()]
        assert counting and all(" join " not in s.lower() for s in counting)


def test_the_filtered_first_page_uses_the_inbox_index(app):
    with app.app_context():
        viewer = _staff(app)
        statuses = list(Status)
        for number in range(1, 701):  # enough rows, in every status and two units, for the planner to choose
            add_case(number, unit=(UNIT, OTHER_UNIT)[number % 2], status=statuses[number % len(statuses)],
                     due=NOW + dt.timedelta(hours=number - 350))
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        query = inbox.query(viewer, inbox.Filters(kind=Kind.konsultasi, overdue=True), NOW).limit(50)
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
            else:
                # On a table this small PostgreSQL may pick the reports' index on unit_id alone;
                # without it (in this test's own schema), the query must be one the inbox index serves.
                connection.exec_driver_sql("DROP INDEX ix_pengajuan_unit_dibuat")
                connection.exec_driver_sql("SET enable_seqscan = off")
                plan = " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))
                connection.rollback()
        assert "ix_pengajuan_kotak_masuk" in plan, plan


@pytest.mark.parametrize("due, status, expected, text", [
    (None, Status.diterima, "tanpa_tenggat", "Tanpa tenggat"),
    (NOW - dt.timedelta(days=2, hours=3), Status.diproses, "terlambat", "Terlambat 2 hari"),
    (NOW - dt.timedelta(hours=5), Status.diterima, "terlambat", "Terlambat 5 jam"),
    (NOW + dt.timedelta(hours=3), Status.diverifikasi, "hampir", "Jatuh tempo dalam 3 jam"),
    (NOW + inbox.NEARLY_DUE, Status.diterima, "hampir", "Jatuh tempo dalam 24 jam"),
    (NOW + inbox.NEARLY_DUE + dt.timedelta(minutes=1), Status.diterima, "normal", "Sesuai jadwal"),
    (NOW - dt.timedelta(days=3), Status.menunggu_pemohon, "normal", "Menunggu pemohon"),
    (NOW - dt.timedelta(days=3), Status.selesai, "normal", "Sudah berakhir"),
])
def test_urgency_in_words(due, status, expected, text):
    case = Consultation(jatuh_tempo=due, status=status)
    assert inbox.urgency(case, NOW) == expected
    assert inbox.urgency_text(case, NOW) == text


def _signed_in(app, **kwargs) -> FormClient:  # noqa: ANN001, ANN003
    client = FormClient(app.test_client())
    sign_in(client, make_staff(app, **kwargs))
    return client


def test_the_inbox_page_filters_with_get_shows_urgency_in_words_and_pages(app):
    with app.app_context():
        add_case(1, due=dt.datetime.now(dt.UTC) - dt.timedelta(days=2, hours=1), kind=Kind.pengaduan)
        add_case(2, due=dt.datetime.now(dt.UTC) + dt.timedelta(hours=3))
        add_case(3, due=None, default_deadline=False)
        add_case(4, due=dt.datetime.now(dt.UTC) + dt.timedelta(days=5), default_deadline=True)
        for number in range(10, 70):
            add_case(number, due=dt.datetime.now(dt.UTC) + dt.timedelta(days=30, minutes=number))
        db.session.commit()
    client = _signed_in(app)
    page = client.get("/staf/")
    html = page.get_data(as_text=True)
    text = client.text(page)
    assert "64 pengajuan, halaman 1 dari 2" in text
    assert "Terlambat 2 hari" in text and 'urgensi--terlambat"><span aria-hidden="true">⚠' in html
    assert "Jatuh tempo dalam 2 jam" in text or "Jatuh tempo dalam 3 jam" in text
    assert "Tenggat bawaan kantor" in text and text.count("Tenggat bawaan kantor") == 1
    assert text.index("T-00001") < text.index("T-00002") < text.index("T-00004")
    assert 'aria-current="page"' in html and "halaman=2" in html
    second = client.text(client.get("/staf/?halaman=2"))
    assert "T-00003" in second and "T-00001" not in second  # no due time: last

    overdue = client.text(client.get("/staf/?terlambat=y&jenis=pengaduan"))
    assert "1 pengajuan." in overdue and "T-00001" in overdue
    wrong = client.get("/staf/?status=hilang", status=400)
    assert "Pilihan ini tidak ada pada formulir" in client.text(wrong)
    assert wrong.get_data(as_text=True).count("<title>Galat: ") == 1


def test_the_inbox_lists_only_the_staff_members_units_and_the_case_of_another_unit_is_404(app):
    with app.app_context():
        add_case(1, due=None)
        other = add_case(2, unit=OTHER_UNIT, due=None)
        db.session.commit()
        other_id = other.id
    client = _signed_in(app)
    text = client.text(client.get("/staf/?status=semua"))
    assert "T-00001" in text and "T-00002" not in text
    client.get(f"/staf/kasus/{other_id}", status=404)
    assert "T-00002" not in client.get("/staf/ekspor.csv").get_data(as_text=True)


def test_csv_export_keeps_the_filters_guards_formulas_and_is_audited(app):
    with app.app_context():
        add_case(1, due=None, name="=HYPERLINK(\"http://jahat.contoh\",\"klik\")", email="warga@contoh.id")
        add_case(2, due=None, name="+62 Warga", kind=Kind.pengaduan)
        add_case(3, due=None, name="@Budi")
        add_case(4, due=None, name="-Siti", channel=Channel.telepon)
        db.session.commit()
    client = _signed_in(app)
    client.get("/staf/")
    response = client.get("/staf/ekspor.csv?saluran=online")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kode", "Jenis", "Unit"]
    names = {row[0]: row[12] for row in rows[1:]}
    assert names == {"T-00001-pst": "'=HYPERLINK(\"http://jahat.contoh\",\"klik\")", "T-00002-pst": "'+62 Warga",
                     "T-00003-pst": "'@Budi"}  # the phone case is filtered out
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.aksi == "ekspor_csv")).one()
        assert entry.rincian["baris"] == 3 and entry.rincian["saluran"] == "online"
        assert "warga@contoh.id" not in str(entry.rincian) and "Warga" not in str(entry.rincian)
    assert re.search(r"ekspor\.csv\?saluran=online", client.get("/staf/?saluran=online").get_data(as_text=True))


def test_a_filter_that_is_not_a_choice_sends_the_export_back_to_the_inbox(app):
    client = _signed_in(app)
    response = client.client.get("/staf/ekspor.csv?jenis=surat")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staf/?jenis=surat")


def test_the_assignee_filter_offers_colleagues_of_the_units_only(app):
    make_staff(app, email="lain@pst.contoh.id", name="Orang Unit Lain", units=(OTHER_UNIT,))
    make_staff(app, email="kolega@pst.contoh.id", name="Kolega Sendiri", role=Role.pengelola_pengaduan)
    client = _signed_in(app)
    text = client.text(client.get("/staf/"))
    assert "Kolega Sendiri" in text and "Orang Unit Lain" not in text


def test_a_staff_member_of_two_units_sees_both_with_the_unit_named_and_can_narrow_to_one(app):
    with app.app_context():
        add_case(1, due=None)
        add_case(2, unit=OTHER_UNIT, due=None)
        db.session.commit()
    client = _signed_in(app, units=(UNIT, OTHER_UNIT))
    text = client.text(client.get("/staf/"))
    assert "T-00001" in text and "T-00002" in text and "Semua unit saya" in text
    assert "PST BPS Kabupaten Kutai Barat" in text  # the unit column
    narrowed = client.text(client.get(f"/staf/?unit={OTHER_UNIT}"))
    assert "T-00002" in narrowed and "T-00001" not in narrowed
