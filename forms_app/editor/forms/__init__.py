"""The standards editor's forms: the sections of a unit's profile and of a service's standard,
how each turns the document into form fields and back, the list editing buttons, and where each
problem `layanan check` reports is shown.

- forms_app/editor/forms/paths.py: a field's label (as `layanan check` names it), input name and id
- forms_app/editor/forms/widgets.py: the pieces of a form (text, choice, duration, list, per channel,
  known or unknown with a reason)
- forms_app/editor/forms/sections.py: a section; service.py and unit.py: the sections themselves
- forms_app/editor/forms/actions.py: add, remove, move up/down, show optional fields
- forms_app/editor/forms/problems.py: problems placed beside their fields, in a section or the overview
"""

from __future__ import annotations

from forms_app.editor.forms import service, unit
from forms_app.editor.forms.sections import Section
from forms_app.editor_models import DraftKind


def sections_for(kind: DraftKind) -> tuple[Section, ...]:
    return unit.SECTIONS if kind is DraftKind.unit else service.SECTIONS


def section_named(kind: DraftKind, slug: str) -> Section | None:
    return next((section for section in sections_for(kind) if section.slug == slug), None)


__all__ = ["Section", "section_named", "sections_for"]
