"""Where a value sits in a standard's document, written the way `layanan check` names fields.

A path is a tuple of keys and 0-based list indexes, e.g. ("prosedur", "online", "langkah", 1). Its
label is what `layanan.messages.field_label` writes for a problem (`prosedur.online.langkah[2]`,
1-based), so a problem's field finds its input by the label alone. Form inputs are named by the
label; controls that are not values carry a suffix after "~" (`waktu~jumlah`, `biaya~status`).
"""

from __future__ import annotations

import re
from typing import Any

Path = tuple[Any, ...]
_PART = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")


def label(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def parse(text: str) -> Path:
    """`prosedur.online.langkah[2]` → ("prosedur", "online", "langkah", 1)."""
    parts: list[Any] = []
    for match in _PART.finditer(text):
        if match[1] is not None:
            parts.append(match[1])
        else:
            parts.append(int(match[2]) - 1)
    return tuple(parts)


def element_id(path: Path | str, suffix: str = "") -> str:
    """An HTML id for the input at `path`: f-prosedur-online-langkah-2."""
    text = path if isinstance(path, str) else label(path)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text.replace("[", "-").replace("]", "")).strip("-")
    return f"f-{slug}" + (f"--{suffix}" if suffix else "")


def control(path: Path, name: str) -> str:
    """The name of a control that belongs to the value at `path` but is not that value."""
    return f"{label(path)}~{name}"


def submitted(form: Any, path: Path) -> bool:
    """Whether the form holds any input of the value at `path` (itself, a part of it, a control)."""
    own = label(path)
    return any(key == own or key.startswith((own + ".", own + "~", own + "[")) for key in form.keys())


def get(document: Any, path: Path) -> Any:
    value = document
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, list) or not 0 <= part < len(value):
                return None
            value = value[part]
        else:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
    return value


def put(document: dict[str, Any], path: Path, value: Any) -> None:
    """Set the value at `path`, making the mappings on the way when they are missing."""
    container: Any = document
    for index, part in enumerate(path[:-1]):
        following = container[part] if isinstance(part, int) else container.get(part)
        if not isinstance(following, (dict, list)):
            following = [] if isinstance(path[index + 1], int) else {}
            container[part] = following
        container = following
    container[path[-1]] = value
