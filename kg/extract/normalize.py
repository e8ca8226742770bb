"""Normalization: one pass over decoded text, before any offset is taken.

Every later stage reads ``Document.text`` as this module leaves it, so offsets
stay true. Changes made here:

- Unicode NFC (decomposed input, as some Windows-1258 and old corpora have it);
- line ends to ``\\n``, no-break and zero-width spaces dropped or made plain;
- tone marks in the modern place for the open syllables *oa, oe, uy*
  ("uỷ" → "ủy", "hoà" → "hòa"), which the domain writes both ways.

``match_key`` and ``fold`` give comparison keys for names: case-, form- and
tone-placement-insensitive, and (``fold``) accent-insensitive.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "match_key", "fold", "modern_tones", "UPPER"]

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # grave acute hook tilde dot


def _build_tone_table() -> dict[str, str]:
    # old → modern for the two-vowel open syllables: o+a, o+e, u+y.
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    old = f + unicodedata.normalize("NFC", s + tone)
                    new = unicodedata.normalize("NFC", f + tone) + s
                    table[old] = new
    return table


_TONE_TABLE = _build_tone_table()
# The tone moves only at the end of a syllable ("hoàng", "thuyết" keep theirs)
# and never after "q", where "u" belongs to the consonant ("quý" is right).
_TONE_RE = re.compile(
    "(?<![qQ])(" + "|".join(sorted(_TONE_TABLE, key=len, reverse=True)) + r")(?!\w)")

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_BLANKS = re.compile(r"[ ]{2,}")


def modern_tones(text: str) -> str:
    """Move tone marks of open *oa/oe/uy* syllables to the modern place. Length is kept."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


def normalize_text(text: str) -> str:
    """Return the text kg holds for a document: NFC, plain spaces, modern tones."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = modern_tones(text)
    text = _BLANKS.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# A capital letter of Vietnamese, accented ones too ("Ô Môn", "Ủy viên"): [A-ZĐ] misses them
UPPER = "[" + "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()
                               and unicodedata.name(c, "").startswith("LATIN")})) + "]"


def match_key(text: str) -> str:
    """Key for comparing names: NFC, modern tones, case-folded, single spaces, plain dashes."""
    text = modern_tones(unicodedata.normalize("NFC", text))
    text = _DASHES.sub("-", text)
    return " ".join(text.casefold().split())


def fold(text: str) -> str:
    """Accent-insensitive key: "Đô Lương" → "do luong"."""
    text = unicodedata.normalize("NFD", match_key(text)).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))
