"""The editor's routes: each area of the editor in a module of its own."""

from forms_app.editor import publish_views  # noqa: F401 - preview, difference, publishing, site builds
from forms_app.editor import section_views  # noqa: F401 - the list of standards, drafts and their sections
