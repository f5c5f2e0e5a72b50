"""Write the generated files into their folder: only what changed, and nothing stale left behind."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def merge(self, other: WriteReport) -> WriteReport:
        return WriteReport(self.written + other.written, self.unchanged + other.unchanged,
                           self.removed + other.removed)


def write_files(folder: Path, files: dict[str, str | bytes]) -> WriteReport:
    """Write each file whose content differs from what is on disk (atomically, by rename)."""
    report = WriteReport()
    for relative, content in sorted(files.items()):
        target = folder / relative
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        try:
            if target.read_bytes() == data:
                report.unchanged.append(relative)
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        report.written.append(relative)
    return report


def remove_others(folder: Path, wanted: Iterable[str]) -> list[str]:
    """Delete files under `folder` that are not `wanted`, and folders left empty."""
    keep = set(wanted)
    removed = []
    for here, folders, names in os.walk(folder, topdown=False):
        relative = os.path.relpath(here, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in keep:
                os.unlink(os.path.join(here, name))
                removed.append(prefix + name)
        if relative != "." and not os.listdir(here):
            os.rmdir(here)
    return sorted(removed)
