"""JSON Lines records → :class:`~kg.extract.model.Document`, one field at a time.

A corpus record is checked field by field: its text is required, and any other
field that is not what it should be (``"authors": 5``, a ``published`` that is no
date, an ``id`` that is a list) is left out with a warning naming the file and
line (``Document.warnings``), so one bad field loses that field, not the article
or the build. Lines are read with a bound: a line longer than the limit is read
through in chunks and reported, never held.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from datetime import date

from ..errors import InputError
from ..outputs import is_own_record
from .dates import parse_timestamp
from .model import Document
from .normalize import normalize_field, normalize_text

__all__ = ["MAX_CHARS", "CHUNK", "check_length", "as_date", "record_document", "lines",
           "iter_jsonl", "count_records"]

MAX_CHARS = 1_000_000  # the longest text kg extracts: about 10 times the longest article seen
CHUNK = 1 << 20


def check_length(text: str | bytes, source: str, line: int | None = None) -> None:
    # Extraction takes longer than linear in an article's length, and no article comes
    # near this; a text this long is many articles in one file
    size = len(text) if isinstance(text, str) else len(text) // 4  # ≥ 1 byte a character
    if size > MAX_CHARS:
        what = f"{len(text):,} characters" if isinstance(text, str) else f"{len(text):,} bytes"
        raise InputError(source, f"text is {what}, longer than the {MAX_CHARS:,} characters kg "
                                 "extracts from one article; split it into articles (JSON Lines: "
                                 "one record an article)", line)


def _kind(value: object) -> str:
    """What a JSON value is, for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {int: "a number", float: "a number", list: "a list", dict: "an object",
            str: "a string"}.get(type(value), type(value).__name__)


def as_date(value: object) -> str | None:
    """A record's or page's date as YYYY-MM-DD, or None when it is not a real date."""
    if not isinstance(value, str):
        return None
    iso = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if iso:
        try:
            return date(*map(int, iso.groups())).isoformat()
        except ValueError:
            return None
    return parse_timestamp(value)  # "10/07/2020 10:41"


def record_document(record: object, source: str, line: int, fallback_id: str) -> Document:
    """A JSON Lines record → Document. Its text is required; any other field that is not
    what it should be is left out, and said so (``Document.warnings``), not the article."""
    if not isinstance(record, dict):
        raise InputError(source, "a JSON Lines record must be an object", line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        got = "" if text is None or isinstance(text, str) else f' ({_kind(text)}, not text)'
        raise InputError(source, f'record has no "text"{got}', line)
    check_length(text, source, line)
    warnings: list[InputError] = []

    def field(name: str, value: object, why: str, what: str = "the field") -> None:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "…"
        warnings.append(InputError(source, f'"{name}" {"is" if what == "the field" else "has"} '
                                           f'{shown}: {why}; {what} is left out', line))

    def one_line(name: str) -> str | None:
        value = record.get(name)
        if value is None or (isinstance(value, (int, str)) and not isinstance(value, bool)
                             and str(value).strip() == ""):
            return None
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            return normalize_field(str(value)) or None
        field(name, value, f"{_kind(value)}, not a string")
        return None

    doc_id = one_line("id") or fallback_id
    url = one_line("url")
    title = one_line("title")
    published = None
    for name in ("published", "date"):
        value = record.get(name)
        if value not in (None, ""):
            published = as_date(value)
            if published is None:
                field(name, value, "not a date (YYYY-MM-DD)")
            break
    authors: list[str] = []
    given = record.get("authors")
    names = [given] if isinstance(given, str) else given if isinstance(given, list) else None
    if given is not None and names is None:
        field("authors", given, f"{_kind(given)}, not a list of names")
    for name in names or []:
        if isinstance(name, str) and name.strip():
            authors.append(normalize_field(name))
        elif not isinstance(name, str):
            field("authors", name, f"{_kind(name)}, not a name", "that author")
    return Document(id=doc_id, source=url or normalize_field(source), text=normalize_text(text),
                    title=title, published=published, authors=authors, origin="record",
                    warnings=warnings)


def lines(stream: io.BufferedIOBase, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line, size) for each line of a byte stream, holding at most ``limit`` bytes:
    a longer line is read through to its end in chunks and comes as None, with its size."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= limit:
            yield number, raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):
            raw = stream.readline(CHUNK)
            if not raw:
                break
            size += len(raw)
        yield number, None, size


def iter_jsonl(stream: io.BufferedIOBase, source: str, stem: str, max_bytes: int,
                named: bool = True) -> Iterator[Document | InputError]:
    line_no = 0
    first = True
    try:
        for line_no, raw, size in lines(stream, max_bytes):
            if raw is None:
                yield InputError(source, f"record is {size:,} bytes, over the "
                                         f"{max_bytes:,}-byte limit", line_no)
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                yield InputError(source, f"not valid JSON ({err.__class__.__name__}: "
                                         f"{str(err)[:80]})", line_no)
                continue
            if first and is_own_record(record):
                if named:
                    yield InputError(source, "is kg's own output (kg extract), not articles")
                return
            first = False
            try:
                yield record_document(record, source, line_no, f"{stem}:{line_no}")
            except InputError as err:
                yield err
    except (EOFError, OSError, zlib.error) as err:
        yield InputError(source, f"file is truncated or corrupt after line {line_no} "
                                 f"({err.__class__.__name__}); the records before it were read",
                         line_no + 1)


def count_records(stream: io.BufferedIOBase) -> int:
    """Non-blank lines of a stream, read in chunks: a line may be any length."""
    count, open_line = 0, False
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        lines = chunk.split(b"\n")
        open_line = open_line or bool(lines[0].strip())
        if len(lines) > 1:
            count += open_line + sum(1 for line in lines[1:-1] if line.strip())
            open_line = bool(lines[-1].strip())
    return count + open_line
