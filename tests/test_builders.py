"""Both static-site builders (MkDocs, the default, and Zensical) build the same site_src/ and
mkdocs.yml: strict, into the folder they are given, never into the published `site`."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from conftest import replace_in
from layanan.builders import BUILDERS, ZENSICAL_CACHE_DIR, ZENSICAL_WORK_DIR, BuildFailed, run_builder
from layanan.site import Project, build, render

SERVICE_PAGE = "standar/pst-bps-kutai-barat/konsultasi-statistik/index.html"
EPOCH = 1_735_689_600  # 2025-01-01


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The seed's Markdown rendered and published once (with the default builder)."""
    project = Project(Path(__file__).resolve().parent.parent).copy_to(tmp_path_factory.mktemp("bangun") / "proyek")
    build(project)
    return project


@pytest.mark.parametrize("name", BUILDERS)
def test_each_builder_writes_the_site_into_the_folder_given_and_leaves_the_published_site(
        rendered, tmp_path, name):
    published = rendered.root / "site"
    target_before, published_before = published.resolve(), tree_digest(published)
    out = tmp_path / "keluaran"  # outside the project folder, as tests and benchmarks use

    run_builder(name, rendered.mkdocs_config, out, EPOCH)

    page = (out / SERVICE_PAGE).read_text(encoding="utf-8")
    assert "Pelayanan Konsultasi Statistik" in page
    assert 'lang="id"' in page
    assert (out / "assets/layanan.css").read_text(encoding="utf-8") == \
        (rendered.docs_dir() / "assets/layanan.css").read_text(encoding="utf-8")
    assert published.is_symlink() and published.resolve() == target_before
    assert tree_digest(published) == published_before
    assert not (rendered.root / "build").exists(), "mkdocs.yml's own site_dir was written"
    assert sorted(p.name for p in rendered.root.glob(".zensical-*.yml")) == [], "a build's config stayed behind"


@pytest.mark.parametrize("name", BUILDERS)
def test_a_second_build_into_the_same_folder_replaces_it_and_is_identical(rendered, tmp_path, name):
    out = tmp_path / "keluaran"
    run_builder(name, rendered.mkdocs_config, out, EPOCH)
    first = tree_digest(out)
    (out / "sisa-build-lama.html").write_text("lama", encoding="utf-8")

    run_builder(name, rendered.mkdocs_config, out, EPOCH)

    assert tree_digest(out) == first


def test_zensical_keeps_its_cache_in_the_project_across_output_folders(rendered, tmp_path):
    run_builder("zensical", rendered.mkdocs_config, tmp_path / "satu", EPOCH)
    cache = rendered.root / ZENSICAL_CACHE_DIR
    entries = sorted(p.name for p in cache.iterdir())
    assert entries, "Zensical kept no cache"

    run_builder("zensical", rendered.mkdocs_config, tmp_path / "dua", EPOCH)

    assert sorted(p.name for p in cache.iterdir()) == entries  # same configuration, same cache entries
    assert tree_digest(tmp_path / "satu") == tree_digest(tmp_path / "dua")
    assert not (rendered.root / ZENSICAL_WORK_DIR / "situs").exists()  # moved out, not copied


@pytest.mark.parametrize("name", BUILDERS)
def test_a_broken_link_refuses_the_build_and_names_the_file(project, tmp_path, name):
    render(project)
    replace_in(project.docs_dir() / "privasi.md", "\n", "\n\nLihat [halaman lama](halaman-lama.md).\n")
    out = tmp_path / "keluaran"

    with pytest.raises(BuildFailed) as refused:
        run_builder(name, project.mkdocs_config, out, EPOCH)

    message = str(refused.value)
    assert "menolak membangun situs" in message
    if name == "zensical":  # MkDocs logs the file and the link; its exception only counts warnings
        assert "privasi.md:" in message
        assert "Traceback" not in message and "\x1b[" not in message
    assert not (out / "index.html").exists()


def test_an_unknown_builder_is_refused_with_the_choices(rendered, tmp_path):
    with pytest.raises(BuildFailed, match="Pilih salah satu: mkdocs, zensical"):
        run_builder("hugo", rendered.mkdocs_config, tmp_path / "keluaran", EPOCH)


@pytest.mark.parametrize("name", BUILDERS)
def test_the_published_symlink_is_never_a_builders_output(rendered, name):
    published = rendered.root / "site"
    before = tree_digest(published)

    with pytest.raises(BuildFailed, match="tautan"):
        run_builder(name, rendered.mkdocs_config, published, EPOCH)

    assert tree_digest(published) == before


def test_without_zensical_installed_the_message_says_how_to_install_it(rendered, tmp_path, monkeypatch):
    monkeypatch.delitem(sys.modules, "zensical", raising=False)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if "site-packages" not in p])
    monkeypatch.setattr(sys, "path_importer_cache", {})

    with pytest.raises(BuildFailed) as refused:
        run_builder("zensical", rendered.mkdocs_config, tmp_path / "keluaran", EPOCH)

    message = str(refused.value)
    assert "Zensical belum terpasang" in message
    assert "install \"zensical==" in message
    assert "--pembangun mkdocs" in message
    assert not (tmp_path / "keluaran").exists()


def test_the_build_date_reaches_the_builder(rendered, tmp_path):
    """SOURCE_DATE_EPOCH is set for the build: MkDocs' sitemap carries it (Zensical writes no date)."""
    config = rendered.root / "mkdocs-dengan-alamat.yml"
    config.write_text("INHERIT: mkdocs.yml\nsite_url: https://standar.contoh.go.id/\n", encoding="utf-8")

    for name in BUILDERS:
        run_builder(name, config, tmp_path / name, EPOCH)

    assert "<lastmod>2025-01-01</lastmod>" in (tmp_path / "mkdocs/sitemap.xml").read_text(encoding="utf-8")
    zensical_sitemap = (tmp_path / "zensical/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://standar.contoh.go.id/" + SERVICE_PAGE.removesuffix("index.html") in zensical_sitemap


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_every_keyboard_stop_can_be_seen(built_seed_site, builder, width):
    """Tab through the service page: no keyboard stop is hidden from assistive technology.

    (Zensical's palette radio, aria-hidden and 0 × 0 px, was such a stop at every width;
    axe-core reported it at 320 px only.)
    """
    from browser import launched_chromium, serve_folder

    with launched_chromium() as browser, serve_folder(built_seed_site.root / "site") as url:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        page = context.new_page()
        try:
            page.goto(url + "/" + SERVICE_PAGE.removesuffix("index.html"))
            stops = []
            for _ in range(25):
                page.keyboard.press("Tab")
                stops.append(page.evaluate(
                    "() => { const e = document.activeElement;"
                    " return {tag: e.tagName, id: e.id, hidden: !!e.closest('[aria-hidden=true]')}; }"))
        finally:
            context.close()
    assert [s for s in stops if s["hidden"]] == []
    assert any(s["tag"] == "A" for s in stops)
