"""The persistent store: Oxigraph (pyoxigraph) on disk, one named graph per article.

Oxigraph is embedded (no server), keeps ~0.33 KB per triple against rdflib's
~1.1 KB and answers the joins kg's queries make two orders of magnitude faster
(../shared/MEASURED.md; ``benchmarks/store_build.py`` measures it on kg's own
graphs). rdflib users keep their API through oxrdflib: :func:`rdflib_dataset`.

Writes come in batches of articles (kg.graph.build): the graphs being replaced are
dropped in one transaction, the new quads bulk-loaded, and the content hashes
that mark the articles as done added last, in a transaction of their own. A
crash leaves each article either complete with its hash, or without one, and
the next build drops and redoes those (:meth:`KGStore.drop_incomplete`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, Store

from ..errors import KGError
from ..outputs import is_store
from .rdf import ENTITIES, KGR, NS, term

__all__ = ["KGStore", "ArticleGraphs", "ArticleState", "split_marks", "DEFAULT_STORE", "rdflib_dataset", "shorten"]

DEFAULT_STORE = "kg.db"


ARTICLE_GRAPHS = f"{KGR}graph/"
DERIVED_GRAPH = f"{KGR}derived/careers"  # identity and tenures over all articles (kg.graph.careers)
CONTENT_HASH = term("kg:contentHash")
# One row per stored article graph; shared with the SPARQL-server store.
ARTICLES_QUERY = """SELECT ?g ?h ?v ?s ?alt WHERE { GRAPH ?g {
  ?a kg:contentHash ?h ; prov:wasGeneratedBy ?x . ?x sdo:softwareVersion ?v .
  OPTIONAL { ?a kg:simhash ?s } OPTIONAL { ?a prov:alternateOf ?alt } } }"""
# The article graphs that keep their article's text (kg build --keep-text)
TEXTS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a kg:Article ; sdo:text ?t } }"
# the decisions each article's build took (not those kg.graph.careers derives over the store)
PERSON_NAMES_QUERY = ("SELECT ?p ?n ?g WHERE { GRAPH ?g { ?d a kg:MergeDecision ; "
                      f'kg:subject ?p ; sdo:name ?n }} FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}')


class ArticleState(NamedTuple):
    graph: str  # the article's named graph IRI
    content_hash: str
    version: str  # of kg, when it was extracted
    simhash: str | None  # hex fingerprint of the body, None for short bodies and duplicates
    alternate_of: str | None  # the article IRI whose facts stand for this one's (duplicates)


def person_index(rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """(person IRI, name, graph) rows → the index kg.graph.build's merge log keeps."""
    out: dict[str, dict[str, str]] = {}
    for person, name, graph in rows:
        known = out.setdefault(name, {})
        known[person] = graph if known.get(person, graph) == graph else "*"
    return out


def shorten(value: str) -> str:
    """An IRI as a prefixed name where a known prefix fits."""
    for prefix, ns in sorted(NS.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


def split_marks(quads: list[Quad]) -> tuple[list[Quad], list[Quad]]:
    """An article batch's quads, and apart the content hashes that mark its articles as done:
    those are written last, so an article cut off half-way has none (drop_incomplete)."""
    return ([q for q in quads if q.predicate != CONTENT_HASH],
            [q for q in quads if q.predicate == CONTENT_HASH])


class ArticleGraphs:
    """What every kg store does with its article graphs, given ``articles()``, ``write()``
    and ``graph_names()`` (the on-disk store and the SPARQL-server one)."""

    def catalog(self) -> dict[str, tuple[str, str]]:
        """Article graph IRI → (content hash, kg version) of what is stored."""
        return {a.graph: (a.content_hash, a.version) for a in self.articles()}

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None:
        """Swap one article's facts for new ones."""
        self.write([graph.value], quads)

    def drop_incomplete(self, done: set[str] | None = None) -> int:
        """Remove article graphs whose write was cut off (no content hash); returns how many.
        ``done``: the graphs of :meth:`articles`, when the caller has them already."""
        done = done if done is not None else {a.graph for a in self.articles()}
        cut = [g for g in self.graph_names()
               if g.startswith(ARTICLE_GRAPHS) and g != ENTITIES.value and g not in done]
        self.write(cut, [])
        return len(cut)


class KGStore(ArticleGraphs):
    def __init__(self, path: str | Path = DEFAULT_STORE, read_only: bool = False):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise KGError(f"{self.path}: not a kg store (a store is a folder); "
                          "choose another --store path")
        if read_only and not self.path.exists():
            raise KGError(f"{self.path}: no store here; build one first: kg build ARTICLES --store {self.path}")
        if self.path.is_dir() and not is_store(self.path) and any(self.path.iterdir()):
            # a store writes dozens of files of its own into its folder: never among others
            others = sorted(p.name for p in self.path.iterdir())
            raise KGError(f"{self.path}: not a kg store, a folder of other files "
                          f"({', '.join(others[:3])}{', …' if len(others) > 3 else ''}); "
                          "give --store a new folder, e.g. kg.db")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.store = Store.read_only(str(self.path)) if read_only else Store(str(self.path))
        except (OSError, RuntimeError) as err:  # RocksDB reports corruption as RuntimeError
            text = str(err)
            if "lock file" in text.lower() or "/LOCK" in text:  # not "block checksum"
                raise KGError(f"{self.path}: the store is in use by another kg process; "
                              "wait for it to finish, or use another --store") from None
            raise self.damaged(err) from None

    def damaged(self, err: Exception) -> KGError:
        """The one-line error for a store that fails under kg (a corrupt file, a bad disk)."""
        text = (str(err).splitlines() or [type(err).__name__])[0]
        if isinstance(err, OSError) and err.errno is None and "returned by" in text:
            # not the disk: an endpoint a SERVICE clause called (kg query --allow-service)
            return KGError(f"the query failed: {text[:200]}")
        return KGError(f"{self.path}: cannot read the store ({text[:200]}); it may be damaged: "
                       "rebuild it into a new folder")

    def _guarded(self, rows: Iterable) -> Iterator:
        """``rows`` of a store query or scan, with a damaged store reported as such: RocksDB
        finds a corrupt block only when the scan reaches it."""
        try:
            yield from rows
        except (OSError, RuntimeError) as err:
            raise self.damaged(err) from None

    def solutions(self, sparql: str, bindings: dict[str, object] | None = None
                  ) -> tuple[list[str], Iterator]:
        """A SELECT over the union of the article graphs: its variable names, and its rows
        (pyoxigraph solutions) as Oxigraph yields them: the projection streams from here."""
        try:
            result = self.store.query(_bind(sparql, bindings or {}), prefixes=NS,
                                      use_default_graph_as_union=True)
        except SyntaxError as err:
            raise KGError(f"SPARQL syntax error: {err}") from None
        except (OSError, RuntimeError) as err:
            raise self.damaged(err) from None
        if not isinstance(result, QuerySolutions):
            raise KGError("kg query runs SELECT queries; use kg serialize for whole graphs")
        return [v.value for v in result.variables], self._guarded(result)

    # -- articles ---------------------------------------------------------------
    def articles(self) -> Iterator[ArticleState]:
        """What the store holds of each article: hashes, version, fingerprint, duplicate link."""
        for r in self._guarded(self.store.query(ARTICLES_QUERY, prefixes=NS)):
            yield ArticleState(r["g"].value, r["h"].value, r["v"].value,
                               r["s"].value if r["s"] else None,
                               r["alt"].value if r["alt"] else None)

    def write(self, drop: Iterable[str], quads: list[Quad]) -> None:
        """Drop the graphs ``drop`` (IRIs), then add ``quads``: a batch of articles at once.

        Dropping and adding are one transaction each (``extend`` is atomic): a crash
        between them leaves the dropped articles missing from the catalog, and the
        next build extracts them again.
        """
        drop = list(drop)
        # Oxigraph's bulk loader is ~4x faster than a transaction but not atomic: the
        # content hashes, which mark an article as done (catalog), go in last, in a
        # transaction of their own. A crash in between leaves graphs without a hash,
        # which drop_incomplete() removes at the start of the next build.
        body, marks = split_marks(quads)
        try:
            if drop:
                self.store.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in drop))
            if body:
                self.store.bulk_extend(body)
            if marks:
                self.store.extend(marks)
        except OSError as err:
            raise KGError(f"{self.path}: write failed ({err}); the store keeps its previous "
                          "state for these articles, run the build again") from None
        except RuntimeError as err:
            raise self.damaged(err) from None

    def graph_names(self) -> Iterator[str]:
        return (g.value for g in self._guarded(self.store.named_graphs()))

    def texts_kept(self) -> set[str]:
        """The article graphs that hold their article's text."""
        return {r["g"].value for r in self.store.query(TEXTS_QUERY, prefixes=NS)}

    def person_names(self) -> dict[str, dict[str, str]]:
        """Person name → {person IRI: the article graph naming them, or "*" for several}."""
        rows = self._guarded(self.store.query(PERSON_NAMES_QUERY, prefixes=NS))
        return person_index((r["p"].value, r["n"].value, r["g"].value) for r in rows)

    def labels(self, entities: Iterable[tuple[NamedNode, NamedNode]]) -> dict[str, str]:
        """The name the entities graph gives each (entity, naming property) pair, by entity IRI,
        where it has one (the smallest, should an older store hold several)."""
        out: dict[str, str] = {}
        for entity, predicate in entities:
            found = [q.object.value for q in self._guarded(
                self.store.quads_for_pattern(entity, predicate, None, ENTITIES))]
            if found:
                out[entity.value] = min(found)
        return out

    # -- queries ----------------------------------------------------------------
    def select(self, sparql: str, bindings: dict[str, object] | None = None
               ) -> tuple[list[str], list[list[object]]]:
        """Run a SELECT over the union of all article graphs; values are pyoxigraph terms."""
        names, rows = self.solutions(sparql, bindings)
        return names, [[row[n] for n in names] for row in rows]

    def union_triples(self) -> Iterable:
        """Every distinct triple of the knowledge graph (the union of the article graphs),
        streamed, so that nothing grows with the store: quads come graph by graph, subject
        by subject; a subject that only one graph states gives its triples as they come,
        and a triple of a subject that several graphs state is given with the first graph
        that the store's subject index lists for it."""
        from pyoxigraph import Triple

        find = self.store.quads_for_pattern
        subject = graph = None
        shared = False
        try:
            for quad in self.store:
                s, g = quad.subject, quad.graph_name
                if isinstance(g, DefaultGraph):
                    continue
                if s != subject or g != graph:
                    subject, graph = s, g
                    shared = any(q.graph_name != g for q in find(s, None, None))
                if shared:
                    first = next(q.graph_name for q in find(s, quad.predicate, quad.object)
                                 if not isinstance(q.graph_name, DefaultGraph))
                    if first != g:
                        continue  # stated by another graph too, and given with it
                yield Triple(s, quad.predicate, quad.object)
        except (OSError, RuntimeError) as err:
            raise self.damaged(err) from None

    def quads(self) -> Iterable[Quad]:
        return (q for q in self._guarded(self.store)
                if not isinstance(q.graph_name, DefaultGraph))

    def __len__(self) -> int:
        try:
            return len(self.store)
        except (OSError, RuntimeError) as err:
            raise self.damaged(err) from None

    def close(self) -> None:
        self.store.flush() if hasattr(self.store, "flush") else None


def _bind(sparql: str, bindings: dict[str, object]) -> str:
    """Bind variables with an inline VALUES block at the top of the WHERE clause.

    The values go in as RDF terms serialized by pyoxigraph (quoted and escaped),
    never as query text, so a name with quotes cannot change the query.
    (Oxigraph's own substitution only binds variables that are projected.)
    """
    blocks = []
    for name, value in bindings.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        blocks.append(f"VALUES ?{name} {{ {' '.join(str(_as_term(v)) for v in values)} }}")
    if not blocks:
        return sparql
    at = sparql.upper().find("WHERE")
    brace = sparql.find("{", at)
    if at < 0 or brace < 0:
        raise KGError("a query with parameters needs a WHERE { … } block")
    return f"{sparql[:brace + 1]}\n  {' '.join(blocks)}{sparql[brace + 1:]}"


def _as_term(value: object):
    if isinstance(value, (NamedNode, Literal)):
        return value
    if isinstance(value, bool):  # before int: a bool is an int; and "false" as a string is true
        return Literal("true" if value else "false", datatype=term("xsd:boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=term("xsd:integer"))
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return NamedNode(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return Literal(value, datatype=term("xsd:date"))
    return Literal(str(value))


def format_rows(names: list[str], rows: list[list[object]], fmt: str) -> str:
    """SELECT results as a table (prefixed names), CSV or JSON."""
    def plain(v: object) -> str:
        if v is None:
            return ""
        return shorten(v.value) if isinstance(v, NamedNode) else v.value

    if fmt == "json":
        return json.dumps([{n: (plain(v) if v is not None else None) for n, v in zip(names, row)}
                           for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[plain(v) for v in row] for row in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[plain(v) for v in row] for row in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def rdflib_dataset(path: str | Path = DEFAULT_STORE):
    """The store as an rdflib Dataset (through oxrdflib), for rdflib's API and SPARQL.

    Its default graph is the union of the article graphs, as for ``kg query``: a query
    without ``GRAPH`` sees the whole knowledge graph."""
    import rdflib

    dataset = rdflib.Dataset(store="Oxigraph", default_union=True)
    dataset.open(str(path), create=False)
    return dataset

