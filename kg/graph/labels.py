"""One name per person and organization, kept by the build (kg.graph.build).

The IRI of an entity ignores case (kg.graph.rdf.slug), so articles that spell a
body's name differently name one entity; its name in the entities graph is the
first the store holds, or this build gives, in input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from .rdf import ENTITIES, KGR, term

__all__ = ["Labels"]

# the naming properties of the entities whose names come from articles (places' and roles'
# come from the gazetteer and the lexicons): their IRI prefix, and the property to ask for
_NAMED = {f"{KGR}person/": term("sdo:name"), f"{KGR}org/": term("skos:prefLabel")}
_NAMED_PREFIXES = tuple(_NAMED)
_NAMING = frozenset({term("sdo:name"), term("skos:prefLabel"), term("rdfs:label")})


class Labels:
    """One name per person and organization: the first the store holds, or this build gives.

    Articles write one entity's name in more than one way ("Sở Giao thông Công chính" and
    "… công chính", "PHAN DIỄN"): the IRI is one (kg.graph.rdf.slug ignores case), and
    without this each spelling would become another label, another row of every export.
    The first name is kept, in input order, so every executor gives the same graph."""

    def __init__(self, store):
        self.store = store
        self.known: dict[str, str] = {}  # IRI → name, until the next write

    @staticmethod
    def _naming(quads: list[Quad]) -> Iterator[tuple[int, Quad]]:
        for n, q in enumerate(quads):
            if q.graph_name == ENTITIES and q.predicate in _NAMING \
                    and q.subject.value.startswith(_NAMED_PREFIXES):
                yield n, q

    def look_up(self, batches: Iterable[list[Quad]]) -> None:
        """Ask the store once for the names of a batch's entities not met since the last write."""
        asked: dict[str, NamedNode] = {}
        for quads in batches:
            for _, q in self._naming(quads):
                if q.subject.value not in self.known:
                    asked[q.subject.value] = q.subject
        if asked:
            self.known.update(self.store.labels(
                (iri, next(p for prefix, p in _NAMED.items() if iri.value.startswith(prefix)))
                for iri in asked.values()))

    def one_name(self, quads: list[Quad]) -> list[Quad]:
        out = quads
        for n, q in self._naming(quads):
            name = self.known.setdefault(q.subject.value, q.object.value)
            if name != q.object.value:
                if out is quads:
                    out = list(quads)
                out[n] = Quad(q.subject, q.predicate, Literal(name, language=q.object.language)
                              if q.object.language else Literal(name), ENTITIES)
        return out

    def forget(self) -> None:
        self.known.clear()
