"""Fixtures for the forms app: a real database (SQLite always, PostgreSQL when given), a client
that fills forms the way a browser does and checks every page it gets.

PostgreSQL: set LAYANAN_TEST_POSTGRES_URL (`.ci/run` gives the CI machine's database `test`).
Each test gets its own schema, migrated with Alembic, dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy

from forms_app import create_app, site_builds
from forms_app.extensions import db
from forms_files import jpeg_photo, pdf_document, png_photo

REPO = Path(__file__).resolve().parent.parent
UNIT = "pst-bps-kutai-barat"
SERVICE = "konsultasi-statistik"
CONSULTATION_URL = f"/formulir/{UNIT}/{SERVICE}/konsultasi/"
COMPLAINT_URL = f"/formulir/{UNIT}/pengaduan/"
POSTGRES_ENV = "LAYANAN_TEST_POSTGRES_URL"

DATABASES = ["sqlite", "postgresql"]


def postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("LAYANAN_REQUIRE_SERVICES"):
        pytest.fail(f"{POSTGRES_ENV} is not set, and CI requires the PostgreSQL tests (LAYANAN_REQUIRE_SERVICES)")
    return None


def make_app(tmp_path: Path, database: str, revision: str = "head", **overrides):  # noqa: ANN003, ANN201
    """An app on a fresh database migrated to `revision`; returns (app, cleanup)."""
    config = {"LAYANAN_PROJECT": str(REPO), **overrides}
    cleanup = []
    if database == "postgresql":
        url = postgres_url()
        if url is None:
            pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV}")
        schema = "t_" + secrets.token_hex(6)
        engine = sqlalchemy.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        config["SQLALCHEMY_DATABASE_URI"] = url
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"},
                                               "pool_pre_ping": True}

        def drop() -> None:
            with engine.begin() as connection:
                connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()
        cleanup.append(drop)
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'layanan.sqlite3'}"
    app = create_app("test", config, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        flask_migrate.upgrade(revision=revision)

    def close() -> None:
        site_builds.stop(app)  # the standards editor's builder thread, when a test started it
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        for step in cleanup:
            step()
    return app, close


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, request.param)
    yield app
    close()


@pytest.fixture
def sqlite_app(tmp_path):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, "sqlite")
    yield app
    close()


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return FormClient(app.test_client())


@pytest.fixture
def sqlite_client(sqlite_app):  # noqa: ANN001, ANN201
    return FormClient(sqlite_app.test_client())


# --- a client that fills forms and checks pages -----------------------------------------------


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.h1 = 0
        self.title = ""
        self._in_title = False
        self.forms_without_action = 0
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "form" and not attributes.get("action"):
            self.forms_without_action += 1
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.hidden[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_title:
            self.title += data


def check_page(html: str) -> _PageParser:
    """Every page of the app: one h1, a title, forms with an action, no duplicate ids."""
    parser = _PageParser()
    parser.feed(html)
    assert parser.h1 == 1, "a page must have exactly one <h1>"
    assert parser.title.strip(), "a page must have a <title>"
    assert parser.forms_without_action == 0, "every form needs an action"
    duplicates = [i for i, n in Counter(parser.ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert '<html lang="id">' in html
    return parser


class FormClient:
    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client
        self.hidden: dict[str, str] = {}

    def get(self, url: str, status: int = 200):  # noqa: ANN201
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        if response.mimetype == "text/html":
            self.hidden = check_page(response.get_data(as_text=True)).hidden
        return response

    def post(self, url: str, data: dict, status: int = 303, files: dict | None = None,
             hidden: bool = True):  # noqa: ANN201
        """Post `data` with the hidden fields (CSRF token, time stamp) of the last page fetched."""
        payload = {**(self.hidden if hidden else {}), **data}
        if files:
            payload.update(files)
        response = self.client.post(url, data=payload,
                                    content_type="multipart/form-data" if files else None)
        assert response.status_code == status, (url, response.status_code,
                                                 _main(response.get_data(as_text=True)))
        if response.mimetype == "text/html" and response.status_code != 303:
            self.hidden = check_page(response.get_data(as_text=True)).hidden
        return response

    def text(self, response) -> str:  # noqa: ANN001
        return _main(response.get_data(as_text=True))


def _main(html: str) -> str:
    found = re.search(r"<main.*?</main>", html, re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0) if found else html)).strip()


def consultation_answers(**changes) -> dict:  # noqa: ANN003
    answers = {
        "topik": "data",
        "pertanyaan": "Berapa jumlah penduduk Kabupaten Kutai Barat menurut kecamatan tahun 2025?",
        "nama": "Budi Santoso",
        "email": "budi@contoh.id",
        "telepon": "",
        "kategori_pengguna": "peneliti_dosen",
        "saluran_balasan": "email",
        "persetujuan": "y",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def complaint_answers(**changes) -> dict:  # noqa: ANN003
    answers = {
        "jenis_aduan": "pengaduan",
        "layanan": SERVICE,
        "aspek": "waktu",
        "uraian": "Saya menunggu lebih dari satu jam di ruang PST tanpa dilayani petugas.",
        "tanggal_kejadian": dt.date.today().isoformat(),
        "penyelesaian": "Penjelasan tertulis dan jadwal konsultasi ulang.",
        "identitas": "biasa",
        "nama": "Siti Aminah",
        "email": "siti@contoh.id",
        "telepon": "0812 3456 7890",
        "persetujuan": "y",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def submit_consultation(client: FormClient, **changes) -> str:  # noqa: ANN003
    """The whole journey; returns the tracking code shown on the confirmation page."""
    client.get(CONSULTATION_URL)
    response = client.post(CONSULTATION_URL, consultation_answers(**changes))
    check = client.get(response.headers["Location"])
    assert "Periksa" in client.text(check)
    done = client.post(CONSULTATION_URL + "periksa/", {})
    return confirmation_code(client, done)


def submit_complaint(client: FormClient, files: dict | None = None, **changes) -> str:  # noqa: ANN003
    client.get(COMPLAINT_URL)
    response = client.post(COMPLAINT_URL, complaint_answers(**changes), files=files)
    client.get(response.headers["Location"])
    done = client.post(COMPLAINT_URL + "periksa/", {})
    return confirmation_code(client, done)


def confirmation_code(client: FormClient, response) -> str:  # noqa: ANN001
    assert response.headers["Location"].endswith("/formulir/terkirim/")
    page = client.get(response.headers["Location"])
    found = re.search(r'class="kode"><strong>([A-Z0-9-]+)</strong>', page.get_data(as_text=True))
    assert found, "the confirmation page shows the tracking code"
    return found.group(1)


# Files as citizens attach them: random data (as compressed photos look) behind real headers.
PNG = png_photo(800 * 1024)
PDF = pdf_document(300 * 1024)
JPEG = jpeg_photo(600 * 1024)
