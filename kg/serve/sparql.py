"""The SPARQL 1.1 Protocol endpoint of ``kg serve``: read-only, time- and size-limited.

Queries a client sends run in worker processes, each with the store opened
read-only, never in the server process: Oxigraph cannot stop a query half-way,
so a query past its time limit is stopped by ending its worker (a new one is
started in its place). The pages' own queries are bounded and run in the
server's threads; a slow client query therefore never blocks a page, nor, with
more than one worker, another query.

* the default graph is the union of the article graphs (as ``kg query`` reads it);
  ``default-graph-uri`` and ``named-graph-uri`` choose graphs as the protocol says;
* updates are refused (HTTP 403), whether sent as ``update=`` or as query text;
* ``SERVICE`` (federated queries, which make the server send requests) is refused
  unless ``--allow-service`` is given;
* results go out as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples,
  JSON-LD or RDF/XML, by the ``Accept`` header (or ``format=``); a result larger
  than the size limit is refused rather than cut short without a word.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import threading
import time
from dataclasses import dataclass

from ..graph.query import QueryRefused, classify  # the rule kg query follows too

__all__ = ["QueryPool", "QueryRefused", "classify", "negotiate", "RESULT_TYPES", "GRAPH_TYPES"]

# media type → pyoxigraph format name
RESULT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML",
}
FORMAT_ALIASES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                  "ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
                  "rdfxml": "application/rdf+xml"}
def negotiate(kind: str, accept: str | None, fmt: str | None = None) -> str:
    """The media type to answer with: ``format=`` first, then the Accept header's best match."""
    table = RESULT_TYPES if kind in ("select", "ask") else GRAPH_TYPES
    default = "application/sparql-results+json" if table is RESULT_TYPES else "text/turtle"
    if fmt:
        media = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
        if media not in table:
            raise QueryRefused(406, f"format {fmt!r} is not offered for {kind.upper()}; "
                                    f"choose one of {', '.join(sorted(table))}")
        return media
    wanted = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = next((float(b[2:]) for b in bits[1:] if b.startswith("q=") and _number(b[2:])), 1.0)
        wanted.append((-q, i, bits[0].lower()))
    for _, _, media in sorted(wanted):
        if media in table:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise QueryRefused(406, f"none of the types accepted ({accept}) is offered for "
                            f"{kind.upper()}; choose one of {', '.join(sorted(table))}")


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text))


# -- the workers -------------------------------------------------------------------------------
class _Budget:
    """A binary writer that refuses more than ``limit`` bytes: results stay bounded in memory."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _worker(path: str, conn, prefixes: dict[str, str]) -> None:
    """A worker's loop: one query in, one answer out (status, body or message)."""
    import pyoxigraph as ox

    store, opened = ox.Store.read_only(path), 1
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        query, media, default_graphs, named_graphs, limit, generation = job
        try:
            if generation != opened:  # a build changed the store: see what it wrote
                store, opened = ox.Store.read_only(path), generation
            options = {"prefixes": prefixes}
            if default_graphs:
                options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            else:
                options["use_default_graph_as_union"] = True
            if named_graphs:
                options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            result = store.query(query, **options)
            out = _Budget(limit)
            if isinstance(result, ox.QueryTriples):
                result.serialize(out, getattr(ox.RdfFormat, GRAPH_TYPES[media]))
            elif media in RESULT_TYPES:
                result.serialize(out, getattr(ox.QueryResultsFormat, RESULT_TYPES[media]))
            else:
                raise QueryRefused(406, f"{media} is for graphs; this query returns results")
            conn.send((200, b"".join(out.parts)))
        except OverflowError:
            conn.send((413, f"the result is larger than the limit ({limit / 2**20:.0f} MB); "
                            "add a LIMIT, or start kg serve with a larger --max-result-mb"))
        except SyntaxError as err:
            conn.send((400, f"SPARQL syntax error: {err}"))
        except QueryRefused as err:
            conn.send((err.status, str(err)))
        except (ValueError, OSError, RuntimeError) as err:
            conn.send((400, f"the query failed: {err}"))


@dataclass
class _Slot:
    process: multiprocessing.Process
    conn: object


class QueryPool:
    """Worker processes that run client queries, each at most ``timeout`` seconds."""

    def __init__(self, path: str, workers: int = 2, timeout: float = 10.0,
                 max_bytes: int = 50 * 2**20, allow_service: bool = False):
        from ..graph.rdf import NS

        self.path, self.timeout, self.max_bytes = str(path), timeout, max_bytes
        self.allow_service, self.prefixes = allow_service, dict(NS)
        self.context = multiprocessing.get_context("spawn")  # the server has threads: no fork
        self.lock = threading.Lock()
        self.free: asyncio.Queue | None = None
        self.size = max(1, workers)
        self.generation = 1  # of the store (kg.serve.live); a worker reopens it when it changes
        self.slots = [self._start() for _ in range(self.size)]

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(self.path, child, self.prefixes),
                                       daemon=True, name="kg-serve-sparql")
        process.start()
        child.close()
        return _Slot(process, parent)

    async def run(self, query: str, media: str, default_graphs=(), named_graphs=()) -> tuple[int, object]:
        """(status, bytes) for a result, (status, message) for an error."""
        if self.free is None:
            self.free = asyncio.Queue()
            for slot in self.slots:
                self.free.put_nowait(slot)
        started = time.monotonic()
        try:
            slot = await asyncio.wait_for(self.free.get(), self.timeout)
        except asyncio.TimeoutError:
            return 503, f"every query worker is busy; try again (each query may take {self.timeout:g} s)"
        left = max(0.1, self.timeout - (time.monotonic() - started))
        loop = asyncio.get_running_loop()
        try:
            slot.conn.send((query, media, list(default_graphs), list(named_graphs), self.max_bytes,
                            self.generation))
            ready = await loop.run_in_executor(None, slot.conn.poll, left)
            if ready:
                answer = slot.conn.recv()
                self.free.put_nowait(slot)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            ready = False
        # too slow, or the worker died: end it, start another in its place
        slot.process.kill()
        slot.process.join(5)
        self.slots.remove(slot)
        fresh = await loop.run_in_executor(None, self._start)
        self.slots.append(fresh)
        self.free.put_nowait(fresh)
        return 503, (f"the query ran longer than the time limit ({self.timeout:g} s) and was "
                     "stopped; narrow it, or start kg serve with a larger --timeout")

    def close(self) -> None:
        for slot in self.slots:
            slot.process.kill()
            slot.process.join(5)
