"""The case model: a lifecycle with one function for status changes, and due times stored per case."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from forms_app import cases, deadlines, lifecycle, outbox, standards
from forms_app.extensions import db
from forms_app.lifecycle import Status
from forms_app.models import OutboxMessage, Reply, StatusEvent, Submission
from forms_support import PNG, UNIT, FormClient, submit_complaint, submit_consultation
from layanan import kalender
from layanan.durasi import DurasiModel
from layanan.model import Saluran

ONLINE_PROMISE = "3 hari kerja"


@pytest.fixture
def seed_online_time(monkeypatch):  # noqa: ANN001, ANN201
    """The seed publishes no online completion time; give its service '3 hari kerja' (as BPS
    Kota Samarinda's standard does) by changing the standard the app sees."""
    return _set_online_time(monkeypatch, ONLINE_PROMISE)


def _shown_as(entry, model):  # noqa: ANN001, ANN202
    """`entry` (a unit or a service of the catalog) with `model` as the content of the version it shows."""
    shown = entry.shown
    return replace(entry, versions=tuple(replace(v, model=model) if v is shown else v for v in entry.versions))


def _set_online_time(monkeypatch, text: str):  # noqa: ANN001, ANN202
    original = standards.catalog

    def with_online_time(service):  # noqa: ANN001, ANN202
        times = dict(service.layanan.waktu_penyelesaian)
        times[Saluran.online] = type(times[Saluran.kunjungan_langsung]).model_validate(
            {"waktu": text, "keterangan": "sejak permintaan jelas dan lengkap"})
        return _shown_as(service, service.layanan.model_copy(update={"waktu_penyelesaian": times}))

    def changed():  # noqa: ANN202
        catalog = original()
        return replace(catalog, services=[with_online_time(service) for service in catalog.services])
    monkeypatch.setattr(standards, "catalog", changed)
    return text


def _required_for(new: Status) -> dict:
    """What forwarding and closing must be given."""
    return {Status.bukan_wewenang: {"forwarded_to": "SP4N-LAPOR!"},
            Status.ditutup: {"close_reason": "Duplikat dari KON-CONTOH"}}.get(new, {})


def _case(code: str) -> Submission:
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def _unit():  # noqa: ANN202
    return standards.catalog().units[UNIT]


def test_every_allowed_transition_goes_through_change_status_with_history_and_mail(app, client):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        assert case.status is Status.diterima
        [first] = case.riwayat
        assert (first.dari_status, first.status, first.pelaku, first.catatan_publik) == (
            None, Status.diterima, cases.SYSTEM, False)
        path = [Status.diverifikasi, Status.diproses, Status.menunggu_pemohon, Status.diproses,
                Status.selesai, Status.ditutup, Status.diproses, Status.bukan_wewenang, Status.ditutup]
        for number, new in enumerate(path):
            cases.change_status(case, new, "petugas@contoh.id", note=f"catatan {number}",
                                note_public=number % 2 == 0, unit=_unit(), **_required_for(new))
        db.session.expire_all()
        case = _case(code)
        assert case.status is Status.ditutup
        events = case.riwayat[1:]
        assert [(e.dari_status, e.status) for e in events] == list(zip([Status.diterima, *path[:-1]], path))
        assert all(e.pelaku == "petugas@contoh.id" for e in events)
        assert [e.catatan_publik for e in events] == [n % 2 == 0 for n in range(len(path))]
        mails = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert len(mails) == 1 + len(path)  # the acknowledgement, then one per change
        assert all(m.kepada == "budi@contoh.id" for m in mails)
        assert "Status sekarang: Ditutup" in mails[-1].isi
        assert not any("catatan" in m.isi for m in mails)  # staff's notes stay out of mail


@pytest.mark.parametrize("current, new", [
    (Status.diterima, Status.diterima), (Status.ditutup, Status.bukan_wewenang),
    (Status.ditutup, Status.selesai), (Status.diproses, Status.diverifikasi),
])
def test_a_refused_transition_writes_nothing(app, client, current, new):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        if current is not Status.diterima:
            for step in {Status.ditutup: [Status.diproses, Status.selesai, Status.ditutup],
                         Status.diproses: [Status.diproses]}[current]:
                cases.change_status(case, step, "petugas", note=None, note_public=False, unit=_unit(),
                                    **_required_for(step))
        before = (len(case.riwayat), db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)))
        with pytest.raises(lifecycle.TransitionRefused, match="yang boleh"):
            cases.change_status(case, new, "petugas", note="x", note_public=True, unit=_unit(),
                                **_required_for(new))
        db.session.rollback()
        db.session.expire_all()
        case = _case(code)
        assert case.status is current
        assert (len(case.riwayat), db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage))) == before


def test_a_failure_while_changing_status_leaves_status_history_and_mail_as_they_were(app, client, monkeypatch):
    code = submit_consultation(client)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("server email tidak terjangkau saat menyusun surat")
    monkeypatch.setattr(outbox, "queue_status_change", broken)
    with app.app_context():
        with pytest.raises(RuntimeError):
            cases.change_status(_case(code), Status.diproses, "petugas", note=None, note_public=False, unit=_unit())
        db.session.rollback()
        db.session.expire_all()
        case = _case(code)
        assert case.status is Status.diterima and len(case.riwayat) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 1


def test_the_status_page_shows_public_notes_and_replies_only(app, client):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        cases.change_status(case, Status.diproses, "petugas", note="Nomor HP pemohon 0812 catatan internal",
                            note_public=False, unit=_unit())
        cases.change_status(case, Status.menunggu_pemohon, "petugas", note="Mohon kirim nama kecamatannya.",
                            note_public=True, unit=_unit())
        db.session.add_all([Reply(pengajuan=case, isi="Draf jawaban internal", publik=False),
                            Reply(pengajuan=case, isi="Data tersedia di tabel 3.1.", publik=True)])
        db.session.commit()
    page = _status_page(client, code)
    assert "Mohon kirim nama kecamatannya." in page and "Data tersedia di tabel 3.1." in page
    assert "catatan internal" not in page and "Draf jawaban internal" not in page
    assert "Menunggu keterangan Anda" in page


def test_public_or_internal_is_never_assumed(app, client):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        db.session.add(Reply(pengajuan=case, isi="Tanpa keputusan publik atau internal"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(StatusEvent(pengajuan=_case(code), status=Status.diproses, waktu=dt.datetime.now(dt.UTC),
                                   pelaku="petugas", catatan="?"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    with pytest.raises(TypeError):
        cases.change_status(None, Status.diproses, "petugas", note="x", unit=None)  # note_public is required


def test_vocabularies_are_checked_by_the_database(app, client):
    code = submit_consultation(client)
    with app.app_context():
        for column, value in (("status", "hilang"), ("jenis", "surat"), ("identitas", "samaran")):
            with pytest.raises((IntegrityError, StatementError)):
                db.session.execute(db.text(f"UPDATE pengajuan SET {column} = :value WHERE kode = :code"),
                                   {"value": value, "code": code})
                db.session.commit()
            db.session.rollback()


def test_closing_starts_the_retention_clock_and_reopening_stops_it(app, client):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        assert case.ditutup_pada is None
        answered = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
        cases.change_status(case, Status.selesai, "petugas", note=None, note_public=False, unit=_unit(),
                            now=answered)
        assert _case(code).ditutup_pada == answered
        cases.change_status(case, Status.diproses, "petugas", note=None, note_public=False, unit=_unit())
        assert _case(code).ditutup_pada is None


def test_due_time_is_stored_with_the_version_of_the_standard_and_never_moves(app, client, monkeypatch,
                                                                            seed_online_time):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        service = standards.find_service(UNIT, case.layanan_id)
        expected = kalender.due(case.jam_mulai, DurasiModel(jumlah=3, satuan="hari kerja"),
                                _unit().unit.zona_waktu)
        assert case.jatuh_tempo == expected
        assert case.standar_sha256 == service.sha256 and len(case.standar_sha256) == 64
        assert [(d.tahap, d.janji, d.jatuh_tempo) for d in case.tenggat] == [
            (f"{service.layanan.nama} (online)", "3 hari kerja", expected)]
        stored = case.jatuh_tempo

    # The standard changes to 10 working days, and the government adds holidays on every
    # working day of the next two weeks: the stored promise stays as it was made.
    _set_online_time(monkeypatch, "10 hari kerja")
    start = stored.date() - dt.timedelta(days=7)
    extra = frozenset(start + dt.timedelta(days=n) for n in range(21))
    original = kalender._national_holidays.__wrapped__
    monkeypatch.setattr(kalender, "_national_holidays", lambda year: frozenset(original(year)) | extra)
    confirmation = client.get("/formulir/terkirim/")
    with app.app_context():
        assert _case(code).jatuh_tempo == stored
        assert [d.jatuh_tempo for d in _case(code).tenggat] == [stored]
        local = stored.astimezone(kalender.zone(_unit().unit.zona_waktu))
    assert f"{local:%H.%M}" in client.text(confirmation) and "3 hari kerja" in client.text(confirmation)
    assert "3 hari kerja" in _status_page(client, code)

    later = submit_consultation(client)  # a new case is promised what the standard says now
    with app.app_context():
        assert _case(later).tenggat[0].janji == "10 hari kerja"
        assert _case(later).jatuh_tempo > stored


def test_the_clock_restarts_when_the_citizen_completes_the_request(app, client, seed_online_time):
    code = submit_consultation(client)
    with app.app_context():
        case = _case(code)
        cases.change_status(case, Status.menunggu_pemohon, "petugas", note="Mohon lengkapi.", note_public=True,
                            unit=_unit())
        resumed = case.jam_mulai + dt.timedelta(days=9)
        cases.change_status(case, Status.diproses, "petugas", note=None, note_public=False, unit=_unit(),
                            now=resumed)
        case = _case(code)
        assert case.jam_mulai == resumed
        assert case.jatuh_tempo == deadlines.recount("3 hari kerja", _unit(), resumed) > resumed


def test_a_complaint_is_promised_each_stage_of_the_units_complaint_handling(app, client, monkeypatch):
    original = standards.catalog

    def with_stages():  # noqa: ANN202
        catalog = original()
        entry = catalog.units[UNIT]
        stages = [{"tahap": "Verifikasi", "waktu": "3 hari kerja"}, {"tahap": "Tindak lanjut", "waktu": "10 hari kerja"}]
        unit = entry.unit.model_validate({**entry.unit.model_dump(mode="json", exclude_none=True),
                                          "tenggat_pengaduan": stages})
        return replace(catalog, units={**catalog.units, UNIT: _shown_as(entry, unit)})
    monkeypatch.setattr(standards, "catalog", with_stages)
    code = submit_complaint(client)
    with app.app_context():
        case = _case(code)
        assert [(d.urutan, d.tahap, d.janji) for d in case.tenggat] == [
            (1, "Verifikasi", "3 hari kerja"), (2, "Tindak lanjut", "10 hari kerja")]
        assert case.jatuh_tempo == case.tenggat[-1].jatuh_tempo > case.tenggat[0].jatuh_tempo
        assert case.standar_sha256 == original().units[UNIT].sha256


def test_the_seed_promises_no_time_so_the_office_default_applies_and_says_so(app, client):
    code = submit_complaint(client)  # the seed publishes no complaint deadlines
    with app.app_context():
        case = _case(code)
        assert case.tenggat_bawaan and case.jatuh_tempo == case.tenggat[-1].jatuh_tempo is not None
        assert [d.janji for d in case.tenggat] == ["3 hari kerja", "5 hari kerja", "10 hari kerja"]
        assert all("tidak tercantum" in d.alasan_tidak_diketahui for d in case.tenggat)
    assert "batas waktu kantor" in _status_page(client, code)


def test_deleting_a_case_deletes_its_rows_and_its_files(app, client):
    code = submit_complaint(client, files={"lampiran": [(io.BytesIO(PNG), "bukti.png")]})
    with app.app_context():
        case = _case(code)
        [attachment] = case.lampiran
        path = Path(app.config["UPLOAD_FOLDER"]) / attachment.nama_simpan
        assert path.is_file()
        cases.delete_case(case)
        for table in ("pengajuan", "pengaduan", "kontak", "tenggat", "riwayat_status", "lampiran", "kotak_keluar"):
            assert db.session.execute(db.text(f"SELECT COUNT(*) FROM {table}")).scalar() == 0, table
    assert not path.exists()


def test_the_inbox_query_uses_its_index(app, client):
    """A unit's open cases, soonest due first, read through ix_pengajuan_kotak_masuk, not a full scan."""
    submit_consultation(client)
    with app.app_context():
        query = cases.inbox_query([UNIT], [Status.diterima, Status.diproses])
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                plan = " ".join(str(row) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
            else:
                # On a one-row table PostgreSQL may as well pick the reports' index on unit_id alone;
                # without it (in this test's own schema), the query must be one the inbox index serves.
                connection.exec_driver_sql("DROP INDEX ix_pengajuan_unit_dibuat")
                connection.exec_driver_sql("SET enable_seqscan = off")
                plan = " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}"))
                connection.rollback()
        assert "ix_pengajuan_kotak_masuk" in plan, plan
        assert [c.kode for c in db.session.scalars(query)]


def _status_page(client: FormClient, code: str) -> str:
    client.get("/lacak/")
    return client.text(client.post("/lacak/", {"kode": code}, status=200))

