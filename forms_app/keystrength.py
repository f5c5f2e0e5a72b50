"""How hard a secret key is to guess, in bits, as an attacker who knows how people choose keys
would count them.

Length times the alphabet the key draws from (lower case, upper case, digits, symbols) is the
ceiling: a random key is worth that much. A key a person wrote is worth far less, and the
estimate finds out why: the cheapest reading of the key as a sequence of pieces, each piece one
of
- a character guessed from the key's alphabet,
- a word of zxcvbn's frequency lists (English words, common passwords, names) or of this
  project's own vocabulary, worth the logarithm of its rank, plus a bit or two for capitals,
- a run of the alphabet, the digits or a keyboard row ('abcdef', '4321', 'qwerty'),
- a repeat of something earlier in the key ('abcabcabc', the same separator between words),
  worth where it starts and how long it is.

So `token_urlsafe(32)` (43 characters) is worth about 250 bits and the test configuration's
'test-secret-key-not-for-use-anywhere-else' about 60: words from a list, joined by one
repeated separator.
"""

from __future__ import annotations

import math
import string
from functools import lru_cache

# Words that a key of this project is likely to be made of, beside zxcvbn's English lists.
PROJECT_WORDS = (
    "layanan", "standar", "pelayanan", "formulir", "pengaduan", "konsultasi", "lacak", "rahasia",
    "kunci", "sandi", "kata", "rahasiaku", "kantor", "dinas", "badan", "pusat", "statistik", "bps",
    "pst", "kabupaten", "kota", "provinsi", "produksi", "pengembangan", "uji", "coba", "kutai",
    "barat", "timur", "utara", "selatan", "indonesia", "jakarta", "admin", "server", "aplikasi",
    "flask", "django", "gunicorn", "nginx", "secret", "key", "prod", "dev", "staging", "test",
)
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "1234567890")
MAX_EVALUATED = 128  # a key is at least as strong as its first 128 characters
MIN_PIECE = 3  # words, runs and repeats shorter than this are guessed as characters


def estimated_bits(key: str) -> float:
    """Bits an attacker needs to guess `key` (a lower bound for keys longer than 128 characters)."""
    key = key[:MAX_EVALUATED]
    if not key:
        return 0.0
    per_character = math.log2(_alphabet_size(key))
    folded = key.lower()
    # best[i]: the cheapest reading of key[:i].
    best = [0.0] + [math.inf] * len(key)
    for end in range(1, len(key) + 1):
        symbol = key[end - 1]
        best[end] = best[end - 1] + per_character
        if not symbol.isalnum() and symbol in key[:end - 1]:
            # The same separator again: which of the symbols seen so far.
            seen = len({c for c in key[:end - 1] if not c.isalnum()})
            best[end] = min(best[end], best[end - 1] + 1 + math.log2(seen))
        for start in range(0, end - MIN_PIECE + 1):
            piece = key[start:end]
            cost = _piece_bits(piece, folded[start:end], key, start)
            if cost is not None:
                best[end] = min(best[end], best[start] + cost)
    return best[-1]


def _piece_bits(piece: str, folded: str, key: str, start: int) -> float | None:
    costs = []
    rank = _word_ranks().get(folded)
    if rank is not None:
        costs.append(math.log2(rank + 1) + _capital_bits(piece))
    if any(folded in sequence or folded in sequence[::-1] for sequence in SEQUENCES):
        costs.append(math.log2(2 * sum(map(len, SEQUENCES))) + math.log2(len(piece)))
    earlier = key.find(piece, 0, start + len(piece) - 1)
    if 0 <= earlier < start:
        costs.append(math.log2(start + 1) + math.log2(len(piece)))
    return min(costs) if costs else None


def _capital_bits(piece: str) -> float:
    if piece.islower() or not any(c.isalpha() for c in piece):
        return 0.0
    if piece.isupper() or (piece[0].isupper() and piece[1:].islower()):
        return 1.0
    return float(sum(1 for c in piece if c.isalpha()))  # which letters are capitals


def _alphabet_size(key: str) -> int:
    classes = [(string.ascii_lowercase, 26), (string.ascii_uppercase, 26), (string.digits, 10)]
    size = sum(count for letters, count in classes if any(c in letters for c in key))
    if any(not (c.isascii() and c.isalnum()) for c in key):
        size += 33  # punctuation and anything else
    return size


@lru_cache(maxsize=1)
def _word_ranks() -> dict[str, int]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    ranks: dict[str, int] = {}
    for words in (*FREQUENCY_LISTS.values(), PROJECT_WORDS):
        for rank, word in enumerate(words, start=1):
            if len(word) >= MIN_PIECE and rank < ranks.get(word, math.inf):
                ranks[word] = rank
    return ranks
