"""The editor's routes: each area of the editor in a module of its own."""

from forms_app.editor import publish_views  # noqa: F401 - preview, difference, publishing, site builds
