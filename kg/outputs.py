"""kg's own files: what a build writes, so that no build reads it back as articles.

``kg build .`` with the store in ``.`` would otherwise walk into the store, its
failure report and the page ``kg viz`` wrote, and count them as broken
articles on every run. The reader (kg.extract.read) skips what these
functions recognize; the store (kg.graph.store) uses :func:`is_store` to tell
a store folder from a folder of other files.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FAILURES_SUFFIX", "GENERATOR", "failures_path", "is_store", "is_failures_report",
           "is_own_page", "is_own_record"]

FAILURES_SUFFIX = ".failures.jsonl"
FAILURES_DEFAULT = "kg-failures.jsonl"  # for a store that is not a folder (a SPARQL server)
# in the <head> of every page kg writes (kg/explore/viz.html)
GENERATOR = '<meta name="generator" content="kg">'
# the keys of a `kg extract` record that no article record has
_RECORD_KEYS = {"persons", "organizations", "locations", "positions", "events"}


def failures_path(store: str) -> str:
    """Beside a local store (kg.db → kg.db.failures.jsonl); in the working folder otherwise."""
    if "://" in store:
        return FAILURES_DEFAULT
    return str(store).rstrip("/\\") + FAILURES_SUFFIX


def is_store(folder: Path) -> bool:
    """An Oxigraph store: a RocksDB folder (it always holds CURRENT and IDENTITY)."""
    return (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file()


def is_failures_report(name: str) -> bool:
    return name.endswith(FAILURES_SUFFIX) or name == FAILURES_DEFAULT


def is_own_page(head: str) -> bool:
    """A page kg wrote (kg viz), from the first kilobytes of its HTML."""
    return GENERATOR in head


def is_own_record(record: object) -> bool:
    """A record of `kg extract`'s output, not an article."""
    return isinstance(record, dict) and _RECORD_KEYS <= record.keys()
