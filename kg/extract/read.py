"""Reading: paths, folders, stdin and corpora → :class:`~kg.extract.model.Document`.

Every input kind ends up as a Document whose text has been decoded and
normalized once. Problems with one input come out of the stream as
:class:`~kg.errors.InputError` values, not exceptions, so a corpus run carries
on past a broken file and can report it at the end.

Handled: text in UTF-8, UTF-16/32 (with or without BOM) and Windows-1258;
HTML pages (main text, title, date and author through trafilatura); JSON Lines
corpora of ``{"id", "text", "title", "url", "published"}`` records, gzipped or not;
``@FILE`` listings of paths and http(s) URLs, one a line (pages fetched as read).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, KGError, mask_url, without_credentials
from ..outputs import is_failures_report, is_own_page, is_store
from .model import Document
from .normalize import normalize_field, normalize_text
from .records import MAX_CHARS, as_date, check_length, count_records, iter_jsonl, lines

__all__ = ["iter_documents", "count_documents", "read_document", "decode_bytes",
           "DEFAULT_MAX_BYTES", "MAX_BYTES_LIMIT", "MAX_CHARS"]

DEFAULT_MAX_BYTES = 5_000_000  # one article; a corpus file may be any size
MAX_BYTES_LIMIT = 50_000_000  # the largest --max-bytes: a page, markup and all
LISTING_LINE = 65_536  # the longest line of a @FILE listing
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson", ".gz"}
_BOMS = [
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
]
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode one document's bytes, or raise :class:`InputError` saying why not."""
    if not data.strip():
        raise InputError(source, "empty file: nothing to read")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec.replace("-sig", ""), source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, source)
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary file, not text (NUL bytes); "
                                 "give kg text, HTML or JSON Lines")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            # a file cut inside its last character: keep what is there
            return data[:err.start].decode("utf-8")
        utf8_error = err
    text = data.decode("cp1258", errors="replace")
    if _looks_vietnamese(text):
        return text
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise InputError(source, f"not UTF-8, UTF-16 or Windows-1258 text "
                             f"(undecodable byte at offset {utf8_error.start})", line)


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        if err.reason in ("truncated data", "unexpected end of data"):
            return data[:err.start].decode(codec)
        raise InputError(source, f"invalid {codec} at byte offset {err.start}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_vietnamese(text: str) -> bool:
    # Windows-1258 decodes almost any byte string; accept it only when the result
    # reads like Vietnamese and has no undecodable bytes.
    if "\ufffd" in text:
        return False
    letters = sum(c.isalpha() for c in text)
    return letters > 0.5 * len(text) and any(c in _VI_LETTERS for c in text)


def _is_html(name: str, text: str) -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _html_document(html: str, doc_id: str, source: str) -> Document:
    try:
        import trafilatura  # heavy; only when a page comes
    except ImportError as err:
        raise KGError(f"HTML support is broken in this installation ({err}); "
                      "reinstall kg: pip install -e .") from None

    if is_own_page(html[:4096]):
        raise _OwnOutput(source, "is a page kg wrote (kg viz), not an article")
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    meta = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = meta.get("text") or ""
    if not text.strip():
        raise InputError(source, "HTML page with no article text found")
    check_length(text, source)
    authors = [normalize_field(a) for a in (meta.get("author") or "").split(";") if a.strip()]
    title = normalize_field(meta["title"]) if meta.get("title") else ""
    return Document(id=doc_id, source=normalize_field(source), text=normalize_text(text),
                    title=title or None,
                    published=as_date(meta.get("date")), authors=authors, origin="html")


class _OwnOutput(InputError):
    """A file kg wrote itself: skipped when met in a folder, an error when named."""


def read_document(data: bytes, doc_id: str, source: str,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One file's bytes → Document (text or HTML)."""
    if len(data) > max_bytes:
        raise InputError(source, f"file is {len(data):,} bytes, over the {max_bytes:,}-byte "
                                 "limit for one article (raise it with --max-bytes)")
    if not source.lower().endswith((".html", ".htm")):
        check_length(data, source)  # before decoding it
    text = decode_bytes(data, source)
    if _is_html(source, text):
        return _html_document(text, doc_id, source)
    check_length(text, source)
    return Document(id=doc_id, source=normalize_field(source), text=normalize_text(text),
                    origin="text")


def _is_jsonl(name: str) -> bool:
    return name.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz"))


def _iter_file(path: Path, doc_id: str, max_bytes: int,
               named: bool = True) -> Iterator[Document | InputError]:
    source = str(path)
    try:
        if is_failures_report(path.name):
            raise _OwnOutput(source, "is a failure report kg wrote, not articles")
        if _is_jsonl(path.name):
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as stream:
                yield from iter_jsonl(stream, source, doc_id, max_bytes, named)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                                     "for one article (raise it with --max-bytes)")
            return
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:  # read no more than the limit allows
                data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(source, f"decompresses to over the {max_bytes:,}-byte limit "
                                         "for one article (raise it with --max-bytes)")
        else:
            data = path.read_bytes()
        yield read_document(data, doc_id, source, max_bytes)
    except _OwnOutput as err:
        if named:
            yield err
    except InputError as err:
        yield err
    except IsADirectoryError:
        yield InputError(source, "is a folder; pass it without a trailing file name")
    except (OSError, EOFError, zlib.error) as err:
        yield InputError(source, f"cannot read: {err.strerror or err}"
                         if isinstance(err, OSError) else f"cannot read: {err}")


def _walk(folder: Path, skip: frozenset[Path] = frozenset()) -> list[Path]:
    """The article files under ``folder``, hidden entries, kg's stores and reports left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        resolved = here.resolve() if skip else here
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not is_store(here / d)
                         and resolved / d not in skip)
        for name in sorted(files):
            if name.startswith(".") or is_failures_report(name) or resolved / name in skip:
                continue
            lower = name.lower()
            if any(lower.endswith(s) for s in TEXT_SUFFIXES):
                found.append(here / name)
    return found


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".jsonl.gz", ".ndjson.gz", ".json.gz", ".txt.gz", ".html.gz"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def iter_documents(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
                   stdin: io.BufferedIOBase | None = None,
                   skip: Iterable[str | Path] = ()) -> Iterator[Document | InputError]:
    """Yield a Document or an InputError for every article in ``inputs``.

    ``inputs`` are files, folders (walked recursively, hidden entries skipped),
    ``-`` for standard input (text, HTML or JSON Lines), or ``@LISTING``: a file
    of paths and http(s) URLs, one a line. Nothing is held in memory beyond the
    current document, and no line beyond ``max_bytes``.

    kg's own files are not articles: folders that are kg stores, failure reports,
    pages kg wrote and ``kg extract`` output met in a folder are skipped, as are the
    paths in ``skip`` (a build's store and failure report); named, they are errors.
    """
    seen_ids: dict[str, str] = {}
    skipped = frozenset(Path(p).resolve() for p in skip)
    for item in inputs:
        if item == "-":
            yield from _iter_stdin(stdin or sys.stdin.buffer, max_bytes)
        elif item.startswith("@"):
            yield from _iter_listing(Path(item[1:]), max_bytes, seen_ids, skipped)
        elif not Path(item).exists():
            yield InputError(item, "no such file or folder")
        else:
            yield from _iter_path(Path(item), max_bytes, seen_ids, skipped)


def _iter_path(path: Path, max_bytes: int, seen_ids: dict[str, str],
               skip: frozenset[Path] = frozenset()) -> Iterator[Document | InputError]:
    if path.is_dir() and (is_store(path) or path.resolve() in skip):
        yield InputError(str(path), "is a kg store, not articles; give the folder of articles")
        return
    if path.resolve() in skip:
        yield InputError(str(path), "is this build's own failure report, not articles")
        return
    named = not path.is_dir()
    files = _walk(path, skip) if path.is_dir() else [path]
    if path.is_dir() and not files:
        yield InputError(str(path), "folder holds no .txt, .html or .jsonl files")
    for file in files:
        doc_id = _stem(file)
        if doc_id in seen_ids and seen_ids[doc_id] != str(file):
            # two files share a stem: fall back to the path, still stable
            doc_id = str(file.with_suffix("")).replace(os.sep, "/")
        seen_ids[doc_id] = str(file)
        yield from _iter_file(file, doc_id, max_bytes, named)


def _listing(listing: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, entry) of a listing file: one path or URL a line, # comments; the
    entry is None for a line that is not UTF-8 or longer than any path or URL."""
    with open(listing, "rb") as stream:
        for n, raw, _size in lines(stream, LISTING_LINE):
            try:
                entry = None if raw is None else raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                entry = None
            if entry is None:
                yield n, None
            elif (entry := entry.strip()) and not entry.startswith("#"):
                yield n, entry


def _iter_listing(listing: Path, max_bytes: int, seen_ids: dict[str, str],
                  skip: frozenset[Path] = frozenset()) -> Iterator[Document | InputError]:
    """``@FILE``: the paths (relative to the listing's folder) and http(s) URLs it lists."""
    try:
        for n, entry in _listing(listing):
            if entry is None:
                yield InputError(str(listing), f"not a path or URL (not UTF-8 text, or over "
                                               f"{LISTING_LINE:,} bytes)", n)
            elif re.match(r"https?://", entry, re.IGNORECASE):
                yield _fetch(entry, str(listing), n, max_bytes)
            elif re.match(r"[a-z][a-z0-9+.-]*://", entry, re.IGNORECASE):
                yield InputError(str(listing), f"{mask_url(entry)}: only http(s) URLs and paths "
                                               "can be listed (for s3://, list presigned "
                                               "https:// URLs)", n)
            else:
                path = Path(entry) if Path(entry).is_absolute() else listing.parent / entry
                if path.exists():
                    yield from _iter_path(path, max_bytes, seen_ids, skip)
                else:
                    yield InputError(str(listing), f"{entry}: no such file or folder", n)
    except OSError as err:
        yield InputError(str(listing), f"cannot read the listing ({err.strerror or err})")


def _fetch(url: str, listing: str, line: int, max_bytes: int) -> Document | InputError:
    """One listed page over HTTP(S); a failure names the listing's line and the reason."""
    import urllib.error
    import urllib.request
    from urllib.parse import unquote, urlsplit

    from .. import __version__

    shown, plain = mask_url(url), without_credentials(url)
    request = urllib.request.Request(plain, headers={"User-Agent": f"kg/{__version__}"})
    parts = urlsplit(url)
    if parts.username is not None:  # urllib takes no login in the URL: HTTP Basic, this host only
        import base64

        login = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        request.add_unredirected_header("Authorization",
                                        "Basic " + base64.b64encode(login).decode("ascii"))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as err:
        return InputError(listing, f"{shown}: HTTP {err.code} {err.reason}", line)
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        return InputError(listing, f"{shown}: cannot fetch ({reason})", line)
    name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.hostname or "page"
    try:  # the page's source is kept in the graph: without the login it was fetched with
        return read_document(data, _stem(Path(name)), plain, max_bytes)
    except InputError as err:
        return err


def _iter_stdin(stream: io.BufferedIOBase, max_bytes: int) -> Iterator[Document | InputError]:
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head.lstrip().startswith(b"{"):
        yield from iter_jsonl(stream, "<stdin>", "stdin", max_bytes)
        return
    data = stream.read(max_bytes + 1)
    try:
        yield read_document(data, "stdin", "<stdin>", max_bytes)
    except InputError as err:
        yield err


def count_documents(inputs: Iterable[str], skip: Iterable[str | Path] = ()) -> int | None:
    """How many documents ``inputs`` hold (records in JSON Lines files), for a progress bar.

    Walks the same files as :func:`iter_documents` without decoding them; None
    when standard input is among the inputs. Unreadable files count as one.
    """
    skipped = frozenset(Path(p).resolve() for p in skip)
    total = 0
    for item in inputs:
        if item == "-":
            return None
        if item.startswith("@"):
            base = Path(item[1:]).parent
            try:
                for _n, entry in _listing(Path(item[1:])):
                    local = entry and not re.match(r"[a-z][a-z0-9+.-]*://", entry, re.IGNORECASE)
                    total += count_documents([str(base / entry)], skip) if local else 1
            except OSError:
                total += 1
            continue
        path = Path(item)
        files = _walk(path, skipped) if path.is_dir() else [path]
        for file in files:
            if not _is_jsonl(file.name):
                total += 1
                continue
            opener = gzip.open if file.name.lower().endswith(".gz") else open
            try:
                with opener(file, "rb") as stream:
                    total += count_records(stream)
            except (OSError, EOFError, zlib.error):
                total += 1
    return total
