"""Days of the week as Indonesian offices write them: 'Senin–Kamis', 'Senin s.d. Jumat',
'Senin, Rabu dan Jumat', 'Sabtu'. Shared by the model (which refuses what cannot be read) and
the calendar (which counts the unit's opening hours)."""

from __future__ import annotations

import re

DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_ALIASES = {"jum'at": "jumat", "ahad": "minggu"}
_RANGE = re.compile(r"\s*(?:[-–—]|s\.?\s*d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*")
_LIST = re.compile(r"\s*(?:,|;|/(?!d)|\bdan\b)\s*")


def parse_days(text: str) -> frozenset[int] | None:
    """The weekdays (0 = Monday) that `text` names; None when it cannot be read as days."""
    words = text.lower().replace("’", "'")
    for alias, name in _ALIASES.items():
        words = words.replace(alias, name)
    days: set[int] = set()
    for part in _LIST.split(words.strip()):
        if not part:
            continue
        ends = [p.strip() for p in _RANGE.split(part, maxsplit=1)]
        if not all(end in DAY_NAMES for end in ends):
            return None
        first, last = (DAY_NAMES.index(end) for end in (ends[0], ends[-1]))
        days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return frozenset(days) or None
