"""Migration 0003 carries old rows over honestly: what was known is kept, nothing is invented."""

from __future__ import annotations

import datetime as dt

import flask_migrate
import pytest
from sqlalchemy.exc import IntegrityError

from forms_app.extensions import db
from forms_app.lifecycle import Identity, Kind, Status
from forms_app.models import Submission
from forms_support import DATABASES, FormClient, make_app

SENT = dt.datetime(2026, 11, 20, 1, 30, tzinfo=dt.UTC)
CLOSED = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def _legacy_rows() -> None:
    """Rows as revision 0002 stored them: contacts on the submission, history without actor."""
    insert = db.text
    rows = [
        (1, "KON-AAAA-BBBB-CCCC", "konsultasi", "diterima", "biasa", "Budi Santoso", "budi@contoh.id", None),
        (2, "ADU-AAAA-BBBB-CCCC", "pengaduan", "ditutup", "anonim", None, None, None),
        (3, "ADU-DDDD-EEEE-FFFF", "pengaduan", "diproses", "rahasia", "Siti Aminah", None, "0812 3456 7890"),
    ]
    for number, code, kind, status, identity, name, address, phone in rows:
        db.session.execute(insert(
            "INSERT INTO pengajuan (id, kode, jenis, unit_id, layanan_id, status, dibuat, identitas, nama, email, "
            "telepon) VALUES (:id, :kode, :jenis, 'pst-bps-kutai-barat', 'konsultasi-statistik', :status, :dibuat, "
            ":identitas, :nama, :email, :telepon)"),
            {"id": number, "kode": code, "jenis": kind, "status": status, "dibuat": SENT, "identitas": identity,
             "nama": name, "email": address, "telepon": phone})
        db.session.execute(insert("INSERT INTO riwayat_status (pengajuan_id, status, waktu, catatan) "
                                  "VALUES (:id, 'diterima', :waktu, NULL)"), {"id": number, "waktu": SENT})
    db.session.execute(insert("INSERT INTO konsultasi (id, kategori_pengguna, topik, pertanyaan, saluran_balasan) "
                              "VALUES (1, 'umum', 'data', 'Berapa jumlah penduduk tahun 2025?', 'email')"))
    for number in (2, 3):
        db.session.execute(insert(
            "INSERT INTO pengaduan (id, jenis_aduan, aspek, uraian, tanggal_kejadian) "
            "VALUES (:id, 'pengaduan', 'waktu', 'Menunggu lama.', '2026-11-19')"), {"id": number})
    db.session.execute(insert("INSERT INTO riwayat_status (pengajuan_id, status, waktu, catatan) "
                              "VALUES (2, 'ditutup', :waktu, 'Ditutup setelah dijawab lewat telepon')"),
                       {"waktu": CLOSED})
    db.session.execute(insert(
        "INSERT INTO kotak_keluar (pengajuan_id, kepada, subjek, isi, dibuat, percobaan, coba_lagi) "
        "VALUES (1, 'budi@contoh.id', 'Tanda terima', 'Yth. Budi Santoso', :waktu, 0, :waktu)"), {"waktu": SENT})
    db.session.commit()


@pytest.mark.parametrize("database", DATABASES)
def test_old_rows_are_carried_over_honestly(tmp_path, database):
    app, close = make_app(tmp_path, database, revision="0002")
    try:
        with app.app_context():
            _legacy_rows()
            flask_migrate.upgrade()
            db.session.expire_all()
            cases = {s.id: s for s in db.session.scalars(db.select(Submission))}
            first, anonymous, secret = cases[1], cases[2], cases[3]

            assert (first.jenis, first.status, first.identitas) == (Kind.konsultasi, Status.diterima, Identity.biasa)
            assert (first.nama, first.email, first.telepon) == ("Budi Santoso", "budi@contoh.id", None)
            assert (secret.nama, secret.email, secret.telepon) == ("Siti Aminah", None, "0812 3456 7890")
            assert anonymous.kontak is None
            # The clock started when the case was sent; its due time was never stored, so none is invented.
            assert all(c.jam_mulai == SENT and c.jatuh_tempo is None and c.standar_sha256 is None
                       and c.tenggat == [] for c in cases.values())
            assert anonymous.ditutup_pada == CLOSED and first.ditutup_pada is None
            assert anonymous.diperbarui == CLOSED and first.diperbarui == SENT
            history = anonymous.riwayat
            assert [(e.status, e.pelaku, e.catatan_publik) for e in history] == [
                (Status.diterima, "sistem", False), (Status.ditutup, "sistem", False)]
            assert history[1].catatan == "Ditutup setelah dijawab lewat telepon"  # kept, as internal
            assert first.surat[0].kepada == "budi@contoh.id" and first.surat[0].gagal_pada is None

            with pytest.raises(IntegrityError):
                db.session.execute(db.text("UPDATE pengajuan SET status = 'hilang' WHERE id = 1"))
                db.session.commit()
            db.session.rollback()

        client = FormClient(app.test_client())
        client.get("/lacak/")
        page = client.text(client.post("/lacak/", {"kode": "KON-AAAA-BBBB-CCCC"}, status=200))
        assert "tidak tercatat" in page
        closed = client.text(client.post("/lacak/", {"kode": "ADU-AAAA-BBBB-CCCC"}, status=200))
        assert "Ditutup" in closed and "dijawab lewat telepon" not in closed

        with app.app_context():  # and back, without losing a contact
            flask_migrate.downgrade(revision="0002")
            names = db.session.execute(db.text("SELECT id, nama, telepon FROM pengajuan ORDER BY id")).all()
            assert [tuple(row) for row in names] == [(1, "Budi Santoso", None), (2, None, None),
                                                     (3, "Siti Aminah", "0812 3456 7890")]
            assert db.session.execute(db.text("SELECT COUNT(*) FROM riwayat_status")).scalar() == 4
    finally:
        close()
