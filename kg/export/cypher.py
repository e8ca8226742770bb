"""Cypher: the property graph as batched, parameterised MERGE statements.

One stream of ``(statement, rows)`` pairs serves every Cypher target: the
script file (rows as a cypher-shell ``:param``), a Bolt server (rows as a
driver parameter) and FalkorDB (rows in its ``CYPHER rows=…`` header). The
statements MERGE on ``id``, so running them twice, or again after a load that
stopped half-way, updates the graph and never duplicates it:

    UNWIND $rows AS row MERGE (n:Resource:Person {id: row.id}) SET n += row.props
    UNWIND $rows AS row MATCH (a:Resource {id: row.source}) MATCH (b:Resource {id: row.target})
      MERGE (a)-[r:HOLDS {id: row.id}]->(b) SET r += row.props

Nodes come first, so every edge finds both of its ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..atomic import atomic_open
from ..graph.project import EDGE_TYPES, NODE_LABELS, edges, nodes
from . import SHARED_LABEL, ExportReport, Progress, batched

__all__ = ["literal", "statements", "schema", "load", "export_cypher", "PARAM_PREFIX"]

BATCH = 1000
PARAM_PREFIX = ":param {rows: "  # a script line holding the rows of the next statement

# Index statements differ between databases; without one, each MERGE scans a label.
_SCHEMA = {
    "neo4j": [f"CREATE CONSTRAINT kg_resource_id IF NOT EXISTS FOR (n:{SHARED_LABEL}) "
              "REQUIRE n.id IS UNIQUE"],
    "memgraph": [f"CREATE INDEX ON :{SHARED_LABEL}(id)"],
    # FalkorDB scans by a pattern's first label, so index each one
    "falkordb": [f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in (SHARED_LABEL,) + NODE_LABELS],
}


def schema(dialect: str) -> list[str]:
    return _SCHEMA[dialect]


def node_statement(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{SHARED_LABEL}:{label} {{id: row.id}}) SET n += row.props"


def edge_statement(kind: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{SHARED_LABEL} {{id: row.source}}) "
            f"MATCH (b:{SHARED_LABEL} {{id: row.target}}) "
            f"MERGE (a)-[r:{kind} {{id: row.id}}]->(b) SET r += row.props")


def statements(store, batch_size: int = BATCH) -> Iterator[tuple[str, list[dict], str]]:
    """``(statement, rows, "nodes" | "edges")`` for the whole graph, in batches.

    Nodes arrive label by label; edges of different types interleave (HOLDS and
    MEMBER_OF come from the same membership), so each type fills its own batch:
    at most one batch per type is held at a time.
    """
    for label in NODE_LABELS:
        for rows in batched(({"id": n.id, "props": n.props} for n in nodes(store, (label,))),
                            batch_size):
            yield node_statement(label), rows, "nodes"
    pending: dict[str, list[dict]] = {}
    for e in edges(store, EDGE_TYPES):
        rows = pending.setdefault(e.type, [])
        rows.append({"id": e.id, "source": e.source, "target": e.target, "props": e.props})
        if len(rows) >= batch_size:
            yield edge_statement(e.type), pending.pop(e.type), "edges"
    for kind, rows in pending.items():
        yield edge_statement(kind), rows, "edges"


# The string escapes every Cypher database decodes alike (FalkorDB ignores \uXXXX).
# Other characters go in as they are: a string literal may hold any of them, and
# escaping newlines keeps each statement and :param line on one physical line.
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\'\n\r\t]")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def literal(value) -> str:
    """A Python value (str, int, bool, None, list, dict) as a Cypher literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return "'" + _SPECIAL.sub(lambda m: _ESCAPES[m.group()], value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k if _KEY.fullmatch(k) else '`' + k.replace('`', '``') + '`'}: "
                               f"{literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def load(store, run: Callable[[str, list[dict]], None], dialect: str, report: ExportReport,
         progress: Progress, batch_size: int = BATCH,
         run_schema: Callable[[str], None] | None = None) -> None:
    """Send the graph to a database: ``run(statement, rows)`` executes one batch.

    ``run_schema`` runs an index statement (without rows); it defaults to ``run``
    with no rows. Counts and progress are updated after each batch, so a failure
    part-way leaves an accurate report behind.
    """
    for statement in schema(dialect):
        (run_schema or (lambda s: run(s, [])))(statement)
    for statement, rows, what in statements(store, batch_size):
        run(statement, rows)
        setattr(report, what, getattr(report, what) + len(rows))
        progress(report)


def export_cypher(store, dest: str, report: ExportReport, progress: Progress,
                  batch_size: int = BATCH, **_ignored) -> None:
    """A cypher-shell script: ``cypher-shell -a URI -u USER -f kg.cypher``.

    Each batch is a ``:param {rows: […]}`` line followed by its statement, so
    the script is parameterised like the driver path, and idempotent.
    """
    with atomic_open(dest) as out:
        out.write("// kg export: the knowledge graph as idempotent, batched MERGE statements\n"
                  "// (docs/property-graph.md). Load with: cypher-shell -u neo4j -f "
                  f"{dest.rsplit('/', 1)[-1]}\n// Re-running it updates the graph.\n")
        for statement in schema("neo4j"):
            out.write(statement + ";\n")
        for statement, rows, what in statements(store, batch_size):
            out.write(f"{PARAM_PREFIX}{literal(rows)}}}\n{statement};\n")
            setattr(report, what, getattr(report, what) + len(rows))
            progress(report)


def script_batches(path: str) -> Iterator[tuple[str, str | None]]:
    """``(statement, rows literal or None)`` read back from a script written above."""
    rows = None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line or line.startswith("//"):
                continue
            if line.startswith(PARAM_PREFIX):
                rows = line[len(PARAM_PREFIX):-1]
                continue
            yield line.rstrip(";"), rows
            rows = None
