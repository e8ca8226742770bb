"""Project: the RDF knowledge graph → a property graph of nodes and edges.

RDF says everything with triples; property-graph databases (Neo4j, Memgraph,
FalkorDB), graph tools (Gephi, yEd) and NetworkX want nodes with a label and
properties, joined by typed edges that carry properties of their own. This
module is the one place that mapping lives, so every exporter and the
interactive view agree on it. docs/property-graph.md documents the model.

Node ids are the RDF IRIs and edge ids are stable (the membership or
participation IRI, or a hash of source, type and target), so loading a graph
twice updates instead of duplicating.

Everything streams: each query yields rows as Oxigraph produces them, so
memory does not grow with the size of the graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field


__all__ = ["Node", "Edge", "NODE_LABELS", "EDGE_TYPES", "NODE_PROPERTIES", "EDGE_PROPERTIES",
           "BOOLEAN_PROPERTIES", "nodes", "edges", "to_networkx",
           "coparticipation"]

NODE_LABELS = ("Person", "Organization", "Event", "Place", "Role", "Article")
EDGE_TYPES = ("HOLDS", "MEMBER_OF", "CHAIRED", "ATTENDED", "SPOKE_AT", "HOSTED", "GUEST_AT", "APPOINTED_AT",
              "ORGANIZED", "HELD_IN", "PART_OF", "LOCATED_IN", "REPLACED_BY", "MENTIONED_IN")
PART_EDGE = {"chair": "CHAIRED", "attendee": "ATTENDED", "speaker": "SPOKE_AT", "host": "HOSTED",
             "guest": "GUEST_AT", "appointee": "APPOINTED_AT"}

# The properties each label and edge type can carry, in column order (the CSV and
# GraphML headers must be written before the first row). They follow
# docs/property-graph.md; tests/test_export.py checks them against the queries below.
NODE_PROPERTIES = {
    "Person": ("name",),
    "Organization": ("name", "kind"),
    "Place": ("name", "level", "code", "abolished"),
    "Role": ("name",),
    "Event": ("name", "kind", "date", "reported", "article", "evidence"),
    "Article": ("name", "url", "path", "published", "identifier"),
}
_FACT = ("status", "attested", "article", "evidence")
# the tenure the post is an attestation of (kg.graph.careers): its interval, at its precision
_TENURE = ("tenure", "start", "start_precision", "start_basis", "end", "end_precision",
           "end_basis", "acting")
_PART = ("article", "evidence")
EDGE_PROPERTIES = {
    "HOLDS": ("role", "organization", "organization_id") + _FACT + _TENURE,
    "MEMBER_OF": ("role", "role_id", "organization") + _FACT + _TENURE,
    "CHAIRED": _PART, "ATTENDED": _PART, "SPOKE_AT": _PART, "HOSTED": _PART, "GUEST_AT": _PART,
    "APPOINTED_AT": _PART,
    "ORGANIZED": (), "HELD_IN": (), "PART_OF": (), "LOCATED_IN": (), "REPLACED_BY": (),
    "MENTIONED_IN": (),
}
BOOLEAN_PROPERTIES = frozenset({"reported", "acting"})


@dataclass(frozen=True)
class Node:
    id: str  # the RDF IRI
    label: str  # one of NODE_LABELS
    props: dict = field(default_factory=dict)  # name first; values are str, int or bool


@dataclass(frozen=True)
class Edge:
    id: str
    type: str  # one of EDGE_TYPES
    source: str
    target: str
    props: dict = field(default_factory=dict)


# One query per node label. Each returns ?id and the properties (variable name =
# property name); GROUP BY keeps one row per node even if two articles disagree.
_NODE_QUERIES = {
    # one node per person: a node owl:sameAs another (identity across articles) is folded into it
    "Person": """SELECT ?id (SAMPLE(?n) AS ?name) WHERE { ?id a sdo:Person ; sdo:name ?n
        FILTER NOT EXISTS { ?id owl:sameAs ?other } } GROUP BY ?id""",
    "Organization": """SELECT ?id (SAMPLE(?n) AS ?name) (SAMPLE(?k) AS ?kind) WHERE {
        ?id a org:Organization ; skos:prefLabel ?n .
        OPTIONAL { ?id kg:kind ?kc . BIND (strafter(str(?kc), "/kind/") AS ?k) } } GROUP BY ?id""",
    "Place": """SELECT ?id (SAMPLE(?n) AS ?name) (SAMPLE(?l) AS ?level) (SAMPLE(?c) AS ?code)
        (SAMPLE(?a) AS ?abolished) WHERE {
        ?id a sdo:Place ; rdfs:label ?n .
        OPTIONAL { ?id kg:adminLevel ?l } OPTIONAL { ?id kg:adminCode ?c }
        OPTIONAL { ?id kg:abolishedOn ?a } } GROUP BY ?id""",
    "Role": """SELECT ?id (SAMPLE(?n) AS ?name) WHERE { ?id a org:Role ; skos:prefLabel ?n } GROUP BY ?id""",
    "Event": """SELECT ?id (SAMPLE(?n) AS ?name) (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?date)
        (SAMPLE(?r) AS ?reported) (SAMPLE(?a) AS ?article) (SAMPLE(?t) AS ?evidence) WHERE {
        ?id a sdo:Event ; sdo:name ?n ; prov:wasDerivedFrom ?a .
        OPTIONAL { ?id kg:eventKind ?k } OPTIONAL { ?id sdo:startDate ?d }
        OPTIONAL { ?id kg:reported ?r } OPTIONAL { ?id kg:evidence/prov:value ?t } } GROUP BY ?id""",
    "Article": """SELECT ?id (SAMPLE(?n) AS ?name) (SAMPLE(?u) AS ?url) (SAMPLE(?p) AS ?path)
        (SAMPLE(?d) AS ?published) (SAMPLE(?i) AS ?identifier) WHERE {
        ?id a kg:Article ; dcterms:identifier ?i .
        OPTIONAL { ?id dcterms:title ?n } OPTIONAL { ?id sdo:url ?u }
        OPTIONAL { ?id kg:sourcePath ?p } OPTIONAL { ?id sdo:datePublished ?d } } GROUP BY ?id""",
}

# Edges from facts: a membership gives HOLDS (person → role) and MEMBER_OF
# (person → organization), both keyed by the membership IRI, each carrying the
# other end's name so either reads alone; a participation gives CHAIRED /
# ATTENDED / SPOKE_AT keyed by the participation IRI.
_SAME = "OPTIONAL { ?node owl:sameAs ?same } BIND (COALESCE(?same, ?node) AS ?person)"
_BOUND = """OPTIONAL {{ ?interval time:{edge} ?{side}At . ?{side}At time:inXSDDate ?{side}Day ;
                kg:precision ?{side}_precision ; kg:basis ?{side}_basis .
                OPTIONAL {{ ?{side}At time:inXSDgYearMonth|time:inXSDgYear ?{side}Exact }} }}"""
# One name per role and organization even where a store holds several (stores built before
# kg kept one per entity): each spelling would otherwise give the edge again, same id.
_MEMBERSHIPS = f"""SELECT ?id ?person ?org ?role ?roleName ?orgName ?status ?attested ?article ?evidence
        ?tenure ?start ?start_precision ?start_basis ?end ?end_precision ?end_basis ?acting WHERE {{
    ?id a org:Membership ; org:member ?node ; org:organization ?org ; org:role ?role ;
        kg:status ?s ; prov:wasDerivedFrom ?article .
    {{ SELECT ?role (MIN(?rn) AS ?roleName) WHERE {{ ?role a org:Role ; skos:prefLabel ?rn }} GROUP BY ?role }}
    {{ SELECT ?org (MIN(?on) AS ?orgName) WHERE {{ ?org a org:Organization ; skos:prefLabel ?on }}
      GROUP BY ?org }}
    BIND (lcase(strafter(str(?s), "#")) AS ?status)
    {_SAME}
    OPTIONAL {{ ?id kg:attestedOn ?attested }}
    OPTIONAL {{ ?id kg:evidence/prov:value ?evidence }}
    OPTIONAL {{ ?tenure kg:attestation ?id ; org:memberDuring ?interval .
               {_BOUND.format(edge="hasBeginning", side="start")}
               {_BOUND.format(edge="hasEnd", side="end")}
               OPTIONAL {{ ?tenure kg:acting ?acting }} }}
    BIND (COALESCE(?startExact, ?startDay) AS ?start)
    BIND (COALESCE(?endExact, ?endDay) AS ?end) }}"""
_PARTICIPATIONS = f"""SELECT ?id ?person ?event ?part ?article ?evidence WHERE {{
    ?event kg:participation ?id ; prov:wasDerivedFrom ?article .
    ?id kg:participant ?node ; kg:part ?part .
    {_SAME}
    OPTIONAL {{ ?id kg:evidence/prov:value ?evidence }} }}"""
# Edges from structure: (type, SPARQL pattern binding ?s ?o, extra property query or None)
_STRUCTURE = [
    ("ORGANIZED", "?o a sdo:Event ; sdo:organizer ?s ."),
    ("HELD_IN", "?s a sdo:Event ; sdo:location ?o ."),
    ("PART_OF", "?s org:subOrganizationOf ?o ."),
    ("PART_OF", "?s sdo:containedInPlace ?o ."),
    ("LOCATED_IN", "?s a org:Organization ; sdo:location ?o ."),
    ("REPLACED_BY", "?s a sdo:Place ; dcterms:isReplacedBy ?o ."),
    ("MENTIONED_IN", "?node a sdo:Person ; sdo:subjectOf ?o . " + _SAME + " BIND (?person AS ?s)"),
    ("MENTIONED_IN", "?s a sdo:Event ; prov:wasDerivedFrom ?o ."),
]


def _value(term) -> object:
    """A pyoxigraph term as a plain Python value: IRIs and strings as str, booleans and
    integers as themselves, dates as ISO strings (every target can store those)."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None:
        kind = datatype.value.rsplit("#", 1)[-1]
        if kind == "boolean":
            return term.value == "true"
        if kind == "integer":
            return int(term.value)
    return term.value


def _rows(store, sparql: str) -> Iterator[dict]:
    names, rows = store.solutions(sparql)
    for row in rows:
        yield {n: _value(row[n]) for n in names}


def nodes(store, labels: tuple[str, ...] = NODE_LABELS) -> Iterator[Node]:
    """Every node of the property graph, label by label."""
    for label in labels:
        for row in _rows(store, _NODE_QUERIES[label]):
            node_id = row.pop("id")
            yield Node(node_id, label, {k: v for k, v in row.items() if v is not None})


def _edge_id(source: str, kind: str, target: str) -> str:
    return "e:" + hashlib.sha256(f"{source}\x1f{kind}\x1f{target}".encode()).hexdigest()[:24]


def edges(store, types: tuple[str, ...] = EDGE_TYPES) -> Iterator[Edge]:
    """Every edge of the property graph; the wanted types only."""
    wanted = set(types)

    def clean(props: dict) -> dict:
        return {k: v for k, v in props.items() if v is not None}

    if wanted & {"HOLDS", "MEMBER_OF"}:
        for r in _rows(store, _MEMBERSHIPS):
            common = {k: r[k] for k in _FACT + _TENURE}
            if "HOLDS" in wanted:
                yield Edge(r["id"], "HOLDS", r["person"], r["role"],
                           clean({"role": r["roleName"], "organization": r["orgName"],
                                  "organization_id": r["org"], **common}))
            if "MEMBER_OF" in wanted:
                yield Edge(r["id"], "MEMBER_OF", r["person"], r["org"],
                           clean({"role": r["roleName"], "organization": r["orgName"],
                                  "role_id": r["role"], **common}))
    if wanted & set(PART_EDGE.values()):
        for r in _rows(store, _PARTICIPATIONS):
            kind = PART_EDGE.get(r["part"])
            if kind in wanted:
                yield Edge(r["id"], kind, r["person"], r["event"],
                           clean({"article": r["article"], "evidence": r["evidence"]}))
    for kind, pattern in _STRUCTURE:
        if kind in wanted:
            for r in _rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ {pattern} }}"):
                yield Edge(_edge_id(r["s"], kind, r["o"]), kind, r["s"], r["o"])


def to_networkx(store, labels: tuple[str, ...] = NODE_LABELS, types: tuple[str, ...] = EDGE_TYPES):
    """The knowledge graph as a ``networkx.MultiDiGraph``.

    Nodes are keyed by IRI with attributes ``label`` (Person, Organization, …),
    ``name`` and the node's other properties; edges are keyed by their id and
    carry ``type`` and their properties. Edges whose ends are not among the
    wanted labels are left out.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n.id, {"label": n.label, **n.props}) for n in nodes(store, labels))
    graph.add_edges_from((e.source, e.target, e.id, {"type": e.type, **e.props})
                         for e in edges(store, types)
                         if e.source in graph and e.target in graph)
    return graph


def coparticipation(graph):
    """Person–person graph: an edge between two people for each event both took part in.

    The edge's ``weight`` is the number of shared events and ``events`` lists them.
    ``graph`` is a graph from :func:`to_networkx`.
    """
    import networkx as nx

    people_at: dict[str, set[str]] = {}
    for person, event, data in graph.edges(data=True):
        if data.get("type") in PART_EDGE.values():
            people_at.setdefault(event, set()).add(person)
    co = nx.Graph()
    co.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d.get("label") == "Person")
    for event, people in people_at.items():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if co.has_edge(a, b):
                    co[a][b]["weight"] += 1
                    co[a][b]["events"].append(event)
                else:
                    co.add_edge(a, b, weight=1, events=[event])
    return co
