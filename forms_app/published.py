"""The standards the app serves: those of the published build, re-read when it changes.

`layanan build` validates the standards, keeps a copy of what it validated beside the site it
built (`.site-builds/<build>/standard/`) and then switches the `site` symlink to that build
(see layanan/publish.py). Every worker of the app looks at that one symlink, at most once a
second (a readlink), and re-reads the copy when it points elsewhere. So:

* a new valid build is offered by the forms without a restart, by every worker alike;
* invalid files on disk never reach the app: the build refused them, and the symlink still
  points to the last valid build;
* with no build published (tests, a fresh checkout) the app reads `standard/` itself; if those
  files are invalid it still starts, and its pages answer 503 until the standards can be read.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from werkzeug.exceptions import HTTPException

from layanan.catalog import Catalog, load
from layanan.publish import SNAPSHOT_DIR, build_moment, published_build

log = logging.getLogger(__name__)

NO_BUILD = ""


class StandardsUnavailable(HTTPException):
    """No valid standards to serve: answered with a 503 page in Indonesian."""

    code = 503
    title = "Layanan online belum dapat dipakai"
    description = (
        "Standar pelayanan belum dapat dibaca, jadi formulir dan pelacakan belum dapat dibuka. "
        "Coba lagi beberapa menit lagi. Bila mendesak, datang langsung atau hubungi unit layanan "
        "melalui kontak pada halaman standar pelayanan."
    )


class PublishedCatalog:
    """The catalog of the published build of one project, checked at most every `check_every` s."""

    def __init__(self, project_root: Path, check_every: float = 1.0) -> None:
        self.project_root = Path(project_root)
        self.check_every = check_every
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._source: str | None = None  # the build folder loaded, or NO_BUILD for standard/
        self._catalog: Catalog | None = None

    def catalog(self) -> Catalog:
        if time.monotonic() >= self._next_check:
            with self._lock:
                if time.monotonic() >= self._next_check:
                    self._refresh()
                    self._next_check = time.monotonic() + self.check_every
        if self._catalog is None:
            raise StandardsUnavailable()
        return self._catalog

    @property
    def source(self) -> str | None:
        """Which build the catalog came from (its folder), NO_BUILD for standard/, None before any."""
        return self._source

    def _refresh(self) -> None:
        build = published_build(self.project_root / "site")
        source = str(build) if build is not None else NO_BUILD
        if source == self._source and (self._catalog is not None or source != NO_BUILD):
            return  # the same build (or a broken one already reported): nothing to read
        folder = build / SNAPSHOT_DIR if build is not None else self.project_root / "standard"
        today, at = build_moment(build) if build is not None else (None, None)
        result = load(folder, workers=1, today=today, at=at)  # the versions in force the site shows
        self._source = source
        if result.errors:
            log.error("standar di %s tidak dapat dibaca (%d galat); %s", folder, len(result.errors),
                      "versi sebelumnya tetap dipakai" if self._catalog else "formulir menjawab 503")
            return
        self._catalog = result.catalog
