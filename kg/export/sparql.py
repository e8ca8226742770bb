"""SPARQL over HTTP: a small client for a remote triple store, and the export that uses it.

:class:`SparqlClient` speaks the SPARQL 1.1 Protocol (queries, updates) and the
Graph Store Protocol (``post_graph``), logs in with HTTP Basic or Digest (as
the server asks: Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``
want Digest) and turns every failure into one :class:`KGError` line. Its
``select(query, bindings)`` matches :meth:`kg.graph.store.KGStore.select`, so the
named queries run unchanged against a server:
``kg.graph.query.run_named(SparqlClient(url, default_graph=g), "holders", role=…, org=…)``.

The export pushes the union of the article graphs into one named graph as
N-Triples, in batches (POST to the Graph Store endpoint, or ``INSERT DATA``
through SPARQL Update). RDF graphs are sets, so sending a batch twice changes
nothing: a load that failed half-way is completed by running it again.
"""

from __future__ import annotations

import os

from ..errors import KGError
from ..graph.rdf import KGR, NS
from . import ExportReport, Progress, batched

__all__ = ["SparqlClient", "export_sparql", "DEFAULT_GRAPH"]

DEFAULT_GRAPH = f"{KGR}graph"
BATCH = 10_000  # triples per request
PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NS.items())


class SparqlClient:
    def __init__(self, endpoint: str, update_endpoint: str | None = None,
                 gsp_endpoint: str | None = None, user: str | None = None,
                 password: str | None = None, default_graph: str | None = None,
                 timeout: float = 300):
        import requests

        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.gsp_endpoint = gsp_endpoint
        self.default_graph = default_graph
        self.timeout = timeout
        self.user, self.password = user, password
        self._requests = requests
        self.session = requests.Session()

    # -- HTTP ------------------------------------------------------------------------
    def _login(self, challenge: str) -> bool:
        """Pick Basic or Digest from a 401's challenge; False when there is nothing to try."""
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        if self.user is None or self.session.auth is not None:
            return False
        digest = challenge.lower().startswith("digest")
        self.session.auth = (HTTPDigestAuth if digest else HTTPBasicAuth)(self.user, self.password or "")
        return True

    def _send(self, method: str, url: str, **kwargs):
        requests = self._requests
        try:
            while True:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
                if response.status_code != 401 or not self._login(
                        response.headers.get("WWW-Authenticate", "")):
                    break
        except requests.ConnectionError as err:
            raise KGError(f"cannot reach {url} ({_reason(err)}); is the server running?") from None
        except requests.Timeout:
            raise KGError(f"{url} did not answer within {self.timeout:.0f} s") from None
        if response.status_code in (401, 403):
            who = f"user {self.user!r}" if self.user else "anonymous access"
            raise KGError(f"{url} refused {who} (HTTP {response.status_code}); "
                          "check --user and the password, and the user's rights")
        if response.status_code >= 300:
            raise KGError(f"{url} failed: HTTP {response.status_code} {_message(response.text)}")
        return response

    # -- the protocol ------------------------------------------------------------------
    def select(self, query: str, bindings: dict | None = None):
        """Run a SELECT; ``(variable names, rows)``, values as pyoxigraph terms (None if unbound).

        ``bindings`` are bound with VALUES as by :meth:`kg.graph.store.KGStore.select`;
        kg's prefixes are declared.
        """
        from ..graph.store import _bind

        text = PREFIXES + _bind(query, bindings or {})
        params = {"default-graph-uri": self.default_graph} if self.default_graph else {}
        response = self._send("POST", self.endpoint, params=params, data={"query": text},
                              headers={"Accept": "application/sparql-results+json"})
        try:
            result = response.json()
        except ValueError:
            raise KGError(f"{self.endpoint} answered no SPARQL JSON results: "
                          f"{_message(response.text)}") from None
        names = result["head"]["vars"]
        rows = [[_term(b.get(n)) for n in names] for b in result["results"]["bindings"]]
        return names, rows

    def update(self, text: str) -> None:
        self._send("POST", self.update_endpoint, data=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def post_graph(self, graph_iri: str, ntriples: bytes) -> None:
        """Add N-Triples to a named graph (Graph Store Protocol POST; N-Triples is Turtle)."""
        if not self.gsp_endpoint:
            raise KGError("no Graph Store Protocol endpoint given")
        self._send("POST", self.gsp_endpoint, params={"graph": graph_iri}, data=ntriples,
                   headers={"Content-Type": "text/turtle; charset=utf-8"})

    def clear_graph(self, graph_iri: str) -> None:
        self.update(f"CLEAR SILENT GRAPH <{graph_iri}>")


def _reason(err: Exception) -> str:
    text = str(err)
    for marker in ("Connection refused", "Name or service not known", "timed out"):
        if marker in text:
            return marker.lower()
    return text.splitlines()[0][:200] if text else type(err).__name__


def _message(text: str) -> str:
    """The gist of an error page: its first line that is not markup, shortened."""
    import re

    lines = [line.strip() for line in re.sub(r"<[^>]+>", "\n", text).splitlines()]
    words = [line for line in lines if line and not line.startswith("<!")]
    return " ".join(words)[:300]


def _term(binding: dict | None):
    from pyoxigraph import BlankNode, Literal, NamedNode

    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return NamedNode(value)
    if kind == "bnode":
        return BlankNode(value)
    if "xml:lang" in binding:
        return Literal(value, language=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(value, datatype=NamedNode(binding["datatype"]))
    return Literal(value)


def export_sparql(store, dest: str, report: ExportReport, progress: Progress,
                  graph: str | None = None, user: str | None = None, password: str | None = None,
                  protocol: str | None = None, replace: bool = False, batch_size: int = BATCH,
                  **_ignored) -> None:
    """Push the union graph to ``dest``: a Graph Store endpoint, or an Update endpoint
    (``protocol="update"``; by default a URL with "graph" in its path is taken as GSP)."""
    graph = graph or DEFAULT_GRAPH
    if password is None and user:
        password = os.environ.get("KG_SPARQL_PASSWORD")
    protocol = protocol or ("gsp" if "graph" in dest.rsplit("/", 1)[-1] else "update")
    client = SparqlClient(dest, update_endpoint=dest, gsp_endpoint=dest, user=user,
                          password=password)
    if replace:
        if protocol == "gsp":
            _gsp_clear(client, graph)
        else:
            client.clear_graph(graph)
    # every article graph's triples, streamed: a triple several articles state is sent
    # several times and stored once (RDF graphs are sets); SELECT DISTINCT over the union
    # would hold the whole graph in memory instead
    triples_sent = ((q.subject, q.predicate, q.object) for q in store.quads())
    for triples in batched(triples_sent, batch_size):
        body = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
        try:
            if protocol == "gsp":
                client.post_graph(graph, body.encode("utf-8"))
            else:
                client.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
        except KGError as err:
            if not report.triples:
                raise
            raise KGError(f"{err} (after {report.triples:,} triples; run the export again to "
                          "complete it: triples already sent are not duplicated)") from None
        report.triples += len(triples)
        progress(report)


def _gsp_clear(client: SparqlClient, graph: str) -> None:
    try:
        client._send("DELETE", client.gsp_endpoint, params={"graph": graph})
    except KGError as err:
        if "HTTP 404" not in str(err):  # no such graph yet: nothing to clear
            raise
