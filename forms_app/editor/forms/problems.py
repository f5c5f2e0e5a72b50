"""Where the problems `standard_drafts.check` finds are shown.

A problem's field (`prosedur.online.langkah[2]`) is the label of a value's path, the same as the
name of the input that edits it; a problem goes beside that input, or beside the nearest piece
of the form that holds it (a list, a group, a component) when the value itself has no input.
Every error is also in the error summary at the top of the page, linked to where it is shown;
one whose field has no place on the page is listed with the section's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms_app.editor.forms import paths
from forms_app.editor.forms.sections import Section
from forms_app.editor.forms.widgets import Node
from layanan.problems import Problem, Severity


@dataclass(frozen=True)
class Entry:
    """One line of the error summary (or of the notes): where it links to, and what it says."""

    target: str | None
    text: str


@dataclass
class Placed:
    errors: list[Entry] = field(default_factory=list)
    warnings: list[Entry] = field(default_factory=list)


def node_for(nodes: dict[str, Node], problem_field: str) -> Node | None:
    path = paths.parse(problem_field)
    while path:
        found = nodes.get(paths.label(path))
        if found is not None:
            return found
        path = path[:-1]
    return None


def place(section: Section, nodes: dict[str, Node], problems: list[Problem]) -> Placed:
    """Put each of the section's problems beside its field; return the summary's entries."""
    placed = Placed()
    for problem in problems:
        if not section.owns(problem.field):
            continue
        node = node_for(nodes, problem.field or "")
        is_error = problem.severity is Severity.ERROR
        if node is not None:
            (node.errors if is_error else node.warnings).append(problem.message)
            entry = Entry(node.id, f"{node.where}: {problem.message}")
        else:
            entry = Entry(None, f"{section.title} ({problem.field}): {problem.message}")
        (placed.errors if is_error else placed.warnings).append(entry)
    return placed


@dataclass
class Overview:
    """The problems of a whole draft, counted per section; those of no section listed apart."""

    errors: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    elsewhere: list[Problem] = field(default_factory=list)


def per_section(sections: tuple[Section, ...], problems: list[Problem]) -> Overview:
    overview = Overview({section.slug: 0 for section in sections}, {section.slug: [] for section in sections})
    for problem in problems:
        owner = next((section for section in sections if section.owns(problem.field)), None)
        if owner is None:
            overview.elsewhere.append(problem)
        elif problem.severity is Severity.ERROR:
            overview.errors[owner.slug] += 1
        else:
            overview.warnings[owner.slug].append(f"{problem.field}: {problem.message}")
    return overview
