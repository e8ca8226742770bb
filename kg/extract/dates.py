"""Date expressions of the genre → ISO dates.

"Chiều ngày 12/1/2021", "Sáng 2/11" (year from the publication date),
"ngày 5 tháng 8 năm 2022", "Ngày 21-5-2021", "sáng nay", "hôm qua".
A bare "6/5" with no "ngày" or time of day before it is a ratio, not a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "find_dates", "parse_timestamp", "WEEKDAY_LINE"]

_CUE = r"(?:(?:sáng|chiều|tối|trưa|đêm|hôm|ngày|vào|từ)\s+(?:ngày\s+)?|(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*(?:ngày\s+)?)"
_NUMERIC = re.compile(
    rf"(?P<cue>{_CUE})?(?<![\d/.-])(?P<d>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<m>\d{{1,2}})"
    r"(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/])", re.IGNORECASE)
_WORDS = re.compile(
    rf"(?P<cue>{_CUE})?ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?:\s+năm\s+(?P<y>\d{{4}}))?",
    re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?P<w>(?:sáng|chiều|tối|trưa|đêm|hôm)\s+(?:nay|qua))\b", re.IGNORECASE)
WEEKDAY_LINE = re.compile(
    r"^(?:(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật)\s*[,-]?\s*)?(?:ngày\s*)?"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}(?:\s*[,|-]?\s*\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?"
    r"\s*(?:AM|PM|GMT\s*[+]\s*\d+)?)?\s*$", re.IGNORECASE)
_CITATION = re.compile(r"(?:số|văn bản|quyết định|nghị quyết|chỉ thị|kết luận|thông tư|nghị định|"
                       r"kế hoạch|hướng dẫn|công văn|[A-ZĐ]{2,}/[A-ZĐ]+)[^,;.]{0,40}$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str | None  # YYYY-MM-DD
    explicit_year: bool
    cued: bool = False  # "sáng 12/1", "ngày 5/8": a time of day or "ngày" says it is a day


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str, start: int, end: int, published: str | None,
               year_hint: int | None = None) -> list[DateMention]:
    """Dates in ``text[start:end]``, in order; document citations are left out."""
    found: list[DateMention] = []
    for regex in (_WORDS, _NUMERIC):
        for m in regex.finditer(text, start, end):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            if not m.group("cue") and not m.group("y"):
                continue  # "6/5 quần chúng" is a ratio
            if _CITATION.search(text[max(start, m.start() - 60):m.start()]):
                continue  # "Chỉ thị số 05-CT/TW ngày 15/5/2016"
            d, mo = int(m.group("d")), int(m.group("m"))
            if m.group("y"):
                value, explicit = _iso(int(m.group("y")), mo, d), True
            else:
                value, explicit = _infer_year(d, mo, published, year_hint), False
            if value:
                found.append(DateMention(m.start(), m.end(), value, explicit, bool(m.group("cue"))))
    for m in _RELATIVE.finditer(text, start, end):
        if published:
            day = date.fromisoformat(published)
            if m.group("w").lower().endswith("qua"):
                day -= timedelta(days=1)
            found.append(DateMention(m.start(), m.end(), day.isoformat(), True, True))
    return sorted(found, key=lambda f: f.start)


def _infer_year(d: int, m: int, published: str | None, year_hint: int | None) -> str | None:
    if published:
        pub = date.fromisoformat(published)
        value = _iso(pub.year, m, d)
        # an event reported in January about 28 December happened the year before
        if value and date.fromisoformat(value) > pub + timedelta(days=7):
            value = _iso(pub.year - 1, m, d)
        return value
    return _iso(year_hint, m, d) if year_hint else None


def parse_timestamp(line: str) -> str | None:
    """The date of a page's date line ("Thứ Sáu 10/07/2020 10:41") or None."""
    m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", line)
    return _iso(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
