"""The satisfaction survey (SKM): a finished consultation, complaint or walk-in visit gets one
one-time link — in the finishing mail, on the status page, on the visitor's ticket on the office
tablet —; the nine elements are answered once per link, also when two answers arrive at the same
moment (threads, two connections, SQLite and PostgreSQL); a used, expired or unknown link gets a
clear page; what is stored is anonymous."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from desk_support import make_staff
from forms_app import cases, queue, standards, survey
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Kind, Status
from forms_app.models import OutboxMessage, Submission, Visit, utcnow
from forms_app.staff_models import Staff
from forms_app.survey_models import SurveyInvitation, SurveyResponse
from forms_support import SERVICE, UNIT, FormClient, make_app, submit_complaint, submit_consultation

GUESTBOOK = f"/kunjungan/{UNIT}/"
TICKET = f"/kunjungan/{UNIT}/tiket"
KIOSK_SURVEY = f"/kunjungan/{UNIT}/survei"
BASE = "https://pst.contoh.go.id"
ALL_FOURS = {f"u{n}": "4" for n in range(1, 10)}
ANSWERS = {**ALL_FOURS, "u3": "2", "u8": None, "komentar": "Ruang tunggu panas siang hari.",
           "jenis_kelamin": "perempuan", "kelompok_umur": "31_40", "pendidikan": "d4_s1", "pekerjaan": ""}


def _unit():  # noqa: ANN202
    return standards.catalog().units[UNIT]


def _case(code: str) -> Submission:
    return db.session.scalar(db.select(Submission).where(Submission.kode == code))


def _finish(code: str, now: dt.datetime | None = None) -> None:
    cases.change_status(_case(code), Status.selesai, "petugas", note=None, note_public=False, unit=_unit(), now=now)


def _invitations() -> list[SurveyInvitation]:
    return list(db.session.scalars(db.select(SurveyInvitation).order_by(SurveyInvitation.id)))


def _status_page(client: FormClient, code: str) -> str:
    client.get("/lacak/")
    return client.post("/lacak/", {"kode": code}, status=200).get_data(as_text=True)


def _survey_path(html: str) -> str | None:
    found = re.search(r'href="(/survei/[A-Za-z0-9_-]{43}/)"', html)
    return found.group(1) if found else None


def _answer(client: FormClient, path: str, answers: dict | None = None, status: int = 303):  # noqa: ANN202
    client.get(path)
    data = {k: v for k, v in (ANSWERS if answers is None else answers).items() if v is not None}
    return client.post(path, data, status=status)


def _visit_finished(app, visit_id: int) -> None:  # noqa: ANN001
    staff = db.session.scalar(db.select(Staff))
    if staff is None:
        staff = db.session.get(Staff, make_staff(app)["id"])
    called = queue.call_next(staff, UNIT, "Loket 1")
    assert called.id == visit_id
    queue.finish(called, staff, "Diberi tabel penduduk 2025")


# --- the invitation ------------------------------------------------------------------------------


def test_finishing_each_kind_creates_one_invitation_in_the_same_step(app, client):
    consultation = submit_consultation(client)
    complaint = submit_complaint(client)
    with app.app_context():
        visit = queue.join(_unit(), standards.find_service(UNIT, SERVICE), "Budi Santoso", "data PDRB",
                           consent_version="uji")
        for code in (consultation, complaint):
            for status in (Status.diverifikasi, Status.diproses, Status.menunggu_pemohon):
                cases.change_status(_case(code), status, "petugas", note=None, note_public=False, unit=_unit())
        assert _invitations() == []  # no status but selesai invites
        _finish(consultation)
        _finish(complaint)
        _visit_finished(app, visit.id)
        db.session.expire_all()
        found = {i.kind: i for i in _invitations()}
        assert set(found) == {Kind.konsultasi, Kind.pengaduan, Kind.kunjungan}
        for kind, code, service, channel in ((Kind.konsultasi, consultation, SERVICE, Channel.online),
                                             (Kind.pengaduan, complaint, SERVICE, Channel.online),
                                             (Kind.kunjungan, visit.kode, SERVICE, Channel.tatap_muka)):
            invitation, case = found[kind], _case(code)
            assert (invitation.submission_id, invitation.unit_id, invitation.service_id, invitation.channel) == (
                case.id, UNIT, service, channel)
            assert invitation.created_at == case.diselesaikan_pada  # the same step as the status
            assert invitation.expires_at - invitation.created_at == dt.timedelta(days=30)
            assert invitation.used_at is None
            # Only the token's hash is stored; the token is the link's.
            assert invitation.token_hash == survey.hash_token(survey.token_for(case))
            assert survey.token_for(case) not in invitation.token_hash

        # Reopened and finished again: still the one invitation.
        cases.change_status(_case(consultation), Status.diproses, "petugas", note=None, note_public=False,
                            unit=_unit())
        _finish(consultation)
        assert len(_invitations()) == 3
        with pytest.raises(IntegrityError):  # and the database refuses a second one
            case = _case(consultation)
            db.session.add(SurveyInvitation(token_hash="0" * 64, submission_id=case.id, unit_id=UNIT,
                                            kind=Kind.konsultasi, channel=Channel.online, created_at=utcnow(),
                                            expires_at=utcnow()))
            db.session.commit()
        db.session.rollback()


def test_a_failed_finish_stores_neither_status_nor_invitation(app, client, monkeypatch):
    code = submit_consultation(client)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("surat gagal ditulis")

    monkeypatch.setattr("forms_app.outbox.queue_status_change", broken)
    with app.app_context():
        with pytest.raises(RuntimeError):
            _finish(code)
        db.session.rollback()
        db.session.expire_all()
        assert _case(code).status is Status.diterima and _invitations() == []


def test_the_finishing_mail_carries_the_link_other_mail_does_not(tmp_path):
    app, close = make_app(tmp_path, "sqlite", PUBLIC_BASE_URL=BASE)
    try:
        client = FormClient(app.test_client())
        code = submit_consultation(client)
        with app.app_context():
            cases.change_status(_case(code), Status.diproses, "petugas", note=None, note_public=False, unit=_unit())
            _finish(code)
            mails = [m.isi for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))]
            token = survey.token_for(_case(code))
        assert f"{BASE}/survei/{token}/" in mails[-1] and "satu kali" in mails[-1]
        assert all("/survei/" not in mail for mail in mails[:-1])
        # The link in the mail opens the survey.
        assert "Survei kepuasan masyarakat" in client.text(client.get(f"/survei/{token}/"))
    finally:
        close()


def test_without_a_public_address_the_mail_points_to_the_status_page(sqlite_app, sqlite_client):
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
        body = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().isi
    assert "survei kepuasan" in body and "/survei/" not in body and "Lacak pengajuan" in body


def test_a_reply_that_finishes_the_case_carries_the_link(tmp_path):
    app, close = make_app(tmp_path, "sqlite", PUBLIC_BASE_URL=BASE)
    try:
        code = submit_consultation(FormClient(app.test_client()))
        with app.app_context():
            staff = db.session.get(Staff, make_staff(app)["id"])
            cases.reply(_case(code), staff, "Data terlampir di situs.", public=True, unit=_unit(),
                        new_status=Status.selesai)
            body = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().isi
            assert f"{BASE}/survei/{survey.token_for(_case(code))}/" in body
    finally:
        close()


def test_the_status_page_shows_the_link_while_unused_and_unexpired(app, client):
    code = submit_consultation(client)
    assert _survey_path(_status_page(client, code)) is None  # not finished yet
    with app.app_context():
        _finish(code)
    path = _survey_path(_status_page(client, code))
    assert path is not None
    _answer(client, path)
    assert _survey_path(_status_page(client, code)) is None  # used: gone

    other = submit_consultation(client)
    with app.app_context():
        _finish(other, now=utcnow() - dt.timedelta(days=31))
    assert _survey_path(_status_page(client, other)) is None  # expired: gone


# --- the survey page -----------------------------------------------------------------------------


def test_the_page_asks_the_nine_elements_in_order_with_their_wording(sqlite_app, sqlite_client):
    from layanan.skm import UNSUR
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
    response = sqlite_client.get(_survey_path(_status_page(sqlite_client, code)))
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"
    legends = re.findall(r'<legend class="label">([^<]+)</legend>', html)
    assert legends[:9] == [f"{n}. {u.nama}: {u.pertanyaan}" for n, u in enumerate(UNSUR, start=1)]
    for number, element in enumerate(UNSUR, start=1):
        labels = re.findall(rf'<input type="radio" id="u{number}-\d" name="u{number}" value="(\d)">\s*'
                            r'<label for="u\d-\d">([^<]+)</label>', html)
        assert labels == [(str(score), f"{label} ({score})") for score, label in enumerate(element.jawaban, 1)]
    text = sqlite_client.text(response)
    assert "tidak wajib" in text and "anonim" in text and "menghitung hasil survei per kelompok responden" in text
    assert "Pelayanan Konsultasi Statistik" in text


@pytest.mark.parametrize("answers, message", [
    ({}, "paling sedikit satu dari sembilan pertanyaan"),
    ({**ALL_FOURS, "u4": "5"}, "Pilihan ini tidak ada pada formulir"),
    ({**ALL_FOURS, "jenis_kelamin": "lainnya"}, "Pilihan ini tidak ada pada formulir"),
    ({**ALL_FOURS, "komentar": "x" * 1001}, "paling banyak 1.000 karakter"),
])
def test_a_wrong_answer_is_shown_again_with_what_to_fix(sqlite_app, sqlite_client, answers, message):
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
    path = _survey_path(_status_page(sqlite_client, code))
    response = _answer(sqlite_client, path, answers, status=400)
    html = response.get_data(as_text=True)
    assert "Ada yang perlu diperbaiki" in html and message in html
    assert re.search(r'<p class="galat" id="[a-z_0-9]+-galat">', html)  # beside the field too
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0
        assert _invitations()[0].used_at is None


def test_an_answer_is_stored_once_anonymously_and_the_link_then_says_so(app, client):
    code = submit_consultation(client)
    with app.app_context():
        _finish(code)
    path = _survey_path(_status_page(client, code))
    done = _answer(client, path)
    assert done.headers["Location"] == "/survei/terima-kasih/"
    assert "jawaban Anda sudah kami terima" in client.text(client.get("/survei/terima-kasih/"))
    with app.app_context():
        [response] = db.session.scalars(db.select(SurveyResponse)).all()
        invitation = _invitations()[0]
        assert response.answers() == [4, 4, 2, 4, 4, 4, 4, None, 4]
        assert (response.source.value, response.unit_id, response.service_id, response.kind) == (
            "daring", UNIT, SERVICE, Kind.konsultasi)
        assert response.invitation_id == invitation.id and invitation.used_at is not None
        assert response.answered_on == invitation.used_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
        assert (response.gender, response.age_group, response.education, response.occupation) == (
            "perempuan", "31_40", "d4_s1", None)
        assert response.comment == "Ruang tunggu panas siang hari."
        # Nothing personal: no column for it, and no value of the case in the row.
        columns = {c.name for c in SurveyResponse.__table__.columns}
        assert columns == {"id", "invitation_id", "source", "unit_id", "service_id", "kind", "answered_on",
                           *(f"u{n}" for n in range(1, 10)), "comment", "gender", "age_group", "education",
                           "occupation", "paper_batch"}
        row = db.session.execute(db.text("SELECT * FROM survey_response")).mappings().one()
        stored = " ".join(str(v) for v in row.values())
        assert "Budi" not in stored and "budi@contoh.id" not in stored and code not in stored
    # Used: a clear 410 page, also for a second post of the same page.
    again = client.get(path, status=410)
    assert "Survei ini sudah diisi" in client.text(again)
    client.client.post(path, data={**client.hidden, **ALL_FOURS})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 1


def test_unknown_and_expired_links_get_clear_pages(sqlite_app, sqlite_client):
    unknown = sqlite_client.get("/survei/" + "A" * 43 + "/", status=404)
    assert "Tautan survei tidak dikenal" in sqlite_client.text(unknown)
    assert "Tautan survei tidak dikenal" in sqlite_client.text(sqlite_client.get("/survei/pendek/", status=404))
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
        path = f"/survei/{survey.token_for(_case(code))}/"
        invitation = _invitations()[0]
        invitation.expires_at = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    expired = sqlite_client.get(path, status=410)
    assert "Waktu pengisian survei sudah habis" in sqlite_client.text(expired)
    assert "30 hari" in sqlite_client.text(expired)


def test_an_answer_posted_after_the_link_expired_is_not_stored(sqlite_app, sqlite_client):
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
        path = f"/survei/{survey.token_for(_case(code))}/"
    sqlite_client.get(path)
    with sqlite_app.app_context():
        _invitations()[0].expires_at = utcnow() - dt.timedelta(seconds=1)
        db.session.commit()
    response = sqlite_client.client.post(path, data={**sqlite_client.hidden, **ALL_FOURS})
    assert response.status_code == 410
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0


def test_a_post_that_is_not_a_form_gets_415_and_one_without_csrf_400(sqlite_app, sqlite_client):
    code = submit_consultation(sqlite_client)
    with sqlite_app.app_context():
        _finish(code)
        path = f"/survei/{survey.token_for(_case(code))}/"
    assert sqlite_client.client.post(path, json=ALL_FOURS).status_code == 415
    assert sqlite_client.client.post(path, data=ALL_FOURS).status_code == 400
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0


def test_two_answers_at_the_same_moment_store_one(app, client):
    """Each in its own thread, app context, session and database connection, released together."""
    code = submit_consultation(client)
    with app.app_context():
        _finish(code)
        invitation_id = _invitations()[0].id
    start = threading.Barrier(2, timeout=30)
    results: list = [None, None]

    def submit(index: int) -> None:
        with app.app_context():
            try:
                survey.find(survey.token_for(_case(code)))  # both see the link open
                db.session.commit()
                start.wait()
                survey.redeem(invitation_id, survey.Answers(scores=[index + 1] * 9))
                results[index] = "stored"
            except survey.LinkUsed:
                results[index] = "used"
            except BaseException as error:  # noqa: BLE001 - reported by the test
                results[index] = error
                start.abort()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, results)) == ["stored", "used"], results
    with app.app_context():
        [response] = db.session.scalars(db.select(SurveyResponse)).all()
        assert response.answers() == [results.index("stored") + 1] * 9


def test_the_database_keeps_answers_to_one_to_four(app):
    with app.app_context():
        for bad in ({"u1": 5}, {"u9": 0}, {"gender": "x"}):
            with pytest.raises(IntegrityError):
                db.session.execute(db.text(
                    "INSERT INTO survey_response (source, unit_id, answered_on, u1, u9, gender) "
                    "VALUES ('kertas', :unit, :day, :u1, :u9, :gender)"),
                    {"unit": UNIT, "day": dt.date(2026, 11, 26), **{"u1": 3, "u9": 3, "gender": None, **bad}})
                db.session.commit()
            db.session.rollback()
        db.session.execute(db.text("INSERT INTO survey_response (source, unit_id, answered_on, u1, u9, gender) "
                                   "VALUES ('kertas', :unit, :day, 1, 4, 'perempuan')"),
                           {"unit": UNIT, "day": dt.date(2026, 11, 26)})
        db.session.commit()  # within the vocabularies: kept


def test_the_migration_matches_the_models_and_goes_down_and_up(app):
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = [d for d in compare_metadata(context, db.metadata)
                           if "survey" in repr(d)]
        assert differences == []
        flask_migrate.downgrade(revision="0004")
        assert not db.inspect(db.engine).has_table("survey_invitation")
        flask_migrate.upgrade()
        assert db.inspect(db.engine).has_table("survey_response")


# --- the office tablet ---------------------------------------------------------------------------


def _sign_up(client: FormClient, name: str) -> int:
    client.get(GUESTBOOK)
    client.post(GUESTBOOK, {"nama": name, "layanan": SERVICE, "persetujuan": "y"})
    assert "Nomor antrean Anda" in client.text(client.get(TICKET))
    return db.session.scalar(db.select(Visit.id).order_by(Visit.id.desc()))


def test_the_finished_visitors_ticket_offers_the_survey_and_the_next_visitor_cannot_answer_it(app, client):
    with app.app_context():
        first = _sign_up(client, "Budi Santoso")
        assert "Isi survei kepuasan" not in client.text(client.get(TICKET))  # not served yet
        assert client.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK
        _visit_finished(app, first)
        ticket = client.get(TICKET).get_data(as_text=True)
        assert "Isi survei kepuasan" in ticket and f'href="{KIOSK_SURVEY}"' in ticket
        assert "/survei/" + survey.token_for(db.session.get(Visit, first)) not in ticket  # no token on the tablet
        page = client.get(KIOSK_SURVEY)
        assert re.search(r'<meta http-equiv="refresh" content="(29\d|300);url=/kunjungan/pst-bps-kutai-barat/">',
                         page.get_data(as_text=True))
        assert "5 menit" in client.text(page)

        # The next visitor takes a ticket: the last one's survey is gone from the tablet.
        second = _sign_up(client, "Sari Dewi")
        assert "Isi survei kepuasan" not in client.text(client.get(TICKET))
        assert client.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK
        client.client.post(KIOSK_SURVEY, data={**client.hidden, **ALL_FOURS})
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0
        # Another tablet or browser never had it either.
        assert FormClient(app.test_client()).client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK

        # The second visitor, once served, answers their own survey on the tablet.
        _visit_finished(app, second)
        assert "Isi survei kepuasan" in client.text(client.get(TICKET))
        client.get(KIOSK_SURVEY)
        done = client.post(KIOSK_SURVEY, ANSWERS)
        assert done.headers["Location"] == KIOSK_SURVEY + "/terima-kasih"
        assert "jawaban Anda sudah kami terima" in client.text(client.get(done.headers["Location"]))
        [response] = db.session.scalars(db.select(SurveyResponse)).all()
        assert response.kind is Kind.kunjungan
        assert db.session.get(SurveyInvitation, response.invitation_id).submission_id == second
        # Answered: the ticket is forgotten, nothing of this visitor stays on the tablet.
        assert client.client.get(TICKET).headers["Location"] == GUESTBOOK
        assert client.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK


def test_the_tablets_survey_ends_by_itself_after_its_minutes(tmp_path):
    app, close = make_app(tmp_path, "sqlite", KIOSK_TICKET_SHOWN_SECONDS=60, KIOSK_SURVEY_SECONDS=1)
    try:
        client = FormClient(app.test_client())
        with app.app_context():
            visit = _sign_up(client, "Budi Santoso")
            _visit_finished(app, visit)
            # The ticket's own time is what is left when the survey opens; simulate it running out.
            with client.client.session_transaction() as held:
                held["tiket_kunjungan"] = {**held["tiket_kunjungan"], "sampai": time.time() + 0.5}
            assert "Survei kepuasan masyarakat" in client.text(client.get(KIOSK_SURVEY))
            time.sleep(1.2)
            late = client.client.post(KIOSK_SURVEY, data={**client.hidden, **ALL_FOURS})
            assert (late.status_code, late.headers["Location"]) == (303, GUESTBOOK)
            assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0
    finally:
        close()


def test_a_visit_answered_through_its_mail_link_is_not_offered_on_the_tablet(sqlite_app, sqlite_client):
    with sqlite_app.app_context():
        visit = _sign_up(sqlite_client, "Budi Santoso")
        _visit_finished(sqlite_app, visit)
        token = survey.token_for(db.session.get(Visit, visit))
    other = FormClient(sqlite_app.test_client())
    _answer(other, f"/survei/{token}/")
    assert "Isi survei kepuasan" not in sqlite_client.text(sqlite_client.get(TICKET))
    used = sqlite_client.get(KIOSK_SURVEY, status=410)
    assert "Survei ini sudah diisi" in sqlite_client.text(used) and "Kembali ke buku tamu" in sqlite_client.text(used)


def test_more_time_on_the_tablet_keeps_the_answers_and_is_limited(sqlite_app, sqlite_client):
    with sqlite_app.app_context():
        visit = _sign_up(sqlite_client, "Budi Santoso")
        _visit_finished(sqlite_app, visit)
    sqlite_client.get(KIOSK_SURVEY)
    for _ in range(10):
        page = sqlite_client.post(KIOSK_SURVEY, {"u1": "3", "aksi": "perpanjang"}, status=200)
        html = page.get_data(as_text=True)
        assert 'value="3" checked' in html and "Ada yang perlu diperbaiki" not in html
    assert "Perlu waktu lebih lama" not in sqlite_client.text(page)  # ten times, then no more
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SurveyResponse)) == 0
    sqlite_client.post(KIOSK_SURVEY, {"u1": "3"})
    with sqlite_app.app_context():
        assert [r.answers() for r in db.session.scalars(db.select(SurveyResponse))] == [[3] + [None] * 8]


def test_deleting_a_case_keeps_its_anonymous_answer_and_drops_the_link(app, client):
    code = submit_consultation(client)
    with app.app_context():
        _finish(code)
        path = f"/survei/{survey.token_for(_case(code))}/"
    _answer(client, path)
    with app.app_context():
        cases.delete_case(_case(code))
        db.session.expire_all()
        assert _invitations() == []
        [response] = db.session.scalars(db.select(SurveyResponse)).all()
        assert response.invitation_id is None and response.answers()[0] == 4


def test_a_served_visitor_whose_ticket_left_the_tablet_opens_the_survey_with_the_visits_code(app, client):
    code_page = KIOSK_SURVEY + "/kode"
    consultation = submit_consultation(client)
    with app.app_context():
        _finish(consultation)
        waiting = _sign_up(client, "Sari Dewi")
        served = _sign_up(client, "Budi Santoso")
        staff = db.session.get(Staff, make_staff(app)["id"])
        queue.call_next(staff, UNIT, "Loket 1")  # Sari, still being served
        second = queue.call_next(staff, UNIT, "Loket 2")
        assert second.id == served
        queue.finish(second, staff, "Diberi tabel penduduk 2025")
        codes = {visit.id: visit.kode for visit in db.session.scalars(db.select(Visit))}
    tablet = FormClient(app.test_client())
    assert "Isi survei kepuasan dengan kode kunjungan Anda" in tablet.text(tablet.get(GUESTBOOK))
    for wrong in (codes[waiting], consultation, "KUN-0000-0000-0000"):
        tablet.get(code_page)
        refused = tablet.post(code_page, {"kode": wrong}, status=400)
        assert "bukan kode kunjungan di unit ini yang sudah selesai dilayani" in tablet.text(refused)
        assert tablet.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK
    tablet.get(code_page)
    assert tablet.post(code_page, {"kode": codes[served].lower()}).headers["Location"] == KIOSK_SURVEY
    tablet.get(KIOSK_SURVEY)
    assert tablet.post(KIOSK_SURVEY, ANSWERS).headers["Location"] == KIOSK_SURVEY + "/terima-kasih"
    # Answered: the code opens nothing more, and the tablet holds nothing of this visitor.
    assert tablet.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK
    tablet.get(code_page)
    again = tablet.post(code_page, {"kode": codes[served]}, status=400)
    assert "sudah diisi atau waktunya sudah habis" in tablet.text(again)
    with app.app_context():
        [response] = db.session.scalars(db.select(SurveyResponse)).all()
        assert db.session.get(SurveyInvitation, response.invitation_id).submission_id == served


def test_opening_the_code_page_forgets_the_ticket_on_the_tablet(sqlite_app, sqlite_client):
    with sqlite_app.app_context():
        visit = _sign_up(sqlite_client, "Budi Santoso")
        _visit_finished(sqlite_app, visit)
    assert "Isi survei kepuasan" in sqlite_client.text(sqlite_client.get(TICKET))
    sqlite_client.get(KIOSK_SURVEY + "/kode")
    assert sqlite_client.client.get(KIOSK_SURVEY).headers["Location"] == GUESTBOOK
