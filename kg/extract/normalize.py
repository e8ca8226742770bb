"""Normalization: one pass over decoded text, before any offset is taken.

Every later stage reads ``Document.text`` as this module leaves it, so offsets
stay true. Changes made here:

- Unicode NFC (decomposed input, as some Windows-1258 and old corpora have it);
- line ends to ``\\n``, no-break and zero-width spaces dropped or made plain;
- control characters (NUL, bare C0 and C1 codes, DEL) dropped and lone surrogates
  (``"\\ud800"`` in JSON) replaced by U+FFFD: they break every writer downstream
  (UTF-8, CSV rows, Cypher literals, XML), so they go here, once;
- tone marks in the modern place for the open syllables *oa, oe, uy*
  ("uỷ" → "ủy", "hoà" → "hòa"), which the domain writes both ways.

``match_key`` and ``fold`` give comparison keys for names: case-, form- and
tone-placement-insensitive, and (``fold``) accent-insensitive.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "normalize_field", "canonical_case", "match_key", "fold",
           "modern_tones", "UPPER"]

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
# zero-width characters and control codes (\t \n \v \f \r are handled as spaces and line ends)
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_RARE_BREAKS = re.compile(r"[\x85\u2028\u2029]")  # NEL, line and paragraph separators
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BLANKS = re.compile(r"[ ]{2,}")


def modern_tones(text: str) -> str:
    """Move tone marks of open *oa/oe/uy* syllables to the modern place. Length is kept."""
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


def normalize_text(text: str) -> str:
    """Return the text kg holds for a document: NFC, plain spaces, modern tones."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # (`in` is much faster than a regex)
        text = _RARE_BREAKS.sub("\n", text)
    text = _ZERO_WIDTH.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # only lone surrogates fail
        text = _SURROGATES.sub("\ufffd", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = modern_tones(text)
    text = _BLANKS.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def normalize_field(value: str) -> str:
    """A one-line field (id, URL, title, author) as kg holds it: normalized, on one line."""
    if value.isascii() and value.isprintable():  # most ids, paths and URLs: nothing to do
        return " ".join(value.split())
    return " ".join(normalize_text(value).split())


def canonical_case(name: str) -> str:
    """A person's name typed in capitals in the case names are written in:
    "PHAN DIỄN" → "Phan Diễn", "Nguyễn VĂN An" → "Nguyễn Văn An". Syllables already in
    mixed case are kept ("H'Hen", "McCain"); single letters too ("Nguyễn Văn A")."""
    def syllable(word: str) -> str:
        letters = [c for c in word if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters):
            return word
        return "'".join(part[:1] + part[1:].lower() for part in word.split("'"))

    return " ".join(syllable(w) for w in name.split(" "))


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
