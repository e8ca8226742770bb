"""kg serve: a real server process on loopback, spoken to by real SPARQL clients and HTTP.

The pages in a real Chromium are in tests/test_serve_browser.py.
"""

import json
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests


K = "https://w3id.org/kg-vn/id/"
TUAN = K + "person/lê-đình-tuấn--nghệ-an"
YEN_THANH = K + "org/huyện-ủy-yên-thành"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER (str(?b) < str(?d)) }")


@pytest.fixture(scope="module")
def server(kg_server):
    return kg_server


@pytest.fixture(scope="module")
def hostile_server(kg_hostile_server):
    return kg_hostile_server


def get(server, path, **kw):
    return requests.get(server.url + path, timeout=30, **kw)


def page(server, iri):
    return "/id/" + urllib.parse.quote(iri[len(K):])


# -- the SPARQL endpoint ------------------------------------------------------------------------
def test_sparqlwrapper_select_ask_construct(server):
    from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery("SELECT ?name WHERE { ?p a sdo:Person ; sdo:name ?name } ORDER BY ?name")
    client.setReturnFormat(JSON)
    names = [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert "Lê Đình Tuấn" in names and names == sorted(names)
    client.setReturnFormat(CSV)
    assert "Lê Đình Tuấn" in client.query().convert().decode("utf-8")
    client.setQuery(f"ASK {{ <{TUAN}> a sdo:Person }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?p sdo:name ?n }} WHERE {{ ?p sdo:name ?n FILTER (?p = <{TUAN}>) }}")
    client.setReturnFormat(TURTLE)
    import rdflib
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert (rdflib.URIRef(TUAN), rdflib.URIRef("https://schema.org/name"), rdflib.Literal("Lê Đình Tuấn")) in graph


def test_rdflib_sparqlstore_reads_the_union(server):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(server.url + "/sparql", returnFormat="xml"))
    rows = list(graph.query("SELECT ?org WHERE { ?post <http://www.w3.org/ns/org#member> ?p ; "
                            "<http://www.w3.org/ns/org#organization> ?org . ?p <https://schema.org/name> "
                            "'Lê Đình Tuấn' }"))
    assert rdflib.URIRef(YEN_THANH) in {r[0] for r in rows}


def test_content_negotiation_and_graphs(server):
    q = {"query": f"SELECT ?n WHERE {{ <{TUAN}> sdo:name ?n }}"}
    for accept, marker in (("application/sparql-results+xml", "<sparql"), ("text/tab-separated-values", "?n"),
                           ("text/csv", "n\r\n"), ("application/sparql-results+json", '"vars"')):
        answer = get(server, "/sparql", params=q, headers={"Accept": accept})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept)
        assert marker in answer.text and "Lê Đình Tuấn" in answer.text
    assert get(server, "/sparql", params=q, headers={"Accept": "image/png"}).status_code == 406
    c = {"query": f"CONSTRUCT WHERE {{ <{TUAN}> sdo:name ?n }}"}
    nt = get(server, "/sparql", params=c, headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples") and nt.text.count(" .") == 1
    ld = get(server, "/sparql", params=c, headers={"Accept": "application/ld+json"})
    assert "Lê Đình Tuấn" in json.dumps(ld.json(), ensure_ascii=False)
    # POST, both ways the protocol allows
    form = requests.post(server.url + "/sparql", data=q, timeout=30)
    body = requests.post(server.url + "/sparql", data=q["query"].encode(), timeout=30,
                         headers={"Content-Type": "application/sparql-query"})
    assert form.json() == body.json() and form.json()["results"]["bindings"]
    # the default graph is the union; a named graph is chosen by name
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p a sdo:Person }"
    union = int(get(server, "/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    only = get(server, "/sparql", params={"query": count, "default-graph-uri": K + "graph/entities"})
    assert union > 0 and int(only.json()["results"]["bindings"][0]["n"]["value"]) == union
    none = get(server, "/sparql", params={"query": count, "default-graph-uri": K + "graph/nothing"})
    assert none.json()["results"]["bindings"][0]["n"]["value"] == "0"


def test_updates_and_service_are_refused(server):
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    for answer in (get(server, "/sparql", params={"update": update}),
                   get(server, "/sparql", params={"query": update}),
                   requests.post(server.url + "/sparql", data={"update": update}, timeout=30),
                   requests.post(server.url + "/sparql", data=update.encode(), timeout=30,
                                 headers={"Content-Type": "application/sparql-update"})):
        assert answer.status_code == 403 and "read-only" in answer.text
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    answer = get(server, "/sparql", params={"query": service})
    assert answer.status_code == 403 and "--allow-service" in answer.text
    # the word inside a string is not a SERVICE clause
    ok = get(server, "/sparql", params={"query": 'SELECT ("SERVICE" AS ?x) WHERE {}'})
    assert ok.status_code == 200
    assert get(server, "/sparql", params={"query": "SELEC nothing"}).status_code == 400


def test_a_slow_query_is_stopped_and_blocks_nothing(server):
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(get, server, "/sparql", params={"query": SLOW})
        time.sleep(0.3)
        quick = get(server, page(server, TUAN), headers={"Accept": "application/json"})
        quick_at = time.monotonic() - started
        answer = slow.result()
    took = time.monotonic() - started
    assert quick.status_code == 200 and quick_at < 1.5  # the page answered while the query ran
    assert answer.status_code == 503 and "time limit (2 s)" in answer.text
    assert took < 10
    # the stopped worker was replaced: queries run again
    assert get(server, "/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_result_size_limit(hostile_server):
    answer = get(hostile_server, "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 413 and "--max-result-mb" in answer.text


def test_200_concurrent_requests(server):
    paths = [("/search?q=le+dinh+tuan", None), (page(server, TUAN), "application/json"),
             (page(server, YEN_THANH) + "?date=2020-01-01", None),
             ("/sparql?query=" + urllib.parse.quote("SELECT ?n WHERE { ?p sdo:name ?n } LIMIT 50"), None),
             ("/graph?iri=" + urllib.parse.quote(TUAN), None)]

    def one(i):
        path, accept = paths[i % len(paths)]
        answer = requests.get(server.url + path, timeout=20, headers={"Accept": accept} if accept else {})
        return answer.status_code

    started = time.monotonic()
    with ThreadPoolExecutor(50) as pool:
        codes = list(pool.map(one, range(200)))
    assert codes == [200] * 200
    assert time.monotonic() - started < 60
    assert server.proc.poll() is None  # still up


# -- the explorer's pages and their JSON ------------------------------------------------------------
def test_search_without_accents_and_with_abbreviations(server):
    hits = get(server, "/search", params={"q": "le dinh tuan"}, headers={"Accept": "application/json"}).json()
    assert hits["results"][0]["name"] == "Lê Đình Tuấn" and hits["results"][0]["page"].startswith("/id/person/")
    hits = get(server, "/search", params={"q": "HU Yên Thành", "format": "json"}).json()
    assert hits["results"][0]["name"] == "Huyện ủy Yên Thành"
    html = get(server, "/search", params={"q": "le dinh"}).text
    assert "Lê Đình Tuấn" in html
    assert "Không tìm thấy" in get(server, "/search", params={"q": "khong co ai"}).text


def test_person_page_career_events_evidence(server):
    data = get(server, page(server, TUAN), headers={"Accept": "application/json"}).json()
    assert data["name"] == "Lê Đình Tuấn"
    posts = {(c["role"], c["organization"]) for c in data["career"]}
    assert ("Bí thư", "Huyện ủy Yên Thành") in posts
    assert len(posts) == len(data["career"])  # each post once
    first = data["career"][0]["attestations"][0]
    assert first["sentence"] and first["article"].startswith(K + "article/")
    assert {e["part"] for e in data["events"]} >= {"chair"}
    assert data["decisions"]
    html = get(server, page(server, TUAN)).text
    assert "Huyện ủy Yên Thành" in html and "<blockquote>" in html and 'data-iri="' + TUAN in html


def test_organization_event_article_pages(server):
    org = get(server, page(server, YEN_THANH) + "?date=2019-12-31&format=json").json()
    assert ("Bí thư", "Lê Đình Tuấn") in {(ln["role"], ln["person"]) for ln in org["leadership"]}
    assert org["parents"] and org["children"]
    assert get(server, page(server, YEN_THANH) + "?date=2019-13-45").status_code == 400
    person = get(server, page(server, TUAN) + "?format=json").json()
    event = get(server, page(server, person["events"][0]["event"]) + "?format=json").json()
    assert "Lê Đình Tuấn" in {p["name"] for p in event["chairs"]} and event["date"]
    article = get(server, page(server, event["source"]["article"]) + "?format=json").json()
    assert article["sentences"] and any(s["facts"] for s in article["sentences"])
    starts = [s["start"] for s in article["sentences"]]
    assert starts == sorted(starts)
    for iri in (YEN_THANH, event["iri"], event["source"]["article"]):  # and each as HTML
        assert get(server, page(server, iri)).status_code == 200
    assert article["text"] is None  # built without --keep-text: the page says how to keep it
    assert "kg build --keep-text" in get(server, page(server, event["source"]["article"])).text
    assert get(server, "/id/person/nobody--here").status_code == 404
    graph = get(server, "/graph", params={"iri": TUAN}).json()
    assert graph["centre"] == TUAN and {n["type"] for n in graph["nodes"]} >= {"Person", "Organization", "Event"}
    assert all(n["url"].startswith("/id/") for n in graph["nodes"])


def test_headers_and_escaping(hostile_server):
    home = get(hostile_server, "/")
    csp = home.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    hits = get(hostile_server, "/search", params={"q": "bui van thang", "format": "json"}).json()
    person = get(hostile_server, hits["results"][0]["page"] + "?format=json").json()
    article_iri = person["career"][0]["attestations"][0]["article"]
    html = get(hostile_server, page(hostile_server, article_iri)).text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "/vendor/sigma.min.js" in html and "http" not in html.split("<footer>")[0].split("<main>")[0]
