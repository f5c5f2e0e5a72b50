"""Fixtures for the standards editor's tests: a project of its own (a copy of this repository's
standards, templates and mkdocs.yml, built and published once, so its versions are recorded in
`standard/terbit.json`), an app on it (SQLite and PostgreSQL), and an editor signed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_support import make_staff, sign_in
from forms_app.staff_models import Role
from forms_support import REPO, FormClient, make_app
from layanan.site import Project, build

EDITOR_EMAIL = "penyunting@pst.contoh.id"


def published_project(folder: Path) -> Project:
    """A copy of the repository's project in `folder`, built and published (site/ and terbit.json)."""
    project = Project(REPO).copy_to(folder)
    build(project)
    return project


@pytest.fixture
def editor_project(tmp_path: Path) -> Project:
    return published_project(tmp_path / "proyek")


@pytest.fixture(params=["sqlite", "postgresql"])
def editor_app(request, tmp_path, editor_project):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, request.param, LAYANAN_PROJECT=str(editor_project.root))
    yield app
    close()


@pytest.fixture
def editor_sqlite_app(tmp_path, editor_project):  # noqa: ANN001, ANN201
    app, close = make_app(tmp_path, "sqlite", LAYANAN_PROJECT=str(editor_project.root))
    yield app
    close()


def make_editor(app, email: str = EDITOR_EMAIL, name: str = "Sari Penyunting",  # noqa: ANN001
                role: Role = Role.penyunting_standar, **kwargs) -> dict:  # noqa: ANN003
    """An editor of standards (two-step sign-in, like every role that publishes)."""
    return make_staff(app, email=email, role=role, name=name, two_factor=True, **kwargs)


def signed_in_editor(app, **kwargs) -> FormClient:  # noqa: ANN001, ANN003
    client = FormClient(app.test_client())
    sign_in(client, make_editor(app, **kwargs))
    return client
