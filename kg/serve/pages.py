"""What each explorer page shows, as plain data (dicts and lists of str), from the store.

The HTML templates and the JSON answers of ``kg serve`` both render these, so a
script sees exactly what a person sees. Every query here is bounded: it starts
from one entity's IRI and follows its edges (``LIMIT`` where a hub could be large).

Posts are shown as a career: one line per (role, organization), with each
article's attestation (date, status, sentence) under it. Tenures, where the store
has them (a ``kg:Tenure`` gathering the posts, ``org:memberDuring`` a ``time:Interval``),
are read optionally and shown as the line's interval.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import NamedNode

from ..graph.rdf import KGR

__all__ = ["KIND_PATHS", "page_kind", "person", "organization", "event", "article",
           "neighbourhood", "label_of"]

# the first path segment of an IRI after kgr: → the page kind
KIND_PATHS = {"person": "person", "org": "organization", "event": "event", "article": "article"}
MAX_ROWS = 2000  # rows any one page query reads (a hub's events, an organization's posts)
STATUS = {"Current": "current", "Former": "former", "Appointed": "appointed"}


def page_kind(iri: str) -> str | None:
    if not iri.startswith(KGR):
        return None
    return KIND_PATHS.get(iri[len(KGR):].split("/", 1)[0])


def _v(term) -> str | None:
    return None if term is None else term.value


def _rows(store, sparql: str, **bindings) -> list[dict]:
    names, rows = store.select(sparql, {k: (NamedNode(v) if isinstance(v, str) and v.startswith("http")
                                            else v) for k, v in bindings.items() if v is not None})
    return [{n: _v(r[i]) for i, n in enumerate(names)} for r in rows]


def _status(iri: str | None) -> str | None:
    return STATUS.get((iri or "").rsplit("#", 1)[-1]) if iri else None


def label_of(store, iri: str) -> str | None:
    rows = _rows(store, "SELECT ?n WHERE { { ?x sdo:name ?n } UNION { ?x skos:prefLabel ?n } "
                        "UNION { ?x dcterms:title ?n } UNION { ?x rdfs:label ?n } } LIMIT 1", x=iri)
    return rows[0]["n"] if rows else None


def _source(row: dict) -> dict:
    return {"article": row.get("article"), "title": row.get("title"), "url": row.get("url"),
            "path": row.get("path"), "published": row.get("published")}


_ARTICLE = """OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article sdo:url ?u }
  OPTIONAL { ?article kg:sourcePath ?path } OPTIONAL { ?article sdo:datePublished ?published }
  BIND (str(?u) AS ?url)"""
# Tenures (issue 14): optional, so the pages work on stores with and without them. The
# interval is the tenure's (kg.graph.careers), which gathers the article's post.
_TENURE = """OPTIONAL { ?tenure kg:attestation ?post ; org:memberDuring ?span .
    OPTIONAL { ?span time:hasBeginning/time:inXSDDate ?began }
    OPTIONAL { ?span time:hasEnd/time:inXSDDate ?ended } }"""


def _posts(store, where: str, **bindings) -> list[dict]:
    return _rows(store, f"""SELECT ?post ?person ?name ?role ?roleName ?org ?orgName ?status
      ?attested ?began ?ended ?sentence ?article ?title ?url ?path ?published WHERE {{
      {where}
      ?post org:member ?person ; org:role ?role ; org:organization ?org ; kg:status ?status ;
            prov:wasDerivedFrom ?article .
      ?person sdo:name ?name . ?role skos:prefLabel ?roleName . ?org skos:prefLabel ?orgName .
      OPTIONAL {{ ?post kg:attestedOn ?attested }}
      OPTIONAL {{ ?post kg:evidence/prov:value ?sentence }}
      {_TENURE}
      {_ARTICLE}
    }} LIMIT {MAX_ROWS}""", **bindings)


def _career(rows: list[dict], by: tuple[str, ...]) -> list[dict]:
    """Attestations grouped into lines (one per ``by`` key), ordered by when they were first seen."""
    lines: dict[tuple, dict] = {}
    seen: set[tuple] = set()
    for r in rows:
        key = tuple(r[k] for k in by)
        line = lines.setdefault(key, {
            "role": r["roleName"], "role_iri": r["role"], "organization": r["orgName"],
            "organization_iri": r["org"], "person": r["name"], "person_iri": r["person"],
            "began": None, "ended": None, "first": None, "last": None, "statuses": [],
            "attestations": []})
        for k in ("began", "ended"):
            if r.get(k) and (line[k] is None or (r[k] < line[k]) == (k == "began")):
                line[k] = r[k]
        if r.get("attested"):
            line["first"] = min(filter(None, (line["first"], r["attested"])))
            line["last"] = max(filter(None, (line["last"], r["attested"])))
        status = _status(r["status"])
        if status not in line["statuses"]:
            line["statuses"].append(status)
        mark = key + (r["article"], r["sentence"], status)
        if mark not in seen:  # one attestation per article, sentence and status
            seen.add(mark)
            line["attestations"].append({"date": r.get("attested"), "status": status,
                                         "sentence": r.get("sentence"), **_source(r)})
    for line in lines.values():
        line["attestations"].sort(key=lambda a: (a["date"] or "9999", a["article"] or ""))
    return sorted(lines.values(), key=lambda ln: (ln["began"] or ln["first"] or "9999",
                                                  ln["role"], ln["organization"]))


def person(store, iri: str) -> dict | None:
    names = _rows(store, "SELECT DISTINCT ?n WHERE { ?x a sdo:Person ; sdo:name ?n }", x=iri)
    if not names:
        return None
    name = sorted((r["n"] for r in names), key=lambda n: (n.isupper(), n))[0]
    events = _rows(store, f"""SELECT DISTINCT ?event ?eventName ?date ?part ?sentence ?article ?title
        ?url ?path ?published WHERE {{
        ?p kg:participant ?x ; kg:part ?part . ?event kg:participation ?p ; sdo:name ?eventName ;
        prov:wasDerivedFrom ?article .
        OPTIONAL {{ ?event sdo:startDate ?date }} OPTIONAL {{ ?p kg:evidence/prov:value ?sentence }}
        {_ARTICLE} }} ORDER BY ?date ?eventName LIMIT {MAX_ROWS}""", x=iri)
    # every article naming a person again logs "merged": those are counted, not listed
    merged = _rows(store, """SELECT (COUNT(?d) AS ?n) WHERE { ?d kg:subject ?x ;
        kg:decision "merged" }""", x=iri)
    decisions = _rows(store, """SELECT DISTINCT ?decision ?subject ?other ?reason ?article ?title
        ?url ?path ?published WHERE {
        { ?d kg:subject ?x } UNION { ?d kg:other ?x }
        ?d a kg:MergeDecision ; kg:decision ?decision ; kg:subject ?subject ; rdfs:comment ?reason ;
           prov:wasDerivedFrom ?article . OPTIONAL { ?d kg:other ?other }
        FILTER (?decision != "merged")
        """ + _ARTICLE + " } ORDER BY ?decision LIMIT 200", x=iri)
    namesakes = _rows(store, """SELECT DISTINCT ?other ?name WHERE {
        ?x kg:nameKey ?k . ?other kg:nameKey ?k ; a sdo:Person ; sdo:name ?name .
        FILTER (?other != ?x) } LIMIT 50""", x=iri)
    return {
        "kind": "person", "iri": iri, "name": name,
        "other_names": sorted({r["n"] for r in names} - {name}),
        "career": _career(_posts(store, "", person=iri), ("role", "org")),
        "events": [{"event": r["event"], "name": r["eventName"], "date": r["date"], "part": r["part"],
                    "sentence": r["sentence"], **_source(r)} for r in events],
        "decisions": [{"decision": r["decision"], "subject": r["subject"], "other": r["other"],
                       "reason": r["reason"], **_source(r)} for r in decisions],
        "namesakes": [{"iri": r["other"], "name": r["name"]} for r in namesakes],
        "merged": int(merged[0]["n"]) if merged else 0,
    }


def organization(store, iri: str, date: str | None = None) -> dict | None:
    info = _rows(store, """SELECT ?name ?kind ?place ?placeName WHERE { ?x a org:Organization ;
        skos:prefLabel ?name . OPTIONAL { ?x kg:kind ?k BIND (strafter(str(?k), "/kind/") AS ?kind) }
        OPTIONAL { ?x sdo:location ?place . ?place rdfs:label ?placeName } } LIMIT 1""", x=iri)
    if not info:
        return None
    parents = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?x org:subOrganizationOf ?iri . "
                           "?iri skos:prefLabel ?name } ORDER BY ?name", x=iri)
    children = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?iri org:subOrganizationOf ?x ; "
                            f"skos:prefLabel ?name }} ORDER BY ?name LIMIT {MAX_ROWS}", x=iri)
    posts = _career(_posts(store, "", org=iri), ("role", "person"))
    if date:  # the posts attested by then and not stated as ended by then
        leaders = []
        for line in posts:
            before = [a for a in line["attestations"] if a["date"] and a["date"] <= date]
            if line["ended"] and line["ended"] < date or not before:
                continue
            if before[-1]["status"] != "former" and (not line["began"] or line["began"] <= date):
                leaders.append({**line, "attestations": before})
    else:
        leaders = [line for line in posts if "former" not in line["statuses"][-1:]]
    events = _rows(store, f"""SELECT DISTINCT ?event ?name ?date WHERE {{ ?event sdo:organizer ?x ;
        sdo:name ?name . OPTIONAL {{ ?event sdo:startDate ?date }} }} ORDER BY DESC(?date) LIMIT 500""",
                   x=iri)
    row = info[0]
    return {"kind": "organization", "iri": iri, "name": row["name"], "org_kind": row["kind"],
            "place": {"iri": row["place"], "name": row["placeName"]} if row["place"] else None,
            "date": date, "parents": parents, "children": children,
            "leadership": sorted(leaders, key=lambda ln: (ln["role"], ln["person"])),
            "holders": _by_role(posts), "events": events}


def _by_role(lines: list[dict]) -> list[dict]:
    roles: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        roles[line["role"]].append(line)
    return [{"role": role, "holders": sorted(held, key=lambda ln: ln["first"] or ln["began"] or "9999")}
            for role, held in sorted(roles.items())]


def event(store, iri: str) -> dict | None:
    info = _rows(store, """SELECT ?name ?kind ?date ?reported ?place ?placeName ?sentence ?article
        ?title ?url ?path ?published WHERE { ?x a sdo:Event ; sdo:name ?name ;
        prov:wasDerivedFrom ?article . OPTIONAL { ?x kg:eventKind ?kind }
        OPTIONAL { ?x sdo:startDate ?date } OPTIONAL { ?x kg:reported ?reported }
        OPTIONAL { ?x sdo:location ?place . ?place rdfs:label ?placeName }
        OPTIONAL { ?x kg:evidence/prov:value ?sentence } """ + _ARTICLE + " } LIMIT 1", x=iri)
    if not info:
        return None
    organizers = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?x sdo:organizer ?iri . "
                              "?iri skos:prefLabel ?name } ORDER BY ?name", x=iri)
    parts = _rows(store, f"""SELECT DISTINCT ?person ?name ?part ?sentence WHERE {{
        ?x kg:participation ?p . ?p kg:participant ?person ; kg:part ?part . ?person sdo:name ?name .
        OPTIONAL {{ ?p kg:evidence/prov:value ?sentence }} }} ORDER BY ?name LIMIT {MAX_ROWS}""", x=iri)
    by_part: dict[str, list[dict]] = {"chair": [], "speaker": [], "attendee": []}
    for r in parts:
        by_part.setdefault(r["part"], []).append({"iri": r["person"], "name": r["name"],
                                                  "sentence": r["sentence"]})
    row = info[0]
    return {"kind": "event", "iri": iri, "name": row["name"], "event_kind": row["kind"],
            "date": row["date"], "reported": row["reported"] == "true",
            "place": {"iri": row["place"], "name": row["placeName"]} if row["place"] else None,
            "sentence": row["sentence"], "source": _source(row), "organizers": organizers,
            "chairs": by_part["chair"], "speakers": by_part["speaker"],
            "attendees": by_part["attendee"]}


def article(store, iri: str) -> dict | None:
    info = _rows(store, """SELECT ?identifier ?title ?url ?path ?published ?alternate WHERE {
        ?article a kg:Article ; dcterms:identifier ?identifier .
        OPTIONAL { ?article prov:alternateOf ?alternate } """ + _ARTICLE + " } LIMIT 1", article=iri)
    if not info:
        return None
    authors = [r["a"] for r in _rows(store, "SELECT DISTINCT ?a WHERE { ?x sdo:author ?a }", x=iri)]
    sentences = _rows(store, f"""SELECT DISTINCT ?s ?start ?end ?text WHERE {{ ?s dcterms:isPartOf ?x ;
        kg:startOffset ?start ; kg:endOffset ?end . OPTIONAL {{ ?s prov:value ?text }} }}
        LIMIT {MAX_ROWS}""", x=iri)
    facts = _rows(store, f"""SELECT DISTINCT ?s ?what ?subject ?subjectName ?detail ?object ?objectName
      WHERE {{
      {{ ?f prov:wasDerivedFrom ?x ; a org:Membership ; kg:evidence ?s ; org:member ?subject ;
            org:role/skos:prefLabel ?detail ; org:organization ?object .
         ?subject sdo:name ?subjectName . ?object skos:prefLabel ?objectName . BIND ("post" AS ?what) }}
      UNION
      {{ ?e prov:wasDerivedFrom ?x ; kg:participation ?f . ?f kg:evidence ?s ; kg:participant ?subject ;
            kg:part ?detail . ?subject sdo:name ?subjectName . ?e sdo:name ?objectName .
         BIND (?e AS ?object) BIND ("part" AS ?what) }}
      UNION
      {{ ?object prov:wasDerivedFrom ?x ; a sdo:Event ; kg:evidence ?s ; sdo:name ?objectName .
         BIND ("event" AS ?what) }}
    }} LIMIT {MAX_ROWS}""", x=iri)
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    for f in facts:
        by_sentence[f["s"]].append({k: f[k] for k in ("what", "subject", "subjectName", "detail",
                                                     "object", "objectName")})
    ordered = sorted(sentences, key=lambda r: int(r["start"]))
    row = info[0]
    return {"kind": "article", "iri": iri, "name": row["title"] or row["identifier"],
            "identifier": row["identifier"], "source": _source({**row, "article": iri}),
            "authors": authors, "alternate_of": row["alternate"],
            "sentences": [{"iri": s["s"], "start": int(s["start"]), "end": int(s["end"]),
                           "text": s["text"], "facts": by_sentence.get(s["s"], []),
                           "gap_before": i == 0 and int(s["start"]) > 0 or
                           i > 0 and int(s["start"]) > int(ordered[i - 1]["end"]) + 1}
                          for i, s in enumerate(ordered)]}


# -- the neighbourhood graph ------------------------------------------------------------------
_EDGES = """SELECT DISTINCT ?a ?b ?type ?label ?date WHERE {
  { ?post org:member ?x ; org:organization ?b ; org:role/skos:prefLabel ?label .
    OPTIONAL { ?post kg:attestedOn ?date } BIND (?x AS ?a) BIND ("post" AS ?type) }
  UNION { ?post org:organization ?x ; org:member ?a ; org:role/skos:prefLabel ?label .
    OPTIONAL { ?post kg:attestedOn ?date } BIND (?x AS ?b) BIND ("post" AS ?type) }
  UNION { ?b kg:participation ?p . ?p kg:participant ?x ; kg:part ?label .
    BIND (?x AS ?a) BIND ("part" AS ?type) }
  UNION { ?x kg:participation ?p . ?p kg:participant ?a ; kg:part ?label .
    BIND (?x AS ?b) BIND ("part" AS ?type) }
  UNION { ?b sdo:organizer ?x . BIND (?x AS ?a) BIND ("organized" AS ?type) }
  UNION { ?x sdo:organizer ?a . BIND (?x AS ?b) BIND ("organized" AS ?type) }
  UNION { ?x org:subOrganizationOf ?b . BIND (?x AS ?a) BIND ("sub" AS ?type) }
  UNION { ?a org:subOrganizationOf ?x . BIND (?x AS ?b) BIND ("sub" AS ?type) }
  UNION { ?b prov:wasDerivedFrom ?x ; a sdo:Event . BIND (?x AS ?a) BIND ("reports" AS ?type) }
  UNION { ?x a sdo:Event ; prov:wasDerivedFrom ?a . BIND (?x AS ?b) BIND ("reports" AS ?type) }
} LIMIT 5000"""
_NAMES = """SELECT ?x ?t ?name WHERE {
  { ?x a sdo:Person ; sdo:name ?name BIND ("Person" AS ?t) }
  UNION { ?x a org:Organization ; skos:prefLabel ?name BIND ("Organization" AS ?t) }
  UNION { ?x a sdo:Event ; sdo:name ?name BIND ("Event" AS ?t) }
  UNION { ?x a kg:Article ; dcterms:identifier ?id OPTIONAL { ?x dcterms:title ?title }
          BIND (COALESCE(?title, ?id) AS ?name) BIND ("Article" AS ?t) } }"""


def neighbourhood(store, iri: str, limit: int = 200) -> dict:
    """The entity and what it is directly tied to: people, organizations, events (and, for
    an event, its article), as nodes and edges; at most ``limit`` neighbours, the most tied first."""
    rows = _rows(store, _EDGES, x=iri)
    ties: dict[str, int] = defaultdict(int)
    for r in rows:
        ties[r["b"] if r["a"] == iri else r["a"]] += 1
    keep = sorted(ties, key=lambda n: (-ties[n], n))[:limit]
    wanted = {iri, *keep}
    names = {}
    for chunk in range(0, len(wanted), 500):
        part = sorted(wanted)[chunk:chunk + 500]
        for r in _rows(store, _NAMES, x=[NamedNode(i) for i in part]):
            names.setdefault(r["x"], (r["t"], r["name"]))
    nodes = [{"id": n, "type": names[n][0], "name": names[n][1], "ties": ties.get(n, 0),
              "page": page_kind(n) is not None} for n in sorted(wanted) if n in names]
    edges: dict[tuple, dict] = {}
    for r in rows:
        if r["a"] in names and r["b"] in names and r["a"] in wanted and r["b"] in wanted:
            key = (r["a"], r["b"], r["type"], r["label"])
            edge = edges.setdefault(key, {"source": r["a"], "target": r["b"], "type": r["type"],
                                          "label": r["label"], "n": 0, "dates": []})
            edge["n"] += 1
            if r.get("date") and r["date"] not in edge["dates"]:
                edge["dates"].append(r["date"])
    return {"centre": iri, "nodes": nodes, "edges": list(edges.values()),
            "left_out": max(0, len(ties) - len(keep))}


