"""Tracking codes: unguessable, easy to read aloud and to type, prefixed by kind.

`ADU-7KQ4-M9XT-2HBR`: a prefix (KON for a consultation, ADU for a complaint) and twelve
characters of Crockford's base-32 alphabet (digits and letters without I, L, O and U),
so 60 random bits. Typing is forgiving: lower case, spaces, missing dashes, and the
letters O, I and L (read as 0, 1 and 1) are all accepted.
"""

from __future__ import annotations

import re
import secrets

from forms_app.models import Kind

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4
RANDOM_BITS = GROUPS * GROUP_LENGTH * 5

PREFIX = {Kind.konsultasi: "KON", Kind.pengaduan: "ADU", Kind.kunjungan: "KUN"}
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in PREFIX.items()}
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(
    rf"(?P<prefix>[A-Z]{{3}})(?P<body>[{ALPHABET}]{{{GROUPS * GROUP_LENGTH}}})"
)


def new_code(kind: Kind) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return format_code(PREFIX[kind], body)


def format_code(prefix: str, body: str) -> str:
    groups = [body[i:i + GROUP_LENGTH] for i in range(0, len(body), GROUP_LENGTH)]
    return "-".join([prefix, *groups])


def normalize(typed: str) -> str | None:
    """The code as stored, from what a person typed; None when it cannot be a code."""
    compact = re.sub(r"[\s\-–—_.]", "", typed or "").upper()
    if len(compact) != 3 + GROUPS * GROUP_LENGTH:
        return None
    prefix, body = compact[:3], compact[3:].translate(_TYPO)
    match = _SHAPE.fullmatch(prefix + body)
    if match is None or prefix not in _KIND_OF_PREFIX:
        return None
    return format_code(prefix, body)


def kind_of(code: str) -> Kind:
    return _KIND_OF_PREFIX[code[:3]]
