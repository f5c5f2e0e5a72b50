"""Write the generated files into their folder: only what changed, and nothing stale left behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def sync_folder(folder: Path, files: dict[str, str]) -> WriteReport:
    """Make `folder` hold exactly `files` (relative path → text)."""
    report = WriteReport()
    folder.mkdir(parents=True, exist_ok=True)
    for relative, text in sorted(files.items()):
        target = folder / relative
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        report.written.append(relative)
    wanted = {Path(relative) for relative in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder)
        if path.is_file() and relative not in wanted:
            path.unlink()
            report.removed.append(relative.as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
