"""The posters of a build: which PDFs the site offers, made once per content, placed in each build.

A poster takes 20–50 ms of ReportLab layout, so 2,750 of them would double a large build. So:

* each poster is named by a hash of what it is drawn from (the unit's and the service's version
  content, the two addresses in its QR codes, its label, and the poster code and libraries) and
  kept in `.site-builds/.cache/poster/<hash>.pdf`: a poster is drawn once, whatever builds follow;
* the missing ones are drawn in a background process while the site generator (MkDocs or
  Zensical) builds the pages on the other core (`drawn_meanwhile`);
* then each build links them into its output (`place`) — a hard link, no copy.

The pages link to the posters with plain HTML links, so the site generator's link check does not
look for them among its sources.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from layanan.catalog import Catalog, ServiceEntry, UnitEntry
from layanan.model import TidakDiketahui

GENERATED_DIR = "standar"
MAKLUMAT_PDF = "maklumat-pelayanan.pdf"
LOCAL_SITE_URL = "http://127.0.0.1:8000/"
"""Where `make run` serves the site: the QR codes point here until mkdocs.yml's site_url is set."""


def poster_file(service_id: str) -> str:
    return f"standar-pelayanan-{service_id}.pdf"


class PosterFailed(Exception):
    """A poster could not be drawn; the message names it, in Indonesian."""


@dataclass(frozen=True)
class Poster:
    """One PDF of the site: where it goes (relative to the site's root) and what it is drawn from."""

    target: str
    key: str
    unit: UnitEntry
    service: ServiceEntry | None
    page_url: str
    complaint_url: str = ""
    label: str = ""

    def draw(self) -> bytes:
        from layanan.poster import poster_layanan, poster_maklumat

        unit = self.unit.unit
        if self.service is None:
            return poster_maklumat(unit, unit_id=self.unit.id, page_url=self.page_url)
        return poster_layanan(unit, self.service.shown.model, unit_id=self.unit.id, service_id=self.service.id,
                              page_url=self.page_url, complaint_url=self.complaint_url, version_label=self.label)


@cache
def _poster_code_stamp() -> str:
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent / "poster"
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    for source in ("formatting.py", "durasi.py", "model.py", "posters.py"):
        digest.update((Path(__file__).resolve().parent / source).read_bytes())
    for name in ("reportlab", "segno"):
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


def posters_of(catalog: Catalog, site_url: str) -> list[Poster]:
    """Every poster the site offers: one per unit (its Maklumat), one per service (the version shown)."""
    site_url = site_url.rstrip("/") + "/"
    posters = []
    for unit in [*catalog.units.values(), *catalog.announced_units.values()]:
        page_url = f"{site_url}{GENERATED_DIR}/{unit.id}/"
        posters.append(Poster(f"{GENERATED_DIR}/{unit.id}/{MAKLUMAT_PDF}",
                              _key("maklumat", unit.shown.content, page_url), unit, None, page_url))
    for service in [*catalog.services, *catalog.announced_services]:
        unit = catalog.units.get(service.unit_id) or catalog.announced_units[service.unit_id]
        version = service.shown
        label = f"Versi {version.number}"
        if not isinstance(version.model.versi, TidakDiketahui):
            label += f" ({version.model.versi})"
        page_url = f"{site_url}{GENERATED_DIR}/{service.unit_id}/{service.id}/"
        complaint_url = f"{site_url}formulir/{service.unit_id}/pengaduan/?layanan={service.id}"
        posters.append(Poster(
            f"{GENERATED_DIR}/{service.unit_id}/{service.id}/{poster_file(service.id)}",
            _key("layanan", unit.shown.content, version.content, page_url, complaint_url, label, service.id),
            unit, service, page_url, complaint_url, label,
        ))
    return posters


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join((_poster_code_stamp(), *parts)).encode()).hexdigest()


def missing(posters: list[Poster], folder: Path) -> list[Poster]:
    return [poster for poster in posters if not (folder / f"{poster.key}.pdf").is_file()]


def draw(posters: list[Poster], folder: Path) -> None:
    """Draw `posters` into the cache folder, each written atomically under its key."""
    folder.mkdir(parents=True, exist_ok=True)
    for poster in posters:
        try:
            data = poster.draw()
        except Exception as exc:  # noqa: BLE001 - named and re-raised for the build's message
            raise PosterFailed(f"poster {poster.target} tidak dapat dibuat: {exc}") from None
        temporary = folder / f".{poster.key}.{os.getpid()}.baru"
        temporary.write_bytes(data)
        os.replace(temporary, folder / f"{poster.key}.pdf")


@contextmanager
def drawn_meanwhile(posters: list[Poster], folder: Path) -> Iterator[None]:
    """Draw the missing posters in a background process while the body runs (the site generator).

    On leaving, waits for them; a poster that failed raises PosterFailed."""
    todo = missing(posters, folder)
    if not todo:
        yield
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        draw(todo, folder)
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        future = pool.submit(draw, todo, folder)
        try:
            yield
        except BaseException:
            future.cancel()
            raise
        future.result()


def place(posters: list[Poster], folder: Path, site: Path) -> None:
    """Put every poster into the built site `site` (hard links to the cache; a copy across disks)."""
    for poster in posters:
        source = folder / f"{poster.key}.pdf"
        target = site / poster.target
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def prune(posters: list[Poster], folder: Path) -> None:
    """Remove cached posters no part of the site uses any more."""
    wanted = {f"{poster.key}.pdf" for poster in posters}
    if folder.is_dir():
        for path in folder.glob("*.pdf"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
