"""Problems found in standard files, and how they are shown to staff.

Every problem names the file, the line, the field and what to do about it,
in Indonesian, because the people who edit `standard/` read Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "galat"
    WARNING = "peringatan"


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        where = str(_relative(self.path, root))
        if self.line is not None:
            where += f":{self.line}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity.value}: {field}{self.message}"


def _relative(path: Path, root: Path | None) -> Path:
    if root is None:
        return path
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


class StandardsInvalid(Exception):
    """Raised when the standards have errors and nothing may be built from them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} masalah pada standar")
        self.problems = problems
