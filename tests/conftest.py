from __future__ import annotations

from pathlib import Path

import pytest

from layanan.builders import BUILDERS
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


SITE_OUTPUT_TESTS = {"test_build", "test_builders", "test_kinerja_browser", "test_open_data", "test_seed_page",
                     "test_site_browser", "test_staff_edits", "test_versions_browser"}
"""Test modules about the built site itself: they run on the output of every builder
(layanan.builders.BUILDERS); the others on the default builder's (MkDocs)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "builder" in metafunc.fixturenames:
        names = BUILDERS if metafunc.module.__name__ in SITE_OUTPUT_TESTS else BUILDERS[:1]
        metafunc.parametrize("builder", names, indirect=True, scope="session")


@pytest.fixture(scope="session")
def builder(request: pytest.FixtureRequest) -> str:
    """The static-site builder that built `built_seed_site` (MkDocs first, then Zensical)."""
    return request.param


@pytest.fixture(scope="session")
def built_seed_site(tmp_path_factory: pytest.TempPathFactory, builder: str) -> Project:
    """The seed built once per builder with the real generator and a real, strict build."""
    from layanan.site import build

    project = Project(REPO).copy_to(tmp_path_factory.mktemp(f"seed-{builder}") / "proyek")
    build(project, builder=builder)
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
