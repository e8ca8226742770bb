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
from .normalize import UPPER

__all__ = ["zone_paragraphs"]

_TERMINAL = tuple('.!?…:;"”)»')
_CREDIT = re.compile(r"(?:^|[\s(.])(?:ảnh|nguồn ảnh|ảnh minh họa|photo)\s*:", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^(?:tin,?\s*ảnh|bài,?\s*ảnh|bài và ảnh|tin và ảnh|tác giả|"
                            r"phóng viên|pv|nhóm pv|theo)\s*[:.]?\s*", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^(?:cập nhật|ngày đăng|đăng ngày|ngày cập nhật|đăng lúc)\s*:?\s*(.*)$",
                        re.IGNORECASE)
_MENU = re.compile(r"(?:\s[|»›]\s.*){2,}")
_MAX_CAPTION = 220
_MAX_FURNITURE = 80
# Inside a long paragraph: a credit, and where the caption it closes begins.
# (never "300 hình ảnh: …", "bức ảnh: …": the word "ảnh" of the story itself)
_INLINE_CREDIT = re.compile(r"(?:(?<=[\s.\-–—])|^)(?<!hình )(?<!bức )(?<!tấm )(?<!Hình )"
                            r"\(?(?:ảnh|nguồn ảnh|ảnh minh họa|photo|nguồn)\s*:\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(rf"[.!?…][\"”»)]?\s+|\s[-–—]\s(?={UPPER})")
_CREDIT_STOP = re.compile(r"(?:Ông|Bà|Anh|Chị|Đồng|Theo|Tại|Trong|Sau|Khi|Với|Về|Từ|Ngày|Chiều|Sáng|Tối|Trưa|Hôm|Năm|Tháng|Đây|Hiện|Nhưng|Còn|Cùng|Để|Do|Vì|Bên|Trước|Riêng|Ngoài|Phó|Bí|Chủ|Thủ|Bộ|Tổng|Giám|Trưởng|Ủy|Đại|Các|Những|Một|Hai|Ba|Lãnh|Đoàn|Thượng|Trung|Thiếu|Chính|Hội|Lễ|Phát|Tham|Dự|Toàn|Quang|Tiếp|Cũng|Như|Đó|Này|Qua|Tuy|Song|Nếu|Mới|Ngay|Đến|Cả|Vụ|Sở|Ban|Cục|Viện)$")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_furniture(line: str) -> bool:
    # a page's furniture is a short line ("Chia sẻ", "Tin liên quan (3)"); a paragraph of
    # the story may start with the same words ("Chia sẻ kinh nghiệm, ông X cho biết …")
    lex = lexicon()
    return len(line) <= _MAX_FURNITURE and any(p.fullmatch(line) for p in lex.furniture) \
        or bool(_MENU.search(line))


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
    out: list[Paragraph] = []
    for (s, e), z in zip(spans, zones):
        long_body = z == "body" and e - s > _MAX_CAPTION
        out.extend(_split_credits(doc.text, s, e) if long_body else [Paragraph(s, e, z)])
    return out


def _split_credits(text: str, start: int, end: int) -> list[Paragraph]:
    """A long paragraph with photo credits inside: body, caption, credit, body, …

    Scraped records run a page's captions into its story; zoning the whole
    paragraph as a caption would lose the story, so only the caption's own
    words are: from the end of the sentence before the credit ("… hội nghị -
    Ảnh: TTXVN") to the credit's end.
    """
    out: list[Paragraph] = []
    pos = start
    for m in _INLINE_CREDIT.finditer(text, start, end):
        if m.start() < pos:
            continue
        credit_end = _credit_end(text, m, end)
        lead = m.start()
        while lead > pos and text[lead - 1] in " -–—.,(":
            lead -= 1
        cap_start = pos
        for s in _SENTENCE_END.finditer(text, pos, lead):
            cap_start = s.end()
        for a, b, zone in ((pos, cap_start, "body"), (cap_start, m.start(), "caption"),
                           (m.start(), credit_end, "credit")):
            a, b = _trim(text, a, b)
            if b > a:
                out.append(Paragraph(a, b, zone))
        pos = credit_end
    a, b = _trim(text, pos, end)
    if b > a:
        out.append(Paragraph(a, b, "body"))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " -–—":
        a += 1
    while b > a and text[b - 1] in " -–—":
        b -= 1
    return a, b


def _credit_end(text: str, m: re.Match, end: int) -> int:
    """End of a credit's name: "(Ảnh: X)", "Ảnh: TTXVN", "Ảnh: baoapbac.vn", "Ảnh: Hồng Sơn"."""
    if m.group().startswith("("):
        close = text.find(")", m.end(), end)
        return close + 1 if close >= 0 else end
    pos, taken = m.end(), 0
    for t in re.finditer(r"\S+", text[m.end():end]):
        word = t.group().rstrip(".,;")
        at = m.end() + t.start()
        if taken and (text[pos:at].strip() or not word[:1].isupper() or _CREDIT_STOP.match(word)):
            break
        if not word or not (word[:1].isupper() or "." in word or "/" in word or word[:1].isdigit()):
            break
        pos, taken = m.end() + t.end(), taken + 1
        if "." in word.strip(".") or (word.isupper() and len(word) > 1) or taken == 3:
            break  # a domain, an agency's initials or a three-word name end the credit
    return pos


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
        short = len(line) <= _MAX_CAPTION
        # a long line with a credit holds the story too: zone_paragraphs splits it
        if short and (_CREDIT.search(line) or not line.endswith(_TERMINAL) or after_image):
            zones[k] = "caption"
        after_image = False
