"""Export: the knowledge graph into the tools and databases teams already run.

Property-graph targets (Neo4j CSV, a Cypher script, a Bolt server, FalkorDB,
GraphML) all read the one mapping in ``kg/graph/project.py`` (docs/property-graph.md);
the SPARQL target pushes the RDF triples themselves. Everything streams in
batches, so memory stays flat however large the graph is, and node and edge
ids are the stable RDF IRIs (or hashes), so exporting again updates a database
instead of duplicating its contents.

``export(store, target, dest, **opts)`` picks the exporter:

=====================  =============================================  ===========
target                 dest                                           module
=====================  =============================================  ===========
``neo4j-csv``          a folder for ``neo4j-admin database import``   neo4j_csv
``cypher``             a ``.cypher`` file for cypher-shell             cypher
``graphml``            a ``.graphml`` file (Gephi, yEd, Cytoscape)    graphml
``sparql``             a Graph Store Protocol or Update endpoint URL  sparql
``bolt://…``, ``neo4j://…``  (the target is the server)                bolt
``falkordb://…``       (the target is the server)                     falkordb
=====================  =============================================  ===========
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import KGError
from ..graph.project import BOOLEAN_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES

__all__ = ["export", "ExportReport", "TARGETS", "NODE_PROPERTIES", "EDGE_PROPERTIES",
           "BOOLEAN_PROPERTIES", "SHARED_LABEL", "batched", "split_url", "ask_password"]

TARGETS = ("neo4j-csv", "cypher", "graphml", "sparql", "bolt://…", "falkordb://…")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# Every node also carries this label: its ``id`` is unique under it, so one index
# finds either end of an edge whatever its label (PART_OF and MENTIONED_IN join
# nodes of different labels).
SHARED_LABEL = "Resource"


@dataclass
class ExportReport:
    nodes: int = 0
    edges: int = 0
    triples: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. the neo4j-admin command to run

    @property
    def items(self) -> int:
        return self.nodes + self.edges or self.triples


Progress = Callable[[ExportReport], None]


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` items, without holding more than one batch."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ask_password(prompt: str, instead: str) -> str:
    """A password typed at the terminal; with no terminal (a script, CI), a KGError saying
    where else to give it (``instead``)."""
    import getpass
    import sys

    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise KGError(f"no password given and no terminal to ask for one; give it with {instead}")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise KGError(f"no password given; give it with {instead}") from None


def split_url(url: str) -> tuple[str, str | None, str | None]:
    """A server URL without its user and password, and those two (percent-decoded)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    auth, host = parts.netloc.rsplit("@", 1)
    user, _, password = auth.partition(":")
    return (urlunsplit(parts._replace(netloc=host)), unquote(user) or None,
            unquote(password) if password else None)


def export(store, target: str, dest: str | None = None, *, progress: Progress | None = None,
           **opts) -> ExportReport:
    """Export ``store`` (a :class:`kg.graph.store.KGStore`) to ``target``; see the module doc.

    Options by target: ``batch_size`` (all); ``user``, ``password``, ``database`` (bolt);
    ``graph``, ``user``, ``password``, ``protocol`` ("gsp" or "update"), ``replace``
    (sparql). Raises :class:`KGError` with one clear line when a server is down,
    refuses the login or fails part-way; running the export again completes it.
    """
    scheme = target.split("://", 1)[0] if "://" in target else None
    report = ExportReport()
    start = time.monotonic()
    if scheme in BOLT_SCHEMES:
        from .bolt import export_bolt as run
        dest = target
    elif scheme == "falkordb":
        from .falkordb import export_falkordb as run
        dest = target
    elif target in ("neo4j-csv", "cypher", "graphml", "sparql"):
        if not dest:
            raise KGError(f"--to {target} needs a destination ("
                          f"{'an endpoint URL' if target == 'sparql' else 'a path'})")
        from importlib import import_module

        module = import_module(f".{target.replace('-', '_')}", __name__)
        run = getattr(module, f"export_{target.replace('-', '_')}")
    else:
        raise KGError(f"unknown export target {target!r}; choose one of: {', '.join(TARGETS)}")
    opts = {k: v for k, v in opts.items() if v is not None and v is not False}  # unset CLI options
    run(store, dest, report, progress or (lambda _r: None), **opts)
    report.seconds = time.monotonic() - start
    return report
