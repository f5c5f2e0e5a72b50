"""The list editing buttons of the editor's forms, which work without JavaScript.

Each button posts the whole section with `aksi=<verb>:<field>`; the view saves what was typed,
then `apply` changes the document:
- `tambah:<list>` adds an empty item; `tambah:<per-channel component>` adds the channel chosen in
  the list box beside the button;
- `hapus:<list>[n]` removes item n, `hapus:<component>.<channel>` a channel;
- `naik:<list>[n]` / `turun:<list>[n]` move item n up or down;
- `tampilkan:<field>` shows optional fields that are hidden while empty.
The result says where the page comes back to: the item added or moved (a keyboard user's next Tab
is then that item's own buttons), the list after a removal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms_app.editor.forms import paths
from forms_app.editor.forms.sections import Section
from forms_app.editor.forms.widgets import UNKNOWN, Channels, Group, Items, Reveal, Unknown, Widget
from layanan.model import Saluran

VERBS = ("tambah", "hapus", "naik", "turun", "tampilkan")


class UnknownAction(Exception):
    """The button names a field this section does not have."""


@dataclass(frozen=True)
class Applied:
    fragment: str               # the id to scroll back to
    reveal: str | None = None   # a field to show on the next page


def widget_at(section: Section, path: paths.Path) -> Widget | None:
    """The widget that edits the value at `path` (an Unknown's own widget is its inner one)."""
    if not path or not isinstance(path[0], str):
        return None
    widget = section.widget_at(path[0])
    for part in path[1:]:
        while isinstance(widget, Unknown):
            widget = widget.inner
        if isinstance(widget, Items) and isinstance(part, int):
            widget = widget.item
        elif isinstance(widget, Channels) and isinstance(part, str):
            widget = widget.per_channel
        elif isinstance(widget, Group) and isinstance(part, str):
            widget = next((child for child in widget.fields() if child.key == part), None)
        else:
            return None
    while isinstance(widget, Unknown):
        widget = widget.inner
    return widget


def apply(section: Section, document: dict[str, Any], action: str, form: Any) -> Applied:
    verb, _, target = action.partition(":")
    if verb not in VERBS or not target:
        raise UnknownAction(action)
    path = paths.parse(target)
    if paths.label(path) != target:
        raise UnknownAction(action)
    if verb == "tampilkan":
        return _reveal(section, path)
    if verb == "tambah":
        return _add(section, document, path, form)
    if not path or not isinstance(path[-1], (int, str)):
        raise UnknownAction(action)
    parent_path, last = path[:-1], path[-1]
    parent_widget = widget_at(section, parent_path)
    container = paths.get(document, parent_path)
    if isinstance(last, str):  # a channel
        if (verb != "hapus" or not isinstance(parent_widget, Channels) or not isinstance(container, dict)
                or last not in container):
            raise UnknownAction(action)
        container.pop(last)
        return Applied(paths.element_id(parent_path))
    if not isinstance(parent_widget, Items) or not isinstance(container, list) or not 0 <= last < len(container):
        raise UnknownAction(action)
    if verb == "hapus":
        container.pop(last)
        return Applied(paths.element_id(parent_path))
    moved = last
    if verb == "naik" and last > 0:
        container[last - 1], container[last] = container[last], container[last - 1]
        moved = last - 1
    elif verb == "turun" and last < len(container) - 1:
        container[last + 1], container[last] = container[last], container[last + 1]
        moved = last + 1
    return Applied(paths.element_id(parent_path + (moved,)))  # back at the item: the next Tab is its buttons


def _known_on_the_way(section: Section, document: dict[str, Any], path: paths.Path) -> None:
    """Adding to something marked unknown makes it (and what holds it) known."""
    for end in range(1, len(path)):
        value = paths.get(document, path[:end])
        if isinstance(value, dict) and UNKNOWN in value:
            widget = widget_at(section, path[:end])
            blank = widget.blank() if widget is not None else {}
            paths.put(document, path[:end], blank if isinstance(blank, dict) else {})


def _add(section: Section, document: dict[str, Any], path: paths.Path, form: Any) -> Applied:
    widget = widget_at(section, path)
    _known_on_the_way(section, document, path)
    current = paths.get(document, path)
    if isinstance(widget, Items):
        items = current if isinstance(current, list) else []
        items.append(widget.new_item())
        paths.put(document, path, items)
        return Applied(paths.element_id(path + (len(items) - 1,)))
    if isinstance(widget, Channels):
        channel = (form.get(paths.control(path, "baru")) or "").strip()
        if channel not in {c.value for c in Saluran}:
            raise UnknownAction(f"tambah:{paths.label(path)}")
        mapping = current if isinstance(current, dict) and UNKNOWN not in current else {}
        mapping.setdefault(channel, widget.new_channel())
        paths.put(document, path, mapping)
        return Applied(paths.element_id(path))
    raise UnknownAction(f"tambah:{paths.label(path)}")


def _reveal(section: Section, path: paths.Path) -> Applied:
    group = widget_at(section, path[:-1])
    if not isinstance(group, Group) or not any(
            isinstance(child, Reveal) and child.children[0].key == path[-1] for child in group.children):
        raise UnknownAction(f"tampilkan:{paths.label(path)}")
    return Applied(paths.element_id(path), reveal=paths.label(path))
