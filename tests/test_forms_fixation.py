"""A shared computer (a kiosk, an internet café): what one person leaves in the browser must not
show the next person's answers or tracking code, and what the next person sends must not be
readable by whoever planted a cookie before them. Real app, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from forms_checks import NOTHING, errors_of, stored
from forms_support import (
    COMPLAINT_URL,
    CONSULTATION_URL,
    FormClient,
    complaint_answers,
    confirmation_code,
    consultation_answers,
    make_app,
    submit_consultation,
)

from forms_app.models import utcnow
from forms_app.views import flow

COOKIE = "layanan_sesi"
FORMS = {
    "konsultasi": (CONSULTATION_URL, consultation_answers,
                   {"nama": "Korban Kiosk", "pertanyaan": "Data kemiskinan Desa Linggang Bigung tahun 2025?"}),
    "pengaduan": (COMPLAINT_URL, complaint_answers,
                  {"nama": "Korban Kiosk", "uraian": "Petugas di loket Linggang Bigung meminta uang tambahan."}),
}
STALE = ("Formulir ini sudah lama terbuka, atau dibuka di peramban atau jendela lain. Kami sudah membukanya "
         "lagi untuk Anda: periksa kembali isiannya, lalu tekan tombol Lanjutkan sekali lagi.")


def no_files(form: str) -> dict | None:
    """The complaint is multipart with an empty file input, as a browser posts it."""
    return {"lampiran": [(io.BytesIO(b""), "")]} if form == "pengaduan" else None


def fill(client: FormClient, form: str, **changes) -> None:  # noqa: ANN003
    url, answers, _ = FORMS[form]
    client.get(url)
    client.post(url, answers(**changes), files=no_files(form))
    client.get(url + "periksa/")


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_a_planted_draft_token_shows_its_planter_neither_answers_nor_code(app, form):
    url, _, secret = FORMS[form]
    planter = FormClient(app.test_client())
    fill(planter, form)  # the planter has a draft token in their cookie, and the check page's form
    planted = planter.client.get_cookie(COOKIE).value
    planter_check_page = dict(planter.hidden)

    victim = FormClient(app.test_client())
    victim.client.set_cookie(COOKIE, planted)  # left in the kiosk's browser
    fill(victim, form, **secret)
    before_sending = [planter.client.get(url + "periksa/"), planter.client.get(url)]
    code = confirmation_code(victim, victim.post(url + "periksa/", {}))

    seen = [*before_sending, planter.client.get(url + "periksa/"), planter.client.get(url),
            planter.client.post(url + "periksa/", data=planter_check_page),
            planter.client.get("/formulir/terkirim/")]
    assert [r.status_code for r in seen] == [303, 200, 303, 200, 400, 303]
    assert seen[0].headers["Location"] == url and seen[5].headers["Location"] == "/lacak/"
    for response in seen:
        page = response.get_data(as_text=True)
        assert code not in page
        for value in secret.values():
            assert value not in page


def session_of(app, client: FormClient) -> dict:  # noqa: ANN001
    cookie = client.client.get_cookie(COOKIE)
    return app.session_interface.get_signing_serializer(app).loads(cookie.value) if cookie else {}


def test_the_cookie_never_holds_the_tracking_code_nor_a_live_draft(app, client):
    code = submit_consultation(client)
    session = session_of(app, client)
    assert code not in repr(session) and code.replace("-", "") not in repr(session)
    assert not session.get("draf")  # the draft token is dropped on confirm


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_the_confirmation_is_shown_again_only_for_a_short_time(app, client, monkeypatch, form):
    url = FORMS[form][0]
    fill(client, form)
    check_page = dict(client.hidden)
    code = confirmation_code(client, client.post(url + "periksa/", {}))
    assert code in client.text(client.get("/formulir/terkirim/"))  # a reload, a moment later
    later = utcnow() + dt.timedelta(seconds=app.config["CONFIRMATION_SHOWN_SECONDS"] + 1)
    monkeypatch.setattr(flow, "utcnow", lambda: later)
    resent = client.post(url + "periksa/", check_page, status=400)  # the check page sent again
    assert code not in resent.get_data(as_text=True)
    gone = client.client.get("/formulir/terkirim/")
    assert (gone.status_code, gone.headers["Location"]) == (303, "/lacak/")


# --- the form's time stamp is bound to the session and has an age ------------------------------


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_a_time_stamp_from_another_session_gets_the_form_again(app, form):
    url, answers, _ = FORMS[form]
    other = FormClient(app.test_client())
    other.get(url)
    foreign = other.hidden["mulai"]
    client = FormClient(app.test_client())
    client.get(url)
    response = client.post(url, {**answers(), "mulai": foreign}, status=400, files=no_files(form))
    assert errors_of(response).notes == [STALE]
    assert stored(app) == NOTHING
    client.post(url, answers(), status=303, files=no_files(form))  # the form shown again carries a fresh stamp


@pytest.fixture(params=["sqlite", "postgresql"])
def hour_app(request, tmp_path):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, request.param, FORM_STAMP_MAX_AGE_SECONDS=3600)
    yield app
    close()


def test_a_time_stamp_older_than_its_age_gets_the_form_again(hour_app, monkeypatch):
    client = FormClient(hour_app.test_client())
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 3601)
    client.get(CONSULTATION_URL)  # the form shown an hour and a second ago
    monkeypatch.setattr(time, "time", real_time)
    response = client.post(CONSULTATION_URL, consultation_answers(), status=400)
    assert errors_of(response).notes == [STALE]
    assert stored(hour_app) == NOTHING
    client.post(CONSULTATION_URL, consultation_answers(), status=303)


NOTICE = "Formulir ini berisi isian yang tersimpan di peramban ini pada"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("pressed_on", ["formulir", "periksa"])
def test_the_next_person_is_told_of_a_left_draft_and_can_delete_it(app, form, pressed_on):
    """A fills a form, reaches the check page and walks away; B opens the same form."""
    from forms_files import MEGABYTE, jpeg_photo

    url, answers, personal = FORMS[form]
    files = {"lampiran": [(io.BytesIO(jpeg_photo(MEGABYTE)), "rumah.jpg")]} if form == "pengaduan" else None
    browser = FormClient(app.test_client())
    browser.get(url)
    browser.post(url, answers(**personal), files=files)
    check = browser.text(browser.get(url + "periksa/"))
    assert "Hapus isian ini" in check
    assert len(stored(app)["berkas"]) == (1 if form == "pengaduan" else 0)

    filled = browser.get(url).get_data(as_text=True)
    assert NOTICE in filled and "Mulai dari awal" in filled and "Korban Kiosk" in filled
    if pressed_on == "periksa":
        browser.get(url + "periksa/")
    gone = browser.post(url, {"aksi": "mulai-dari-awal"})
    assert gone.headers["Location"].endswith(url + "?dihapus=1")
    empty = browser.get(gone.headers["Location"]).get_data(as_text=True)
    assert "Isian sebelumnya sudah dihapus" in empty
    assert "Korban Kiosk" not in empty and NOTICE not in empty
    assert stored(app) == NOTHING  # the draft and its file, deleted
    assert browser.client.get(url + "periksa/").headers["Location"].endswith(url)  # no draft left


def test_a_form_opened_fresh_has_no_draft_notice(app, client):
    for url in (CONSULTATION_URL, COMPLAINT_URL):
        page = client.text(client.get(url))
        assert NOTICE not in page and "Mulai dari awal" not in page


def test_starting_over_needs_the_csrf_token(app, client):
    client.get(CONSULTATION_URL)
    client.post(CONSULTATION_URL, consultation_answers())
    refused = client.post(CONSULTATION_URL, {"aksi": "mulai-dari-awal"}, hidden=False, status=400)
    assert "Formulir kedaluwarsa" in client.text(refused)
    assert stored(app)["draf"] == 1
