"""`layanan.catalog.load(scope=…)`: reading one unit's files only (what the web editor does on every
save) finds exactly the problems the full check finds in those files, for every bad input of
`layanan check`'s table, with a new version laid over the files (overlay) or not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from layanan.catalog import load

from conftest import SEED_SERVICE, SEED_UNIT
from test_check import CASES, BadInput

UNIT = "pst-bps-kutai-barat"


def _scope(standard: Path) -> list[Path]:
    return [standard / "unit" / UNIT, standard / "layanan" / UNIT]


def _in_scope(problems, scope: list[Path]) -> list:  # noqa: ANN001
    """The problems of the files in `scope`; a hint listing the units that exist names only those
    the reading saw, so it is left out of the comparison."""
    return sorted((p.path, p.line, p.field, p.severity.value, re.sub(r" \(unit yang ada: [^)]*\)", "", p.message))
                  for p in problems if any(p.path == f or f in p.path.parents for f in scope))


def _another_unit(standard: Path) -> None:
    """A second unit with a service, and an error of its own, that the scoped reading never sees."""
    shutil.copytree(standard / "unit" / UNIT, standard / "unit" / "unit-lain")
    folder = standard / "layanan" / "unit-lain" / "layanan-lain"
    folder.mkdir(parents=True)
    text = (standard / SEED_SERVICE).read_text(encoding="utf-8").replace(f"unit: {UNIT}", "unit: unit-lain")
    (folder / "versi-1.yaml").write_text(text.replace("    waktu: 10 menit\n", "    waktu: 10 minggu\n"),
                                         encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_scoped_reading_finds_what_the_full_check_finds_in_the_unit(project, case: BadInput) -> None:
    _another_unit(project.standard)
    case.breaks(project.standard)
    scope = _scope(project.standard)
    full = load(project.standard)
    scoped = load(project.standard, scope=scope)
    assert _in_scope(scoped.problems, scope) == _in_scope(full.problems, scope)
    assert not [p for p in scoped.problems if "layanan-lain" in str(p.path)]  # the other unit is not read
    assert any("layanan-lain" in str(p.path) for p in full.errors)


def test_an_overlay_is_read_in_place_of_a_file_and_never_written(project) -> None:
    path = project.standard / SEED_SERVICE
    before = path.read_bytes()
    text = before.decode("utf-8").replace("    waktu: 10 menit\n", "    waktu: 10 minggu\n")
    result = load(project.standard, overlay={path: text}, scope=_scope(project.standard))
    assert [(p.field, p.message[:30]) for p in result.errors] == [
        ("waktu_penyelesaian.kunjungan_langsung.waktu", "'10 minggu' bukan jangka waktu")]
    assert path.read_bytes() == before
    new = path.with_name("versi-2.yaml")
    result = load(project.standard, overlay={new: before.decode("utf-8")}, scope=_scope(project.standard))
    assert {p.path for p in result.errors} == {new} and not new.exists()
    assert load(project.standard).errors == []  # the files themselves are untouched


def test_the_unit_file_is_in_scope_too(project) -> None:
    assert (project.standard / SEED_UNIT).parent in _scope(project.standard)
