"""`layanan build`: generated Markdown, a strict MkDocs build, determinism, minimal rewrites."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2 import UndefinedError

from layanan.catalog import load
from layanan.cli import main
from layanan.render import render_site
from layanan.site import SiteBuildFailed, build, render

from conftest import SEED_SERVICE, replace_in


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_build_command_builds_the_site_in_strict_mode(project) -> None:
    result = CliRunner().invoke(main, ["build", "--project", str(project.root)])

    assert result.exit_code == 0, result.output
    site = project.root / "site"
    for page in ["index.html", "standar/index.html", "standar/pst-bps-kutai-barat/index.html",
                 "standar/pst-bps-kutai-barat/konsultasi-statistik/index.html",
                 "privasi/index.html", "aksesibilitas/index.html", "search/search_index.json"]:
        assert (site / page).is_file(), page
    assert "1 unit, 1 layanan" in result.output


def test_two_builds_of_the_same_input_are_identical(project, tmp_path) -> None:
    build(project, site_dir=tmp_path / "first")
    shutil.rmtree(project.generated_dir())
    build(project, site_dir=tmp_path / "second")

    assert _tree_digest(tmp_path / "first") == _tree_digest(tmp_path / "second")


def test_only_changed_files_are_rewritten_and_removed_standards_disappear(project) -> None:
    first = render(project).written
    again = render(project).written
    assert first.written and not first.removed
    assert again.written == [] and again.removed == []

    replace_in(project.standard / SEED_SERVICE, "Pengguna layanan mengisi buku tamu elektronik",
               "Pengguna layanan mengisi buku tamu digital")
    changed = render(project).written
    assert changed.written == ["pst-bps-kutai-barat/konsultasi-statistik.json",
                               "pst-bps-kutai-barat/konsultasi-statistik.md",
                               "pst-bps-kutai-barat/konsultasi-statistik/versi-1.md"]

    (project.standard / SEED_SERVICE).unlink()
    removed = render(project).written
    assert "pst-bps-kutai-barat/konsultasi-statistik.md" in removed.removed
    assert not (project.generated_dir() / "pst-bps-kutai-barat" / "konsultasi-statistik.md").exists()


def test_every_generated_page_carries_a_do_not_edit_banner(project) -> None:
    render(project)
    pages = list(project.generated_dir().rglob("*.md"))
    # catalogue, field reference; unit, its profile's history and version 1; service, its history and version 1
    assert len(pages) == 8
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        banner = lines[3] if lines[0] == "---" else lines[0]  # after the front matter (the title)
        assert banner.startswith("<!-- Halaman ini dibuat otomatis oleh `layanan build`")
        assert "Jangan diedit" in banner


def test_build_refuses_invalid_standards_and_writes_nothing(project) -> None:
    replace_in(project.standard / SEED_SERVICE, "    waktu: 10 menit\n", "    waktu: 10\n")

    result = CliRunner().invoke(main, ["build", "--project", str(project.root)])

    assert result.exit_code == 1
    assert "'10' tidak punya satuan" in result.output
    assert "Situs tidak dibangun" in result.output
    assert not any(project.generated_dir().rglob("*.md"))
    assert not (project.root / "site").exists()


def test_undefined_template_variable_is_an_error(project) -> None:
    template = project.templates / "layanan.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{{ layanan_yang_tidak_ada }}\n",
                        encoding="utf-8")
    catalog = load(project.standard).catalog

    with pytest.raises(UndefinedError):
        render_site(catalog, project.templates)


def test_mkdocs_strict_mode_catches_a_broken_link(project) -> None:
    (project.docs_dir() / "privasi.md").write_text("# Privasi\n\n[hilang](tidak-ada.md)\n",
                                                   encoding="utf-8")
    with pytest.raises(SiteBuildFailed):
        build(project)


def test_pages_load_nothing_from_another_host(built_seed_site) -> None:
    """Static check of what a page would fetch; the browser tests watch real requests too."""
    site = built_seed_site.root / "site"
    loads_from_elsewhere = re.compile(
        r"<(?:script|img|iframe|source|audio|video)[^>]+src=\"(?:https?:)?//"
        r"|<link(?![^>]*rel=\"(?:canonical|alternate)\")[^>]+href=\"(?:https?:)?//"  # a page's own address is no load
        r"|url\((?:['\"])?(?:https?:)?//"
    )
    pages = list(site.rglob("*.html"))
    assert pages
    for page in pages:
        match = loads_from_elsewhere.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page}: {match.group(0) if match else ''}"


def test_build_strict_refuses_when_a_component_is_unpublished(project) -> None:
    result = CliRunner().invoke(main, ["build", "--strict", "--project", str(project.root)])

    assert result.exit_code == 1
    assert "situs tidak dibangun" in result.output
    assert not (project.root / "site").exists()


def test_committed_generated_pages_are_up_to_date() -> None:
    """site_src/standar/ is committed for review; it must be what the standards render to."""
    from conftest import REPO
    from layanan.site import Project

    repo = Project(REPO)
    expected = render_site(load(repo.standard).catalog, repo.templates)
    folder = repo.generated_dir()
    on_disk = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
               for p in folder.rglob("*") if p.is_file()}
    assert on_disk == expected, "run `layanan build` and commit site_src/standar/"
