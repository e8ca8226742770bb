"""Serialization and validation of the whole knowledge graph.

Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD) get the union of the
article graphs, each triple once; quad formats (N-Quads, TriG) keep one named
graph per article, so provenance survives the round trip. Files are written
atomically.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from ..atomic import atomic_open
from ..errors import KGError
from .rdf import NS
from .store import KGStore

__all__ = ["FORMATS", "format_for", "serialize_store", "validate_store", "ontology_dir"]

FORMATS = {
    "turtle": (RdfFormat.TURTLE, ".ttl"), "nt": (RdfFormat.N_TRIPLES, ".nt"),
    "nq": (RdfFormat.N_QUADS, ".nq"), "trig": (RdfFormat.TRIG, ".trig"),
    "jsonld": (RdfFormat.JSON_LD, ".jsonld"), "xml": (RdfFormat.RDF_XML, ".rdf"),
}
_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
              ".json": "jsonld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
_QUAD_FORMATS = {"nq", "trig"}


def format_for(path: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise KGError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _BY_SUFFIX:
        raise KGError(f"{path}: cannot tell the format from the extension; "
                      f"add --format ({', '.join(FORMATS)})")
    return _BY_SUFFIX[suffix]


def serialize_store(store: KGStore, path: str, fmt: str | None = None) -> tuple[str, int]:
    """Write the graph to ``path``; returns the format used and the number of statements.

    Everything streams from the store to the file, so memory does not grow with the
    store: quad formats are Oxigraph's own dump, triple formats the deduplicated
    union as :meth:`KGStore.union_triples` walks it."""
    fmt = format_for(path, fmt)
    rdf_format = FORMATS[fmt][0]
    prefixes = NS if fmt in ("turtle", "trig") else None
    with atomic_open(path, binary=True) as out:
        if fmt in _QUAD_FORMATS:
            count = len(store)
            try:
                store.store.dump(out, rdf_format, prefixes=prefixes)
            except RuntimeError as err:
                raise store.damaged(err) from None
        else:
            counted = _Counter(store.union_triples())
            serialize(counted, out, rdf_format, prefixes=prefixes)
            count = counted.count
    return fmt, count


class _Counter:
    """An iterable that counts what passes through it."""

    def __init__(self, items):
        self.items, self.count = items, 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def ontology_dir() -> Path:
    here = Path(__file__).resolve().parent.parent.parent / "ontology"
    if not (here / "shapes.ttl").exists():
        raise KGError(f"{here}: ontology files not found; run kg from its source checkout "
                      "(pip install -e .)")
    return here


def validate_store(store: KGStore) -> tuple[bool, str]:
    """SHACL validation of the union graph against ontology/shapes.ttl (pyshacl)."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    nt = serialize(list(store.union_triples()), format=RdfFormat.N_TRIPLES)
    data.parse(data=nt.decode("utf-8") if nt else "", format="nt")
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                              inference="none", allow_warnings=True)
    return bool(conforms), text
