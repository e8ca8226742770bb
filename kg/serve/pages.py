"""What each explorer page shows, as plain data (dicts and lists of str), from the store.

The HTML templates and the JSON answers of ``kg serve`` both render these, so a
script sees exactly what a person sees. Every query starts from one entity's IRI
and follows its edges, in two steps: a *key* query reads the small facts every
list is sorted and counted by (dates, statuses, names), and a *detail* query
fetches sentences and article metadata for the rows actually shown. Long lists
are paged (:class:`View`): a page shows the first items of each list and says how
many there are, with the query string of the next page (``?show=events&page=2``),
a stable URL for the same store.

Posts are shown as a career: one line per (role, organization), with each
article's attestation (date, status, sentence) under it. Tenures, where the store
has them (a ``kg:Tenure`` gathering the posts, ``org:memberDuring`` a ``time:Interval``),
are read optionally and shown as the line's interval.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from ..graph.rdf import KGR

__all__ = ["KIND_PATHS", "View", "page_kind", "person", "organization", "event", "article",
           "label_of", "PAGE", "ATTESTATIONS"]

# the first path segment of an IRI after kgr: → the page kind
KIND_PATHS = {"person": "person", "org": "organization", "event": "event", "article": "article"}
PAGE = 50  # items of a long list shown at once (events, decisions, holders, sub-bodies, attendees)
ATTESTATIONS = 5  # sentences under each career line on the page itself; its own list pages by PAGE
MAX_KEYS = 50_000  # rows a key query reads at most: memory stays bounded on any hub
STATUS = {"Current": "current", "Former": "former", "Appointed": "appointed"}
SECTIONS = {"person": ("posts", "events", "decisions"), "organization": ("holders", "events", "children"),
            "event": ("chair", "speaker", "attendee", "host", "guest", "appointee"), "article": ()}


@dataclass(frozen=True)
class View:
    """What a request asks to see of a page: a list to page through, and the page."""

    show: str | None = None  # the list paged through (SECTIONS), None: the page as it opens
    page: int = 1
    role: str | None = None  # which career line (with org) or which role's holders
    org: str | None = None
    date: str | None = None  # an organization's leadership on this day

    def params(self, **changes) -> dict[str, str]:
        """The query parameters of this view, changed: what a link to another page carries."""
        values = {"date": self.date, "show": self.show, "role": self.role, "org": self.org,
                  "page": self.page if self.page != 1 else None, **changes}
        return {k: _short(v) if k in ("role", "org") else str(v) for k, v in values.items() if v}


def _short(iri: str) -> str:
    return "kgr:" + iri[len(KGR):] if iri.startswith(KGR) else iri


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
    for prop in ("sdo:name", "skos:prefLabel", "dcterms:title", "rdfs:label"):
        rows = _rows(store, f"SELECT ?n WHERE {{ ?x {prop} ?n }} LIMIT 1", x=iri)
        if rows:
            return rows[0]["n"]
    return None


def _paged(items: list, view: View, section: str, preview: int = PAGE, **key) -> tuple[list, dict]:
    """The items of one list this view shows, and how to reach the rest.

    A list opens with its first ``preview`` items; ``?show=SECTION&page=N`` (and the
    list's ``key``, e.g. role and organization) shows its N-th page of PAGE items."""
    total = len(items)
    mine = view.show == section and all(getattr(view, k) == v for k, v in key.items())
    start, size = ((view.page - 1) * PAGE, PAGE) if mine else (0, preview)
    shown = items[start:start + size]
    end = start + len(shown)

    def link(page: int) -> str:
        return urlencode(View(show=section, page=page, date=view.date, **key).params())

    info = {"total": total, "first": start + 1 if shown else 0, "last": end,
            "next": link(end // PAGE + 1) if end < total else None,
            "prev": link(view.page - 1) if mine and view.page > 1 else None,
            "all": link(1) if not mine and preview < PAGE and total > preview else None}
    return shown, info


# -- keys and details -------------------------------------------------------------------------
# Tenures (issue 14) are kg.graph.careers' kg:Tenure, which gathers the articles' posts
_TENURE = """OPTIONAL { ?tenure kg:attestation ?post ; org:memberDuring ?span .
    OPTIONAL { ?span time:hasBeginning/time:inXSDDate ?began }
    OPTIONAL { ?span time:hasEnd/time:inXSDDate ?ended } }"""
# the posts of a person (?person bound) or of an organization (?org bound)
_POST_KEYS = f"""SELECT ?post ?person ?name ?role ?roleName ?org ?orgName ?status ?attested ?began ?ended
  WHERE {{ ?post org:member ?person ; org:organization ?org ; org:role ?role ; kg:status ?status .
  ?role skos:prefLabel ?roleName . ?org skos:prefLabel ?orgName . ?person sdo:name ?name .
  OPTIONAL {{ ?post kg:attestedOn ?attested }} {_TENURE} }} LIMIT {MAX_KEYS}"""
_ARTICLE = """OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article sdo:url ?u }
  OPTIONAL { ?article kg:sourcePath ?path } OPTIONAL { ?article sdo:datePublished ?published }
  BIND (str(?u) AS ?url)"""
# the sentence and article of facts (?f bound to many): a post, a participation, an event;
# every fact has its sentence, and the sentence is part of its article
_DETAILS = f"""SELECT ?f ?sentence ?article ?title ?url ?path ?published WHERE {{
  ?f kg:evidence ?s . ?s dcterms:isPartOf ?article . OPTIONAL {{ ?s prov:value ?sentence }} {_ARTICLE} }}"""


def _details(store, facts: list[str]) -> dict[str, dict]:
    """Fact IRI → its sentence and source, for the facts a page shows (one query)."""
    out: dict[str, dict] = {}
    wanted = sorted(set(facts))
    for at in range(0, len(wanted), 500):
        for r in _rows(store, _DETAILS, f=[NamedNode(f) for f in wanted[at:at + 500]]):
            out.setdefault(r["f"], {"sentence": r["sentence"], **_source(r)})
    return out


def _source(row: dict) -> dict:
    return {"article": row.get("article"), "title": row.get("title"), "url": row.get("url"),
            "path": row.get("path"), "published": row.get("published")}


def _lines(rows: list[dict], by: tuple[str, ...]) -> list[dict]:
    """Posts grouped into lines (one per ``by`` key), ordered by when they were first seen;
    each line's attestations (still without sentences) in date order, undated last."""
    lines: dict[tuple, dict] = {}
    seen: set[str] = set()
    for r in rows:
        if r["post"] in seen:  # a second label of a role or body: one attestation still
            continue
        seen.add(r["post"])
        line = lines.setdefault(tuple(r[k] for k in by), {
            "role": r["roleName"], "role_iri": r["role"], "organization": r["orgName"],
            "organization_iri": r["org"], "person": r["name"], "person_iri": r["person"],
            "began": None, "ended": None, "first": None, "last": None, "statuses": [],
            "attestations": []})
        for k in ("began", "ended"):
            if r.get(k) and (line[k] is None or (r[k] < line[k]) == (k == "began")):
                line[k] = r[k]
        line["attestations"].append({"post": r["post"], "date": r.get("attested"),
                                     "status": _status(r["status"])})
    for line in lines.values():
        line["attestations"].sort(key=lambda a: (a["date"] or "9999", a["post"]))
        dated = [a["date"] for a in line["attestations"] if a["date"]]
        line["first"], line["last"] = (dated[0], dated[-1]) if dated else (None, None)
        for a in line["attestations"]:  # in the order attested: the last is the latest
            if a["status"] not in line["statuses"]:
                line["statuses"].append(a["status"])
        line["latest_status"] = line["attestations"][-1]["status"]
    return sorted(lines.values(), key=lambda ln: (ln["began"] or ln["first"] or "9999",
                                                  ln["role"], ln["organization"], ln["person"]))


def _fill(items: list[dict], key: str, details: dict[str, dict]) -> None:
    for item in items:
        item.update(details.get(item[key], {"sentence": None, **_source({})}))


# -- pages ----------------------------------------------------------------------------------
def person(store, iri: str, view: View = View()) -> dict | None:
    names = _rows(store, "SELECT DISTINCT ?n WHERE { ?x a sdo:Person ; sdo:name ?n }", x=iri)
    if not names:
        return None
    name = sorted((r["n"] for r in names), key=lambda n: (n.isupper(), n))[0]
    career = _lines(_rows(store, _POST_KEYS, person=iri), ("role", "org"))
    shown_facts = []
    for line in career:
        line["attestations"], line["paging"] = _paged(
            line["attestations"], view, "posts", ATTESTATIONS, role=line["role_iri"],
            org=line["organization_iri"])
        shown_facts += [a["post"] for a in line["attestations"]]
    parts = _rows(store, f"""SELECT ?p ?event ?eventName ?date ?part WHERE {{
        ?p kg:participant ?x ; kg:part ?part . ?event kg:participation ?p ; sdo:name ?eventName .
        OPTIONAL {{ ?event sdo:startDate ?date }} }} LIMIT {MAX_KEYS}""", x=iri)
    parts.sort(key=lambda r: (r["date"] or "9999", r["eventName"], r["event"], r["part"]))
    events, events_paging = _paged(parts, view, "events")
    shown_facts += [r["p"] for r in events]
    details = _details(store, shown_facts)
    for line in career:
        _fill(line["attestations"], "post", details)
    _fill(events, "p", details)
    # every article naming a person again logs "merged": those are counted, not listed
    merged = _rows(store, """SELECT (COUNT(?d) AS ?n) WHERE { ?d kg:subject ?x ;
        kg:decision "merged" }""", x=iri)
    decision_keys = _rows(store, f"""SELECT DISTINCT ?d ?decision WHERE {{
        {{ ?d kg:subject ?x }} UNION {{ ?d kg:other ?x }}
        ?d kg:decision ?decision . FILTER (?decision != "merged") }} LIMIT {MAX_KEYS}""", x=iri)
    decision_keys.sort(key=lambda r: (r["decision"], r["d"]))
    shown, decisions_paging = _paged(decision_keys, view, "decisions")
    decisions = {r["d"]: r for r in _rows(store, """SELECT ?d ?decision ?subject ?reason ?article
        ?title ?url ?path ?published WHERE { ?d kg:decision ?decision ; kg:subject ?subject ;
        rdfs:comment ?reason ; prov:wasDerivedFrom ?article . """ + _ARTICLE + " }",
        d=[NamedNode(r["d"]) for r in shown])} if shown else {}
    # a decision about this person names the others it was kept apart from (namesakes: many)
    others: dict[str, list[str]] = defaultdict(list)
    mine = [NamedNode(d) for d, r in decisions.items() if r["subject"] == iri]
    for r in _rows(store, "SELECT ?d ?other WHERE { ?d kg:other ?other }", d=mine) if mine else []:
        others[r["d"]].append(r["other"])
    namesakes = _rows(store, """SELECT DISTINCT ?other ?name WHERE {
        ?x kg:nameKey ?k . ?other kg:nameKey ?k ; a sdo:Person ; sdo:name ?name .
        FILTER (?other != ?x) } LIMIT 50""", x=iri)
    return {
        "kind": "person", "iri": iri, "name": name,
        "other_names": sorted({r["n"] for r in names} - {name}),
        "career": career,
        "events": [{"event": r["event"], "name": r["eventName"], "date": r["date"], "part": r["part"],
                    "sentence": r["sentence"], **_source(r)} for r in events],
        "decisions": [{"decision": d["decision"], "subject": d["subject"], "reason": d["reason"],
                       "others": sorted(others[d["d"]])[:10], "other_count": len(others[d["d"]]),
                       **_source(d)} for d in (decisions[r["d"]] for r in shown if r["d"] in decisions)],
        "namesakes": [{"iri": r["other"], "name": r["name"]} for r in namesakes],
        "merged": int(merged[0]["n"]) if merged else 0,
        "paging": {"events": events_paging, "decisions": decisions_paging},
    }


def _leaders(lines: list[dict], date: str | None) -> list[dict]:
    """The posts held on ``date`` (attested by then, not ended nor stated former by then),
    or, without a date, those whose latest attestation is not "former"."""
    if not date:
        return [{**ln, "at": ln["attestations"][-1]} for ln in lines if ln["latest_status"] != "former"]
    out = []
    for line in lines:
        before = [a for a in line["attestations"] if a["date"] and a["date"] <= date]
        if line["ended"] and line["ended"] < date or not before:
            continue
        if before[-1]["status"] != "former" and (not line["began"] or line["began"] <= date):
            out.append({**line, "at": before[-1]})
    return out


def organization(store, iri: str, view: View = View()) -> dict | None:
    info = _rows(store, """SELECT ?name ?kind ?place ?placeName WHERE { ?x a org:Organization ;
        skos:prefLabel ?name . OPTIONAL { ?x kg:kind ?k BIND (strafter(str(?k), "/kind/") AS ?kind) }
        OPTIONAL { ?x sdo:location ?place . ?place rdfs:label ?placeName } } LIMIT 1""", x=iri)
    if not info:
        return None
    parents = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?x org:subOrganizationOf ?iri . "
                           "?iri skos:prefLabel ?name } ORDER BY ?name LIMIT 50", x=iri)
    children = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?iri org:subOrganizationOf ?x ; "
                            f"skos:prefLabel ?name }} LIMIT {MAX_KEYS}", x=iri)
    children, children_paging = _paged(sorted(children, key=lambda r: (r["name"], r["iri"])), view,
                                       "children")
    lines = _lines(_rows(store, _POST_KEYS, org=iri), ("role", "person"))
    leaders = sorted(_leaders(lines, view.date), key=lambda ln: (ln["role"], ln["person"]))
    roles: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        roles[line["role_iri"]].append(line)
    holders = []
    for role_iri, held in sorted(roles.items(), key=lambda kv: (kv[1][0]["role"], kv[0])):
        held.sort(key=lambda ln: (ln["first"] or ln["began"] or "9999", ln["person"]))
        shown, paging = _paged(held, view, "holders", role=role_iri)
        holders.append({"role": held[0]["role"], "role_iri": role_iri, "paging": paging,
                        "holders": [{**ln, "latest": dict(ln["attestations"][-1])} for ln in shown]})
    latest = [h["latest"] for r in holders for h in r["holders"]]
    _fill(latest, "post", _details(store, [a["post"] for a in latest]))
    events = _rows(store, f"""SELECT DISTINCT ?event ?name ?date WHERE {{ ?event sdo:organizer ?x ;
        sdo:name ?name . OPTIONAL {{ ?event sdo:startDate ?date }} }} LIMIT {MAX_KEYS}""", x=iri)
    events.sort(key=lambda r: (r["date"] or "", r["name"], r["event"]), reverse=True)
    events, events_paging = _paged(events, view, "events")
    row = info[0]
    for line in lines:  # the list of every attestation is the person's page; here the summary
        line["count"] = len(line["attestations"])
    return {"kind": "organization", "iri": iri, "name": row["name"], "org_kind": row["kind"],
            "place": {"iri": row["place"], "name": row["placeName"]} if row["place"] else None,
            "date": view.date, "parents": parents, "children": children,
            "leadership": [_summary(ln, at=ln["at"]) for ln in leaders],
            "holders": [{**r, "holders": [_summary(ln, latest=ln["latest"]) for ln in r["holders"]]}
                        for r in holders],
            "events": events, "paging": {"children": children_paging, "events": events_paging}}


def _summary(line: dict, **extra) -> dict:
    """A line without its list of attestations (an organization's page shows one of them)."""
    return {**{k: v for k, v in line.items() if k not in ("attestations", "at", "latest")},
            "count": len(line["attestations"]), **extra}


def event(store, iri: str, view: View = View()) -> dict | None:
    info = _rows(store, """SELECT ?name ?kind ?date ?reported ?place ?placeName ?sentence ?article
        ?title ?url ?path ?published WHERE { ?x a sdo:Event ; sdo:name ?name ;
        prov:wasDerivedFrom ?article . OPTIONAL { ?x kg:eventKind ?kind }
        OPTIONAL { ?x sdo:startDate ?date } OPTIONAL { ?x kg:reported ?reported }
        OPTIONAL { ?x sdo:location ?place . ?place rdfs:label ?placeName }
        OPTIONAL { ?x kg:evidence/prov:value ?sentence } """ + _ARTICLE + " } LIMIT 1", x=iri)
    if not info:
        return None
    organizers = _rows(store, "SELECT DISTINCT ?iri ?name WHERE { ?x sdo:organizer ?iri . "
                              "?iri skos:prefLabel ?name } ORDER BY ?name LIMIT 200", x=iri)
    parts = _rows(store, f"""SELECT DISTINCT ?p ?person ?name ?part WHERE {{
        ?x kg:participation ?p . ?p kg:participant ?person ; kg:part ?part . ?person sdo:name ?name }}
        LIMIT {MAX_KEYS}""", x=iri)
    by_part: dict[str, list[dict]] = {"chair": [], "speaker": [], "attendee": []}
    for r in sorted(parts, key=lambda r: (r["name"], r["person"], r["p"])):
        by_part.setdefault(r["part"], []).append({"iri": r["person"], "name": r["name"], "p": r["p"]})
    paging, shown = {}, []
    for part, people in by_part.items():
        by_part[part], paging[part] = _paged(people, view, part)
        shown += by_part[part]
    sentences = _rows(store, "SELECT ?p ?sentence WHERE { ?p kg:evidence/prov:value ?sentence }",
                      p=[NamedNode(r["p"]) for r in shown]) if shown else []
    said = {r["p"]: r["sentence"] for r in sentences}
    for people in by_part.values():
        for p in people:
            p["sentence"] = said.get(p.pop("p"))
    row = info[0]
    return {"kind": "event", "iri": iri, "name": row["name"], "event_kind": row["kind"],
            "date": row["date"], "reported": row["reported"] == "true",
            "place": {"iri": row["place"], "name": row["placeName"]} if row["place"] else None,
            "sentence": row["sentence"], "source": _source(row), "organizers": organizers,
            "chairs": by_part["chair"], "speakers": by_part["speaker"],
            "attendees": by_part["attendee"],
            "parts": [{"part": k, "people": v} for k, v in by_part.items()], "paging": paging}


def article(store, iri: str, view: View = View()) -> dict | None:
    info = _rows(store, """SELECT ?identifier ?title ?url ?path ?published ?alternate WHERE {
        ?article a kg:Article ; dcterms:identifier ?identifier .
        OPTIONAL { ?article prov:alternateOf ?alternate } """ + _ARTICLE + " } LIMIT 1", article=iri)
    if not info:
        return None
    authors = [r["a"] for r in _rows(store, "SELECT DISTINCT ?a WHERE { ?x sdo:author ?a }", x=iri)]
    sentences = _rows(store, f"""SELECT DISTINCT ?s ?start ?end ?text WHERE {{ ?s dcterms:isPartOf ?x ;
        kg:startOffset ?start ; kg:endOffset ?end . OPTIONAL {{ ?s prov:value ?text }} }}
        LIMIT {MAX_KEYS}""", x=iri)
    facts = []
    for what, sparql in (
            ("post", """SELECT ?s ?subject ?subjectName ?detail ?object ?objectName WHERE {
              ?f prov:wasDerivedFrom ?x ; a org:Membership ; kg:evidence ?s ; org:member ?subject ;
              org:role/skos:prefLabel ?detail ; org:organization ?object .
              ?subject sdo:name ?subjectName . ?object skos:prefLabel ?objectName }"""),
            ("part", """SELECT ?s ?subject ?subjectName ?detail ?object ?objectName WHERE {
              ?object prov:wasDerivedFrom ?x ; kg:participation ?f ; sdo:name ?objectName .
              ?f kg:evidence ?s ; kg:participant ?subject ; kg:part ?detail . ?subject sdo:name ?subjectName }"""),
            ("event", """SELECT ?s ?object ?objectName WHERE {
              ?object prov:wasDerivedFrom ?x ; a sdo:Event ; kg:evidence ?s ; sdo:name ?objectName }""")):
        facts += [{"what": what, **r} for r in _rows(store, sparql + f" LIMIT {MAX_KEYS}", x=iri)]
    by_sentence: dict[str, list[dict]] = defaultdict(list)
    for f in facts:
        fact = {k: f.get(k) for k in ("what", "subject", "subjectName", "detail", "object", "objectName")}
        if fact not in by_sentence[f["s"]]:
            by_sentence[f["s"]].append(fact)
    ordered = sorted(sentences, key=lambda r: int(r["start"]))
    kept = _rows(store, "SELECT ?text WHERE { ?x sdo:text ?text } LIMIT 1", x=iri)
    row = info[0]
    return {"kind": "article", "iri": iri, "name": row["title"] or row["identifier"],
            "text": _marked(kept[0]["text"], ordered, by_sentence) if kept else None,
            "identifier": row["identifier"], "source": _source({**row, "article": iri}),
            "authors": authors, "alternate_of": row["alternate"],
            "sentences": [{"iri": s["s"], "start": int(s["start"]), "end": int(s["end"]),
                           "text": s["text"], "facts": by_sentence.get(s["s"], []),
                           "gap_before": i == 0 and int(s["start"]) > 0 or
                           i > 0 and int(s["start"]) > int(ordered[i - 1]["end"]) + 1}
                          for i, s in enumerate(ordered)]}


def _marked(text: str, sentences: list[dict], facts: dict[str, list]) -> list[list[dict]]:
    """The article's text as paragraphs of pieces, the sentences that state facts marked
    (``mark``: the sentence's offset, its anchor on the page)."""
    spans = [(int(s["start"]), int(s["end"])) for s in sentences if facts.get(s["s"])]
    paragraphs, at = [], 0
    for line in text.split("\n"):
        start, end, pieces = at, at + len(line), []
        at = end + 1
        cut = start
        for s0, s1 in spans:
            s0, s1 = max(s0, start), min(s1, end)
            if s0 >= s1:
                continue
            if s0 > cut:
                pieces.append({"text": text[cut:s0]})
            pieces.append({"text": text[s0:s1], "mark": s0})
            cut = s1
        if cut < end:
            pieces.append({"text": text[cut:end]})
        if pieces:
            paragraphs.append(pieces)
    return paragraphs
