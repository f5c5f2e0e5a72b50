"""What the last build already computed, kept to skip the work for files that did not change.

Two caches live in `.site-builds/.cache/` of a project (never in `standard/`, never committed):

* the standards cache: each file's validated result, keyed by the SHA-256 of its bytes;
* the pages cache: each part of the site (a unit, a service) with the hash of everything it
  was rendered from and the files it wrote.

Both are stamped with a hash of this package's source, the templates' and the libraries that
shape the result, so a changed validator or template never serves a stale result. A cache that
cannot be read is ignored (the build does the work), never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pydantic", "pydantic-core", "jinja2", "pyyaml", "email-validator", "holidays")


@cache
def code_stamp() -> str:
    """A hash of what turns a file into a result: this package's code and the libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def folder_stamp(folder: Path) -> str:
    """A hash of every file in `folder` (the templates)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Cache:
    """One pickled dictionary in a file, valid only under the stamp it was written with."""

    def __init__(self, folder: Path | None, name: str, stamp: str) -> None:
        self.path = folder / f"{name}.pickle" if folder is not None else None
        self.stamp = stamp

    def read(self) -> dict[Any, Any]:
        if self.path is None:
            return {}
        try:
            with open(self.path, "rb") as handle:
                stamp, entries = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache means: do the work
            return {}
        return entries if stamp == self.stamp and isinstance(entries, dict) else {}

    def write(self, entries: dict[Any, Any]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.baru")
        with open(temporary, "wb") as handle:
            pickle.dump((self.stamp, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
