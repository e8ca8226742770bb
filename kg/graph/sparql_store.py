"""A store on a SPARQL server, for graphs beyond the embedded one: ``--store sparql+http://…``.

``kg build corpus/ --store sparql+http://dba:dba@localhost:8890/sparql-auth``
writes the articles into a SPARQL 1.1 server (tested with Virtuoso) instead of
the embedded Oxigraph folder: one named graph per article, as in
:class:`kg.graph.store.KGStore`, with the same methods, so ``kg build`` and
``kg query`` work on either. The endpoint takes queries and updates; its login
comes from the URL, or ``KG_SPARQL_USER`` / ``KG_SPARQL_PASSWORD``.

Writes are batches of ``INSERT DATA`` of at most :data:`BATCH` quads. HTTP has
no transactions across requests, so the content hashes that mark articles as
done are sent last, as on disk (kg.graph.store): an article cut off half-way has no
hash, and the next build drops and redoes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import groupby
from urllib.parse import unquote, urlsplit, urlunsplit

from pyoxigraph import Quad

from ..errors import KGError
from ..export.sparql import SparqlClient
from .rdf import ENTITIES
from .store import (ARTICLE_GRAPHS, ARTICLES_QUERY, DERIVED_GRAPH, PERSON_NAMES_QUERY, TEXTS_QUERY,
                    ArticleGraphs, ArticleState, person_index, split_marks)

__all__ = ["SparqlStore", "is_sparql_store", "BATCH"]

SCHEME = "sparql+"
PAGE = 1_000  # rows per query page: under any server's result cap
BATCH = 5_000  # quads per request: ~1 MB of N-Quads, well under servers' request limits


def is_sparql_store(location: object) -> bool:
    return str(location).startswith((SCHEME + "http://", SCHEME + "https://"))


class SparqlStore(ArticleGraphs):
    """The knowledge-graph store of kg.graph.store, kept on a SPARQL server."""

    def __init__(self, location: str):
        parts = urlsplit(str(location)[len(SCHEME):])
        if not parts.hostname:
            raise KGError(f"{location}: no server in the store address; "
                          "write sparql+http://HOST:PORT/PATH")
        user = unquote(parts.username) if parts.username else os.environ.get("KG_SPARQL_USER")
        password = (unquote(parts.password) if parts.password
                    else os.environ.get("KG_SPARQL_PASSWORD"))
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.endpoint = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
        self.path = f"{SCHEME}{self.endpoint}"  # as kg's messages name a store; no password
        self.client = SparqlClient(self.endpoint, user=user, password=password)

    # -- articles -----------------------------------------------------------------------
    def articles(self) -> Iterator[ArticleState]:
        for g, h, v, s, alt in self._all(ARTICLES_QUERY, "?g ?h ?v ?s ?alt"):
            yield ArticleState(g.value, h.value, v.value, s.value if s else None,
                               alt.value if alt else None)

    def person_names(self) -> dict[str, dict[str, str]]:
        return person_index((p.value, n.value, g.value)
                            for p, n, g in self._all(PERSON_NAMES_QUERY, "?g ?p ?n"))

    def labels(self, entities: Iterable[tuple]) -> dict[str, str]:
        """As :meth:`kg.graph.store.KGStore.labels`, in one request."""
        pairs = list(entities)
        if not pairs:
            return {}
        values = " ".join(f"({entity} {predicate})" for entity, predicate in pairs)
        _, rows = self.client.select(
            f"SELECT ?x (MIN(STR(?n)) AS ?name) WHERE {{ VALUES (?x ?p) {{ {values} }} "
            f"GRAPH {ENTITIES} {{ ?x ?p ?n }} }} GROUP BY ?x")
        return {x.value: name.value for x, name in rows if name is not None}

    def texts_kept(self) -> set[str]:
        return {g.value for (g,) in self._all(TEXTS_QUERY, "?g")}

    def graph_names(self) -> Iterator[str]:
        rows = self._all("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                         f'FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}', "?g")
        return (g.value for (g,) in rows)

    def write(self, drop: Iterable[str], quads: list[Quad]) -> None:
        drop = list(drop)
        for start in range(0, len(drop), 500):
            self.client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in drop[start:start + 500]))
        for part in split_marks(quads):
            for start in range(0, len(part), BATCH):
                self.client.update(_insert_data(part[start:start + BATCH]))

    def _all(self, query: str, order: str) -> Iterator[list]:
        """Every row of ``query``, page by page: servers cap a result's rows (Virtuoso's
        ResultSetMaxRows, 10,000 by default) without saying so, and a short catalog
        would have the build redo, or drop, articles that are stored."""
        offset = 0
        while True:
            # the sorted subquery is Virtuoso's own advice: it refuses a plain ORDER BY
            # with an OFFSET past its result cap (SR353)
            _, rows = self.client.select(f"SELECT * WHERE {{ {{ {query} ORDER BY {order} }} }} "
                                         f"LIMIT {PAGE} OFFSET {offset}")
            yield from rows
            if len(rows) < PAGE:
                return
            offset += PAGE

    # -- queries ------------------------------------------------------------------------
    def select_all(self, sparql: str, order: str) -> Iterator[list]:
        """Every row of a SELECT, paged in ``order`` (its variables) past the server's cap."""
        return self._all(sparql, order)

    def select(self, sparql: str, bindings: dict[str, object] | None = None):
        """A SELECT over the server's graphs (the union, as the server's default graph)."""
        return self.client.select(sparql, bindings)

    def __len__(self) -> int:
        _, rows = self.client.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}") || STR(?g) = "{DERIVED_GRAPH}") }}')
        return int(rows[0][0].value)

    def close(self) -> None:
        self.client.session.close()


def _insert_data(quads: list[Quad]) -> str:
    """``INSERT DATA`` with the quads grouped by graph; terms in N-Triples syntax, which
    pyoxigraph writes with every quote, backslash and newline escaped."""
    blocks = []
    for graph, group in groupby(sorted(quads, key=lambda q: q.graph_name.value),
                                key=lambda q: q.graph_name):
        triples = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in group)
        blocks.append(f"GRAPH {graph} {{\n{triples}\n}}")
    if not blocks:
        raise KGError("nothing to insert")
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
