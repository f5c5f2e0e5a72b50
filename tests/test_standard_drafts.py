"""Drafts and publishing, called directly (forms_app/standard_drafts.py): a draft starts from the
newest published version, is checked with every rule of `layanan check`, and is published as
the next version file — never over a newer one, never over a file changed on disk."""

from __future__ import annotations

import datetime as dt

import pytest

from editor_support import editor_app, editor_project, make_editor  # noqa: F401 - fixtures
from forms_app import standard_drafts as drafts
from forms_app.editor_models import BuildStatus, DraftKind, SiteBuild, StandardDraft
from forms_app.extensions import db
from forms_app.staff_models import AuditEntry, Staff
from layanan.catalog import load
from layanan.yamlfile import read_yaml

UNIT = "pst-bps-kutai-barat"
SERVICE = f"{UNIT}/konsultasi-statistik"
TODAY = dt.date.today()


def _standard(project, address: str = SERVICE):  # noqa: ANN001, ANN202
    return drafts.find(drafts.working_standards(project), [UNIT], address)


def _staff(app, email: str = "penyunting@pst.contoh.id", name: str = "Sari Penyunting") -> Staff:  # noqa: ANN001
    account = make_editor(app, email=email, name=name)
    return db.session.get(Staff, account["id"])


def _change_walk_in_time(draft: StandardDraft, time: str = "15 menit") -> None:
    document = drafts.document(draft)
    document["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] = time
    document["ringkasan_perubahan"] = f"Waktu penyelesaian kunjungan langsung menjadi {time}."
    drafts.save(draft, document)


def test_a_draft_is_checked_changed_and_published_as_the_next_version(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        staff = _staff(editor_app)
        draft = drafts.start(staff, _standard(editor_project), editor_project)
        assert draft.asal_berkas == "layanan/pst-bps-kutai-barat/konsultasi-statistik/versi-1.yaml"
        assert drafts.start(staff, _standard(editor_project), editor_project) is draft  # resumed, not a second
        checked = drafts.check(draft, staff, editor_project)
        # what the editor must still give: the summary of changes (the date is proposed, chosen when publishing)
        assert [p.field for p in checked.errors] == ["ringkasan_perubahan"]
        _change_walk_in_time(draft)
        published = drafts.publish(draft, staff, editor_project, TODAY, address="127.0.0.1")
        db.session.commit()
        path = editor_project.standard / "layanan" / UNIT / "konsultasi-statistik" / "versi-2.yaml"
        assert published.path == path and published.number == 2
        data = read_yaml(path).data
        assert data["waktu_penyelesaian"]["kunjungan_langsung"]["waktu"] == "15 menit"
        assert data["berlaku_sejak"] == TODAY
        text = path.read_text(encoding="utf-8")
        assert "diterbitkan dari editor standar oleh Sari Penyunting" in text
        assert "# --- A. Komponen penyampaian pelayanan" in text  # the starting version's comments stay
        assert not load(editor_project.standard).errors
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.aksi == "standar_diterbitkan"))
        assert entry.staf_id == staff.id and entry.rincian["versi"] == 2 and entry.unit_id == UNIT
        assert db.session.get(SiteBuild, published.build.id).status is BuildStatus.menunggu
        assert db.session.scalar(db.select(db.func.count()).select_from(StandardDraft)) == 0


def test_the_second_editor_to_publish_is_refused_with_the_first_ones_change(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        first = _staff(editor_app)
        second = _staff(editor_app, "kedua@pst.contoh.id", "Budi Kedua")
        mine = drafts.start(first, _standard(editor_project), editor_project)
        theirs = drafts.start(second, _standard(editor_project), editor_project)
        _change_walk_in_time(mine, "15 menit")
        _change_walk_in_time(theirs, "20 menit")
        drafts.publish(mine, first, editor_project, TODAY)
        db.session.commit()
        with pytest.raises(drafts.StaleDraft) as refused:
            drafts.publish(theirs, second, editor_project, TODAY)
        stale = refused.value.stale
        assert stale.by == "Sari Penyunting" and not stale.changed_on_disk and stale.current.number == 2
        assert any("15 menit" in sentence for change in stale.changes for sentence in change.kalimat), stale.changes
        assert not (editor_project.standard / "layanan" / UNIT / "konsultasi-statistik" / "versi-3.yaml").exists()


def test_a_file_changed_on_disk_while_a_draft_was_open_refuses_it(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        staff = _staff(editor_app)
        draft = drafts.start(staff, _standard(editor_project), editor_project)
        _change_walk_in_time(draft)
        source = editor_project.standard / draft.asal_berkas
        source.write_text(source.read_text(encoding="utf-8") + "# catatan yang ditambahkan langsung pada file\n",
                          encoding="utf-8")
        with pytest.raises(drafts.StaleDraft) as refused:
            drafts.publish(draft, staff, editor_project, TODAY)
        assert refused.value.stale.changed_on_disk and refused.value.stale.by is None


def test_a_date_before_today_is_refused_and_an_upcoming_version_is_published_ahead(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        staff = _staff(editor_app)
        draft = drafts.start(staff, _standard(editor_project), editor_project)
        _change_walk_in_time(draft)
        with pytest.raises(drafts.EditorError, match="paling awal hari ini"):
            drafts.publish(draft, staff, editor_project, TODAY - dt.timedelta(days=2))
        path = editor_project.standard / "layanan" / UNIT / "konsultasi-statistik" / "versi-2.yaml"
        assert not path.exists()
        drafts.publish(draft, staff, editor_project, TODAY + dt.timedelta(days=30))
        db.session.commit()
        service = next(s for s in load(editor_project.standard).catalog.services if s.id == "konsultasi-statistik")
        assert service.in_force.number == 1 and [v.number for v in service.upcoming] == [2]


def test_an_invalid_draft_is_refused_with_the_command_s_message_and_nothing_written(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        staff = _staff(editor_app)
        draft = drafts.start(staff, _standard(editor_project), editor_project)
        _change_walk_in_time(draft, "10 minggu")
        with pytest.raises(drafts.DraftInvalid) as refused:
            drafts.publish(draft, staff, editor_project, TODAY)
        assert [(p.field, p.message[:30]) for p in refused.value.problems] == [
            ("waktu_penyelesaian.kunjungan_langsung.waktu", "'10 minggu' bukan jangka waktu")]
        assert not list((editor_project.standard / "layanan" / UNIT / "konsultasi-statistik").glob("*versi-2*"))


def test_a_new_service_starts_from_an_existing_one(editor_app, editor_project):  # noqa: F811
    with editor_app.app_context():
        staff = _staff(editor_app)
        draft = drafts.start(staff, _standard(editor_project), editor_project, new_service=True)
        assert draft.jenis is DraftKind.layanan_baru
        checked = drafts.check(draft, staff, editor_project)
        assert {p.field for p in checked.errors} >= {"folder_baru", "nama"}
        document = drafts.document(draft)
        document["nama"] = "Pelayanan Rekomendasi Kegiatan Statistik"
        drafts.save(draft, document, folder="konsultasi-statistik")
        assert "sudah dipakai" in drafts.check(draft, staff, editor_project).errors[0].message
        drafts.save(draft, document, folder="rekomendasi-statistik")
        published = drafts.publish(draft, staff, editor_project, TODAY)
        db.session.commit()
        assert published.path == editor_project.standard / "layanan" / UNIT / "rekomendasi-statistik" / "versi-1.yaml"
        assert published.page.endswith("/standar/pst-bps-kutai-barat/rekomendasi-statistik/")
        assert not load(editor_project.standard).errors


def test_a_version_written_by_hand_and_not_yet_built_is_not_taken_over(editor_app, editor_project):  # noqa: F811
    folder = editor_project.standard / "layanan" / UNIT / "konsultasi-statistik"
    text = (folder / "versi-1.yaml").read_text(encoding="utf-8")
    (folder / "versi-2.yaml").write_text(text.replace("berlaku_sejak:\n  tidak_diketahui: tanggal berlaku tidak "
                                                      "tercantum pada standar yang dipublikasikan",
                                                      f"berlaku_sejak: {TODAY}\nringkasan_perubahan: Uji.", 1),
                                         encoding="utf-8")
    with editor_app.app_context():
        staff = _staff(editor_app)
        standard = _standard(editor_project)
        assert standard.pending
        with pytest.raises(drafts.EditorError, match="belum terbit"):
            drafts.start(staff, standard, editor_project)
