"""Bolt: load the graph straight into a running Neo4j or Memgraph (``pip install 'kg[bolt]'``).

``--to bolt://host:7687`` (or neo4j://, bolt+s://, …). The password comes from
``password=``, the URL, ``KG_BOLT_PASSWORD`` or ``NEO4J_PASSWORD``, or a prompt.
Each batch is one write transaction of the statements in ``cypher.py``, with
the rows as a driver parameter; a batch that fails rolls back whole, and
running the export again completes the load (it merges on ids).
"""

from __future__ import annotations

import os

from ..errors import KGError
from . import ExportReport, Progress, ask_password, split_url
from .cypher import BATCH, load

__all__ = ["export_bolt", "bolt_password"]


def bolt_password(password: str | None = None, url_password: str | None = None) -> str | None:
    return (password or url_password or os.environ.get("KG_BOLT_PASSWORD")
            or os.environ.get("NEO4J_PASSWORD"))


def export_bolt(store, url: str, report: ExportReport, progress: Progress,
                batch_size: int = BATCH, user: str | None = None, password: str | None = None,
                database: str | None = None, **_ignored) -> None:
    try:
        import neo4j
        from neo4j import exceptions as nx
    except ImportError:
        raise KGError("--to bolt:// needs the neo4j driver: pip install 'kg[bolt]'") from None
    plain, url_user, url_password = split_url(url)
    user = user or url_user or "neo4j"
    password = bolt_password(password, url_password)
    if password is None:
        password = ask_password(f"password for {user} at {plain}: ",
                                "--password, KG_BOLT_PASSWORD or NEO4J_PASSWORD")
    where = plain
    batches = [0]

    def fail(err: Exception) -> KGError:
        text = (getattr(err, "message", None) or str(err) or type(err).__name__).splitlines()[0]
        if isinstance(err, nx.AuthError):
            return KGError(f"{where} refused the login for {user!r} ({text[:200]})")
        if batches[0] == 0 and isinstance(err, (nx.ServiceUnavailable, OSError)):
            return KGError(f"cannot reach {where} ({text[:200]}); is the server running?")
        return KGError(f"{where} failed after {batches[0]} batches ({text[:300]}); run the "
                       "export again to complete it (it merges, so nothing is duplicated)")

    try:
        with neo4j.GraphDatabase.driver(plain, auth=(user, password),
                                        connection_timeout=10) as driver:
            driver.verify_connectivity()
            with driver.session(database=database) as session:
                def run(statement: str, rows: list[dict]) -> None:
                    session.execute_write(lambda tx: tx.run(statement, rows=rows).consume())
                    batches[0] += 1

                def run_schema(statement: str) -> None:
                    # Memgraph has no IF NOT EXISTS constraints: fall back to its index
                    try:
                        session.run(statement).consume()
                    except nx.ClientError:
                        from .cypher import schema

                        session.run(schema("memgraph")[0]).consume()

                load(store, run, "neo4j", report, progress, batch_size, run_schema=run_schema)
    except KGError:
        raise
    except (nx.Neo4jError, nx.DriverError, OSError) as err:
        raise fail(err) from None
