"""Dedupe: one article republished by several sites is extracted once.

District, province and Party sites copy each other's reports, with their own
menus, bylines and captions around the same body, sometimes with a word
changed. Exact copies share a content hash; near copies are found with a
64-bit SimHash (Charikar 2002; Manku, Jain and Das Sarma 2007) of the body's
word trigrams: two bodies whose fingerprints differ in at most
:data:`MAX_DISTANCE` bits are one article.

Lookups use the pigeonhole trick: split the 64 bits into MAX_DISTANCE + 1
bands; two fingerprints within MAX_DISTANCE bits agree exactly on at least one
band, so only articles sharing a band are compared.
"""

from __future__ import annotations

import hashlib
import re
from array import array

import numpy as np

__all__ = ["simhash", "distance", "NearIndex", "MAX_DISTANCE", "MIN_WORDS"]

MAX_DISTANCE = 3
MIN_WORDS = 40  # shorter bodies (a photo caption, a notice) are too alike to compare safely
_BANDS = MAX_DISTANCE + 1
_BAND_BITS = 64 // _BANDS
_WORD = re.compile(r"\w+")
_BIT = np.uint64(1) << np.arange(64, dtype=np.uint64)


def simhash(text: str) -> int | None:
    """The fingerprint of ``text``, or None when it has fewer than MIN_WORDS words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
    # a stable 64-bit hash of each shingle (Python's hash() changes between processes)
    digests = b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles)
    hashes = np.frombuffer(digests, dtype="<u8")
    votes = ((hashes[:, None] & _BIT) != 0).sum(axis=0)
    bits = votes * 2 > len(hashes)
    return int(np.bitwise_or.reduce(_BIT[bits])) if bits.any() else 0


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


class NearIndex:
    """Fingerprints of the articles kept so far, to find the one a new article copies.

    Kept compact, since a build holds one entry per article of the corpus: the
    fingerprints in a 64-bit array, and for each band a table of its 65,536
    values, each with an array of the positions of the articles that have it
    (a 2 MB table, then about 30 bytes an article; tuples in dicts took ~670).
    """

    def __init__(self) -> None:
        self._fingerprints = array("Q")
        self._keys: list[str] = []
        self._bands: list[list[array | None]] = [[None] * (1 << _BAND_BITS) for _ in range(_BANDS)]
        self._current: dict[str, int] = {}  # for keys discarded: their latest position, or -1

    def add(self, fingerprint: int, key: str) -> None:
        at = len(self._keys)
        if key in self._current:
            self._current[key] = at
        self._fingerprints.append(fingerprint)
        self._keys.append(key)
        for band, table in enumerate(self._bands):
            value = self._band(fingerprint, band)
            if table[value] is None:
                table[value] = array("I")
            table[value].append(at)

    def find(self, fingerprint: int, exclude: str = "") -> tuple[str, int] | None:
        """The closest article within MAX_DISTANCE bits (its key and the distance), if any."""
        best: tuple[str, int] | None = None
        for band, table in enumerate(self._bands):
            for at in table[self._band(fingerprint, band)] or ():
                key, d = self._keys[at], distance(fingerprint, self._fingerprints[at])
                if self._current.get(key, at) != at:
                    continue  # an earlier text of an article that changed
                if key != exclude and d <= MAX_DISTANCE and (best is None or (d, key) < (best[1], best[0])):
                    best = (key, d)
        return best

    def discard(self, key: str) -> None:
        """Forget ``key``'s fingerprint (its article changed); a later add() replaces it."""
        self._current[key] = -1

    def __len__(self) -> int:
        return len(self._keys)

    @staticmethod
    def _band(fingerprint: int, band: int) -> int:
        return (fingerprint >> (band * _BAND_BITS)) & ((1 << _BAND_BITS) - 1)
