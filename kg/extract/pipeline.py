"""The extraction pipeline: read → normalize → clean → segment → recognize →
relate → resolve, one document at a time.

``extract_document`` is the library's entry point for a Document you already
hold; ``extract`` streams a corpus and yields facts or the error that stopped
one input, never raising for a user's bad file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from .career import annotate, unmask_acting
from .clean import zone_paragraphs
from .gazetteer import era_of
from ..errors import InputError
from .model import Document, Facts, Paragraph
from .read import DEFAULT_MAX_BYTES, iter_documents
from .relate import relate
from .resolve import resolve
from .segment import split_sentences

__all__ = ["extract_document", "extract_with_zones", "extract", "extract_text"]


def extract_document(doc: Document) -> Facts:
    """All facts of one normalized document."""
    return extract_with_zones(doc)[0]


def extract_with_zones(doc: Document) -> tuple[Facts, list[Paragraph]]:
    """The facts, and the paragraphs with their zones (body, caption, byline, …)."""
    # "Quyền Chủ tịch …" is read with "Quyền" blanked (kg.extract.career): same length, same offsets
    seen, acting_at = unmask_acting(doc.text)
    read = replace(doc, text=seen) if acting_at else doc
    paragraphs = zone_paragraphs(read)
    read.era = era_of(read.published, read.text)
    sentences = split_sentences(read, paragraphs)
    facts = resolve(read, relate(read, sentences))
    if read is not doc:  # zoning sets the title and date it finds on the document: on ``doc``
        doc.title, doc.published, doc.era = read.title, read.published, read.era
    facts.document = doc
    if not any(s.zone == "body" for s in sentences):
        # never lose an article without a word: say that nothing of it was read as story
        zones = sorted({p.zone for p in paragraphs}) or ["nothing"]
        facts.notes.append(f"no body text: every paragraph was read as {', '.join(zones)}")
    return annotate(facts, sentences, acting_at), paragraphs


def extract_text(text: str, doc_id: str = "text", published: str | None = None) -> Facts:
    """Facts of a text given as a string (a page's text copy)."""
    from .normalize import normalize_text

    return extract_document(Document(doc_id, doc_id, normalize_text(text), published=published))


def extract(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Facts | InputError]:
    """Facts for every document under ``inputs`` (files, folders, ``-``), in order.

    A document that cannot be read, or that breaks the extractor, comes out as
    an :class:`InputError` naming it; the stream goes on.
    """
    for item in iter_documents(inputs, max_bytes=max_bytes):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield extract_document(item)
        except Exception as err:  # noqa: BLE001 - one document's failure must not end a corpus run
            yield InputError(item.source, f"kg failed on this document ({err.__class__.__name__}: "
                                          f"{err}); please report it with the file")
