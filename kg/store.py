"""The persistent store: Oxigraph (pyoxigraph) on disk, one named graph per article.

Oxigraph is embedded (no server), keeps ~0.33 KB per triple against rdflib's
~1.1 KB and answers the joins kg's queries make two orders of magnitude faster
(../shared/MEASURED.md; ``benchmarks/store_build.py`` measures it on kg's own
graphs). rdflib users keep their API through oxrdflib: :func:`rdflib_dataset`.

Writes are transactional per article: an article's graph is dropped and its new
quads added in one ``extend`` call, with the content hash among them, so a
crash leaves either the old facts, or none (and the next build redoes it).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, Store

from .errors import KGError
from .graph import NS, term

__all__ = ["KGStore", "DEFAULT_STORE", "rdflib_dataset", "shorten"]

DEFAULT_STORE = "kg.db"


def shorten(value: str) -> str:
    """An IRI as a prefixed name where a known prefix fits."""
    for prefix, ns in sorted(NS.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(ns):
            return f"{prefix}:{value[len(ns):]}"
    return value


class KGStore:
    def __init__(self, path: str | Path = DEFAULT_STORE, read_only: bool = False):
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise KGError(f"{self.path}: not a kg store (a store is a folder); "
                          "choose another --store path")
        if read_only and not self.path.exists():
            raise KGError(f"{self.path}: no store here; build one first: kg build ARTICLES --store {self.path}")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.store = Store.read_only(str(self.path)) if read_only else Store(str(self.path))
        except (OSError, RuntimeError) as err:  # RocksDB reports corruption as RuntimeError
            text = str(err)
            if "lock" in text.lower():
                raise KGError(f"{self.path}: the store is in use by another kg process; "
                              "wait for it to finish, or use another --store") from None
            raise KGError(f"{self.path}: cannot open the store ({text.splitlines()[0][:200]}); "
                          "it may be damaged: rebuild it into a new folder") from None

    # -- articles ---------------------------------------------------------------
    def catalog(self) -> dict[str, tuple[str, str]]:
        """Article graph IRI → (content hash, kg version) of what is stored."""
        rows = self.store.query(
            "SELECT ?g ?h ?v WHERE { GRAPH ?g { ?a kg:contentHash ?h ; prov:wasGeneratedBy ?x . "
            "?x sdo:softwareVersion ?v } }", prefixes=NS)
        return {r["g"].value: (r["h"].value, r["v"].value) for r in rows}

    def replace_graph(self, graph: NamedNode, quads: list[Quad]) -> None:
        """Swap one article's facts for new ones, in one transaction."""
        try:
            self.store.update(f"DROP SILENT GRAPH <{graph.value}>")
            self.store.extend(quads)
        except OSError as err:
            raise KGError(f"{self.path}: write failed ({err}); the store keeps its previous "
                          "state for this article, run the build again") from None

    def person_names(self) -> dict[str, set[str]]:
        """sdo:name → person IRIs, over all articles (for the merge log)."""
        out: dict[str, set[str]] = {}
        for r in self.store.query("SELECT DISTINCT ?p ?n WHERE { GRAPH ?g { ?p a sdo:Person ; "
                                  "sdo:name ?n } }", prefixes=NS):
            out.setdefault(r["n"].value, set()).add(r["p"].value)
        return out

    # -- queries ----------------------------------------------------------------
    def select(self, sparql: str, bindings: dict[str, object] | None = None
               ) -> tuple[list[str], list[list[object]]]:
        """Run a SELECT over the union of all article graphs; values are pyoxigraph terms."""
        try:
            result = self.store.query(_bind(sparql, bindings or {}), prefixes=NS,
                                      use_default_graph_as_union=True)
        except SyntaxError as err:
            raise KGError(f"SPARQL syntax error: {err}") from None
        if not isinstance(result, QuerySolutions):
            raise KGError("kg query runs SELECT queries; use kg serialize for whole graphs")
        names = [v.value for v in result.variables]
        return names, [[row[n] for n in names] for row in result]

    def union_triples(self) -> Iterable:
        """Every distinct triple of the knowledge graph (the union of the article graphs)."""
        from pyoxigraph import Triple

        for row in self.store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }",
                                    use_default_graph_as_union=True):
            yield Triple(row["s"], row["p"], row["o"])

    def quads(self) -> Iterable[Quad]:
        return (q for q in self.store if not isinstance(q.graph_name, DefaultGraph))

    def __len__(self) -> int:
        return len(self.store)

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
    """The store as an rdflib Dataset (through oxrdflib), for rdflib's API and SPARQL."""
    import rdflib

    dataset = rdflib.Dataset(store="Oxigraph")
    dataset.open(str(path), create=False)
    return dataset

