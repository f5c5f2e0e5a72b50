"""A section of the editor: one page of fields for some top-level keys of a standard's document.

`Section.bind` turns the document into the nodes the page renders, `Section.parse` turns the posted
form back into the document (keys the section does not show are left as they are), and
`Section.owns` says which problems `layanan check` reports belong to it (by the first part of the
problem's field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms_app.editor.forms.widgets import KEEP, MISSING, Binding, Node, Widget


@dataclass(frozen=True)
class Section:
    slug: str                  # in the address: /staf/standar/draf/<id>/<slug>/
    title: str
    widgets: tuple[Widget, ...]
    intro: str = ""
    also: tuple[str, ...] = field(default_factory=tuple)  # other keys whose problems are shown here

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(widget.key for widget in self.widgets if widget.key) + self.also

    def owns(self, problem_field: str | None) -> bool:
        if not problem_field:
            return False
        first = problem_field.split(".", 1)[0].split("[", 1)[0]
        return first in self.keys

    def bind(self, document: dict[str, Any], binding: Binding) -> list[Node]:
        return [widget.bind(document.get(widget.key), (widget.key,), binding, "") for widget in self.widgets]

    def parse(self, form: Any, document: dict[str, Any]) -> dict[str, Any]:
        new = dict(document)
        for widget in self.widgets:
            value = widget.parse(form, (widget.key,), document.get(widget.key))
            if value is MISSING:
                new.pop(widget.key, None)
            elif value is not KEEP:
                new[widget.key] = value
        return new

    def summary(self, document: dict[str, Any]) -> list[tuple[str, str]]:
        return [(widget.label, widget.summary(document.get(widget.key))) for widget in self.widgets]

    def widget_at(self, key: str) -> Widget | None:
        for widget in self.widgets:
            if widget.key == key:
                return widget
        return None
