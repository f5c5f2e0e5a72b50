"""Attachments as phones make them: megabytes of random data, three at once, on SQLite and
PostgreSQL; their metadata stripped; the drafts that hold them capped and purged; files and
database readable by their owner only."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import stat
from pathlib import Path

import pytest
from forms_checks import NOTHING, errors_of, stored
from forms_files import MEGABYTE, camera_jpeg, camera_png, jpeg_photo, pdf_document, png_photo
from forms_support import COMPLAINT_URL, FormClient, complaint_answers, make_app, submit_complaint

from forms_app.extensions import db
from forms_app.models import Attachment, Complaint, Draft

TOO_BIG = "Berkas 'surat.pdf' lebih dari 5 MB — perkecil atau pilih berkas lain"


def post_complaint(client: FormClient, files: list[tuple[bytes, str]], status: int):  # noqa: ANN201
    client.get(COMPLAINT_URL)
    return client.post(COMPLAINT_URL, complaint_answers(), status=status,
                       files={"lampiran": [(io.BytesIO(data), name) for data, name in files]})


def stored_attachments(app, code: str) -> list[tuple[Attachment, bytes]]:  # noqa: ANN001
    with app.app_context():
        complaint = db.session.scalar(db.select(Complaint).where(Complaint.kode == code))
        folder = Path(app.config["UPLOAD_FOLDER"])
        return [(a, (folder / a.nama_simpan).read_bytes()) for a in complaint.lampiran]


def test_three_files_of_random_data_up_to_5_mb_are_stored_as_sent(app, client):
    sent = [(jpeg_photo(1 * MEGABYTE), "foto.jpg"), (png_photo(int(4.9 * MEGABYTE)), "layar.png"),
            (pdf_document(int(4.9 * MEGABYTE)), "surat.pdf")]
    code = submit_complaint(client, files={"lampiran": [(io.BytesIO(data), name) for data, name in sent]})
    found = stored_attachments(app, code)
    assert [(a.nama_asli, a.jenis_media) for a, _ in found] == [
        ("foto.jpg", "image/jpeg"), ("layar.png", "image/png"), ("surat.pdf", "application/pdf")]
    for (attachment, content), (data, _) in zip(found, sent, strict=True):
        assert content == data  # nothing to strip: the file is kept byte for byte
        assert attachment.ukuran == len(data) and attachment.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("repeat", range(3))
def test_a_megabyte_photo_is_never_refused_as_too_large(sqlite_client, repeat):
    """Random data ends Werkzeug's reads with a CR or LF often enough that this failed 4 times in 5."""
    response = post_complaint(sqlite_client, [(jpeg_photo(MEGABYTE), "foto.jpg")], 303)
    assert response.headers["Location"].endswith("/periksa/")


def test_a_file_over_5_mb_among_three_is_refused_beside_the_field_and_nothing_is_stored(app, client):
    response = post_complaint(client, [(jpeg_photo(MEGABYTE), "foto.jpg"),
                                       (png_photo(int(4.9 * MEGABYTE)), "layar.png"),
                                       (pdf_document(int(5.1 * MEGABYTE)), "surat.pdf")], 400)
    errors = errors_of(response)
    assert errors.beside["lampiran"] == TOO_BIG
    assert ("#lampiran", TOO_BIG) in errors.links
    assert stored(app) == NOTHING


def test_photos_chosen_with_a_mistake_elsewhere_are_said_not_kept(app, client):
    """The form shown again cannot hold the chosen files (no-JS): say so beside the field, naming them."""
    client.get(COMPLAINT_URL)
    response = client.post(COMPLAINT_URL, complaint_answers(uraian=""), status=400,
                           files={"lampiran": [(io.BytesIO(jpeg_photo(MEGABYTE)), "rumah.jpg"),
                                               (io.BytesIO(png_photo(MEGABYTE)), "layar <b>.png")]})
    html = response.get_data(as_text=True)
    notice = html[html.index('id="lampiran-belum-tersimpan"'):]
    notice = notice[:notice.index("</p>")]
    assert "belum tersimpan" in notice and "rumah.jpg, layar &lt;b&gt;.png" in notice
    assert "pilih berkasnya lagi" in notice
    assert errors_of(response).beside == {"uraian": "Isi apa yang terjadi"}
    assert stored(app) == NOTHING


def test_text_fields_stay_bounded_in_a_multipart_form(sqlite_app):
    client = FormClient(sqlite_app.test_client())
    client.get(COMPLAINT_URL)
    response = client.post(COMPLAINT_URL, complaint_answers(uraian="A" * 100_000), status=413,
                           files={"lampiran": [(io.BytesIO(jpeg_photo(MEGABYTE)), "foto.jpg")]})
    assert "Kiriman terlalu besar" in client.text(response)
    assert stored(sqlite_app) == NOTHING


# --- metadata ---------------------------------------------------------------------------------


def test_gps_and_comments_are_stripped_from_a_phone_jpeg_which_still_decodes(sqlite_app, sqlite_client):
    from PIL import Image

    photo = camera_jpeg(orientation=6)
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the fixture does carry GPS
    code = submit_complaint(sqlite_client, files={"lampiran": [(io.BytesIO(photo), "foto.jpg")]})
    [(attachment, content)] = stored_attachments(sqlite_app, code)
    assert b"Sendawar" not in content and b"xmpmeta" not in content and b"PonselMerek" not in content
    image = Image.open(io.BytesIO(content))
    image.load()
    assert image.size == (320, 240)
    exif = image.getexif()
    assert not exif.get_ifd(0x8825) and 0x010F not in exif  # no GPS, no device
    assert exif.get(0x0112) == 6  # the orientation stays: a portrait photo is not shown on its side
    assert "comment" not in image.info and "xmp" not in image.info
    assert image.info["icc_profile"] == b"ICCPROFILE-KEEP-ME" * 8
    assert attachment.ukuran == len(content) < len(photo)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


def test_exif_and_text_chunks_are_stripped_from_a_png_which_still_decodes(sqlite_app, sqlite_client):
    from PIL import Image

    picture = camera_png()
    code = submit_complaint(sqlite_client, files={"lampiran": [(io.BytesIO(picture), "layar.png")]})
    [(attachment, content)] = stored_attachments(sqlite_app, code)
    for chunk in (b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"Sendawar"):
        assert chunk not in content
    image = Image.open(io.BytesIO(content))
    image.load()
    assert image.size == (64, 48) and not image.getexif()
    assert image.tobytes() == Image.open(io.BytesIO(picture)).tobytes()  # the same pixels
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


# --- drafts: caps and purge -------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def capped_app(request, tmp_path):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, request.param, DRAFTS_MAX_BYTES=10 * MEGABYTE,
                          DRAFTS_MAX_BYTES_PER_CLIENT=6 * MEGABYTE)
    yield app
    close()


def client_at(app, address: str) -> FormClient:  # noqa: ANN001
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return FormClient(client)


def test_drafts_from_one_client_address_are_capped(capped_app):
    post_complaint(client_at(capped_app, "10.0.0.1"), [(jpeg_photo(4 * MEGABYTE), "a.jpg")], 303)
    before = stored(capped_app)
    second_session = client_at(capped_app, "10.0.0.1")
    response = post_complaint(second_session, [(jpeg_photo(4 * MEGABYTE), "b.jpg")], 400)
    assert errors_of(response).beside["lampiran"].startswith("Dari alamat Anda sudah ada banyak lampiran")
    assert stored(capped_app) == before  # nothing half-written
    post_complaint(client_at(capped_app, "10.0.0.2"), [(jpeg_photo(4 * MEGABYTE), "c.jpg")], 303)


def test_ipv6_clients_are_counted_by_their_64(capped_app):
    post_complaint(client_at(capped_app, "2001:db8:1:2::10"), [(jpeg_photo(4 * MEGABYTE), "a.jpg")], 303)
    post_complaint(client_at(capped_app, "2001:db8:1:2::99"), [(jpeg_photo(4 * MEGABYTE), "b.jpg")], 400)
    post_complaint(client_at(capped_app, "2001:db8:1:3::10"), [(jpeg_photo(4 * MEGABYTE), "c.jpg")], 303)


def test_all_pending_drafts_together_are_capped(capped_app):
    for number in range(2):
        post_complaint(client_at(capped_app, f"10.0.1.{number}"), [(jpeg_photo(4 * MEGABYTE), "a.jpg")], 303)
    before = stored(capped_app)
    response = post_complaint(client_at(capped_app, "10.0.1.9"), [(jpeg_photo(4 * MEGABYTE), "b.jpg")], 400)
    assert errors_of(response).beside["lampiran"].startswith("Saat ini kami tidak dapat menerima lampiran lagi")
    assert stored(capped_app) == before
    # Without attachments the complaint still goes through.
    client = client_at(capped_app, "10.0.1.9")
    client.get(COMPLAINT_URL)
    client.post(COMPLAINT_URL, complaint_answers(), files={"lampiran": [(io.BytesIO(b""), "")]})


def test_saving_a_draft_purges_expired_ones_with_their_files(capped_app):
    post_complaint(client_at(capped_app, "10.0.2.1"), [(jpeg_photo(4 * MEGABYTE), "lama.jpg")], 303)
    with capped_app.app_context():
        old = db.session.scalars(db.select(Draft)).one()
        old.dibuat = old.dibuat - dt.timedelta(hours=25)
        db.session.commit()
    old_files = stored(capped_app)["berkas"]
    # The expired draft's 4 MB no longer count, and it is gone after the next save.
    post_complaint(client_at(capped_app, "10.0.2.1"), [(jpeg_photo(4 * MEGABYTE), "baru.jpg")], 303)
    after = stored(capped_app)
    assert after["draf"] == 1 and after["lampiran"] == 1
    assert not set(old_files) & set(after["berkas"])


# --- permissions ------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_uploads_and_database_are_readable_by_their_owner_only(tmp_path):
    app, close = make_app(tmp_path, "sqlite")
    try:
        client = FormClient(app.test_client())
        submit_complaint(client, files={"lampiran": [(io.BytesIO(jpeg_photo(MEGABYTE)), "foto.jpg")]})
        instance = Path(app.instance_path)
        database = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        assert _mode(instance) == 0o700
        assert _mode(Path(app.config["UPLOAD_FOLDER"])) == 0o700
        files = list(Path(app.config["UPLOAD_FOLDER"]).iterdir())
        assert files and all(_mode(f) == 0o600 for f in files)
        companions = [Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(p.exists() for p in companions)
        for path in [database, *companions]:
            assert _mode(path) == 0o600, path
    finally:
        close()
