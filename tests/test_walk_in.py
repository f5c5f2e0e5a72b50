"""Walk-in visits as the seed's procedure has them: the guestbook on the office tablet gives a
queue number of the unit's own day, the display shows numbers (never names), staff call the
next visitor — two at the same moment never get the same one, on SQLite and PostgreSQL, with
real threads —, record the consultation and finish; waits and service times are stored and
compared with the standard's walk-in time; every staff action is audited; another unit's
queue does not exist for a staff member."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest

from desk_support import OTHER_UNIT, make_staff, sign_in
from forms_app import queue, standards, submissions
from forms_app.extensions import db
from forms_app.lifecycle import Channel, Identity, Kind, Status
from forms_app.models import OutboxMessage, StatusEvent, Visit
from forms_app.staff_models import AuditEntry, Staff
from forms_support import SERVICE, UNIT, FormClient, make_app

GUESTBOOK = f"/kunjungan/{UNIT}/"
TICKET = f"/kunjungan/{UNIT}/tiket"
DISPLAY = f"/kunjungan/{UNIT}/layar"
DESK = f"/staf/antrean/{UNIT}/"
UTC = dt.timezone.utc
WITA = dt.timezone(dt.timedelta(hours=8))
# 10.00 WITA on a Wednesday: the seed's office day.
MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=WITA).astimezone(UTC)


def _join(name: str, now: dt.datetime | None = None, **contact) -> Visit:  # noqa: ANN003
    """A guestbook entry straight through `queue.join` (inside an app context)."""
    unit = standards.catalog().units[UNIT]
    return queue.join(unit, standards.find_service(UNIT, SERVICE), name, "data PDRB", consent_version="uji",
                      now=now, **contact)


def _sign_up(client: FormClient, name: str, **fields) -> str:  # noqa: ANN003
    """Fill in the guestbook on the tablet; returns the ticket page's text."""
    client.get(GUESTBOOK)
    response = client.post(GUESTBOOK, {"nama": name, "layanan": SERVICE, "persetujuan": "y", **fields})
    assert response.headers["Location"] == TICKET
    return client.text(client.get(TICKET))


def _number(ticket_text: str) -> str:
    return re.search(r"Nomor antrean Anda (A-\d{3})", ticket_text).group(1)


# --- the guestbook and the ticket ---------------------------------------------------------------


def test_guestbook_gives_numbers_one_two_three_with_a_tracking_code(client, app):
    texts = [_sign_up(client, name) for name in ("Budi Santoso", "Sari Dewi", "Andi Wijaya")]
    assert [_number(text) for text in texts] == ["A-001", "A-002", "A-003"]
    assert "Anda antrean berikutnya" in texts[0] and "Di depan Anda ada 2 pengunjung" in texts[2]
    with app.app_context():
        visits = db.session.scalars(db.select(Visit).order_by(Visit.nomor_antrean)).all()
        assert [v.nomor_antrean for v in visits] == [1, 2, 3]
        for visit, text in zip(visits, texts):
            assert visit.kode.startswith("KUN-") and visit.kode in text
            assert visit.jenis is Kind.kunjungan and visit.saluran is Channel.tatap_muka
            assert visit.identitas is Identity.biasa and visit.status is Status.diterima
            assert visit.layanan_id == SERVICE and visit.unit_antrean == UNIT
            # Consent is kept as the public forms keep it: when, and which notice.
            assert visit.persetujuan_versi == submissions.CONSENT_NOTICE_VERSION
            assert visit.persetujuan_waktu == visit.dibuat
            # The standard's walk-in time (the seed: 10 minutes) is the visit's due time.
            assert visit.jatuh_tempo - visit.dibuat == dt.timedelta(minutes=10)
        assert [v.nama for v in visits] == ["Budi Santoso", "Sari Dewi", "Andi Wijaya"]


def test_numbers_start_again_on_the_units_next_local_day(app):
    """The seed's unit is in WITA (UTC+8): its day ends at 16.00 UTC, not at midnight UTC."""
    with app.app_context():
        evening = dt.datetime(2026, 11, 25, 23, 59, tzinfo=WITA)
        first = [_join(name, evening - dt.timedelta(minutes=n)).nomor_antrean for n, name in enumerate("ABC")]
        assert first == [1, 2, 3]
        assert _join("D", evening + dt.timedelta(seconds=59)).nomor_antrean == 4  # 23.59.59 WITA
        after = _join("E", dt.datetime(2026, 11, 26, 0, 0, tzinfo=WITA))  # 16.00 UTC the 25th
        assert (after.nomor_antrean, after.tanggal_antrean) == (1, dt.date(2026, 11, 26))
        assert _join("F", dt.datetime(2026, 11, 26, 9, 0, tzinfo=WITA)).nomor_antrean == 2
        # Calling on the new day never reaches yesterday's leftovers.
        staff = db.session.get(Staff, make_staff(app)["id"])
        called = queue.call_next(staff, UNIT, "Loket 1", dt.datetime(2026, 11, 26, 9, 5, tzinfo=WITA))
        assert (called.tanggal_antrean, called.nomor_antrean) == (dt.date(2026, 11, 26), 1)


def test_ticket_shows_number_and_code_never_the_name_and_is_gone_for_the_next_visitor(client, app):
    response = client.get(GUESTBOOK)
    assert 'http-equiv="refresh"' not in response.get_data(as_text=True)  # nobody's typing is wiped
    client.post(GUESTBOOK, {"nama": "Siti Rahmawati", "layanan": SERVICE, "persetujuan": "y",
                            "email": "siti@contoh.id", "telepon": "0812 3456 7890"})
    ticket = client.get(TICKET)
    html = ticket.get_data(as_text=True)
    assert "A-001" in html and "KUN-" in html
    assert "Siti" not in html and "siti@contoh.id" not in html and "3456" not in html
    assert ticket.headers["Cache-Control"] == "no-store"
    assert re.search(r'<meta http-equiv="refresh" content="(5[0-9]|60);url=/kunjungan/pst-bps-kutai-barat/">', html)
    # The cookie holds neither the tracking code nor the name.
    with app.app_context():
        code = db.session.scalar(db.select(Visit.kode))
    cookie = client.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert code.replace("-", "") not in cookie.replace("-", "") and "Siti" not in cookie
    # "Selesai" goes back to the empty form: the ticket is forgotten, the form is not pre-filled.
    form = client.get(GUESTBOOK).get_data(as_text=True)
    assert "Siti" not in form and "siti@contoh.id" not in form and "A-001" not in form
    assert client.client.get(TICKET).headers["Location"] == GUESTBOOK
    # Another browser never had the ticket.
    assert FormClient(app.test_client()).client.get(TICKET).headers["Location"] == GUESTBOOK


def test_ticket_expires_by_itself_unless_the_visitor_asks_for_more_time(tmp_path):
    app, close = make_app(tmp_path, "sqlite", KIOSK_TICKET_SHOWN_SECONDS=2)
    try:
        client = FormClient(app.test_client())
        assert "A-001" in _sign_up(client, "Budi Santoso")
        time.sleep(1.5)
        assert client.post(TICKET + "/perpanjang", {}).headers["Location"] == TICKET
        time.sleep(1.0)  # 2.5 s after the ticket: gone without the extension
        assert "A-001" in client.text(client.get(TICKET))
        time.sleep(1.5)
        late = client.client.get(TICKET)
        assert (late.status_code, late.headers["Location"]) == (303, GUESTBOOK)
        assert client.client.post(TICKET + "/perpanjang", data=client.hidden).headers["Location"] == GUESTBOOK
    finally:
        close()


def test_the_ticket_can_be_extended_ten_times(sqlite_client):
    _sign_up(sqlite_client, "Budi Santoso")
    for _ in range(10):
        assert "Perlu waktu lebih lama" in sqlite_client.get(TICKET).get_data(as_text=True)
        sqlite_client.post(TICKET + "/perpanjang", {})
    page = sqlite_client.get(TICKET).get_data(as_text=True)
    assert "A-001" in page and "Perlu waktu lebih lama" not in page


def test_acknowledgement_mail_carries_number_and_code_when_an_email_is_given(client, app):
    _sign_up(client, "Budi Santoso", email="budi@contoh.id")
    _sign_up(client, "Tanpa Email")
    with app.app_context():
        [mail] = db.session.scalars(db.select(OutboxMessage)).all()
        visit = db.session.scalar(db.select(Visit).where(Visit.nomor_antrean == 1))
        assert mail.kepada == "budi@contoh.id" and visit.kode in mail.isi and "A-001" in mail.isi


@pytest.mark.parametrize(("changes", "message"), [
    ({"nama": ""}, "Isi nama lengkap Anda"),
    ({"layanan": ""}, "Pilih layanan yang Anda perlukan"),
    ({"layanan": "layanan-karangan"}, "Pilihan ini tidak ada pada formulir"),
    ({"persetujuan": ""}, "Centang persetujuan Anda"),
    ({"email": "bukan-email"}, "Format alamat email tidak benar"),
    ({"telepon": "telepon saya"}, "Format nomor telepon tidak benar"),
])
def test_guestbook_says_what_to_fix_and_gives_no_number(sqlite_client, sqlite_app, changes, message):
    sqlite_client.get(GUESTBOOK)
    response = sqlite_client.post(GUESTBOOK, {"nama": "Budi", "layanan": SERVICE, "persetujuan": "y", **changes}, 400)
    html = response.get_data(as_text=True)
    assert message in html and "<title>Galat: Buku tamu" in html
    # The page keeps this visitor's typing; one tap empties it should they walk away.
    assert "Kosongkan buku tamu" in html
    assert ('value="Budi"' in html) is ("nama" not in changes)
    assert 'value="Budi"' not in sqlite_client.get(GUESTBOOK).get_data(as_text=True)
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 0


def test_guestbook_refuses_bots(sqlite_client, sqlite_app):
    sqlite_client.get(GUESTBOOK)
    sqlite_client.post(GUESTBOOK, {"nama": "Bot", "layanan": SERVICE, "persetujuan": "y", "situs_web": "x"}, 400)
    sqlite_client.post(GUESTBOOK, {"nama": "Bot", "layanan": SERVICE, "persetujuan": "y", "mulai": "palsu"}, 400)
    with sqlite_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 0


def test_guestbook_sent_too_fast_is_shown_again_not_stored(tmp_path):
    app, close = make_app(tmp_path, "sqlite", MIN_FILL_SECONDS=60)
    try:
        client = FormClient(app.test_client())
        client.get(GUESTBOOK)
        response = client.post(GUESTBOOK, {"nama": "Budi", "layanan": SERVICE, "persetujuan": "y"}, 400)
        assert "terkirim sangat cepat" in client.text(response)
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 0
    finally:
        close()


def test_guestbook_posts_are_rate_limited_per_address(tmp_path):
    app, close = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True, RATELIMIT_GUESTBOOK="2 per minute")
    try:
        client = FormClient(app.test_client())
        _sign_up(client, "Satu")
        _sign_up(client, "Dua")
        client.get(GUESTBOOK)
        client.post(GUESTBOOK, {"nama": "Tiga", "layanan": SERVICE, "persetujuan": "y"}, 429)
    finally:
        close()


@pytest.mark.parametrize("path", ["", "tiket", "layar"])
def test_unknown_unit_is_a_404_page(sqlite_client, path):
    response = sqlite_client.get(f"/kunjungan/unit-karangan/{path}", 404)
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


# --- the display --------------------------------------------------------------------------------


def test_display_shows_numbers_at_each_desk_and_the_next_ones_never_a_name(client, app):
    names = ["Budi Santoso", "Sari Dewi", "Andi Wijaya", "Maria Ulfa"]
    for name in names:
        _sign_up(client, name, email=f"{name.split()[0].lower()}@contoh.id")
    first, second = make_staff(app), make_staff(app, email="kedua@pst.contoh.id", name="Dewi Kedua")
    with app.app_context():
        queue.call_next(db.session.get(Staff, first["id"]), UNIT, "Loket 1")
        queue.call_next(db.session.get(Staff, second["id"]), UNIT, "Loket 2")
    screen = FormClient(app.test_client())
    response = screen.get(DISPLAY)
    html = response.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="10">' in html
    text = screen.text(response)
    assert re.search(r"Sedang dilayani Loket 1 A-001 Loket 2 A-002 Berikutnya A-003 A-004", text), text
    for name in names:
        assert name not in html and name.split()[0] not in html
    assert "@contoh.id" not in html and "Rina Petugas" not in html and "Dewi Kedua" not in html
    assert "KUN-" not in html


# --- two staff calling at the same moment -------------------------------------------------------


def _staff_ids(app, count: int) -> list[int]:  # noqa: ANN001
    return [make_staff(app, email=f"loket{n}@pst.contoh.id", name=f"Petugas {n}")["id"] for n in range(count)]


def _call_together(app, staff_ids: list[int], *, same_candidate: bool, monkeypatch) -> list:  # noqa: ANN001
    """Every staff member presses "Panggil berikutnya" at the same moment, each in a thread with
    its own app context, session and database connection, released together at a barrier.
    With `same_candidate`, each goes on only once all have read the next waiting visitor: they
    all try to claim the same one, the race the claim must settle."""
    start = threading.Barrier(len(staff_ids), timeout=30)
    all_read = threading.Barrier(len(staff_ids), timeout=30)
    read_first = queue.first_waiting
    waited = threading.local()

    def first_waiting(unit_id, day):  # noqa: ANN001, ANN202
        found = read_first(unit_id, day)
        if not getattr(waited, "done", False):
            waited.done = True
            all_read.wait()
        return found

    if same_candidate:
        monkeypatch.setattr(queue, "first_waiting", first_waiting)
    results: list = [None] * len(staff_ids)

    def press(index: int, staff_id: int) -> None:
        with app.app_context():
            try:
                staff = db.session.get(Staff, staff_id)
                start.wait()
                visit = queue.call_next(staff, UNIT, f"Loket {index + 1}")
                results[index] = ("called", visit.id if visit else None)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                results[index] = ("error", error)
                start.abort()
                all_read.abort()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(i, staff_id)) for i, staff_id in enumerate(staff_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(queue, "first_waiting", read_first)
    assert not any(thread.is_alive() for thread in threads)
    errors = [result[1] for result in results if result[0] == "error"]
    assert not errors, errors
    return [result[1] for result in results]


def test_two_staff_calling_at_the_same_moment_never_get_the_same_visitor(app, monkeypatch):
    staff_ids = _staff_ids(app, 4)
    rounds = 20
    for round_number in range(rounds):
        visitors = 2 if round_number % 5 == 4 else 6  # some rounds: fewer visitors than staff
        with app.app_context():
            joined = [_join(f"Pengunjung {round_number}-{n}").id for n in range(visitors)]
        got = _call_together(app, staff_ids, same_candidate=round_number % 2 == 0, monkeypatch=monkeypatch)
        called = [visit_id for visit_id in got if visit_id is not None]
        assert len(called) == len(set(called)) == min(visitors, len(staff_ids)), (round_number, got)
        with app.app_context():
            # The lowest numbers were called, each by the one staff member who got it.
            assert sorted(called) == joined[:len(called)]
            for index, visit_id in enumerate(got):
                if visit_id is None:
                    continue
                visit = db.session.get(Visit, visit_id)
                assert visit.status is Status.diproses and visit.dipanggil_oleh_id == staff_ids[index]
                assert visit.loket == f"Loket {index + 1}" and visit.petugas_id == staff_ids[index]
                changes = db.session.scalars(db.select(StatusEvent).where(
                    StatusEvent.pengajuan_id == visit_id, StatusEvent.status == Status.diproses)).all()
                assert [(e.dari_status, e.staf_id) for e in changes] == [(Status.diterima, staff_ids[index])]
                calls = db.session.scalars(db.select(AuditEntry).where(
                    AuditEntry.aksi == "pengunjung_dipanggil", AuditEntry.sasaran == f"pengajuan:{visit.kode}")).all()
                assert [entry.staf_id for entry in calls] == [staff_ids[index]]
            # Clear the day for the next round: the callers finish, the rest leave.
            closer = db.session.get(Staff, staff_ids[0])
            for visit_id in joined:
                visit = db.session.get(Visit, visit_id)
                if visit.status is Status.diproses:
                    queue.finish(visit, closer, "Selesai dilayani")
                else:
                    queue.no_show(visit, closer)
            db.session.remove()


def test_two_desks_pressing_call_at_the_same_moment_get_two_visitors(app):
    """The same race through the desk pages: two signed-in staff, each in their own browser and
    thread, post "Panggil berikutnya" together, five times over."""
    desks = []
    for n in (1, 2):
        desk, account = _desk_client(app, email=f"meja{n}@pst.contoh.id", name=f"Meja {n}")
        desk.get(DESK)
        desk.post(DESK + "loket", {"loket": f"Loket {n}"})
        desk.get(DESK)
        desks.append(desk)
    for round_number in range(5):
        with app.app_context():
            joined = {_join(f"Pengunjung {round_number}-{n}").id for n in range(3)}
        start = threading.Barrier(2, timeout=30)
        landed: list[str] = []

        def press(desk: FormClient) -> None:
            start.wait()
            response = desk.client.post(DESK + "panggil", data=desk.hidden)
            landed.append(response.headers.get("Location", str(response.status_code)))

        threads = [threading.Thread(target=press, args=(desk,)) for desk in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        visit_ids = {int(re.fullmatch(r"/staf/antrean/kunjungan/(\d+)/", url).group(1)) for url in landed}
        assert len(visit_ids) == 2 and visit_ids <= joined, landed
        with app.app_context():
            staff_ids = {db.session.get(Visit, visit_id).dipanggil_oleh_id for visit_id in visit_ids}
            assert len(staff_ids) == 2
            closer = db.session.get(Staff, staff_ids.pop())
            for visit_id in joined:
                visit = db.session.get(Visit, visit_id)
                if visit.status is Status.diproses:
                    queue.finish(visit, closer, "Selesai")
                else:
                    queue.no_show(visit, closer)
        for desk in desks:
            desk.get(DESK)


def test_concurrent_joins_never_get_the_same_number(app):
    people, each = 6, 4
    start = threading.Barrier(people, timeout=30)
    numbers: list[int] = []
    failures: list[BaseException] = []

    def visitor(index: int) -> None:
        with app.app_context():
            try:
                for round_number in range(each):
                    start.wait()
                    numbers.append(_join(f"Pengunjung {index}-{round_number}").nomor_antrean)
            except BaseException as error:  # noqa: BLE001
                failures.append(error)
                start.abort()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[0]
    assert sorted(numbers) == list(range(1, people * each + 1))


# --- times against the standard -----------------------------------------------------------------


def test_wait_and_service_times_are_stored_and_compared_with_the_standard(app):
    with app.app_context():
        staff = db.session.get(Staff, make_staff(app)["id"])
        prompt = _join("Tepat Waktu", MORNING)
        late = _join("Menunggu Lama", MORNING + dt.timedelta(minutes=1))
        called = queue.call_next(staff, UNIT, "Loket 1", MORNING + dt.timedelta(minutes=4))
        assert called.id == prompt.id
        queue.finish(called, staff, "Diberi tabel penduduk 2025", MORNING + dt.timedelta(minutes=9))
        second = queue.call_next(staff, UNIT, "Loket 1", MORNING + dt.timedelta(minutes=12))
        assert second.id == late.id
        queue.finish(second, staff, "Dirujuk ke publikasi KCDA", MORNING + dt.timedelta(minutes=20))
        db.session.expire_all()

        prompt, late = db.session.get(Visit, prompt.id), db.session.get(Visit, late.id)
        assert (prompt.dipanggil_pada, prompt.ditutup_pada) == (MORNING + dt.timedelta(minutes=4),
                                                                MORNING + dt.timedelta(minutes=9))
        assert prompt.jatuh_tempo == MORNING + dt.timedelta(minutes=10)  # the seed: 10 minutes
        assert prompt.hasil_layanan == "Diberi tabel penduduk 2025" and prompt.status is Status.selesai
        on_time = queue.timing(prompt)
        assert (on_time.wait, on_time.service, on_time.promised) == (
            dt.timedelta(minutes=4), dt.timedelta(minutes=5), dt.timedelta(minutes=10))
        assert on_time.called_within_standard is True and on_time.finished_within_standard is True

        slow = queue.timing(late)
        assert (slow.wait, slow.service) == (dt.timedelta(minutes=11), dt.timedelta(minutes=8))
        assert slow.called_within_standard is False and slow.finished_within_standard is False

        # Still waiting: overdue once past the due time.
        waiting = _join("Masih Menunggu", MORNING + dt.timedelta(minutes=30))
        assert not queue.timing(waiting, MORNING + dt.timedelta(minutes=39)).overdue
        assert queue.timing(waiting, MORNING + dt.timedelta(minutes=41)).overdue
        assert queue.timing(waiting, MORNING + dt.timedelta(minutes=41)).called_within_standard is False


def test_a_visitor_who_left_is_closed_as_no_show_and_never_called(app):
    with app.app_context():
        staff = db.session.get(Staff, make_staff(app)["id"])
        gone, present = _join("Sudah Pergi"), _join("Masih Ada")
        queue.no_show(gone, staff)
        assert (gone.status, gone.alasan_tutup, gone.dipanggil_pada) == (Status.ditutup, "tidak hadir", None)
        assert queue.call_next(staff, UNIT, "Loket 1").id == present.id
        queue.no_show(present, staff)  # called, but never came to the desk
        assert present.status is Status.ditutup and present.dipanggil_pada is not None
        assert queue.call_next(staff, UNIT, "Loket 1") is None
        with pytest.raises(queue.QueueRefused, match="tidak sedang dilayani"):
            queue.finish(present, staff, "Tidak ada")
        with pytest.raises(queue.QueueRefused, match="sudah ditutup"):
            queue.no_show(present, staff)


def test_finishing_needs_the_record_of_the_consultation(app):
    with app.app_context():
        staff = db.session.get(Staff, make_staff(app)["id"])
        _join("Budi")
        visit = queue.call_next(staff, UNIT, "Loket 1")
        with pytest.raises(queue.QueueRefused, match="Isi catatan hasil konsultasi"):
            queue.finish(visit, staff, "   ")
        assert db.session.get(Visit, visit.id).status is Status.diproses


def test_a_call_or_finish_that_fails_leaves_neither_the_change_nor_its_audit_entry(app, monkeypatch):
    """The claim, the audit entry and the status change are one transaction."""
    staff_id = make_staff(app)["id"]
    real = queue.cases.change_status

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("koneksi basis data terputus")

    with app.app_context():
        visit_id = _join("Budi").id
        monkeypatch.setattr(queue.cases, "change_status", broken)
        with pytest.raises(RuntimeError):
            queue.call_next(db.session.get(Staff, staff_id), UNIT, "Loket 1")
        # Undone at once, in this very session (a web request would go on to render an error page).
        stored = db.session.get(Visit, visit_id, populate_existing=True)
        assert (stored.status, stored.dipanggil_pada, stored.loket) == (Status.diterima, None, None)
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0
        monkeypatch.setattr(queue.cases, "change_status", real)
        called = queue.call_next(db.session.get(Staff, staff_id), UNIT, "Loket 1")
        assert called.id == visit_id
        monkeypatch.setattr(queue.cases, "change_status", broken)
        with pytest.raises(RuntimeError):
            queue.finish(called, db.session.get(Staff, staff_id), "Diberi tabel")
        stored = db.session.get(Visit, visit_id, populate_existing=True)
        assert (stored.status, stored.hasil_layanan) == (Status.diproses, None)
        assert db.session.scalars(db.select(AuditEntry.aksi).order_by(AuditEntry.id)).all() == [
            "pengunjung_dipanggil", "status_diubah"]


def test_another_units_staff_cannot_call_this_units_visitors(app):
    with app.app_context():
        outsider = db.session.get(Staff, make_staff(app, email="lain@contoh.id", units=(OTHER_UNIT,))["id"])
        visit = _join("Budi")
        with pytest.raises(queue.QueueRefused):
            queue.call_next(outsider, UNIT, "Loket 9")
        with pytest.raises(queue.QueueRefused):
            queue.no_show(visit, outsider)
        assert db.session.get(Visit, visit.id).status is Status.diterima


# --- the desk pages -----------------------------------------------------------------------------


def _desk_client(app, **account) -> tuple[FormClient, dict]:  # noqa: ANN001, ANN003
    account = make_staff(app, **account)
    desk = FormClient(app.test_client())
    sign_in(desk, account)
    return desk, account


def test_desk_calls_records_and_finishes_each_step_audited(client, app):
    _sign_up(client, "Budi Santoso", keperluan="Data PDRB kecamatan 2024")
    _sign_up(client, "Sari Dewi")
    desk, account = _desk_client(app)
    assert desk.client.get("/staf/antrean/").headers["Location"] == DESK  # one unit: straight to it
    page = desk.text(desk.get(DESK))
    assert "Budi Santoso" in page and "A-001" in page and "Simpan dulu nama loket" in page
    desk.post(DESK + "loket", {"loket": ""}, 400)
    desk.post(DESK + "loket", {"loket": "Loket 3"})
    assert "Panggil berikutnya ke Loket 3" in desk.text(desk.get(DESK))  # remembered in the session

    called = desk.post(DESK + "panggil", {})
    visit_url = called.headers["Location"]
    assert re.fullmatch(r"/staf/antrean/kunjungan/\d+/", visit_url)
    page = desk.text(desk.get(visit_url))
    assert "Kunjungan A-001" in page and "Budi Santoso" in page and "Data PDRB kecamatan 2024" in page
    assert "dipanggil ke Loket 3" in page and "10 menit" in page
    visit_id = int(visit_url.split("/")[-2])
    assert f'href="/staf/kasus/{visit_id}"' in desk.get(visit_url).get_data(as_text=True)

    desk.post(visit_url + "panggil-ulang", {})
    desk.get(visit_url)
    error = desk.post(visit_url, {"hasil_layanan": ""}, 400)
    assert "Isi hasil konsultasi" in desk.text(error)
    assert desk.post(visit_url, {"hasil_layanan": "Diberi tabel PDRB per kecamatan"}).headers["Location"] == DESK

    # The second visitor: called and not there.
    desk.get(DESK)
    second_url = desk.post(DESK + "panggil", {}).headers["Location"]
    desk.get(second_url)
    desk.post(second_url + "tidak-hadir", {})
    desk.get(DESK)
    assert desk.post(DESK + "panggil", {}).headers["Location"] == DESK  # nobody left to call
    assert "Tidak ada pengunjung yang menunggu" in desk.text(desk.get(DESK))

    with app.app_context():
        first, second = db.session.scalars(db.select(Visit).order_by(Visit.nomor_antrean)).all()
        assert (first.status, first.hasil_layanan, first.loket) == (
            Status.selesai, "Diberi tabel PDRB per kecamatan", "Loket 3")
        assert (second.status, second.alasan_tutup) == (Status.ditutup, "tidak hadir")
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.unit_id == UNIT)
                                     .order_by(AuditEntry.id)).all()
        actions = [(e.aksi, e.sasaran) for e in entries]
        one, two = f"pengajuan:{first.kode}", f"pengajuan:{second.kode}"
        assert actions == [
            ("pengunjung_dipanggil", one), ("status_diubah", one), ("pengunjung_dipanggil_ulang", one),
            ("kunjungan_selesai", one), ("status_diubah", one),
            ("pengunjung_dipanggil", two), ("status_diubah", two), ("kunjungan_tidak_hadir", two),
            ("status_diubah", two)]
        assert {e.staf_id for e in entries} == {account["id"]}
        finished = next(e for e in entries if e.aksi == "kunjungan_selesai")
        assert finished.rincian["nomor"] == "A-001" and finished.rincian["loket"] == "Loket 3"
        assert isinstance(finished.rincian["tunggu_detik"], int)
        # No personal data in the audit log.
        for entry in entries:
            assert "Budi" not in str(entry.rincian) and "Sari" not in str(entry.rincian)


def test_closing_a_waiting_visitor_just_called_by_another_desk_is_refused(app):
    with app.app_context():
        visit_id = _join("Budi Santoso").id
    desk, _ = _desk_client(app)
    page = desk.text(desk.get(f"/staf/antrean/kunjungan/{visit_id}/"))
    assert "Pengunjung sudah pergi?" in page and desk.hidden["status_terlihat"] == "diterima"
    other = make_staff(app, email="lain@pst.contoh.id", name="Meja Dua")
    with app.app_context():
        queue.call_next(db.session.get(Staff, other["id"]), UNIT, "Loket 2")
    back = desk.post(f"/staf/antrean/kunjungan/{visit_id}/tidak-hadir", {})
    assert "A-001 baru saja dipanggil ke Loket 2" in desk.text(desk.get(back.headers["Location"]))
    with app.app_context():
        assert db.session.get(Visit, visit_id).status is Status.diproses


def test_the_desk_page_flags_a_wait_past_the_standard(app):
    with app.app_context():
        _join("Sudah Lama", dt.datetime.now(UTC) - dt.timedelta(minutes=25))
    desk, _ = _desk_client(app)
    page = desk.text(desk.get(DESK))
    assert "Melewati standar (10 menit)" in page and "25 menit" in page


def test_another_units_staff_gets_404_for_this_units_queue(client, app):
    _sign_up(client, "Budi Santoso")
    with app.app_context():
        visit_id = db.session.scalar(db.select(Visit.id))
    outsider, _ = _desk_client(app, email="lain@contoh.id", units=(OTHER_UNIT,), name="Orang Lain")
    outsider.get(DESK, 404)
    outsider.get(f"/staf/antrean/kunjungan/{visit_id}/", 404)
    assert UNIT not in outsider.get("/staf/antrean/").get_data(as_text=True)  # the choice lists none of it
    posts = [DESK + "loket", DESK + "panggil"] + [
        f"/staf/antrean/kunjungan/{visit_id}/{path}" for path in ("", "tidak-hadir", "panggil-ulang")]
    for url in posts:
        outsider.get("/staf/antrean/")  # a desk page: its CSRF token, so only the unit can refuse
        outsider.post(url, {"loket": "Loket 9", "hasil_layanan": "x"}, 404)
    with app.app_context():
        visit = db.session.get(Visit, visit_id)
        assert visit.status is Status.diterima and visit.dipanggil_pada is None
