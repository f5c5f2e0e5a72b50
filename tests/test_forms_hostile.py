"""Hostile and broken requests against the real app and a real database (SQLite and PostgreSQL).

Each one gets a 4xx page in Indonesian that says what happened — never a 500 — and leaves
nothing half-stored: the rows in pengajuan, draf, lampiran and kotak_keluar, and the files in
the upload folder, are counted before and after.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin

import flask_migrate
import flask_wtf.csrf
import pytest
from forms_checks import NOTHING, errors_of, no_file, stored
from forms_files import png_photo
from forms_support import (
    COMPLAINT_URL,
    CONSULTATION_URL,
    JPEG,
    PDF,
    PNG,
    DATABASES,
    REPO,
    UNIT,
    FormClient,
    check_page,
    complaint_answers,
    confirmation_code,
    consultation_answers,
    make_app,
    submit_complaint,
    submit_consultation,
)
from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer

from forms_app import create_app, drafts, mail
from forms_app.config import ConfigError
from forms_app.extensions import db
from forms_app.forms.base import _stamp_serializer
from forms_app.models import (
    Attachment,
    Draft,
    Complaint,
    Consultation,
    OutboxMessage,
    Submission,
)

LOOKUP_URL = "/lacak/"
FORMS = {
    "konsultasi": (CONSULTATION_URL, consultation_answers),
    "pengaduan": (COMPLAINT_URL, complaint_answers),
}
BOT_TITLE = "Kiriman ditolak"
CSRF_TITLE = "Formulir kedaluwarsa"
TOO_LARGE_TITLE = "Kiriman terlalu besar"
UNREADABLE = "berisi karakter yang tidak dapat dibaca — ketik ulang isinya, jangan menempelkan dari berkas biner"
NOT_A_CHOICE = "Pilihan ini tidak ada pada formulir — pilih salah satu pilihan yang tersedia"
EMAIL_MESSAGE = "Format alamat email tidak benar — tulis seperti nama@contoh.id"


def heading(response) -> str:  # noqa: ANN001
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.DOTALL)
    return re.sub(r"\s+", " ", found.group(1)).strip() if found else ""


def refused(response, status: int, title: str | None = None):  # noqa: ANN001, ANN201
    """The page of a refused request: the status, a proper page in Indonesian, its title."""
    assert response.status_code == status, (response.status_code, heading(response))
    check_page(response.get_data(as_text=True))
    if title is not None:
        assert heading(response) == title
    return response


def post_form(client: FormClient, form: str, answers: dict, status: int,  # noqa: ANN201
              lampiran: list | None = None):
    """Open the form and post it as a browser does: the complaint as multipart, with its file input."""
    url = FORMS[form][0] if form in FORMS else LOOKUP_URL
    client.get(url)
    if form == "pengaduan":
        return client.post(url, answers, status=status, files={"lampiran": lampiran or [no_file()]})
    return client.post(url, answers, status=status)


def answers_of(form: str, **changes) -> dict:  # noqa: ANN003
    return FORMS[form][1](**changes) if form in FORMS else {"kode": "KON-0123-4567-89AB", **changes}


def assert_outbox_has_no_line_breaks(app) -> None:  # noqa: ANN001
    with app.app_context():
        for row in db.session.scalars(db.select(OutboxMessage)):
            assert not re.search(r"[\r\n\x85\u2028\u2029]", row.kepada), row.kepada
            message = mail.build(row, app.config["MAIL_SENDER"])
            assert message["To"] == row.kepada and message["Bcc"] is None


# --- oversized ---------------------------------------------------------------------------------


# MAX_FORM_MEMORY_SIZE (64 KB) holds each text part of a multipart form, and the whole body of
# an urlencoded one: beyond it, the 413 page. Below it, the length validators answer.
OVERSIZED = [
    pytest.param("konsultasi", {"nama": "A" * 100_000}, 413, TOO_LARGE_TITLE, id="konsultasi-nama-100KB"),
    pytest.param("konsultasi", {"pertanyaan": "A" * 1_000_000}, 413, TOO_LARGE_TITLE, id="konsultasi-pertanyaan-1MB"),
    pytest.param("pengaduan", {"nama": "A" * 100_000}, 413, TOO_LARGE_TITLE, id="pengaduan-nama-100KB"),
    pytest.param("pengaduan", {"uraian": "A" * 1_000_000}, 413, TOO_LARGE_TITLE, id="pengaduan-uraian-1MB"),
    pytest.param("lacak", {"kode": "K" * 100_000}, 413, TOO_LARGE_TITLE, id="lacak-kode-100KB"),
    pytest.param("konsultasi", {"nama": "A" * 60_000}, 400, "Nama paling banyak 100 karakter",
                 id="konsultasi-nama-60KB"),
    pytest.param("konsultasi", {"pertanyaan": "é" * 7_000}, 400,
                 "Pertanyaan paling sedikit 10 dan paling banyak 4.000 karakter", id="konsultasi-pertanyaan-42KB"),
    pytest.param("konsultasi", {"email": "a" * 60_000 + "@contoh.id"}, 400, "Alamat email terlalu panjang",
                 id="konsultasi-email-60KB"),
    pytest.param("pengaduan", {"nama": "A" * 60_000}, 400, "Nama paling banyak 100 karakter",
                 id="pengaduan-nama-60KB"),
    pytest.param("pengaduan", {"uraian": "A" * 60_000}, 400,
                 "Uraian kejadian paling sedikit 20 dan paling banyak 5.000 karakter", id="pengaduan-uraian-60KB"),
    pytest.param("lacak", {"kode": "K" * 60_000}, 400, "Kode pelacakan paling banyak 40 karakter",
                 id="lacak-kode-60KB"),
]


@pytest.mark.parametrize(("form", "changes", "status", "message"), OVERSIZED)
def test_oversized_field_is_refused_with_a_message(app, client, form, changes, status, message):
    response = post_form(client, form, answers_of(form, **changes), status)
    refused(response, status)
    assert message in client.text(response)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan", "lacak"])
def test_request_over_max_content_length_gets_the_413_page(app, client, form):
    too_much = app.config["MAX_CONTENT_LENGTH"] + 1
    if form == "pengaduan":
        response = post_form(client, form, answers_of(form), 413,
                             lampiran=[(io.BytesIO(png_photo(too_much)), "besar.png")])
    else:
        field = "pertanyaan" if form == "konsultasi" else "kode"
        response = post_form(client, form, answers_of(form, **{field: "A" * too_much}), 413)
    refused(response, 413, TOO_LARGE_TITLE)
    text = client.text(response)
    assert "5 MB" in text and "persingkat isiannya" in text
    assert stored(app) == NOTHING


# --- bytes and characters that are not text ------------------------------------------------------

CONTROL_IN_TEXT = [
    pytest.param("konsultasi", "nama", "Budi\x00 Santoso", "Nama lengkap", id="konsultasi-nama-NUL"),
    pytest.param("konsultasi", "pertanyaan", "Berapa jumlah\x00 penduduk tahun 2025?", "Pertanyaan Anda",
                 id="konsultasi-pertanyaan-NUL"),
    pytest.param("konsultasi", "nama", "Budi \x1b[31mSantoso", "Nama lengkap", id="konsultasi-nama-ESC"),
    pytest.param("konsultasi", "pertanyaan", "Berapa jumlah penduduk\x7f tahun 2025?", "Pertanyaan Anda",
                 id="konsultasi-pertanyaan-DEL"),
    pytest.param("pengaduan", "uraian", "Saya menunggu\x00 lebih dari satu jam di ruang PST.", "Apa yang terjadi?",
                 id="pengaduan-uraian-NUL"),
    pytest.param("pengaduan", "penyelesaian", "Penjelasan\x00 tertulis.", "Penyelesaian yang Anda harapkan",
                 id="pengaduan-penyelesaian-NUL"),
    pytest.param("pengaduan", "nama", "Siti\x00", "Nama lengkap", id="pengaduan-nama-NUL"),
    pytest.param("lacak", "kode", "KON-0123\x00-4567-89AB", "Kode pelacakan", id="lacak-kode-NUL"),
]


@pytest.mark.parametrize(("form", "field", "value", "label"), CONTROL_IN_TEXT)
def test_control_characters_in_text_are_refused(app, client, form, field, value, label):
    response = post_form(client, form, answers_of(form, **{field: value}), 400)
    message = f"{label} {UNREADABLE}"
    page = errors_of(response)
    assert page.links == [(f"#{field}", message)] and page.beside == {field: message}
    assert stored(app) == NOTHING


def _multipart(fields: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "batas-kiriman-uji"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value + b"\r\n"
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="lampiran"; filename=""\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n\r\n".encode())
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


INVALID_UTF8 = [
    pytest.param("konsultasi", "nama", b"Bu%FF%FEdi", "Nama lengkap", id="urlencoded-persen-FF"),
    pytest.param("konsultasi", "nama", b"Bu\xff\xfedi", "Nama lengkap", id="urlencoded-bita-mentah"),
    pytest.param("konsultasi", "pertanyaan", b"Berapa jumlah penduduk %C3%28 tahun 2025?", "Pertanyaan Anda",
                 id="urlencoded-urutan-rusak"),
    pytest.param("konsultasi", "pertanyaan", b"Berapa jumlah penduduk %ED%A0%80 tahun 2025?", "Pertanyaan Anda",
                 id="urlencoded-surrogate"),
    pytest.param("lacak", "kode", b"KON-0123-4567-89A%FF", "Kode pelacakan", id="lacak-persen-FF"),
    pytest.param("pengaduan", "uraian", b"Saya menunggu \xff\xfe lebih dari satu jam di ruang PST.",
                 "Apa yang terjadi?", id="multipart-bita-mentah"),
]


@pytest.mark.parametrize(("form", "field", "raw", "label"), INVALID_UTF8)
def test_bytes_that_are_not_utf8_are_refused(app, client, form, field, raw, label):
    url = FORMS[form][0] if form in FORMS else LOOKUP_URL
    client.get(url)
    answers = {name: value for name, value in {**client.hidden, **answers_of(form)}.items() if name != field}
    if form == "pengaduan":
        body, content_type = _multipart({**{n: v.encode() for n, v in answers.items()}, field: raw})
    else:
        body = urlencode(answers).encode() + b"&" + field.encode() + b"=" + raw
        content_type = "application/x-www-form-urlencoded"
    response = refused(client.client.post(url, data=body, content_type=content_type), 400)
    message = f"{label} {UNREADABLE}"
    page = errors_of(response)
    assert page.links == [(f"#{field}", message)] and page.beside == {field: message}
    assert stored(app) == NOTHING


# --- header injection through the email address ------------------------------------------------

REFUSED_EMAILS = [
    pytest.param("a@contoh.id\r\nBcc: x@contoh.id", id="CRLF-Bcc"),
    pytest.param("a@contoh.id\nBcc: x@contoh.id", id="LF-Bcc"),
    pytest.param("a@contoh.id\rBcc: x@contoh.id", id="CR-Bcc"),
    pytest.param("a@contoh.id\r\n Bcc: x@contoh.id", id="CRLF-lipatan"),
    pytest.param("a@contoh.id\r\nSubject: hadiah\r\n\r\nisi palsu", id="CRLF-subjek-dan-isi"),
    pytest.param("a@contoh.id%0d%0aBcc:x@contoh.id", id="CRLF-tersandi-persen"),
    pytest.param("a@contoh.id\u2028Bcc: x@contoh.id", id="pemisah-baris-unicode"),
    pytest.param("a@contoh.id\x85Bcc: x@contoh.id", id="NEL"),
    pytest.param("a@contoh.id\x00Bcc: x@contoh.id", id="NUL"),
    pytest.param("a@contoh.id, x@contoh.id", id="dua-alamat"),
    pytest.param("Budi <a@contoh.id>", id="nama-tampilan"),
    pytest.param('"a\r\nBcc: x"@contoh.id', id="bagian-lokal-berkutip"),
]


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
@pytest.mark.parametrize("email", REFUSED_EMAILS)
def test_header_injection_through_email_is_refused(app, client, form, email):
    response = post_form(client, form, answers_of(form, email=email), 400)
    page = errors_of(response)
    assert page.links == [("#email", EMAIL_MESSAGE)]
    assert stored(app) == NOTHING


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
@pytest.mark.parametrize("email", [
    pytest.param("a@contoh.id\r\n", id="CRLF-di-akhir"),
    pytest.param("\r\na@contoh.id", id="CRLF-di-awal"),
    pytest.param(" \ta@contoh.id \n", id="spasi-dan-LF-di-tepi"),
])
def test_line_breaks_around_an_email_are_trimmed_and_never_reach_the_outbox(app, client, form, email):
    submit = submit_consultation if form == "konsultasi" else submit_complaint
    code = submit(client, email=email)
    with app.app_context():
        assert db.session.scalar(db.select(Submission).where(Submission.kode == code)).email == "a@contoh.id"
        assert db.session.scalars(db.select(OutboxMessage.kepada)).all() == ["a@contoh.id"]
    assert_outbox_has_no_line_breaks(app)


# --- single-line fields hold one line ---------------------------------------------------------------

ONE_LINE = "harus ditulis dalam satu baris — hapus ganti baris atau karakter tak terlihat di dalamnya, lalu ketik ulang bila perlu"
NAME_WITH_A_LETTER = "Budi\nYth. Bapak/Ibu, pengaduan Anda ditolak. Bayar denda di https://contoh.example/bayar"
SINGLE_LINE = [
    pytest.param("konsultasi", "nama", NAME_WITH_A_LETTER, "Nama lengkap", id="konsultasi-nama-LF-surat-palsu"),
    pytest.param("konsultasi", "nama", "Budi\r\nSantoso", "Nama lengkap", id="konsultasi-nama-CRLF"),
    pytest.param("konsultasi", "nama", "Budi\u2028Santoso", "Nama lengkap", id="konsultasi-nama-U+2028"),
    pytest.param("konsultasi", "nama", "Budi\u2029Santoso", "Nama lengkap", id="konsultasi-nama-U+2029"),
    pytest.param("konsultasi", "nama", "Budi\x85Santoso", "Nama lengkap", id="konsultasi-nama-NEL"),
    pytest.param("konsultasi", "nama", "Budi \u202eosotnaS", "Nama lengkap", id="konsultasi-nama-bidi-RLO"),
    pytest.param("konsultasi", "nama", "Budi \u2066Santoso\u2069", "Nama lengkap", id="konsultasi-nama-bidi-isolat"),
    pytest.param("konsultasi", "nama", "Bu\u200bdi", "Nama lengkap", id="konsultasi-nama-zero-width"),
    pytest.param("pengaduan", "nama", NAME_WITH_A_LETTER, "Nama lengkap", id="pengaduan-nama-LF-surat-palsu"),
    pytest.param("pengaduan", "nama", "Siti\u202eAminah", "Nama lengkap", id="pengaduan-nama-bidi-RLO"),
    pytest.param("lacak", "kode", "KON-0123\n-4567-89AB", "Kode pelacakan", id="lacak-kode-LF"),
]


@pytest.mark.parametrize(("form", "field", "value", "label"), SINGLE_LINE)
def test_line_breaks_and_invisible_characters_in_single_line_fields_are_refused(app, client, form, field,
                                                                               value, label):
    response = post_form(client, form, answers_of(form, **{field: value}), 400)
    message = f"{label} {ONE_LINE}"
    page = errors_of(response)
    assert page.links == [(f"#{field}", message)] and page.beside == {field: message}
    assert stored(app) == NOTHING


def test_line_breaks_stay_welcome_in_free_text(app, client):
    code = submit_consultation(client, pertanyaan="Baris pertama.\nBaris kedua.\r\nBaris ketiga.")
    with app.app_context():
        stored_text = db.session.scalar(db.select(Consultation).where(Consultation.kode == code)).pertanyaan
    assert stored_text.splitlines() == ["Baris pertama.", "Baris kedua.", "Baris ketiga."]


# --- bodies that are not forms ---------------------------------------------------------------------

UNSUPPORTED_TITLE = "Bentuk kiriman tidak didukung"
FORM_POSTS = [CONSULTATION_URL, CONSULTATION_URL + "periksa/", COMPLAINT_URL, COMPLAINT_URL + "periksa/", LOOKUP_URL]


@pytest.mark.parametrize("url", FORM_POSTS)
@pytest.mark.parametrize(("body", "content_type"), [
    pytest.param(None, "application/json", id="json-objek"),
    pytest.param(b"[1, 2, 3]", "application/json", id="json-daftar"),
    pytest.param(b"<kode>KON-0123-4567-89AB</kode>", "application/xml", id="xml"),
    pytest.param(b"kode=KON-0123-4567-89AB", "text/plain", id="teks"),
])
def test_a_body_that_is_not_a_form_gets_the_415_page(app, client, url, body, content_type):
    """With a valid CSRF token inside, as a script that read the page would send it."""
    client.get(url if "periksa" not in url else url.removesuffix("periksa/"))
    if body is None:
        body = json.dumps({**client.hidden, **answers_of("pengaduan" if "pengaduan" in url else "konsultasi"),
                           "kode": "KON-0123-4567-89AB"}).encode()
    refused(client.client.post(url, data=body, content_type=content_type), 415, UNSUPPORTED_TITLE)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("url", FORM_POSTS)
@pytest.mark.parametrize("value", [pytest.param(123, id="angka"), pytest.param(["a", "b"], id="daftar"),
                                   pytest.param({"a": 1}, id="objek"), pytest.param(None, id="null")])
def test_json_with_the_csrf_header_gets_the_415_page(app, client, url, value):
    """Flask-WTF reads a JSON body as the form and takes the token from X-CSRFToken: values that
    are not text reached the validators (a 500 before)."""
    client.get(url if "periksa" not in url else url.removesuffix("periksa/"))
    answers = answers_of("pengaduan" if "pengaduan" in url else "konsultasi")
    body = {**{name: value for name in answers}, "kode": value, "mulai": client.hidden["mulai"]} \
        if "mulai" in client.hidden else {"kode": value}
    response = client.client.post(url, json=body, headers={"X-CSRFToken": client.hidden["csrf_token"]})
    refused(response, 415, UNSUPPORTED_TITLE)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("disposition", [
    pytest.param(b"form-data", id="tanpa-name"),
    pytest.param(b'form-data; name=""', id="name-kosong"),
    pytest.param(b'form-data; name=""; filename="a.png"', id="berkas-name-kosong"),
])
@pytest.mark.parametrize("form", ["konsultasi", "pengaduan", "lacak"])
def test_a_multipart_part_without_a_name_gets_the_400_page(app, client, form, disposition):
    url = FORMS[form][0] if form in FORMS else LOOKUP_URL
    client.get(url)
    body, content_type = _multipart({n: v.encode() for n, v in {**client.hidden, **answers_of(form)}.items()})
    nameless = b"--batas-kiriman-uji\r\nContent-Disposition: " + disposition + b"\r\n\r\ntanpa nama\r\n"
    refused(client.client.post(url, data=nameless + body, content_type=content_type), 400,
            "Permintaan tidak dapat diproses")
    assert stored(app) == NOTHING


# --- markup and script ---------------------------------------------------------------------------

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_escaped_or_absent(html: str) -> None:
    assert "<script" not in html.lower() and "<img src=x" not in html and "<svg" not in html


def assert_escaped(html: str) -> None:
    assert_escaped_or_absent(html)
    assert "&lt;script&gt;" in html


MARKUP_ANSWERS = [
    pytest.param("konsultasi", {"pertanyaan": "Data " + MARKUP, "nama": MARKUP}, [], id="konsultasi"),
    pytest.param("pengaduan", {"uraian": "Petugas menulis " + MARKUP, "penyelesaian": MARKUP, "nama": MARKUP},
                 [], id="pengaduan"),
    pytest.param("pengaduan", {"uraian": "Petugas menulis " + MARKUP},
                 ["<img src=x onerror=alert(1)>.png", "<svg onload=alert(1)>.png"], id="pengaduan-nama-berkas"),
]


@pytest.mark.parametrize(("form", "changes", "file_names"), MARKUP_ANSWERS)
def test_markup_is_stored_verbatim_and_shown_escaped(app, client, form, changes, file_names):
    url = FORMS[form][0]
    files = [(io.BytesIO(PNG), name) for name in file_names]
    response = post_form(client, form, answers_of(form, **changes), 303, lampiran=files)
    assert_escaped(client.get(response.headers["Location"]).get_data(as_text=True))  # check your answers
    assert_escaped(client.get(url).get_data(as_text=True))  # the form again, filled in from the draft
    client.get(url + "periksa/")
    code = confirmation_code(client, client.post(url + "periksa/", {}))
    assert_escaped_or_absent(client.get("/formulir/terkirim/").get_data(as_text=True))

    model = Consultation if form == "konsultasi" else Complaint
    with app.app_context():
        row = db.session.scalar(db.select(model).where(model.kode == code))
        for name, value in changes.items():
            assert getattr(row, name) == value  # stored as typed
        assert [a.nama_asli for a in row.lampiran] == file_names
    client.get(LOOKUP_URL)
    status = client.post(LOOKUP_URL, {"kode": code}, status=200)
    assert_escaped_or_absent(status.get_data(as_text=True))


@pytest.mark.parametrize(("form", "changes"), [
    pytest.param("konsultasi", {"nama": MARKUP, "email": "salah"}, id="konsultasi-ditampilkan-lagi"),
    pytest.param("pengaduan", {"nama": MARKUP, "email": "salah"}, id="pengaduan-ditampilkan-lagi"),
    pytest.param("lacak", {"kode": MARKUP[:40]}, id="lacak-kode"),
])
def test_markup_in_a_refused_form_is_shown_escaped(app, client, form, changes):
    response = post_form(client, form, answers_of(form, **changes), 400)
    assert_escaped(response.get_data(as_text=True))
    assert stored(app) == NOTHING


# --- methods ---------------------------------------------------------------------------------------

FORM_ROUTES = [CONSULTATION_URL, CONSULTATION_URL + "periksa/", COMPLAINT_URL, COMPLAINT_URL + "periksa/",
               LOOKUP_URL]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", FORM_ROUTES, ids=lambda url: url.strip("/").replace(UNIT, "unit"))
def test_other_methods_on_form_routes_get_the_405_page(app, client, method, url):
    client.get(LOOKUP_URL)  # a session with a CSRF token, as a browser has
    response = client.client.open(url, method=method, data={**client.hidden, **consultation_answers()})
    refused(response, 405, "Cara membuka halaman ini tidak didukung")
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed and method not in allowed
    assert stored(app) == NOTHING


@pytest.mark.parametrize("url", ["/formulir/terkirim/", "/formulir/"])
def test_post_to_a_page_that_only_shows_gets_the_405_page(app, client, url):
    client.get(LOOKUP_URL)
    response = client.client.post(url, data=client.hidden)
    refused(response, 405, "Cara membuka halaman ini tidak didukung")
    assert "POST" not in response.headers["Allow"]


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_check_page_without_anything_to_check_leads_to_the_form(client, form):
    url = FORMS[form][0]
    response = client.client.get(url + "periksa/")
    assert (response.status_code, response.headers["Location"]) == (303, url)


# --- CSRF ------------------------------------------------------------------------------------------


def _token(client: FormClient, case: str, url: str, app, monkeypatch) -> dict:  # noqa: ANN001
    """The hidden fields of the page at `url` (just fetched), with the CSRF token spoiled as `case` says."""
    hidden = dict(client.hidden)
    if case == "tanpa-token":
        hidden.pop("csrf_token")
    elif case == "token-diubah":
        # The first character of the signature: the last one may only carry padding bits.
        signed, signature = hidden["csrf_token"].rsplit(".", 1)
        hidden["csrf_token"] = f"{signed}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    elif case == "token-karangan":
        hidden["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.aaaaaa." + "b" * 27
    elif case == "token-sesi-lain":
        other = FormClient(app.test_client())
        other.get(LOOKUP_URL)
        hidden["csrf_token"] = other.hidden["csrf_token"]
    elif case == "token-kedaluwarsa":
        limit = app.config["WTF_CSRF_TIME_LIMIT"]

        class LongAgo(TimestampSigner):
            def get_timestamp(self) -> int:
                return super().get_timestamp() - limit - 60

        class LongAgoSerializer(URLSafeTimedSerializer):
            default_signer = LongAgo

        with monkeypatch.context() as patch:
            # Only the CSRF token is dated back: the session cookie stays as fresh as it is.
            patch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", LongAgoSerializer)
            client.get(url)  # the page shown again, its token issued long ago, in this same session
        hidden["csrf_token"] = client.hidden["csrf_token"]
    return hidden


CSRF_CASES = ["tanpa-token", "token-diubah", "token-karangan", "token-sesi-lain", "token-kedaluwarsa"]


@pytest.mark.parametrize("case", CSRF_CASES)
@pytest.mark.parametrize("form", ["konsultasi", "pengaduan", "lacak"])
def test_form_post_without_a_valid_csrf_token_is_refused(app, client, monkeypatch, form, case):
    url = FORMS[form][0] if form in FORMS else LOOKUP_URL
    client.get(url)
    hidden = _token(client, case, url, app, monkeypatch)
    response = client.client.post(url, data={**hidden, **answers_of(form)})
    refused(response, 400, CSRF_TITLE)
    assert "Muat ulang halaman formulir" in client.text(response)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("case", CSRF_CASES)
@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_confirmation_without_a_valid_csrf_token_is_refused_and_the_draft_waits(app, client, monkeypatch,
                                                                               form, case):
    url = FORMS[form][0]
    response = post_form(client, form, answers_of(form), 303)
    client.get(response.headers["Location"])
    before = stored(app)
    assert before == {**NOTHING, "draf": 1}
    hidden = _token(client, case, url + "periksa/", app, monkeypatch)
    refused(client.client.post(url + "periksa/", data=hidden), 400, CSRF_TITLE)
    assert stored(app) == before
    client.get(url + "periksa/")  # the draft is still there to be confirmed
    client.post(url + "periksa/", {})
    assert stored(app)["pengajuan"] == 1


# --- confirming without a draft ----------------------------------------------------------------------


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_confirming_without_a_draft_is_refused(app, client, form):
    url = FORMS[form][0]
    client.get(url)
    response = client.post(url + "periksa/", {}, status=400)
    assert heading(response) == "Tidak ada kiriman yang menunggu dikirim"
    assert "isi formulirnya lagi" in client.text(response)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_confirming_twice_stores_one_submission_and_shows_its_code_again(app, client, form):
    url = FORMS[form][0]
    response = post_form(client, form, answers_of(form), 303)
    client.get(response.headers["Location"])
    check_page = dict(client.hidden)  # the check page's CSRF token, as the browser's back button keeps it
    first = client.post(url + "periksa/", {})
    code = confirmation_code(client, first)
    after_first = stored(app)
    assert after_first == {**NOTHING, "pengajuan": 1, "kotak_keluar": 1}
    second = client.post(url + "periksa/", check_page)  # the page sent again after "back"
    assert confirmation_code(client, second) == code
    assert stored(app) == after_first


def _two_clicks_after_reading_the_draft(app, client, monkeypatch, url: str, **post) -> list:  # noqa: ANN001, ANN003
    """Two posts from the same browser at the same moment, each let on only once both have read
    the session's draft: the race a double click makes."""
    both_have_read_the_draft = threading.Barrier(2, timeout=10)
    read_draft = drafts.current

    def current(*args):  # noqa: ANN002, ANN202
        found = read_draft(*args)
        both_have_read_the_draft.wait()
        return found

    monkeypatch.setattr(drafts, "current", current)
    cookie = client.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    responses = []

    def click() -> None:
        browser = app.test_client()
        browser.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
        responses.append(browser.post(url, **post))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=30)
    return responses


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_double_click_on_send_stores_one_submission(app, client, monkeypatch, form):
    """Two posts of the confirmation at the same moment, both after the draft was read."""
    url = FORMS[form][0]
    response = post_form(client, form, answers_of(form), 303, lampiran=[(io.BytesIO(PNG), "bukti.png")])
    client.get(response.headers["Location"])
    responses = _two_clicks_after_reading_the_draft(app, client, monkeypatch, url + "periksa/", data=client.hidden)
    # Both clicks lead to the confirmation of the one submission stored.
    assert [r.status_code for r in responses] == [303, 303]
    assert {r.headers["Location"] for r in responses} == {"/formulir/terkirim/"}
    after = stored(app)
    files = 1 if form == "pengaduan" else 0
    assert after == {**NOTHING, "pengajuan": 1, "lampiran": files, "kotak_keluar": 1, "berkas": after["berkas"]}
    assert len(after["berkas"]) == files
    with app.app_context():
        for attachment in db.session.scalars(db.select(Attachment)):
            assert attachment.pengajuan_id is not None and attachment.draf_token is None


def test_double_click_on_continue_saves_without_an_error_or_a_lost_file(app, client, monkeypatch):
    """Two posts of the form at the same moment, both after reading a draft that holds a file:
    each save issues a new token, and only one of them may take the draft's file along."""
    response = post_form(client, "pengaduan", answers_of("pengaduan"), 303, lampiran=[(io.BytesIO(PNG), "bukti.png")])
    client.get(response.headers["Location"])
    client.get(COMPLAINT_URL)  # the "change" link: the form again, the draft's file listed
    body, content_type = _multipart({n: v.encode() for n, v in {**client.hidden, **answers_of("pengaduan")}.items()})
    responses = _two_clicks_after_reading_the_draft(app, client, monkeypatch, COMPLAINT_URL, data=body,
                                                    content_type=content_type)
    assert [r.status_code for r in responses] == [303, 303]
    after = stored(app)
    assert (after["lampiran"], len(after["berkas"])) == (1, 1)
    with app.app_context():
        [attachment] = db.session.scalars(db.select(Attachment)).all()
        assert attachment.draf_token is not None and db.session.get(Draft, attachment.draf_token) is not None


# --- abuse without CAPTCHA ------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_filled_honeypot_is_refused(app, client, form):
    response = post_form(client, form, answers_of(form, situs_web="https://obat-murah.example"), 400)
    refused(response, 400, BOT_TITLE)
    assert stored(app) == NOTHING


def _stamp(app, case: str) -> str:  # noqa: ANN001
    an_hour_ago = time.time() - 3600
    if case == "kosong":
        return ""
    if case == "karangan":
        return "MTcwMDAwMDAwMC4w.bukan-tanda-tangan"
    if case == "kunci-lain":
        return URLSafeSerializer("kunci-yang-lain", salt="formulir-mulai").dumps(an_hour_ago)
    if case == "garam-lain":
        return URLSafeSerializer(app.config["SECRET_KEY"], salt="lain").dumps(an_hour_ago)
    if case == "bukan-waktu":
        return URLSafeSerializer(app.config["SECRET_KEY"], salt="formulir-mulai").dumps("kemarin")
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["kosong", "karangan", "kunci-lain", "garam-lain", "bukan-waktu"])
@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_missing_or_forged_time_stamp_is_refused(app, client, form, case):
    response = post_form(client, form, {**answers_of(form), "mulai": _stamp(app, case)}, 400)
    refused(response, 400, BOT_TITLE)
    assert stored(app) == NOTHING


def stamp_of(app, client: FormClient, started: float) -> str:  # noqa: ANN001
    """A stamp signed as the app signs it, for `client`'s session, as if shown at `started`."""
    with client.client.session_transaction() as session:
        nonce = session["formulir_nonce"]
    with app.test_request_context():
        return _stamp_serializer().dumps([started, nonce])


@pytest.fixture(params=DATABASES)
def patient_app(request, tmp_path):  # noqa: ANN001, ANN201
    """An app that wants a form to stay open for a minute before it is sent."""
    app, close = make_app(tmp_path, request.param, MIN_FILL_SECONDS=60)
    yield app
    close()


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_too_fast_submission_shows_the_form_again_and_stores_nothing(patient_app, form):
    client = FormClient(patient_app.test_client())
    response = post_form(client, form, answers_of(form), 400)
    assert errors_of(response).notes == [
        "Formulir ini dikirim sangat cepat. Periksa kembali isiannya, lalu tekan tombol Lanjutkan sekali lagi."]
    assert stored(patient_app) == NOTHING
    # The same answers, from a form shown a minute ago, are taken.
    a_minute_ago = stamp_of(patient_app, client, time.time() - 61)
    client.post(FORMS[form][0], {**answers_of(form), "mulai": a_minute_ago}, status=303,
                files={"lampiran": [no_file()]} if form == "pengaduan" else None)
    assert stored(patient_app)["draf"] == 1


# --- files that lie ---------------------------------------------------------------------------------

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40


def _not_allowed(name: str) -> str:
    return f"Berkas '{name}' bukan JPEG, PNG, atau PDF menurut isinya — lampirkan foto (JPEG/PNG) atau PDF"


def _wrong_name(name: str, label: str, extension: str) -> str:
    return (f"Nama berkas '{name}' tidak sesuai isinya: isinya {label} — ganti akhiran namanya menjadi "
            f"{extension} atau lampirkan berkas yang benar")


LYING_FILES = [
    pytest.param(ELF, "foto.jpg", _not_allowed("foto.jpg"), id="program-ELF-bernama-jpg"),
    pytest.param(EXE, "surat.pdf", _not_allowed("surat.pdf"), id="program-EXE-bernama-pdf"),
    pytest.param(HTML, "foto.jpg", _not_allowed("foto.jpg"), id="HTML-bernama-jpg"),
    pytest.param(SVG, "gambar.png", _not_allowed("gambar.png"), id="SVG-bernama-png"),
    pytest.param(ZIP, "dokumen.pdf", _not_allowed("dokumen.pdf"), id="ZIP-bernama-pdf"),
    pytest.param(PNG, "surat.pdf", _wrong_name("surat.pdf", "PNG", ".png"), id="PNG-bernama-pdf"),
    pytest.param(PDF, "foto.png", _wrong_name("foto.png", "PDF", ".pdf"), id="PDF-bernama-png"),
    pytest.param(JPEG, "foto.png", _wrong_name("foto.png", "JPEG", ".jpg"), id="JPEG-bernama-png"),
    pytest.param(PNG, "foto.png.exe", _wrong_name("foto.png.exe", "PNG", ".png"), id="PNG-bernama-exe"),
    pytest.param(PNG, "foto.png.html", _wrong_name("foto.png.html", "PNG", ".png"), id="PNG-bernama-html"),
]


@pytest.mark.parametrize(("content", "name", "message"), LYING_FILES)
def test_file_whose_name_lies_about_its_content_is_refused(app, client, content, name, message):
    files = [(io.BytesIO(PNG), "bukti-asli.png"), (io.BytesIO(content), name)]
    response = post_form(client, "pengaduan", answers_of("pengaduan"), 400, lampiran=files)
    page = errors_of(response)
    assert page.links == [("#lampiran", message)] and page.beside == {"lampiran": message}
    assert stored(app) == NOTHING  # the good file before it is not left behind either


TRAVERSAL = [
    pytest.param("../../etc/passwd.png", "passwd.png", id="garis-miring"),
    pytest.param("/etc/cron.d/foto.png", "foto.png", id="jalur-mutlak"),
    pytest.param("....//....//foto.png", "foto.png", id="titik-empat"),
    pytest.param("../\x00../foto.png", "foto.png", id="NUL-di-jalur"),
]


@pytest.mark.parametrize(("sent", "shown"), TRAVERSAL)
def test_path_in_a_file_name_is_kept_only_as_a_display_name(app, client, tmp_path, sent, shown):
    before = {p for p in tmp_path.rglob("*") if not p.name.startswith("layanan.sqlite3")}
    response = post_form(client, "pengaduan", answers_of("pengaduan"), 303, lampiran=[(io.BytesIO(PNG), sent)])
    check = client.get(response.headers["Location"])
    assert shown in client.text(check) and "../" not in client.text(check)
    folder = Path(app.config["UPLOAD_FOLDER"])
    with app.app_context():
        [attachment] = db.session.scalars(db.select(Attachment)).all()
        assert attachment.nama_asli == shown
        assert re.fullmatch(r"[0-9a-f]{32}", attachment.nama_simpan)
        assert (folder / attachment.nama_simpan).read_bytes() == PNG
    created = {p for p in tmp_path.rglob("*") if not p.name.startswith("layanan.sqlite3")} - before
    assert {p for p in created if p.is_file()} == {folder / attachment.nama_simpan}


# --- hostile values in choices and hidden inputs ----------------------------------------------------------

BOGUS_CHOICES = [
    pytest.param("konsultasi", "topik", "hack", id="konsultasi-topik"),
    pytest.param("konsultasi", "kategori_pengguna", "admin", id="konsultasi-pekerjaan"),
    pytest.param("konsultasi", "saluran_balasan", "sms", id="konsultasi-saluran"),
    pytest.param("konsultasi", "topik", "data\x00", id="konsultasi-topik-NUL"),
    pytest.param("pengaduan", "jenis_aduan", "ancaman", id="pengaduan-jenis"),
    pytest.param("pengaduan", "layanan", "layanan-unit-lain", id="pengaduan-layanan"),
    pytest.param("pengaduan", "aspek", "semua", id="pengaduan-aspek"),
    pytest.param("pengaduan", "identitas", "admin", id="pengaduan-identitas"),
]


@pytest.mark.parametrize(("form", "field", "value"), BOGUS_CHOICES)
def test_value_that_is_not_a_choice_is_refused_in_indonesian(app, client, form, field, value):
    response = post_form(client, form, answers_of(form, **{field: value}), 400)
    page = errors_of(response)
    target = field if field == "layanan" else f"{field}-0"
    assert page.links == [(f"#{target}", NOT_A_CHOICE)] and page.beside == {field: NOT_A_CHOICE}
    assert stored(app) == NOTHING


@pytest.mark.parametrize("value", [
    pytest.param("²", id="angka-superskrip"),
    pytest.param("9" * 5000, id="angka-5000-digit"),
    pytest.param("-1", id="negatif"),
    pytest.param("1e3", id="eksponen"),
    pytest.param("١", id="angka-arab"),
    pytest.param("<script>", id="markup"),
])
def test_junk_in_the_remove_attachment_box_is_ignored(app, client, value):
    response = post_form(client, "pengaduan", {**answers_of("pengaduan"), "hapus_lampiran": value}, 303,
                         lampiran=[(io.BytesIO(PNG), "bukti.png")])
    client.get(response.headers["Location"])
    assert stored(app)["lampiran"] == 1


# --- addresses that do not exist ---------------------------------------------------------------------

UNKNOWN = [
    pytest.param("/formulir/tidak-ada/konsultasi-statistik/konsultasi/", id="konsultasi-unit"),
    pytest.param(f"/formulir/{UNIT}/tidak-ada/konsultasi/", id="konsultasi-layanan"),
    pytest.param(f"/formulir/{UNIT}/tidak-ada/konsultasi/periksa/", id="konsultasi-periksa-layanan"),
    pytest.param("/formulir/tidak-ada/pengaduan/", id="pengaduan-unit"),
    pytest.param("/formulir/tidak-ada/pengaduan/periksa/", id="pengaduan-periksa-unit"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url", UNKNOWN)
def test_unknown_unit_or_service_is_not_found(app, client, url, method):
    client.get(LOOKUP_URL)
    data = {**client.hidden, **consultation_answers(), **complaint_answers()} if method == "POST" else None
    response = client.client.open(url, method=method, data=data)
    # A unit that exists but lists no such service online: the page says the service is not offered.
    title = "Layanan ini tidak tersedia secara daring" if url.startswith(f"/formulir/{UNIT}/") else \
        "Halaman tidak ditemukan"
    refused(response, 404, title)
    assert stored(app) == NOTHING


@pytest.mark.parametrize("url", [
    pytest.param("/formulir/%00/", id="nul"),
    pytest.param(f"/formulir/{UNIT}/%2e%2e/", id="titik-titik"),
    pytest.param(f"/formulir/{UNIT}/", id="unit-tanpa-formulir"),
    pytest.param("/formulir/tidak/ada/sama/sekali/", id="dalam"),
    pytest.param("/lacak/apa-saja/", id="lacak"),
])
def test_an_address_under_the_forms_that_no_route_takes_gets_the_apps_404(app, client, url):
    response = client.client.get(url)
    refused(response, 404, "Halaman tidak ditemukan")
    assert "Kembali ke daftar formulir" in response.get_data(as_text=True)  # the app's page, not the site's


# --- rate limits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_third_confirmation_in_a_minute_gets_the_429_page(tmp_path, form):
    app, close = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per minute")
    try:
        client = FormClient(app.test_client())
        url = FORMS[form][0]
        for attempt in range(3):
            response = post_form(client, form, answers_of(form), 303)
            client.get(response.headers["Location"])
            done = client.client.post(url + "periksa/", data=client.hidden)
            if attempt < 2:
                assert done.status_code == 303, attempt
        refused(done, 429, "Terlalu banyak kiriman")
        assert "Tunggu beberapa menit" in client.text(done)
        assert int(done.headers["Retry-After"]) > 0
        # Two are stored; the third waits as a draft, to be sent later.
        assert stored(app) == {**NOTHING, "pengajuan": 2, "draf": 1, "kotak_keluar": 2}
        client.get(url + "periksa/")
    finally:
        close()


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_filling_in_a_form_too_often_gets_the_429_page_and_keeps_nothing(tmp_path, form):
    """Each post of a form may carry attachments: a client cannot fill the disk with drafts."""
    app, close = make_app(tmp_path, "sqlite", RATELIMIT_ENABLED=True, RATELIMIT_DRAFT="2 per minute")
    try:
        client = FormClient(app.test_client())
        post_form(client, form, answers_of(form), 303)
        post_form(client, form, answers_of(form), 303)
        before = stored(app)
        response = post_form(client, form, answers_of(form), 429)
        refused(response, 429, "Terlalu banyak kiriman")
        assert stored(app) == before
    finally:
        close()


# --- headers and cookies -----------------------------------------------------------------------------


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(("url", "status"), [
    (CONSULTATION_URL, 200), (COMPLAINT_URL, 200), (LOOKUP_URL, 200), ("/formulir/", 200),
    ("/formulir/tidak-ada/pengaduan/", 404), (CONSULTATION_URL + "periksa/", 303), ("/formulir/terkirim/", 303),
])
def test_app_pages_carry_strict_security_headers(sqlite_app, url, status):
    response = sqlite_app.test_client().get(url)
    assert response.status_code == status
    policy = _policy(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("style-src", []) + policy.get("default-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"  # none to other sites
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    # Nothing on the page needs what the policy forbids: no inline script, style or handler.
    assert "<script" not in html and not re.search(r"<[^>]+\s(style|on[a-z]+)\s*=", html)


def _production(tmp_path: Path, monkeypatch, **overrides):  # noqa: ANN001, ANN003, ANN202
    for name in ("SECRET_KEY", "LAYANAN_CONFIG", "DATABASE_URL", "RATELIMIT_ENABLED", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    config = {"LAYANAN_PROJECT": str(REPO), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
              "TRUSTED_HOSTS": ["layanan.contoh.id"], **overrides}
    return create_app("production", config, instance_path=str(tmp_path / "instance"))


def test_production_session_cookie_is_secure_httponly_and_lax(tmp_path, monkeypatch):
    app = _production(tmp_path, monkeypatch, SECRET_KEY="k7Vq2pX9sLmR4tYw8zNc3bHf6jDg1aEu5oKi0PqZ")
    with app.app_context():
        flask_migrate.upgrade()
    try:
        response = app.test_client().get(CONSULTATION_URL, base_url="https://layanan.contoh.id")
        assert response.status_code == 200
        [cookie] = response.headers.getlist("Set-Cookie")
        name, *attributes = [part.strip() for part in cookie.split(";")]
        assert name.startswith("__Host-layanan_sesi=")
        flags = {attribute.split("=")[0].lower(): attribute for attribute in attributes}
        assert {"secure", "httponly"} <= flags.keys()
        assert flags["samesite"] == "SameSite=Lax" and flags["path"] == "Path=/"
        assert "domain" not in flags  # a __Host- cookie has none
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        with app.app_context():
            db.engine.dispose()


def _referer(response, page: str) -> dict:
    """The Referer a browser sends with a form posted from `page` to its own origin, as the
    page's Referrer-Policy allows."""
    policy = response.headers["Referrer-Policy"]
    if policy == "no-referrer":
        return {}
    if policy in ("origin", "strict-origin"):
        return {"Referer": urljoin(page, "/")}
    return {"Referer": page}


@pytest.mark.parametrize("form", ["konsultasi", "pengaduan"])
def test_production_forms_can_be_sent_over_https(tmp_path, monkeypatch, form):
    """Over HTTPS Flask-WTF refuses a post without a Referer from the same host; the browser
    sends one only if the form page's own Referrer-Policy lets it."""
    app = _production(tmp_path, monkeypatch, SECRET_KEY="k7Vq2pX9sLmR4tYw8zNc3bHf6jDg1aEu5oKi0PqZ",
                      MIN_FILL_SECONDS=0)
    with app.app_context():
        flask_migrate.upgrade()
    browser = app.test_client()
    url = "https://layanan.contoh.id" + FORMS[form][0]

    def answers() -> dict:
        return {**answers_of(form), **({"lampiran": [no_file()]} if form == "pengaduan" else {})}

    try:
        page = browser.get(url)
        sent = browser.post(url, data={**check_page(page.get_data(as_text=True)).hidden, **answers()},
                            headers=_referer(page, url))
        assert sent.status_code == 303, heading(sent)
        check = browser.get(urljoin(url, sent.headers["Location"]))
        done = browser.post(url + "periksa/", data=check_page(check.get_data(as_text=True)).hidden,
                            headers=_referer(check, url + "periksa/"))
        assert (done.status_code, done.headers["Location"]) == (303, "/formulir/terkirim/"), heading(done)
        # The same post from another site is still refused.
        page = browser.get(url)
        forged = browser.post(url, data={**check_page(page.get_data(as_text=True)).hidden, **answers()},
                              headers={"Referer": "https://penipu.example/formulir/"})
        refused(forged, 400, CSRF_TITLE)
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("key", [
    pytest.param(None, id="tidak-ada"),
    pytest.param("", id="kosong"),
    pytest.param("dev", id="dev"),
    pytest.param("changeme", id="changeme"),
    pytest.param("x" * 31, id="31-karakter"),
])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, monkeypatch, key):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        _production(tmp_path, monkeypatch, SECRET_KEY=key)
    # No development key was made up for it either.
    assert not (tmp_path / "instance" / "kunci-rahasia").exists()

