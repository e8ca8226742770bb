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
        pieces = [chunk] if para.zone == "title" else sent_tokenize(chunk)
        for a, b in _join_abbreviations(chunk, _spans(chunk, pieces)):
            sentences.append(Sentence(para.start + a, para.start + b, chunk[a:b], para.zone))
    return sentences


def _spans(chunk: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each piece the splitter returned lies in the paragraph."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = chunk.find(piece, pos)
        if found < 0:  # the splitter changed the text; keep the rest of the paragraph whole
            rest = chunk[pos:]
            found, piece = pos + len(rest) - len(rest.lstrip()), rest.strip()
            if piece:
                spans.append((found, found + len(piece)))
            break
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    return spans


def _join_abbreviations(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where one ends with an abbreviation's stop ("UBND TX." + "Sơn Tây …"),
    by offsets: the text between them stays as it was, with or without a space."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and _ABBREVIATION_END.search(chunk[out[-1][0]:out[-1][1]]):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
