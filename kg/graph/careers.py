"""Careers: identity across articles and tenures, derived over the whole store after a build.

Why after the build and over the store, not inside each article's graph: a
tenure's end can come from another article (its successor's election), and
whether two person nodes are one person can hang on a third article naming
both posts. Written into the articles' own graphs, such facts would go stale
whenever another article is added, changed or removed, and would depend on the
order articles were read in. So the article graphs keep what each article says
(its attestations), and this module recomputes the rest from them, into one
graph of its own, ``kgr:derived/careers``: the identity decisions (merge log
entries and ``owl:sameAs`` links), tenures, successions and conflicts. The graph
records a digest of what it was computed from (every article's content hash,
kg's version, kg/data/offices.tsv); a build that changed nothing finds the
digest current and skips the work, and one interrupted between the two steps
leaves a digest that no longer fits, so the next build derives again.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from importlib.resources import files

from pyoxigraph import Literal, NamedNode, Quad

from .. import __version__
from ..extract.model import CHANGES
from .identity import Identity, PersonNode, resolve_identity
from .store import ARTICLE_GRAPHS, DERIVED_GRAPH
from .rdf import CHANGE, KG, KGR, XSD_BOOL, XSD_DATE, date_literal, term
from .tenure import (Attestation, Bound, Conflict, OrgInfo, Tenure, article_local, lower,
                     tenures, upper)

__all__ = ["DERIVED", "DeriveReport", "derive", "read_store", "careers_quads", "merge_log"]

DERIVED = NamedNode(DERIVED_GRAPH)
INPUTS = term("kg:derivedFrom")
DERIVE_VERSION = "1"  # bump when the rules change, so stores derive again
_CAUSE = {**{c: CHANGE[c] for c in CHANGES}, "appointed": "Appointment",
          "succeeded": "Succession", "former": "Former"}

_POSTS = f"""SELECT ?post ?person ?role ?org ?s ?attested ?article ?ev ?acting ?change ?changeDate
       ?term WHERE {{ GRAPH ?g {{
  ?post a org:Membership ; org:member ?person ; org:role ?role ; org:organization ?org ;
        kg:status ?s ; prov:wasDerivedFrom ?article ; kg:evidence ?ev .
  OPTIONAL {{ ?post kg:attestedOn ?attested }} OPTIONAL {{ ?post kg:acting ?acting }}
  OPTIONAL {{ ?post kg:change ?change }} OPTIONAL {{ ?post kg:changeDate ?changeDate }}
  OPTIONAL {{ ?post kg:term ?term }} }}
  FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}"""
_PERSONS = "SELECT ?p ?n WHERE { ?p a sdo:Person ; sdo:name ?n }"
_MENTIONS = "SELECT DISTINCT ?p ?a WHERE { ?p a sdo:Person ; sdo:subjectOf ?a }"
_BORN = f"""SELECT ?p ?y ?g WHERE {{ GRAPH ?g {{ ?p sdo:birthDate ?y }}
  FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}")) }}"""
_HOME = f"""SELECT ?p ?name ?g WHERE {{ GRAPH ?g {{ ?p kg:homeTown ?place }}
  FILTER (STRSTARTS(STR(?g), "{ARTICLE_GRAPHS}"))
  ?place sdo:containedInPlace* ?province . ?province kg:adminLevel "province" ; rdfs:label ?name }}"""
_ORGS = """SELECT ?o ?label ?kind ?province WHERE { ?o a org:Organization ; skos:prefLabel ?label .
  OPTIONAL { ?o kg:kind ?k . BIND (strafter(str(?k), "/kind/") AS ?kind) }
  OPTIONAL { ?o sdo:location ?place . ?place sdo:containedInPlace* ?p .
             ?p kg:adminLevel "province" ; rdfs:label ?province } }"""
_HASHES = "SELECT ?g ?h WHERE { GRAPH ?g { ?a kg:contentHash ?h } }"
_ROLES = "SELECT ?r ?label WHERE { ?r a org:Role ; skos:prefLabel ?label }"
_STATE = f"SELECT ?d WHERE {{ GRAPH <{DERIVED.value}> {{ <{DERIVED.value}> kg:derivedFrom ?d }} }}"


@dataclass
class DeriveReport:
    tenures: int = 0
    stated_starts: int = 0
    dated: int = 0  # tenures with any date
    open_ends: int = 0
    conflicts: int = 0
    merged: int = 0  # person nodes joined to another node of their name
    kept_apart: int = 0  # people of a shared name kept apart
    skipped: bool = False  # nothing changed since the last derivation
    seconds: float = 0.0


@dataclass
class StoreFacts:
    """What the derivation reads from the article graphs."""

    attestations: list[Attestation]
    persons: dict[str, PersonNode]
    roles: dict[str, str]
    orgs: dict[str, OrgInfo]


def _rows(store, query: str, order: str) -> list[list]:
    """Every row of ``query``; a SPARQL server's store pages through its result cap."""
    if hasattr(store, "select_all"):
        return list(store.select_all(query, order))
    return store.select(query)[1]


def _value(t) -> str | None:
    return None if t is None else t.value


def read_store(store) -> StoreFacts:
    roles = {r.value: label.value for r, label in _rows(store, _ROLES, "?r ?label")}
    orgs: dict[str, OrgInfo] = {}
    for o, label, kind, province in _rows(store, _ORGS, "?o ?label ?kind ?province"):
        if o.value not in orgs or (province and not orgs[o.value].province):
            orgs[o.value] = OrgInfo(label.value, _value(kind), _value(province),
                                    article_local(o.value))
    persons = {p.value: PersonNode(p.value, n.value) for p, n in _rows(store, _PERSONS, "?p ?n")}
    for p, a in _rows(store, _MENTIONS, "?p ?a"):
        if p.value in persons:
            persons[p.value].articles.add(a.value)
    for p, y, g in _rows(store, _BORN, "?p ?y ?g"):
        if p.value in persons and y.value.isdigit():
            persons[p.value].born.setdefault(int(y.value), set()).add(_article(g.value))
    for p, name, g in _rows(store, _HOME, "?p ?name ?g"):
        if p.value in persons:
            persons[p.value].home.setdefault(name.value, set()).add(_article(g.value))
    attestations = []
    for row in _rows(store, _POSTS, "?post"):
        post, person, role, org, s, attested, article, ev, acting, change, cdate, term_ = row
        change_kind = _change_kind(_value(change))
        a = Attestation(post.value, person.value, role.value, org.value,
                        s.value.rsplit("#", 1)[-1].lower(), _value(attested), article.value,
                        ev.value, acting is not None and acting.value == "true", change_kind,
                        _value(cdate), _value(term_))
        attestations.append(a)
        if person.value in persons:
            persons[person.value].posts.setdefault((a.role, a.org), []).append(a)
    return StoreFacts(attestations, persons, roles, orgs)


_KIND_OF = {KG + local: kind for kind, local in CHANGE.items()}  # concept IRI → change


def _change_kind(iri: str | None) -> str | None:
    return _KIND_OF.get(iri) if iri else None


def _article(graph: str) -> str:
    return f"{KGR}article/{graph.rsplit('/', 1)[-1]}"


def inputs_digest(store) -> str:
    """What a derivation depends on: every stored article's hash and version, kg's version,
    the derivation rules and the offices file."""
    h = hashlib.sha256()
    h.update(f"kg {__version__} derive {DERIVE_VERSION}\n".encode())
    h.update(files("kg.data").joinpath("offices.tsv").read_bytes())
    # the content hashes name every article's text; kg's version, above, says how it was read
    for graph, digest in sorted((g.value, d.value) for g, d in _rows(store, _HASHES, "?g")):
        h.update(f"{graph} {digest}\n".encode())
    return "sha256:" + h.hexdigest()


def derive(store, force: bool = False) -> DeriveReport:
    """Recompute identity and tenures into the store's derived graph, unless current."""
    began = time.monotonic()
    digest = inputs_digest(store)
    _, rows = store.select(_STATE)
    if not force and rows and rows[0][0].value == digest:
        return DeriveReport(skipped=True, seconds=time.monotonic() - began)
    facts = read_store(store)
    identity = resolve_identity(list(facts.persons.values()), facts.roles, facts.orgs)
    held, conflicts = tenures(facts.attestations, identity.canonical, facts.roles, facts.orgs, KGR)
    quads = careers_quads(identity, held, conflicts)
    store.write([DERIVED.value], quads)
    # last, alone: the mark that the graph is complete (see the module's docstring)
    store.write([], [Quad(DERIVED, INPUTS, Literal(digest), DERIVED)])
    report = DeriveReport(
        tenures=len(held), stated_starts=sum(1 for t in held if t.start and t.start.basis == "stated"),
        dated=sum(1 for t in held if t.begin or t.end), open_ends=sum(1 for t in held if t.begin and not t.end),
        conflicts=len(conflicts),
        merged=sum(1 for d in identity.decisions if d.decision == "merged"),
        kept_apart=sum(1 for d in identity.decisions if d.decision == "kept_apart"),
        seconds=time.monotonic() - began)
    return report


def careers_quads(identity: Identity, held: list[Tenure], conflicts: list[Conflict]) -> list[Quad]:
    quads: list[Quad] = []

    def add(s, p: str, o) -> None:
        quads.append(Quad(s, term(p), o, DERIVED))

    def node(iri: str) -> NamedNode:
        return NamedNode(iri)

    for d in identity.decisions:
        n = _mint("identity", d.subject, d.decision)
        add(n, "rdf:type", term("kg:MergeDecision"))
        add(n, "kg:subject", node(d.subject))
        add(n, "kg:decision", Literal(d.decision))
        add(n, "rdfs:comment", Literal(d.reason))
        add(n, "sdo:name", Literal(d.name))
        if d.rule:
            add(n, "kg:rule", Literal(d.rule))
        if d.into:
            add(n, "kg:mergedInto", node(d.into))
        for other in d.others:
            add(n, "kg:other", node(other))
        for sentence in d.evidence:
            add(n, "kg:evidence", node(sentence))
        for article in d.articles:
            add(n, "prov:wasDerivedFrom", node(article))
    for person, standing in sorted(identity.canonical.items()):
        if person != standing:
            add(node(person), "owl:sameAs", node(standing))
    for t in held:
        _tenure_quads(t, add)
    for c in conflicts:
        a, b = c.tenures
        n = _mint("conflict", a.iri, b.iri)
        add(n, "rdf:type", term("kg:TenureConflict"))
        add(n, "org:role", node(c.role))
        add(n, "org:organization", node(c.org))
        add(n, "kg:tenure", node(a.iri))
        add(n, "kg:tenure", node(b.iri))
        add(n, "kg:overlapStart", Literal(c.since, datatype=XSD_DATE))
        add(n, "kg:overlapEnd", Literal(c.until, datatype=XSD_DATE))
    return quads


def _mint(kind: str, *parts: str) -> NamedNode:
    """A stable IRI for a derived node: the same inputs give the same IRI on every run."""
    return NamedNode(f"{KGR}{kind}/" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20])


def _tenure_quads(t: Tenure, add) -> None:
    n = NamedNode(t.iri)
    add(n, "rdf:type", term("kg:Tenure"))
    add(n, "org:member", NamedNode(t.person))
    add(n, "org:role", NamedNode(t.role))
    add(n, "org:organization", NamedNode(t.org))
    if t.acting:
        add(n, "kg:acting", Literal("true", datatype=XSD_BOOL))
    if t.term:
        add(n, "kg:term", Literal(t.term, language="vi"))
    for a in t.attestations:
        add(n, "kg:attestation", NamedNode(a.post))
    if t.first:
        add(n, "kg:firstAttested", date_literal(t.first))
        add(n, "kg:lastAttested", date_literal(t.last))
    interval = NamedNode(t.iri + "/interval")
    add(n, "org:memberDuring", interval)
    add(interval, "rdf:type", term("time:Interval"))
    for which, bound in (("start", t.start), ("end", t.end)):
        if bound is None:
            continue
        instant = NamedNode(f"{t.iri}/{which}")
        add(interval, "time:hasBeginning" if which == "start" else "time:hasEnd", instant)
        _instant(instant, bound, which, add)
        if bound.cause in _CAUSE:
            add(n, "kg:startCause" if which == "start" else "kg:endCause", term("kg:" + _CAUSE[bound.cause]))
    for other in t.replaces:
        add(n, "kg:replaces", NamedNode(other))
    for other in t.replaced_by:
        add(n, "kg:replacedBy", NamedNode(other))


def _instant(instant: NamedNode, bound: Bound, which: str, add) -> None:
    add(instant, "rdf:type", term("time:Instant"))
    # the day compared by queries: the earliest a start can mean, the latest an end can
    add(instant, "time:inXSDDate", Literal(lower(bound.date) if which == "start" else upper(bound.date),
                                           datatype=XSD_DATE))
    if bound.precision == "month":
        add(instant, "time:inXSDgYearMonth", date_literal(bound.date))
    elif bound.precision == "year":
        add(instant, "time:inXSDgYear", date_literal(bound.date))
    add(instant, "kg:precision", Literal(bound.precision))
    add(instant, "kg:basis", Literal(bound.basis))
    if bound.source is not None:
        add(instant, "prov:wasDerivedFrom", NamedNode(bound.source.post))


# One row per decision: those each article's build took by name and province ("article"), and
# those derived over all articles from the evidence ("store", which have the last word).
_MERGE_LOG = f"""SELECT DISTINCT ?name ?decision ?scope ?person ?others ?reason ?article ?articles WHERE {{
  {{ SELECT ?d ?g (SAMPLE(?a) AS ?article) (COUNT(DISTINCT ?a) AS ?articles)
           (GROUP_CONCAT(DISTINCT REPLACE(STR(?o), "^{KGR}", "kgr:"); separator=" ") AS ?others)
     WHERE {{ GRAPH ?g {{ ?d a kg:MergeDecision ; prov:wasDerivedFrom ?a .
                        OPTIONAL {{ ?d kg:other|kg:mergedInto ?o }} }} }} GROUP BY ?d ?g }}
  GRAPH ?g {{ ?d sdo:name ?name ; kg:decision ?decision ; kg:subject ?person ; rdfs:comment ?reason }}
  BIND (IF(STR(?g) = "{DERIVED_GRAPH}", "store", "article") AS ?scope)
  FILTER (!bound(?who) || ?who = ?person || EXISTS {{ GRAPH ?g {{ ?d kg:other|kg:mergedInto ?who }} }})
  FILTER (?all || ?decision != "new")
}} ORDER BY ?name DESC(?scope) ?decision ?person"""


def merge_log(store, people: list[str] | None = None, everything: bool = False):
    """The merge log as (column names, rows): the decisions about ``people`` (IRIs: a person
    and their namesakes, as kg.graph.lookup resolves a name), or all of them; ``everything``
    adds the first sightings ("new")."""
    # a typed boolean: the string "false" would count as true in the FILTER
    bindings: dict[str, object] = {"all": Literal("true" if everything else "false", datatype=XSD_BOOL)}
    if people is not None:
        bindings["who"] = [NamedNode(iri) for iri in people]
    return store.select(_MERGE_LOG, bindings)
