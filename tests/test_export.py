"""kg export: every target read back, the servers real (FalkorDB, Virtuoso) and on loopback."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.export import EDGE_PROPERTIES, NODE_PROPERTIES, export
from kg.export.cypher import literal
from kg.graph.project import PART_EDGE, edges, nodes, to_networkx
from kg.graph.query import run_named

HOSTILE = "Nguyễn \"Văn\" O'Hara \\ <script>alert('x')</script>,;\nline 2\r\tend 😀\x01"
SENTENCE = "Đồng chí \"A\" nói: 'C:\\new\\table' & <b>\n — xong."
XML_SAFE = HOSTILE.replace("\x01", "")  # XML 1.0 cannot hold U+0001 at all
HOLDERS = [("Bí thư", "Huyện ủy Yên Thành"), ("Phó Chủ tịch", "Ủy ban nhân dân huyện Cẩm Giàng"),
           ("Ủy viên", "Tỉnh ủy Nghệ An")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store whose person name, article title and evidence are full of escaping traps."""
    from pyoxigraph import Literal, NamedNode, Quad

    from kg.graph.rdf import NS
    from kg.graph.store import KGStore

    def iri(name: str) -> NamedNode:
        prefix, local = name.split(":", 1)
        return NamedNode(NS[prefix] + local)

    store = KGStore(tmp_path_factory.mktemp("hostile") / "kg.db")
    g = iri("kgr:article/hostile/graph")
    a, p, r, o = iri("kgr:article/hostile"), iri("kgr:person/nguyễn-o'hara"), iri("kgr:role/r"), iri("kgr:org/o")
    m, s, e, part = iri("kgr:m/1"), iri("kgr:s/1"), iri("kgr:event/1"), iri("kgr:part/1")
    lit, date = Literal, Literal("2021-01-12", datatype=iri("xsd:date"))
    triples = [
        (a, iri("rdf:type"), iri("kg:Article")), (a, iri("dcterms:identifier"), lit("hostile")),
        (a, iri("dcterms:title"), lit(HOSTILE)),
        (p, iri("rdf:type"), iri("sdo:Person")), (p, iri("sdo:name"), lit(HOSTILE)),
        (r, iri("rdf:type"), iri("org:Role")), (r, iri("skos:prefLabel"), lit("Bí thư", language="vi")),
        (o, iri("rdf:type"), iri("org:Organization")),
        (o, iri("skos:prefLabel"), lit("Huyện ủy \"X\"", language="vi")),
        (m, iri("rdf:type"), iri("org:Membership")), (m, iri("org:member"), p),
        (m, iri("org:organization"), o), (m, iri("org:role"), r), (m, iri("kg:status"), iri("kg:Current")),
        (m, iri("prov:wasDerivedFrom"), a), (m, iri("kg:attestedOn"), date), (m, iri("kg:evidence"), s),
        (s, iri("prov:value"), lit(SENTENCE)),
        (e, iri("rdf:type"), iri("sdo:Event")), (e, iri("sdo:name"), lit(HOSTILE)),
        (e, iri("prov:wasDerivedFrom"), a), (e, iri("kg:participation"), part),
        (part, iri("kg:participant"), p), (part, iri("kg:part"), lit("chair")),
    ]
    store.store.extend([Quad(*t, g) for t in triples])
    return store


def _counts(store) -> tuple[int, int]:
    return sum(1 for _ in nodes(store)), sum(1 for _ in edges(store))


def test_property_lists_cover_the_projection(built_store, hostile):
    for store in (built_store, hostile):
        for n in nodes(store):
            assert set(n.props) <= set(NODE_PROPERTIES[n.label]), n
        for e in edges(store):
            assert set(e.props) <= set(EDGE_PROPERTIES[e.type]), e


def test_cypher_literal_escapes():
    assert literal("a'b\\c\nd\re\tf") == "'a\\'b\\\\c\\nd\\re\\tf'"
    assert literal({"id": "x", "odd key": [1, True, None]}) == "{id: 'x', `odd key`: [1, true, null]}"


# -- Cypher: FalkorDB --------------------------------------------------------------

def _falkor(server, graph: str):
    from kg.export.falkordb import FalkorGraph

    return FalkorGraph(server.url(graph))


def _count(graph) -> tuple[int, int]:
    return (graph.query("MATCH (n) RETURN count(n)")[0][0],
            graph.query("MATCH ()-[r]->() RETURN count(r)")[0][0])


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _cypher_holders(graph, role: str, org: str) -> set:
    rows = graph.query(f"MATCH (p:Person)-[h:HOLDS]->(:Role {{name: {literal(role)}}}) "
                       f"WHERE h.organization = {literal(org)} "
                       "RETURN DISTINCT p.id, p.name, h.start, h.start_basis, h.end, h.end_basis, h.tenure")
    return {tuple(map(_text, row)) for row in rows}


def _sparql_holders(store, role: str, org: str) -> set:
    """The tenures the holders query gives: the post edges carry their tenure's interval."""
    names, rows = run_named(store, "holders", role=role, org=org)
    wanted = [names.index(n) for n in ("person", "name", "start", "startBasis", "end", "endBasis", "tenure")]
    return {tuple(row[i].value if row[i] is not None else None for i in wanted) for row in rows}


def _cypher_events(graph, person: str) -> set:
    parts = {edge: part for part, edge in PART_EDGE.items()}
    rows = graph.query(f"MATCH (p:Person {{name: {literal(person)}}})-[r:{'|'.join(parts)}]"
                       "->(e:Event) RETURN p.id, e.id, e.name, e.date, type(r), r.article")
    return {tuple(parts.get(_text(v), _text(v)) for v in row) for row in rows}


def _people_at_events(store) -> list[str]:
    _, rows = store.select("SELECT DISTINCT ?name WHERE { ?x kg:participant ?p . ?p sdo:name ?name }")
    return sorted(row[0].value for row in rows)


def test_cypher_into_falkordb_answers_like_sparql(built_store, falkordb, tmp_path):
    from kg.export.falkordb import load_script

    script = tmp_path / "kg.cypher"
    report = export(built_store, "cypher", str(script), batch_size=100)
    expected = _counts(built_store)
    assert (report.nodes, report.edges) == expected
    assert script.read_text(encoding="utf-8").count(":param {rows: [") > 5
    by_script, direct = _falkor(falkordb, "script"), _falkor(falkordb, "direct")
    load_script(str(script), by_script)
    export(built_store, falkordb.url("direct"))
    export(built_store, falkordb.url("direct"))  # again: updates, never duplicates
    for graph in (by_script, direct):
        assert _count(graph) == expected
        for role, org in HOLDERS:
            want = _sparql_holders(built_store, role, org)
            assert want and _cypher_holders(graph, role, org) == want, (role, org)
        people = _people_at_events(built_store)
        assert len(people) > 10
        for person in people:
            _, rows = run_named(built_store, "events", person=person)
            want = {tuple(v.value if v is not None else None for v in row) for row in rows}
            assert _cypher_events(graph, person) == want, person


def test_hostile_strings_survive_falkordb(hostile, falkordb, tmp_path):
    from kg.export.falkordb import load_script

    script = tmp_path / "hostile.cypher"
    export(hostile, "cypher", str(script))
    lines = script.read_text(encoding="utf-8").splitlines()  # no newline escaped its string
    assert all(line.startswith(("//", ":param {rows: [", "UNWIND $rows", "CREATE CONSTRAINT"))
               for line in lines)
    for name in ("hostile-direct", "hostile-script"):
        graph = _falkor(falkordb, name)
        if name.endswith("direct"):
            export(hostile, falkordb.url(name))
        else:
            load_script(str(script), graph)
        assert [[_text(v) for v in row] for row in graph.query(
            "MATCH (p:Person)-[h:HOLDS]->(r:Role) RETURN p.id, p.name, h.evidence, h.organization")] == \
            [[next(nodes(hostile, ("Person",))).id, HOSTILE, SENTENCE, "Huyện ủy \"X\""]]
        assert _text(graph.query("MATCH (e:Event) RETURN e.name")[0][0]) == HOSTILE


def test_falkordb_refusals_and_failures(built_store, falkordb):
    from servers import free_port

    with pytest.raises(KGError, match="refused the login"):
        export(built_store, falkordb.url("x", password="wrong"))
    with pytest.raises(KGError, match="cannot reach FalkorDB"):
        export(built_store, f"falkordb://127.0.0.1:{free_port()}/x")
    # a server that fails part-way: Redis refuses writes once past its memory limit
    from kg.export.cypher import schema

    client, graph = falkordb.client(), _falkor(falkordb, "midload")
    for statement in schema("falkordb"):  # the graph and its indexes exist before the limit
        graph.index(statement)
    client.config_set("maxmemory", int(client.info("memory")["used_memory"]) + 300_000)
    try:
        with pytest.raises(KGError, match=r"failed after \d+ batches.*run the export again"):
            export(built_store, falkordb.url("midload"), batch_size=20)
    finally:
        client.config_set("maxmemory", 0)
    partial = _count(graph)
    assert 0 < sum(partial) < sum(_counts(built_store))
    export(built_store, falkordb.url("midload"), batch_size=20)
    assert _count(graph) == _counts(built_store)


def test_bolt_reports_a_server_that_is_down(built_store):
    pytest.importorskip("neo4j")
    from servers import free_port

    with pytest.raises(KGError, match="cannot reach bolt://127.0.0.1"):
        export(built_store, f"bolt://127.0.0.1:{free_port()}", user="neo4j", password="x")


# -- files ---------------------------------------------------------------------------

def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_neo4j_csv_follows_the_import_format(built_store, hostile, tmp_path):
    out = tmp_path / "neo4j"
    out.mkdir()
    (out / "nodes_Stale.csv").write_text("old")  # a previous export is replaced whole
    report = export(built_store, "neo4j-csv", str(out))
    assert (report.nodes, report.edges) == _counts(built_store)
    assert not (out / "nodes_Stale.csv").exists()
    assert "neo4j-admin database import full" in report.notes[0] and "--multiline-fields=true" in report.notes[0]
    ids, labels = set(), Counter()
    for path in sorted(out.glob("nodes_*.csv")):
        rows = _read_csv(path)
        header = list(rows[0]) if rows else []
        assert not rows or header[:2] == ["id:ID", ":LABEL"]
        for row in rows:
            assert row["id:ID"] not in ids
            ids.add(row["id:ID"])
            labels[row[":LABEL"]] += 1
        if path.name == "nodes_Event.csv":
            assert "reported:boolean" in header and {r["reported:boolean"] for r in rows} <= {"true", "false", ""}
    assert len(ids) == report.nodes and labels["Person;Resource"] > 10
    rels = [r for path in out.glob("rels_*.csv") for r in _read_csv(path)]
    assert len(rels) == report.edges
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids and r[":TYPE"] and r["id"] for r in rels)
    assert str(out.resolve() / "rels_HOLDS.csv") in report.notes[0]

    export(hostile, "neo4j-csv", str(tmp_path / "hostile"))
    person = _read_csv(tmp_path / "hostile" / "nodes_Person.csv")
    holds = _read_csv(tmp_path / "hostile" / "rels_HOLDS.csv")
    assert [p["name"] for p in person] == [HOSTILE]
    assert [(h["evidence"], h["organization"], h[":START_ID"]) for h in holds] == \
        [(SENTENCE, "Huyện ủy \"X\"", person[0]["id:ID"])]


def test_graphml_reads_back_with_networkx(built_store, hostile, tmp_path):
    import networkx as nx

    out = tmp_path / "kg.graphml"
    report = export(built_store, "graphml", str(out))
    back, want = nx.read_graphml(out, force_multigraph=True), to_networkx(built_store)
    assert (back.number_of_nodes(), back.number_of_edges()) == (report.nodes, report.edges) \
        == (want.number_of_nodes(), want.number_of_edges())
    assert dict(back.nodes(data=True)) == dict(want.nodes(data=True))
    assert sorted(map(repr, back.edges(data=True))) == sorted(map(repr, want.edges(data=True)))

    export(hostile, "graphml", str(tmp_path / "hostile.graphml"))
    back = nx.read_graphml(tmp_path / "hostile.graphml", force_multigraph=True)
    person = next(nodes(hostile, ("Person",)))
    assert back.nodes[person.id] == {"label": "Person", "name": XML_SAFE}
    assert {d["evidence"] for *_, d in back.edges(data=True) if d["type"] == "HOLDS"} == {SENTENCE}


# -- SPARQL: Virtuoso ----------------------------------------------------------------

def _client(virtuoso, graph: str):
    from kg.export.sparql import SparqlClient

    return SparqlClient(virtuoso.sparql, default_graph=graph)


def _triples(client) -> int:
    return int(client.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1][0][0].value)


def _plain(rows) -> set:
    return {tuple(v.value if v is not None else None for v in row) for row in rows}


def test_virtuoso_answers_the_named_queries_like_the_store(built_store, virtuoso):
    graph = "https://w3id.org/kg-vn/id/test-graph"
    report = export(built_store, "sparql", virtuoso.gsp, graph=graph, user="dba", password="dba",
                    batch_size=1000)
    total = sum(1 for _ in built_store.union_triples())
    client = _client(virtuoso, graph)
    # every article graph's triples are sent (some twice: they stream, no DISTINCT);
    # the server keeps each once
    assert report.triples == sum(1 for _ in built_store.quads())
    assert _triples(client) == total
    export(built_store, "sparql", virtuoso.gsp, graph=graph, user="dba", password="dba")
    assert _triples(client) == total  # sent again: nothing duplicated
    for role, org in HOLDERS:
        for date in (None, "2021-06-30"):
            local = run_named(built_store, "holders", role=role, org=org, date=date)
            remote = run_named(client, "holders", role=role, org=org, date=date)
            assert local[0] == remote[0] and _plain(local[1]) == _plain(remote[1]), (role, org, date)
            assert local[1] or date
    for person in _people_at_events(built_store)[:8]:
        local, remote = run_named(built_store, "events", person=person), run_named(client, "events", person=person)
        assert local[1] and _plain(local[1]) == _plain(remote[1]), person


@pytest.mark.parametrize("endpoint", ["gsp", "sparql_auth"])
def test_hostile_strings_survive_virtuoso(hostile, virtuoso, endpoint):
    graph = f"https://w3id.org/kg-vn/id/hostile-{endpoint}"
    export(hostile, "sparql", getattr(virtuoso, endpoint), graph=graph, user="dba", password="dba")
    names = _client(virtuoso, graph).select("SELECT ?p ?n WHERE { ?p sdo:name ?n }")[1]
    sentence = _client(virtuoso, graph).select("SELECT ?t WHERE { ?s prov:value ?t }")[1]
    want = sorted((n.id, HOSTILE) for n in nodes(hostile, ("Person", "Event")))
    assert sorted((p.value, n.value) for p, n in names) == want
    assert [t.value for (t,) in sentence] == [SENTENCE]


def test_virtuoso_refusals(built_store, virtuoso):
    from servers import free_port

    with pytest.raises(KGError, match="refused user 'dba'"):
        export(built_store, "sparql", virtuoso.gsp, user="dba", password="wrong")
    with pytest.raises(KGError, match="cannot reach .* is the server running"):
        export(built_store, "sparql", f"http://127.0.0.1:{free_port()}/sparql-graph-crud")


# -- the command ---------------------------------------------------------------------

def test_cli_export_and_its_errors(built_store, tmp_path, capsys):
    from kg.cli import main

    out = tmp_path / "g.graphml"
    assert main(["export", "--store", str(built_store.path), "--to", "graphml", str(out)]) == 0
    err = capsys.readouterr().err
    assert out.exists() and "kg: exported" in err and "nodes" in err
    assert main(["export", "--store", str(built_store.path), "--to", "dot", str(out)]) == 2
    assert "unknown export target" in capsys.readouterr().err


def test_neo4j_csv_never_replaces_a_folder_of_other_files(built_store, tmp_path, monkeypatch):
    from kg.errors import KGError
    from kg.export import export

    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "other_data.csv").write_text("keep me", encoding="utf-8")
    with pytest.raises(KGError, match="holds other files"):
        export(built_store, "neo4j-csv", str(folder))
    assert (folder / "other_data.csv").read_text(encoding="utf-8") == "keep me"
    monkeypatch.chdir(folder)
    with pytest.raises(KGError, match="working folder"):
        export(built_store, "neo4j-csv", ".")
    export(built_store, "neo4j-csv", str(tmp_path / "fresh"))
    export(built_store, "neo4j-csv", str(tmp_path / "fresh"))  # an earlier export is replaced
