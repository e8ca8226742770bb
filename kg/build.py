"""Build: articles → the persistent knowledge graph, incrementally.

For each document: hash its normalized text; if the store already holds that
article with the same hash and kg version, skip it; otherwise extract, turn
the facts into quads (kg.graph) and swap them in for the article's old graph
in one transaction. Re-running a build changes nothing; a changed article
replaces its own facts only; an interrupted build resumes where it stopped.

Person merges across articles are decided by IRI (name + province, see
kg.graph.person_key) and every decision is written into the article's graph
as a kg:MergeDecision, so ``kg merges`` can show what was merged and what was
kept apart, and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from . import __version__
from .errors import InputError
from .graph import KGR, article_key, article_quads, term
from .pipeline import extract_document
from .read import DEFAULT_MAX_BYTES, iter_documents
from .store import KGStore

__all__ = ["BuildReport", "build", "content_hash"]


@dataclass
class BuildReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[InputError] = field(default_factory=list)
    merged: int = 0
    kept_apart: int = 0

    @property
    def processed(self) -> int:
        return self.added + self.replaced + self.unchanged + len(self.failures)


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def build(inputs: Iterable[str], store: KGStore, max_bytes: int = DEFAULT_MAX_BYTES,
          on_document: Callable[[BuildReport], None] | None = None) -> BuildReport:
    """Extract every new or changed article under ``inputs`` into ``store``."""
    report = BuildReport()
    catalog = store.catalog()
    names = store.person_names()
    for item in iter_documents(inputs, max_bytes=max_bytes):
        if isinstance(item, InputError):
            report.failures.append(item)
        else:
            _build_one(item, store, catalog, names, report)
        if on_document:
            on_document(report)
    return report


def _build_one(doc, store: KGStore, catalog: dict, names: dict[str, set[str]],
               report: BuildReport) -> None:
    digest = content_hash(doc.text)
    key = article_key({"id": doc.id, "source": doc.source})
    graph = NamedNode(f"{KGR}graph/{key}")
    previous = catalog.get(graph.value)
    if previous == (digest, __version__):
        report.unchanged += 1
        return
    try:
        record = extract_document(doc).as_dict(with_text=True)
        quads, persons = article_quads(record, digest)
    except Exception as err:  # noqa: BLE001 - one article must not stop a build
        report.failures.append(InputError(doc.source, f"kg failed on this document "
                                                      f"({err.__class__.__name__}: {err})"))
        return
    quads += _merge_decisions(graph, key, persons, names, report)
    store.replace_graph(graph, quads)
    catalog[graph.value] = (digest, __version__)
    if previous:
        report.replaced += 1
    else:
        report.added += 1


def _merge_decisions(graph: NamedNode, key: str, persons, names: dict[str, set[str]],
                     report: BuildReport) -> list[Quad]:
    quads: list[Quad] = []
    article = NamedNode(f"{KGR}article/{key}")
    for n, (pkey, iri) in enumerate(persons, start=1):
        known = names.setdefault(pkey.name, set())
        others = sorted(known - {iri.value})
        if iri.value in known:
            decision, reason = "merged", f"same name and context ({pkey.reason})"
            report.merged += 1
        elif others:
            decision = "kept_apart"
            reason = f"same name, other context: {pkey.reason}"
            report.kept_apart += 1
        else:
            decision, reason = "new", pkey.reason
        known.add(iri.value)
        node = NamedNode(f"{KGR}merge/{key}-{n}")
        add = [(term("rdf:type"), term("kg:MergeDecision")), (term("kg:subject"), iri),
               (term("kg:decision"), Literal(decision)), (term("rdfs:comment"), Literal(reason)),
               (term("sdo:name"), Literal(pkey.name)), (term("prov:wasDerivedFrom"), article)]
        add += [(term("kg:other"), NamedNode(o)) for o in others]
        quads += [Quad(node, p, o, graph) for p, o in add]
    return quads
