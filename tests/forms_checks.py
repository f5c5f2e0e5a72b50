"""What the forms tests look at: the rows and files a form leaves behind, and what a page
says about errors (the summary's links and the message beside each field)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from forms_app.extensions import db
from forms_app.models import Attachment, Draft, OutboxMessage, Submission

# --- what is stored ---------------------------------------------------------------------------


def stored(app) -> dict:  # noqa: ANN001
    """Rows in each table a form writes to, and the files in the upload folder."""
    with app.app_context():
        found = {model.__tablename__: db.session.scalar(db.select(db.func.count()).select_from(model))
                 for model in (Submission, Draft, Attachment, OutboxMessage)}
    folder = Path(app.config["UPLOAD_FOLDER"])
    found["berkas"] = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return found


NOTHING = {"pengajuan": 0, "draf": 0, "lampiran": 0, "kotak_keluar": 0, "berkas": []}


# --- what the page says -----------------------------------------------------------------------


class _Errors(HTMLParser):
    """The error summary's links (href, text), and the message beside each field (by field id)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.beside: dict[str, str] = {}
        self._summary = False
        self._item: list[str] | None = None
        self._href: str | None = None
        self._beside: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        classes = (attributes.get("class") or "").split()
        if tag == "div" and "ringkasan-galat" in classes:
            self._summary = True
        elif self._summary and tag == "li":
            self._item, self._href = [], None
        elif self._summary and tag == "a":
            self._href = attributes.get("href")
        elif tag == "p" and "galat" in classes:
            self._beside, self._text = attributes.get("id", ""), []

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "div":
            self._summary = False
        elif tag == "li" and self._item is not None:
            text = _squash("".join(self._item))
            (self.links.append((self._href, text)) if self._href else self.notes.append(text))
            self._item = None
        elif tag == "p" and self._beside is not None:
            text = _squash("".join(self._text))
            self.beside[self._beside.removesuffix("-galat")] = text.removeprefix("Galat:").strip()
            self._beside = None

    def handle_data(self, data):  # noqa: ANN001
        if self._item is not None:
            self._item.append(data)
        if self._beside is not None:
            self._text.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def errors_of(response) -> _Errors:  # noqa: ANN001
    parser = _Errors()
    parser.feed(response.get_data(as_text=True))
    return parser


def no_file() -> tuple:
    """What a browser posts for a file input left empty: a part with no name and no bytes."""
    return (io.BytesIO(b""), "")
