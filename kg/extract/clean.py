"""Cleaning: tell the parts of a page apart without changing its text.

Text copies of web pages carry menus, counters, share buttons, a crawl date,
photo captions and a byline around the article. Each paragraph (line) gets a
zone; only ``title`` and ``body`` feed extraction, a ``byline`` becomes the
document's authors and a ``published`` line its publication date. Captions
are kept out on purpose: they restate the body, often with shortened titles,
and users asked that they never become facts.
"""

from __future__ import annotations

import re

from .dates import WEEKDAY_LINE, parse_timestamp
from .lexicon import lexicon
from .model import Document, Paragraph

__all__ = ["zone_paragraphs"]

_TERMINAL = tuple('.!?…:;"”)»')
_CREDIT = re.compile(r"(?:^|[\s(.])(?:ảnh|nguồn ảnh|ảnh minh họa|photo)\s*:", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^(?:tin,?\s*ảnh|bài,?\s*ảnh|bài và ảnh|tin và ảnh|tác giả|"
                            r"phóng viên|pv|nhóm pv|theo)\s*[:.]?\s*", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^(?:cập nhật|ngày đăng|đăng ngày|ngày cập nhật|đăng lúc)\s*:?\s*(.*)$",
                        re.IGNORECASE)
_MENU = re.compile(r"(?:\s[|»›]\s.*){2,}")
_MAX_CAPTION = 220


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_furniture(line: str) -> bool:
    lex = lexicon()
    return any(p.fullmatch(line) for p in lex.furniture) or bool(_MENU.search(line))


def _date_line(line: str) -> str | None:
    m = _DATE_ONLY.match(line)
    candidate = m.group(1) if m else line
    return parse_timestamp(candidate) if WEEKDAY_LINE.match(candidate) else None


def _byline_name(line: str) -> str | None:
    name = _BYLINE_PREFIX.sub("", line).strip(" ()-–")
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) > 40 or name.endswith(_TERMINAL[:3]):
        return None
    if all(w[0].isupper() for w in words if w[0].isalpha()) and not any(c.isdigit() for c in name):
        return name
    return None


def zone_paragraphs(doc: Document) -> list[Paragraph]:
    """Zone every paragraph of ``doc``; fill its title, published date and authors if found."""
    spans = _paragraphs(doc.text)
    zones: list[str] = []
    title_seen = doc.title is not None and doc.origin != "text"
    title_index = None
    for k, (s, e) in enumerate(spans):
        line = doc.text[s:e]
        stamp = _date_line(line)
        if stamp:
            # before the title: the day the page was copied; after it: the publication time
            if title_seen and title_index is not None and k - title_index <= 3 and not doc.published:
                doc.published = stamp
                zones.append("published")
            else:
                zones.append("dateline")
        elif _is_furniture(line):
            zones.append("furniture")
        elif not title_seen and len(line) <= 300 and not line.endswith("."):
            zones.append("title")
            title_seen, title_index = True, k
            if doc.title is None:
                doc.title = line
        else:
            title_seen = True
            zones.append("body")
    _mark_byline(doc, spans, zones)
    _mark_captions(doc, spans, zones)
    return [Paragraph(s, e, z) for (s, e), z in zip(spans, zones)]


def _mark_byline(doc: Document, spans: list[tuple[int, int]], zones: list[str]) -> None:
    for k in range(len(spans) - 1, -1, -1):
        if zones[k] in ("furniture", "dateline"):
            continue
        if zones[k] == "body":
            line = doc.text[spans[k][0]:spans[k][1]]
            name = _byline_name(line)
            if name:
                zones[k] = "byline"
                if name not in doc.authors:
                    doc.authors.append(name)
        return


def _mark_captions(doc: Document, spans: list[tuple[int, int]], zones: list[str]) -> None:
    after_image = False
    for k, (s, e) in enumerate(spans):
        line = doc.text[s:e]
        if zones[k] == "furniture" and len(line) < 12:
            after_image = True  # an image placeholder ("a1") announces a caption
            continue
        if zones[k] != "body":
            after_image = False
            continue
        if _CREDIT.search(line) or (len(line) <= _MAX_CAPTION and not line.endswith(_TERMINAL)) \
                or (after_image and len(line) <= _MAX_CAPTION):
            zones[k] = "caption"
        after_image = False
