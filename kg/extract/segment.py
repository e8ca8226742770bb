"""Segmentation: zoned paragraphs → sentences with true offsets.

underthesea's sentence splitter runs on one paragraph at a time (given a whole
page it joins a title to the first sentence) and each sentence it returns is
found again in the paragraph, so offsets stay exact even where the splitter
trims spaces.
"""

from __future__ import annotations

import re

from .model import Document, Paragraph, Sentence

__all__ = ["split_sentences", "EXTRACTED_ZONES"]

EXTRACTED_ZONES = ("title", "body")
# The splitter ends a sentence at the stop of an abbreviation the press glues to a name:
# "UBND TX. Sơn Tây", "P. Hương Xuân"; such a piece goes on into the next one.
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?<!thứ )(?<!khóa )(?<!Khóa )(?<!lần )"
                               r"(?:TP|TX|TT|P|Q|X|Tp|GS|PGS|TS|ThS|BS|KS|NSND|NSƯT)\.$")


def split_sentences(doc: Document, paragraphs: list[Paragraph]) -> list[Sentence]:
    from underthesea import sent_tokenize  # loads on first use, not on import of kg

    sentences: list[Sentence] = []
    for para in paragraphs:
        if para.zone not in EXTRACTED_ZONES:
            continue
        chunk = doc.text[para.start:para.end]
        pos = 0
        pieces = [chunk] if para.zone == "title" else _join_abbreviations(sent_tokenize(chunk))
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            found = chunk.find(piece, pos)
            if found < 0:  # the splitter changed the text; keep the rest of the paragraph whole
                found, piece = pos, chunk[pos:].strip()
            start = para.start + found
            sentences.append(Sentence(start, start + len(piece), piece, para.zone))
            pos = found + len(piece)
    return sentences


def _join_abbreviations(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATION_END.search(out[-1]):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out
