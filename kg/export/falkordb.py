"""FalkorDB: load the Cypher statements into a graph on a FalkorDB (Redis) server.

``--to falkordb://[:PASSWORD@]HOST[:PORT]/GRAPH``. FalkorDB takes query
parameters as a ``CYPHER name=literal`` header in front of the query, so the
rows go over the wire as the same Cypher literals the script file holds.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from ..errors import KGError
from . import ExportReport, Progress, split_url
from .cypher import BATCH, load, literal, schema, script_batches

__all__ = ["FalkorGraph", "export_falkordb", "load_script"]


class FalkorGraph:
    """One graph on a FalkorDB server, with errors turned into one-line KGErrors."""

    def __init__(self, url: str, password: str | None = None):
        try:
            import redis
        except ImportError:
            raise KGError("--to falkordb:// needs the redis client: pip install 'kg[falkordb]'") from None

        plain, _user, url_password = split_url(url)
        parts = urlsplit(plain)
        self.where = f"{parts.hostname or '127.0.0.1'}:{parts.port or 6379}"
        self.graph = parts.path.strip("/") or "kg"
        self._redis = redis
        password = password or url_password or os.environ.get("KG_FALKORDB_PASSWORD")
        self.client = redis.Redis(host=parts.hostname or "127.0.0.1", port=parts.port or 6379,
                                  password=password, socket_connect_timeout=10)
        self.done = 0  # batches sent, for the message when one fails
        self._call(self.client.ping)

    def _call(self, func, *args):
        redis = self._redis
        try:
            return func(*args)
        except redis.AuthenticationError as err:
            raise KGError(f"FalkorDB at {self.where} refused the login ({err}); "
                          "give the password in the URL (falkordb://:PASSWORD@host:port/graph) "
                          "or KG_FALKORDB_PASSWORD") from None
        except redis.ConnectionError as err:
            raise KGError(f"cannot reach FalkorDB at {self.where} ({err}); "
                          "is the server running?") from None
        except redis.ResponseError as err:
            text = str(err)
            if "NOAUTH" in text or "WRONGPASS" in text:
                raise KGError(f"FalkorDB at {self.where} refused the login ({text})") from None
            raise KGError(f"FalkorDB at {self.where} failed after {self.done} batches: "
                          f"{text.splitlines()[0][:300]}; run the export again to complete it "
                          "(it merges, so nothing is duplicated)") from None

    def query(self, cypher: str, rows_literal: str | None = None):
        """Run one statement; ``rows_literal`` is bound to ``$rows``. Returns the result rows."""
        text = cypher if rows_literal is None else f"CYPHER rows={rows_literal} {cypher}"
        reply = self._call(self.client.execute_command, "GRAPH.QUERY", self.graph, text)
        self.done += rows_literal is not None
        return reply[1] if len(reply) == 3 else []

    def index(self, statement: str) -> None:
        try:
            self.query(statement)
        except KGError as err:
            if "already indexed" not in str(err):
                raise

    def delete(self) -> None:
        try:
            self._call(self.client.execute_command, "GRAPH.DELETE", self.graph)
        except KGError as err:
            if "empty key" not in str(err) and "Invalid graph" not in str(err):
                raise


def export_falkordb(store, url: str, report: ExportReport, progress: Progress,
                    batch_size: int = BATCH, password: str | None = None, **_ignored) -> None:
    graph = FalkorGraph(url, password)
    load(store, lambda statement, rows: graph.query(statement, literal(rows)), "falkordb",
         report, progress, batch_size, run_schema=graph.index)


def load_script(path: str, graph: FalkorGraph) -> int:
    """Run a script written by ``kg export --to cypher`` on FalkorDB; returns the batches run.

    Its Neo4j constraint becomes FalkorDB's indexes; the rest runs as written.
    """
    for statement in schema("falkordb"):
        graph.index(statement)
    count = 0
    for statement, rows in script_batches(path):
        if statement.startswith("CREATE CONSTRAINT"):
            continue
        graph.query(statement, rows)
        count += 1
    return count
