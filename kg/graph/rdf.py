"""Graph: one article's facts (the ``kg extract`` record) → RDF quads.

The model is documented in docs/rdf-model.md and declared in
ontology/kg.ttl. Everything an article says goes into that article's named
graph, with provenance down to the sentence; entities are shared across
articles by their IRIs, which are built from canonical names and the context
that separates namesakes (a person's province), never from counters.

``article_quads`` returns the quads and the merge decisions it took for the
persons, so the store can log them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from pyoxigraph import Literal, NamedNode, Quad

from .. import __version__
from ..extract.normalize import match_key

__all__ = ["KG", "KGR", "NS", "ENTITIES", "NATIONAL_KINDS", "CHANGE", "date_literal", "term",
           "article_quads", "duplicate_quads", "article_key", "slug", "person_iri",
           "person_key", "PersonKey"]

KG = "https://w3id.org/kg-vn/ontology#"
KGR = "https://w3id.org/kg-vn/id/"
NS = {
    "kg": KG, "kgr": KGR,
    "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "sdo": "https://schema.org/", "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
NATIONAL_KINDS = {"politburo", "central_committee", "secretariat", "government",
                  "national_assembly", "ministry"}


def term(curie: str) -> NamedNode:
    prefix, local = curie.split(":", 1)
    return NamedNode(NS[prefix] + local)


RDF_TYPE = term("rdf:type")
XSD_DATE = term("xsd:date")
XSD_INT = term("xsd:integer")
XSD_BOOL = term("xsd:boolean")
XSD_DATETIME = term("xsd:dateTime")
ENTITIES = NamedNode(f"{KGR}graph/entities")
STATUS = {"current": term("kg:Current"), "former": term("kg:Former"), "appointed": term("kg:Appointed")}
# what a sentence says happened to a post (kg.extract.career), as concepts of kg:PostChange
CHANGE = {"elected": "Election", "appointed": "Appointment", "transferred_in": "TransferIn",
          "transferred_out": "TransferOut", "retired": "Retirement", "relieved": "Relief",
          "dismissed": "Dismissal", "removed": "Removal"}
XSD_GYEAR = term("xsd:gYear")
XSD_GYEARMONTH = term("xsd:gYearMonth")


def date_literal(value: str) -> Literal:
    """"2020-08-01" as an xsd:date, "2020-08" as an xsd:gYearMonth, "2020" as an xsd:gYear."""
    kind = {10: XSD_DATE, 7: XSD_GYEARMONTH, 4: XSD_GYEAR}[len(value)]
    return Literal(value, datatype=kind)


def slug(text: str) -> str:
    """"Huyện ủy Đô Lương" → "huyện-ủy-đô-lương".

    Diacritics stay: "Bùi Văn Thăng" and "Bùi Văn Thắng" are two people, and an
    IRI (RFC 3987) may hold any letter. Case and tone placement do not count.
    """
    return re.sub(r"[\W_]+", "-", match_key(text)).strip("-") or "x"


def _hash(*parts: str, size: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def article_key(record: dict) -> str:
    """Stable key of an article: its document id, and its URL when it has one.

    Not the file path: the same folder built from another working directory or
    machine must give the same IRIs.
    """
    url = record["source"] if re.match(r"https?://", record["source"]) else ""
    return _hash(record["id"], url)


@dataclass(frozen=True)
class PersonKey:
    name: str
    context: str  # a province slug, "national", or "a<article hash>" when nothing is known
    reason: str  # why that context: the posts' province, the article's, …


def person_key(record: dict, person_id: str) -> PersonKey:
    locations = {loc["id"]: loc for loc in record["locations"]}
    orgs = {o["id"]: o for o in record["organizations"]}
    name = next(p["name"] for p in record["persons"] if p["id"] == person_id)
    provinces, national = set(), 0
    posts = [p for p in record["positions"] if p["person"] == person_id and p["organization"]]
    for post in posts:
        org = orgs[post["organization"]]
        loc = locations.get(org.get("location") or "")
        if loc and loc.get("province"):
            provinces.add(loc["province"])
        elif org["kind"] in NATIONAL_KINDS or org.get("level") == "national":
            national += 1
    if provinces:
        province = sorted(provinces)[0]
        return PersonKey(name, slug(province), f"posts in {province}")
    if posts and national == len(posts):
        return PersonKey(name, "national", "national posts only")
    home = locations.get((record.get("context") or {}).get("province") or "")
    if home:
        return PersonKey(name, slug(home["province"]), f"article about {home['province']}")
    return PersonKey(name, "a" + article_key(record)[:8], "no province known: kept to its article")


def person_iri(key: PersonKey) -> NamedNode:
    return NamedNode(f"{KGR}person/{slug(key.name)}--{key.context}")


def _org_iri(record: dict, org: dict) -> NamedNode:
    anchored = org.get("location") or org["kind"] in NATIONAL_KINDS or org.get("level") == "national"
    suffix = "" if anchored else "--a" + article_key(record)[:8]
    return NamedNode(f"{KGR}org/{slug(org['name'])}{suffix}")


def _place_iri(loc: dict) -> NamedNode:
    """kgr:place/vn-{code} for a unit of the three-level table, vn2025-{code} for one of
    the two-level table of 1 July 2025 (new units reused old codes: the prefix keeps them
    apart)."""
    if loc.get("code"):
        prefix = "vn2025-" if loc.get("era") == "2025" else "vn-"
        return NamedNode(f"{KGR}place/{prefix}{loc['code']}")
    return NamedNode(f"{KGR}place/{slug(loc['name'])}")


def article_quads(record: dict, content_hash: str, extracted_at: datetime | None = None,
                  keep_text: bool = False) -> tuple[list[Quad], list[tuple[PersonKey, NamedNode]]]:
    """Quads for one article's record, in its named graph, and the person keys used.
    ``keep_text``: the normalized text too (``sdo:text``), which the offsets point into."""
    from .lookup import NAME_KEY, name_keys

    key = article_key(record)
    graph = NamedNode(f"{KGR}graph/{key}")
    article = NamedNode(f"{KGR}article/{key}")
    quads: list[Quad] = []

    def add(s, p: str, o) -> None:
        quads.append(Quad(s, term(p) if isinstance(p, str) else p, o, graph))

    def describe(s, p: str, o) -> None:
        # What an entity is (its type, names, kind, place in a hierarchy) follows from its IRI,
        # not from one article: it is written once, in the shared entities graph. Repeating it
        # in every article's graph would make the union a bag in which each label joins once
        # per article that mentions the entity.
        quads.append(Quad(s, term(p) if isinstance(p, str) else p, o, ENTITIES))

    def text(value: str, lang: str | None = None) -> Literal:
        return Literal(value, language=lang) if lang else Literal(value)

    def named(s, p: str, name: str, lang: str | None = None) -> None:
        # with the keys kg.graph.lookup finds names by (accents, case, abbreviations)
        describe(s, p, text(name, lang))
        for key in name_keys(name):
            describe(s, NamedNode(NAME_KEY), Literal(key))

    _article_header(record, content_hash, extracted_at, add)
    if keep_text and record.get("text"):
        add(article, "sdo:text", Literal(record["text"]))

    sentences: dict[tuple[int, int], NamedNode] = {}

    def sentence(span: dict) -> NamedNode:
        se = (span["start"], span["end"])
        node = sentences.get(se)
        if node is None:
            node = NamedNode(f"{KGR}article/{key}/s{se[0]}-{se[1]}")
            sentences[se] = node
            add(node, RDF_TYPE, term("kg:Sentence"))
            add(node, "kg:startOffset", Literal(str(se[0]), datatype=XSD_INT))
            add(node, "kg:endOffset", Literal(str(se[1]), datatype=XSD_INT))
            add(node, "dcterms:isPartOf", article)
            if record.get("text"):
                add(node, "prov:value", text(record["text"][se[0]:se[1]]))
        return node

    # places, with the administrative hierarchy
    places: dict[str, NamedNode] = {}
    for loc in record["locations"]:
        node = places[loc["id"]] = _place_iri(loc)
        describe(node, RDF_TYPE, term("sdo:Place"))
        describe(node, RDF_TYPE, term("sdo:AdministrativeArea"))
        named(node, "rdfs:label", loc["name"], "vi")
        describe(node, "kg:adminLevel", text(loc["level"]))
        if loc.get("code"):
            describe(node, "kg:adminCode", text(loc["code"]))
    _place_hierarchy(record, places, describe)

    # organizations
    orgs: dict[str, NamedNode] = {}
    for org in record["organizations"]:
        orgs[org["id"]] = _org_iri(record, org)
    for org in record["organizations"]:
        node = orgs[org["id"]]
        describe(node, RDF_TYPE, term("org:Organization"))
        describe(node, RDF_TYPE, term("sdo:Organization"))
        describe(node, "rdfs:label", text(org["name"], "vi"))
        named(node, "skos:prefLabel", org["name"], "vi")
        describe(node, "kg:kind", NamedNode(f"{KGR}kind/{org['kind']}"))
        if org.get("parent") in orgs:
            describe(node, "org:subOrganizationOf", orgs[org["parent"]])
        elif org["kind"] == "party_committee" and org.get("location") in places:
            # Huyện ủy Nam Sách is the executive of Đảng bộ huyện Nam Sách: the hierarchy goes
            # Ban Thường vụ Huyện ủy ⊂ Huyện ủy ⊂ Đảng bộ huyện
            loc = next(loc for loc in record["locations"] if loc["id"] == org["location"])
            party = NamedNode(f"{KGR}org/{slug('Đảng bộ ' + loc['name'])}")
            describe(node, "org:subOrganizationOf", party)
            describe(party, RDF_TYPE, term("org:Organization"))
            describe(party, RDF_TYPE, term("sdo:Organization"))
            describe(party, "rdfs:label", text(f"Đảng bộ {loc['name']}", "vi"))
            named(party, "skos:prefLabel", f"Đảng bộ {loc['name']}", "vi")
            describe(party, "kg:kind", NamedNode(f"{KGR}kind/party_organization"))
            describe(party, "sdo:location", places[org["location"]])
        if org.get("location") in places:
            describe(node, "sdo:location", places[org["location"]])

    # persons
    persons: dict[str, NamedNode] = {}
    keys: list[tuple[PersonKey, NamedNode]] = []
    for person in record["persons"]:
        pkey = person_key(record, person["id"])
        node = persons[person["id"]] = person_iri(pkey)
        keys.append((pkey, node))
        describe(node, RDF_TYPE, term("sdo:Person"))
        named(node, "sdo:name", person["name"])
        describe(node, "rdfs:label", text(person["name"], "vi"))
        add(node, "sdo:subjectOf", article)  # the article mentions this person
        # what this article says of them, kept in its graph: another article may disagree
        if person.get("born"):
            add(node, "sdo:birthDate", Literal(str(person["born"]), datatype=XSD_GYEAR))
        if person.get("home") in places:
            add(node, "kg:homeTown", places[person["home"]])

    reported_date = next((e["date"] for e in record["events"] if e.get("reported") and e.get("date")),
                         None)
    attested = reported_date or record.get("published")
    for post in record["positions"]:
        if not post["organization"]:
            continue  # a post with no organization is kept in the JSON, not in the graph
        node = NamedNode(f"{KGR}post/" + _hash(key, post["person"], post["role"],
                                               post["organization"], post["status"]))
        role = NamedNode(f"{KGR}role/{slug(post['role'])}")
        add(node, RDF_TYPE, term("org:Membership"))
        add(node, "org:member", persons[post["person"]])
        add(node, "org:organization", orgs[post["organization"]])
        add(node, "org:role", role)
        add(node, "kg:status", STATUS[post["status"]])
        if attested:
            add(node, "kg:attestedOn", Literal(attested, datatype=XSD_DATE))
        add(node, "prov:wasDerivedFrom", article)
        add(node, "kg:evidence", sentence(post["evidence"]))
        if post.get("acting"):
            add(node, "kg:acting", Literal("true", datatype=XSD_BOOL))
        if post.get("change"):
            add(node, "kg:change", term("kg:" + CHANGE[post["change"]]))
        if post.get("change_date"):
            add(node, "kg:changeDate", date_literal(post["change_date"]))
        if post.get("term"):
            add(node, "kg:term", text(post["term"], "vi"))
        describe(role, RDF_TYPE, term("org:Role"))
        named(role, "skos:prefLabel", post["role"], "vi")

    parts = {"chair": "kg:chair", "attendee": "sdo:attendee", "speaker": "kg:speaker", "host": "kg:host",
             "guest": "kg:guest", "appointee": "kg:appointee"}
    for n, event in enumerate(record["events"], start=1):
        node = NamedNode(f"{KGR}event/{key}-{n}")
        add(node, RDF_TYPE, term("sdo:Event"))
        add(node, "sdo:name", text(event["name"], "vi"))
        add(node, "kg:eventKind", text(event["kind"]))
        add(node, "kg:reported", Literal("true" if event["reported"] else "false", datatype=XSD_BOOL))
        if event.get("date"):
            add(node, "sdo:startDate", Literal(event["date"], datatype=XSD_DATE))
        if event.get("location") in places:
            add(node, "sdo:location", places[event["location"]])
        for org_id in event["organizers"]:
            add(node, "sdo:organizer", orgs[org_id])
        add(node, "prov:wasDerivedFrom", article)
        add(node, "kg:evidence", sentence(event["evidence"]))
        for part in event["participants"]:
            person = persons[part["person"]]
            add(node, parts[part["role"]], person)
            pnode = NamedNode(f"{KGR}participation/" + _hash(key, str(n), part["person"], part["role"]))
            add(node, "kg:participation", pnode)
            add(pnode, RDF_TYPE, term("kg:Participation"))
            add(pnode, "kg:participant", person)
            add(pnode, "kg:part", text(part["role"]))
            add(pnode, "kg:evidence", sentence(part["evidence"]))
    return quads, keys


def _article_header(record: dict, content_hash: str, extracted_at: datetime | None, add) -> None:
    """The article node and its provenance: what kg read, from where, when, with which version."""
    article = NamedNode(f"{KGR}article/{article_key(record)}")
    activity = NamedNode(f"{KGR}activity/kg-{__version__}")
    add(article, RDF_TYPE, term("kg:Article"))
    add(article, "dcterms:identifier", Literal(record["id"]))
    source = record["source"]
    url = _url(source)
    if url is not None:
        add(article, "sdo:url", url)
    else:  # a path, or a URL no IRI can hold: kept as given
        add(article, "kg:sourcePath", Literal(source))
    if record.get("title"):
        add(article, "dcterms:title", Literal(record["title"], language="vi"))
    if record.get("published"):
        add(article, "sdo:datePublished", Literal(record["published"], datatype=XSD_DATE))
    for author in record.get("authors", []):
        add(article, "sdo:author", Literal(author))
    add(article, "kg:contentHash", Literal(content_hash))
    if record.get("simhash"):
        add(article, "kg:simhash", Literal(record["simhash"]))
    when = (extracted_at or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    add(article, "prov:generatedAtTime", Literal(when, datatype=XSD_DATETIME))
    add(article, "prov:wasGeneratedBy", activity)
    add(activity, RDF_TYPE, term("prov:Activity"))
    add(activity, "sdo:softwareVersion", Literal(__version__))


_IRI_EXCLUDED = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')  # RFC 3987: never in an IRI


def _url(source: str) -> NamedNode | None:
    """The article's URL as an IRI, or None when it is not an http(s) URL an IRI can hold
    (a space, a quote, a brace: RFC 3987 excludes them, and Oxigraph refuses them)."""
    if not re.match(r"https?://[^/?#]", source, re.IGNORECASE) or _IRI_EXCLUDED.search(source):
        return None
    try:
        return NamedNode(source)
    except ValueError:
        return None


def duplicate_quads(record: dict, content_hash: str, original: str, how: str,
                    extracted_at: datetime | None = None) -> list[Quad]:
    """The graph of an article whose text another article already gave: its own metadata
    (so its source is kept as provenance) and ``prov:alternateOf`` the article whose facts
    stand for both. ``original`` is that article's key; ``how`` says why ("same text", or
    the near-duplicate distance)."""
    key = article_key(record)
    graph = NamedNode(f"{KGR}graph/{key}")
    quads: list[Quad] = []

    def add(s, p, o) -> None:
        quads.append(Quad(s, term(p) if isinstance(p, str) else p, o, graph))

    _article_header(record, content_hash, extracted_at, add)
    article = NamedNode(f"{KGR}article/{key}")
    add(article, "prov:alternateOf", NamedNode(f"{KGR}article/{original}"))
    add(article, "rdfs:comment", Literal(how))
    return quads


def _place_hierarchy(record: dict, places: dict[str, NamedNode], add) -> None:
    """The administrative hierarchy and the 2025 reform, from the gazetteer of each place's era.

    A legacy unit sits in its district and province; it ended on 1 July 2025 (districts
    all did) and is replaced by the 2025 units it became part of (dcterms:isReplacedBy,
    provinces and communes). A 2025 unit sits in its province, was established on 1 July
    2025 and replaces the legacy units it was formed from (dcterms:replaces). Old names
    stay valid for old articles: nothing is renamed."""
    from ..extract.gazetteer import REFORM_DATE, gazetteer

    for loc in record["locations"]:
        era = loc.get("era", "legacy")
        # each unit's own table: the 2025 table lists only the legacy units new articles
        # still name (districts, merged provinces), so a legacy commune's district and
        # province come from the legacy table
        gaz = gazetteer(era)
        place = gaz.by_code(loc["level"], loc.get("code") or "", era)
        if place is None:
            continue
        node = places[loc["id"]]
        chain = [(place, node)]
        parent = gazetteer(place.era).parent(place)
        while parent is not None:
            parent_node = _unit(parent, add)
            add(chain[-1][1], "sdo:containedInPlace", parent_node)
            chain.append((parent, parent_node))
            parent = gazetteer(parent.era).parent(parent)
        for unit, unit_node in chain:
            add(unit_node, "kg:gazetteer", _gazetteer_node(unit.era, add))
            if unit.era == "legacy":
                successors = gaz.successors(unit)  # the converter: either table answers
                if unit.level == "district" or successors:
                    add(unit_node, "kg:abolishedOn", Literal(REFORM_DATE, datatype=XSD_DATE))
                for new in successors:
                    add(unit_node, "dcterms:isReplacedBy", _unit(new, add))
            else:
                add(unit_node, "kg:establishedOn", Literal(REFORM_DATE, datatype=XSD_DATE))
                for old in gaz.predecessors(unit):
                    old_node = _unit(old, add)
                    add(unit_node, "dcterms:replaces", old_node)
                    add(old_node, "dcterms:isReplacedBy", unit_node)


def _unit(place, add) -> NamedNode:
    """A gazetteer unit's node, with what every place node carries."""
    from .lookup import NAME_KEY, name_keys

    node = _place_iri({"code": place.code, "era": place.era})
    add(node, RDF_TYPE, term("sdo:Place"))
    add(node, RDF_TYPE, term("sdo:AdministrativeArea"))
    add(node, "rdfs:label", Literal(place.full_name, language="vi"))
    for key in name_keys(place.full_name):
        add(node, NamedNode(NAME_KEY), Literal(key))
    add(node, "kg:adminLevel", Literal(place.level))
    add(node, "kg:adminCode", Literal(place.code))
    return node


def _gazetteer_node(era: str, add) -> NamedNode:
    """The table a place comes from, as a PROV entity with its source and version."""
    from ..extract.gazetteer import SOURCE_VERSION, TABLES

    node = NamedNode(f"{KGR}gazetteer/{era}")
    add(node, RDF_TYPE, term("prov:Entity"))
    add(node, "rdfs:label", Literal(f"{SOURCE_VERSION}, table {TABLES[era]}"
                                   + (" (three levels, until 2025-06-30)" if era == "legacy"
                                      else " (two levels, from 2025-07-01)"), language="en"))
    add(node, "owl:versionInfo", Literal(SOURCE_VERSION))
    return node
