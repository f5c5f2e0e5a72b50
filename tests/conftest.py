from __future__ import annotations

from pathlib import Path

import pytest

from layanan.site import Project
from layanan.versions import PUBLISHED_RECORD

REPO = Path(__file__).resolve().parent.parent
SEED_UNIT = Path("unit/pst-bps-kutai-barat/versi-1.yaml")
SEED_SERVICE = Path("layanan/pst-bps-kutai-barat/konsultasi-statistik/versi-1.yaml")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of this repository's project (standards, templates, site sources, mkdocs.yml), as
    before its first build: no version is recorded as published yet, so tests may edit them."""
    copied = Project(REPO).copy_to(tmp_path / "proyek")
    (copied.standard / PUBLISHED_RECORD).unlink(missing_ok=True)
    return copied


@pytest.fixture(scope="session")
def built_seed_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed built once with the real generator and a real, strict MkDocs build."""
    from layanan.site import build

    project = Project(REPO).copy_to(tmp_path_factory.mktemp("seed") / "proyek")
    build(project)
    return project


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(params=[1280, 320], ids=["1280px", "320px"])
def width(request) -> int:
    """A browser test's viewport width: a desktop and the narrowest phone."""
    return request.param


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request) -> bool:
    return request.param


pytest_plugins = ["forms_support"]
