"""Attachments: JPEG, PNG or PDF, judged from the content, stored under random names.

The folder is outside anything the app serves (by default `<instance>/lampiran`) and only
its owner can read it (0700; files 0600); the original name is kept only as text. A file
whose name says one type while its content is another is refused, so a renamed program never
passes for a photo. Photos lose their metadata (location, device, comments) before they are
stored (`forms_app.image_metadata`); the stored size and SHA-256 are those of the stored file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from werkzeug.datastructures import FileStorage

from forms_app import image_metadata
from forms_app.models import Attachment
from forms_app.security import create_private_folder

# The usual extension first: it is the one a refused file is told to take.
ALLOWED = {
    "image/jpeg": ("JPEG", (".jpg", ".jpeg", ".jpe", ".jfif")),
    "image/png": ("PNG", (".png",)),
    "application/pdf": ("PDF", (".pdf",)),
}
SNIFF_BYTES = 8192


class AttachmentRejected(ValueError):
    """A file we do not keep; the message tells the citizen why and what to do."""


@dataclass(frozen=True)
class Received:
    path: Path
    stored_name: str
    original_name: str
    media_type: str
    size: int
    sha256: str


def upload_folder() -> Path:
    return create_private_folder(Path(current_app.config["UPLOAD_FOLDER"]))


def display_name(upload: FileStorage) -> str:
    name = os.path.basename((upload.filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or "berkas"


def receive(upload: FileStorage) -> Received:
    """Check one uploaded file and write it to the upload folder; raises AttachmentRejected."""
    name = display_name(upload)
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    head = upload.stream.read(SNIFF_BYTES)
    kind = filetype.guess(head) if head else None
    if not head:
        raise AttachmentRejected(f"Berkas '{name}' kosong — pilih berkas yang berisi dokumen atau foto")
    if kind is None or kind.mime not in ALLOWED:
        raise AttachmentRejected(
            f"Berkas '{name}' bukan JPEG, PNG, atau PDF menurut isinya — lampirkan foto (JPEG/PNG) atau PDF")
    label, extensions = ALLOWED[kind.mime]
    extension = Path(name).suffix.lower()
    if extension and extension not in extensions:
        raise AttachmentRejected(
            f"Nama berkas '{name}' tidak sesuai isinya: isinya {label} — ganti akhiran namanya menjadi "
            f"{extensions[0]} atau lampirkan berkas yang benar")

    data = head + upload.stream.read(limit + 1 - len(head))
    if len(data) > limit:
        raise AttachmentRejected(
            f"Berkas '{name}' lebih dari {limit // (1024 * 1024)} MB — perkecil atau pilih berkas lain")
    data = image_metadata.strip(data, kind.mime)

    stored_name = secrets.token_hex(16)
    folder = upload_folder()
    partial = folder / (stored_name + ".sebagian")
    try:
        with os.fdopen(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        final = folder / stored_name
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Received(final, stored_name, name, kind.mime, len(data), hashlib.sha256(data).hexdigest())


def as_row(received: Received) -> Attachment:
    return Attachment(nama_simpan=received.stored_name, nama_asli=received.original_name,
                      jenis_media=received.media_type, ukuran=received.size, sha256=received.sha256)


def discard(stored_names: list[str]) -> None:
    folder = upload_folder()
    for name in stored_names:
        (folder / name).unlink(missing_ok=True)


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"
