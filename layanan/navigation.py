"""The site's navigation: instansi → provinsi → … → unit → its pages.

Units are grouped by their `hierarki`, so a page's navigation shows only the
path to it and its siblings (with Material's navigation.prune), and stays small
however many units the site holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from layanan.catalog import Catalog, UnitEntry


@dataclass
class HierarchyNode:
    name: str
    children: dict[str, HierarchyNode] = field(default_factory=dict)
    units: list[UnitEntry] = field(default_factory=list)

    def sorted_children(self) -> list[HierarchyNode]:
        return [self.children[name] for name in sorted(self.children)]

    def sorted_units(self) -> list[UnitEntry]:
        return sorted(self.units, key=lambda u: (unit_title(u), u.id))

    def unit_count(self) -> int:
        return len(self.units) + sum(child.unit_count() for child in self.children.values())


def unit_title(entry: UnitEntry) -> str:
    return entry.unit.singkatan or entry.unit.nama


def build_hierarchy(catalog: Catalog) -> HierarchyNode:
    root = HierarchyNode(name="")
    for entry in catalog.units.values():
        node = root
        for level in entry.unit.hierarki:
            node = node.children.setdefault(level, HierarchyNode(name=level))
        node.units.append(entry)
    return root


def nav_entries(root: HierarchyNode, catalog: Catalog, folder: str) -> list[Any]:
    """MkDocs `nav` entries for the generated section (paths relative to docs_dir)."""
    return [f"{folder}/index.md", *_node_entries(root, catalog, folder)]


def _node_entries(node: HierarchyNode, catalog: Catalog, folder: str) -> list[Any]:
    entries: list[Any] = []
    for child in node.sorted_children():
        entries.append({child.name: _node_entries(child, catalog, folder)})
    for unit in node.sorted_units():
        pages: list[Any] = [f"{folder}/{unit.id}/index.md"]
        for service in catalog.services_of(unit.id):
            pages.append({service.layanan.nama: f"{folder}/{unit.id}/{service.id}.md"})
        entries.append({unit_title(unit): pages})
    return entries
