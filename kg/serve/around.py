"""The neighbourhood graph of one entity (``/graph?iri=…``): what it is directly tied to.

One small query per kind of tie that the entity's kind can have, each returning
the other end with its name, so no query joins a union against a list of IRIs
(Oxigraph evaluates such a union in full before joining it: seconds on a large store).
"""

from __future__ import annotations

from collections import defaultdict

from .pages import _rows, label_of, page_kind

__all__ = ["neighbourhood", "TIES"]

# page kind → (tie type, the centre is the edge's source?, the other end's node type, query).
# ?x is the centre; each query gives ?o (the other end), ?name, and ?label/?date where they apply.
TIES = {
    "person": [
        ("post", True, "Organization", """SELECT ?o ?name ?label ?date WHERE { ?post org:member ?x ;
            org:organization ?o ; org:role/skos:prefLabel ?label . ?o skos:prefLabel ?name .
            OPTIONAL { ?post kg:attestedOn ?date } }"""),
        ("part", True, "Event", """SELECT ?o ?name ?label WHERE { ?p kg:participant ?x ; kg:part ?label .
            ?o kg:participation ?p ; sdo:name ?name }"""),
    ],
    "organization": [
        ("post", False, "Person", """SELECT ?o ?name ?label ?date WHERE { ?post org:organization ?x ;
            org:member ?o ; org:role/skos:prefLabel ?label . ?o sdo:name ?name .
            OPTIONAL { ?post kg:attestedOn ?date } }"""),
        ("organized", True, "Event", "SELECT ?o ?name WHERE { ?o sdo:organizer ?x ; sdo:name ?name }"),
        ("sub", True, "Organization", "SELECT ?o ?name WHERE { ?x org:subOrganizationOf ?o . "
                                      "?o skos:prefLabel ?name }"),
        ("sub", False, "Organization", "SELECT ?o ?name WHERE { ?o org:subOrganizationOf ?x ; "
                                       "skos:prefLabel ?name }"),
    ],
    "event": [
        ("part", False, "Person", """SELECT ?o ?name ?label WHERE { ?x kg:participation ?p .
            ?p kg:participant ?o ; kg:part ?label . ?o sdo:name ?name }"""),
        ("organized", False, "Organization", "SELECT ?o ?name WHERE { ?x sdo:organizer ?o . "
                                             "?o skos:prefLabel ?name }"),
        ("reports", False, "Article", """SELECT ?o ?name WHERE { ?x prov:wasDerivedFrom ?o .
            ?o a kg:Article ; dcterms:identifier ?id OPTIONAL { ?o dcterms:title ?title }
            BIND (COALESCE(?title, ?id) AS ?name) }"""),
    ],
    "article": [
        ("reports", True, "Event", "SELECT ?o ?name WHERE { ?o prov:wasDerivedFrom ?x ; a sdo:Event ; "
                                   "sdo:name ?name }"),
    ],
}
CENTRE_TYPE = {"person": "Person", "organization": "Organization", "event": "Event", "article": "Article"}
MAX_TIES = 5000  # rows read per kind of tie


def neighbourhood(store, iri: str, limit: int = 200) -> dict:
    """The entity and what it is directly tied to: people, organizations, events (and, for
    an event, its article), as nodes and edges; at most ``limit`` neighbours, the most tied first."""
    kind = page_kind(iri)
    centre = label_of(store, iri) if kind else None
    if centre is None:
        return {"centre": iri, "nodes": [], "edges": [], "left_out": 0}
    seen: set[tuple] = set()
    ties: dict[str, int] = defaultdict(int)
    names: dict[str, tuple[str, str]] = {iri: (CENTRE_TYPE[kind], centre)}
    edges: dict[tuple, dict] = {}
    for tie, out, other_type, sparql in TIES[kind]:
        for r in _rows(store, f"{sparql} LIMIT {MAX_TIES}", x=iri):
            other = r["o"]
            if other == iri:
                continue
            if other not in names or r["name"] < names[other][1]:  # one name for someone with two
                names[other] = (other_type, r["name"])
            a, b = (iri, other) if out else (other, iri)
            label, date = r.get("label"), r.get("date")
            if (a, b, tie, label, date) in seen:
                continue
            seen.add((a, b, tie, label, date))
            ties[other] += 1
            edge = edges.setdefault((a, b, tie, label), {"source": a, "target": b, "type": tie,
                                                         "label": label, "n": 0, "dates": []})
            edge["n"] += 1
            if date and date not in edge["dates"]:
                edge["dates"].append(date)
    keep = set(sorted(ties, key=lambda n: (-ties[n], n))[:limit]) | {iri}
    nodes = [{"id": n, "type": names[n][0], "name": names[n][1], "ties": ties.get(n, 0),
              "page": page_kind(n) is not None} for n in sorted(keep)]
    return {"centre": iri, "nodes": nodes,
            "edges": [e for e in edges.values() if e["source"] in keep and e["target"] in keep],
            "left_out": max(0, len(ties) - len(keep) + 1)}
