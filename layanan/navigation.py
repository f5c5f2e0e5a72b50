"""How readers find a standard: catalogue → instansi → provinsi → … → unit → its services.

The hierarchy lives in the pages themselves (the catalogue groups units by their
`hierarki`; every unit and service page opens with a breadcrumb back up), not in
the theme's sidebar. So each page carries the same small sidebar however many
units the site holds, and building it costs the same per page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from layanan.catalog import Catalog, UnitEntry


@dataclass
class HierarchyNode:
    name: str
    path: tuple[str, ...] = ()
    children: dict[str, HierarchyNode] = field(default_factory=dict)
    units: list[UnitEntry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """A stable id for this level's heading in the catalogue."""
        return "h-" + "--".join(slug(name) for name in self.path)

    @property
    def depth(self) -> int:
        return len(self.path)

    def sorted_children(self) -> list[HierarchyNode]:
        return [self.children[name] for name in sorted(self.children)]

    def sorted_units(self) -> list[UnitEntry]:
        return sorted(self.units, key=lambda u: (u.unit.nama, u.id))


def build_hierarchy(catalog: Catalog) -> HierarchyNode:
    root = HierarchyNode(name="")
    for entry in catalog.units.values():
        node = root
        for level in entry.unit.hierarki:
            node = node.children.setdefault(level, HierarchyNode(name=level, path=node.path + (level,)))
        node.units.append(entry)
    return root


def breadcrumb(unit: UnitEntry) -> list[HierarchyNode]:
    """The hierarchy levels above a unit, from the top, each with its catalogue anchor."""
    levels = []
    path: tuple[str, ...] = ()
    for name in unit.unit.hierarki:
        path += (name,)
        levels.append(HierarchyNode(name=name, path=path))
    return levels


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
