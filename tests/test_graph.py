"""The knowledge graph: build, incremental and interrupted builds, IRIs, merges, queries, files."""

import gc
import shutil

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.graph.build import build
from kg.errors import KGError
from kg.graph.query import named_queries, run_named
from kg.graph.rdf_io import FORMATS, serialize_store
from kg.graph.store import KGStore, rdflib_dataset
from conftest import EXAMPLE_DOCUMENTS, EXAMPLES

GENERATED_AT = "http://www.w3.org/ns/prov#generatedAtTime"

ARTICLE_A = ("Hội nghị Ban Chấp hành Đảng bộ huyện Nam Sách\n\nNgày 09/7/2020, Huyện ủy Nam Sách tổ chức "
             "hội nghị. Đồng chí Bùi Văn Thăng, Bí thư Huyện ủy chủ trì. Dự có đồng chí Nguyễn Văn Hùng, "
             "Chủ tịch UBND tỉnh Hải Dương.\n")
ARTICLE_B = ("Huyện ủy Nam Sách sơ kết quý III\n\nNgày 5/10/2020, Huyện ủy Nam Sách tổ chức hội nghị sơ kết. "
             "Đồng chí Bùi Văn Thăng, Tỉnh ủy viên, Bí thư Huyện ủy Nam Sách chủ trì hội nghị.\n")
ARTICLE_C = ("Hội nghị ở Quảng Nam\n\nNgày 6/10/2020, UBND tỉnh Quảng Nam tổ chức hội nghị. "
             "Đồng chí Nguyễn Văn Hùng, Giám đốc Sở Tài chính tỉnh Quảng Nam chủ trì.\n")


def _articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("a", ARTICLE_A), ("b", ARTICLE_B), ("c", ARTICLE_C)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _triples(store):
    return {(t.subject.value, t.predicate.value, str(t.object)) for t in store.union_triples()
            if t.predicate.value != GENERATED_AT}


@pytest.fixture()
def built(tmp_path):
    store = KGStore(tmp_path / "kg.db")
    report = build([str(EXAMPLES), str(_articles(tmp_path))], store)
    assert report.added == EXAMPLE_DOCUMENTS + 3 and not report.failures
    return store


def test_rebuild_changes_nothing(built, tmp_path):
    before = _triples(built)
    quads = len(built)
    report = build([str(EXAMPLES), str(tmp_path / "articles")], built)
    assert (report.added, report.replaced, report.unchanged) == (0, 0, EXAMPLE_DOCUMENTS + 3)
    assert len(built) == quads and _triples(built) == before


def test_changed_article_replaces_its_own_facts(built, tmp_path):
    (tmp_path / "articles" / "c.txt").write_text(ARTICLE_C.replace("Nguyễn Văn Hùng", "Lê Thị Mai"),
                                                 encoding="utf-8")
    report = build([str(tmp_path / "articles")], built)
    assert (report.added, report.replaced, report.unchanged) == (0, 1, 2)
    names = {row[0].value for row in built.select("SELECT DISTINCT ?n WHERE { ?p a sdo:Person ; sdo:name ?n }")[1]}
    assert "Lê Thị Mai" in names
    assert "Nguyễn Văn Hùng" in names  # still stated by article a
    _, rows = run_named(built, "posts", person="Nguyễn Văn Hùng")
    assert {r[2].value for r in rows} == {"Ủy ban nhân dân tỉnh Hải Dương"}  # c's post is gone


def test_interrupted_build_resumes(tmp_path, monkeypatch):
    import kg.graph.build

    articles = _articles(tmp_path)
    clean = KGStore(tmp_path / "clean.db")
    build([str(EXAMPLES), str(articles)], clean)

    path = tmp_path / "crash.db"
    store = KGStore(path)
    calls = {"n": 0}
    original = kg.graph.build.extract_batch

    def interrupted(docs, extracted_at=None, digests=None):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the fourth article
        return original(docs, extracted_at, digests)

    monkeypatch.setattr(kg.graph.build, "extract_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([str(EXAMPLES), str(articles)], store, batch_size=1, jobs=1)
    monkeypatch.setattr(kg.graph.build, "extract_batch", original)
    kept = len(store.catalog())
    assert 3 <= kept < EXAMPLE_DOCUMENTS + 3  # what was finished before Ctrl-C was written
    del store
    gc.collect()  # the interrupt's traceback holds the build's frames, and through them the store
    store = KGStore(path)  # reopens fine after the interruption
    report = build([str(EXAMPLES), str(articles)], store)
    assert report.unchanged == kept and report.added == EXAMPLE_DOCUMENTS + 3 - kept
    assert _triples(store) == _triples(clean)


def test_iris_are_stable_across_runs_and_working_directories(tmp_path, monkeypatch):
    articles = _articles(tmp_path)
    copy = tmp_path / "elsewhere" / "articles"
    shutil.copytree(articles, copy)
    one = KGStore(tmp_path / "one.db")
    build([str(articles)], one)
    monkeypatch.chdir(copy.parent)
    two = KGStore(tmp_path / "two.db")
    build(["articles"], two)
    strip = lambda triples: {t for t in triples if "sourcePath" not in t[1]}  # noqa: E731
    assert strip(_triples(one)) == strip(_triples(two))
    assert any(s.endswith("/person/bùi-văn-thăng--hải-dương") for s, _, _ in _triples(one))


def test_merges_and_refusals_are_logged(built):
    persons = built.select("SELECT DISTINCT ?p WHERE { ?p a sdo:Person ; sdo:name 'Bùi Văn Thăng' }")[1]
    assert len(persons) == 1  # two articles, one person
    hung = built.select("SELECT DISTINCT ?p WHERE { ?p a sdo:Person ; sdo:name 'Nguyễn Văn Hùng' }")[1]
    assert sorted(r[0].value.rsplit("--", 1)[1] for r in hung) == ["hải-dương", "quảng-nam"]
    names, rows = built.select("SELECT ?n ?d WHERE { ?x a kg:MergeDecision ; sdo:name ?n ; kg:decision ?d }")
    decisions = {(r[0].value, r[1].value) for r in rows}
    assert ("Bùi Văn Thăng", "merged") in decisions
    assert ("Nguyễn Văn Hùng", "kept_apart") in decisions


def test_named_queries_answer(built):
    assert set(named_queries()) == {"holders", "posts", "events", "comeetings", "leadership", "evidence",
                                    "succession", "conflicts", "place"}
    # one tenure from two articles: first attested on the first, still held on the second
    _, rows = run_named(built, "holders", role="Bí thư", org="Huyện ủy Nam Sách")
    assert [(r[1].value, r[2].value, r[3].value, r[7].value) for r in rows] == [
        ("Bùi Văn Thăng", "2020-07-09", "attested", "2020-10-05")]
    _, rows = run_named(built, "holders", role="Bí thư", org="Huyện ủy Nam Sách", date="2020-08-01")
    assert [r[1].value for r in rows] == ["Bùi Văn Thăng"]
    _, rows = run_named(built, "holders", role="Bí thư", org="Huyện ủy Nam Sách", date="2020-07-01")
    assert rows == []  # before the first article that shows him in the post
    # "Cao Thị Lan thôi giữ chức Bí thư Huyện ủy": her tenure ends; Hồ Văn Bình's is elected
    _, rows = run_named(built, "holders", role="Bí thư", org="Huyện ủy Quỳnh Lưu")
    assert {(r[1].value, r[4] and r[4].value, r[5] and r[5].value) for r in rows} == {
        ("Cao Thị Lan", "2020-10-04", "stated"), ("Hồ Văn Bình", None, None)}
    _, rows = run_named(built, "holders", role="Bí thư", org="Huyện ủy Quỳnh Lưu", date="2020-12-31")
    assert {r[1].value for r in rows} == {"Hồ Văn Bình"}  # the former Bí thư is left out
    _, rows = run_named(built, "posts", person="Bùi Văn Thăng")
    assert {(r[1].value, r[2].value) for r in rows} == {("Bí thư", "Huyện ủy Nam Sách"),
                                                        ("Ủy viên", "Tỉnh ủy Hải Dương")}
    assert {r[8].value for r in rows} == {"2", "1"}  # articles attesting each
    _, rows = run_named(built, "events", person="Lê Đình Tuấn")
    assert {r[4].value for r in rows} == {"chair", "speaker"}
    _, rows = run_named(built, "comeetings", person="Bùi Văn Thăng")
    assert {(r[1].value, r[3].value) for r in rows} == {("Bùi Văn Thăng", "Nguyễn Văn Hùng")}
    _, rows = run_named(built, "leadership", org="Huyện ủy Yên Thành")
    assert ("Bí thư", "Lê Đình Tuấn") in {(r[0].value, r[2].value) for r in rows}
    _, rows = run_named(built, "evidence", person="Phạm Văn Tiến", role="Phó Chủ tịch")
    assert len(rows) == 1 and "được bầu giữ chức" in rows[0][4].value and rows[0][3].value == "appointed"
    _, rows = run_named(built, "conflicts")
    assert rows == []
    with pytest.raises(KGError, match="needs --org"):
        run_named(built, "holders", role="Bí thư")


def test_parameters_are_data_not_query_text(built):
    with pytest.raises(KGError, match="no person called 'x\" } } SELECT"):
        run_named(built, "posts", person='x" } } SELECT * WHERE { ?s ?p ?o } #')


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serializations_round_trip(built, tmp_path, fmt):
    path = tmp_path / f"graph{FORMATS[fmt][1]}"
    _, count = serialize_store(built, str(path))
    assert count > 500
    if fmt in ("nq", "trig"):
        dataset = rdflib.Dataset()
        dataset.parse(path, format={"nq": "nquads", "trig": "trig"}[fmt])
        assert sum(1 for _ in dataset.quads((None, None, None, None))) == len(built)
        assert len(list(dataset.graphs())) >= 8
    else:
        graph = rdflib.Graph().parse(path, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld",
                                                   "xml": "xml"}[fmt])
        reference = rdflib.Graph()
        for s, p, o in built.union_triples():
            reference.add(tuple(_to_rdflib(t) for t in (s, p, o)))
        assert isomorphic(graph, reference)


def _to_rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value.endswith("#string"):
        return rdflib.Literal(term.value)  # RDF 1.1: a plain literal is an xsd:string
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def test_queries_through_rdflib(tmp_path):
    import gc

    path = tmp_path / "kg.db"
    store = KGStore(path)
    build([str(EXAMPLES)], store)
    del store
    gc.collect()  # Oxigraph lets go of its lock when the store is dropped
    dataset = rdflib_dataset(path)
    rows = list(dataset.query(
        "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?p a <https://schema.org/Person> ; "
        "<https://schema.org/name> ?n } }"))
    assert "Lê Đình Tuấn" in {str(r[0]) for r in rows}
    dataset.close()


def test_locked_and_broken_stores_get_clear_errors(tmp_path):
    path = tmp_path / "kg.db"
    first = KGStore(path)
    with pytest.raises(KGError, match="in use by another kg process"):
        KGStore(path)
    del first
    (tmp_path / "file.db").write_text("not a store")
    with pytest.raises(KGError, match="not a kg store"):
        KGStore(tmp_path / "file.db")
    broken = tmp_path / "broken.db"
    KGStore(broken)
    import gc
    gc.collect()
    for f in broken.iterdir():
        if f.name.startswith(("CURRENT", "MANIFEST")):
            f.write_bytes(b"\x00garbage")
    with pytest.raises(KGError, match="damaged|cannot open"):
        KGStore(broken)
    with pytest.raises(KGError, match="no store here"):
        KGStore(tmp_path / "missing.db", read_only=True)


def test_readme_example_query(built):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sparql = readme.split("```sparql\n", 1)[1].split("```", 1)[0]
    _, rows = built.select(sparql)
    assert [(r[0].value, r[1].value) for r in rows] == [("Lê Đình Tuấn", "2019-03-13")]


def test_places_link_up_and_to_the_2025_reform(built):
    _, rows = built.select(
        "SELECT ?province ?successor ?end WHERE { <https://w3id.org/kg-vn/id/place/vn-291> "
        "sdo:containedInPlace ?province ; "
        "kg:abolishedOn ?end . ?province dcterms:isReplacedBy ?successor }")
    assert {(r[0].value.rsplit("/", 1)[1], r[1].value.rsplit("/", 1)[1], r[2].value) for r in rows} == {
        ("vn-30", "vn2025-31", "2025-07-01")}  # Nam Sách ⊂ Hải Dương, which became part of Hải Phòng


def test_a_legacy_unit_sits_in_a_province_that_survived_the_reform(built):
    # the 2025 table knows only the legacy units new articles still name; a legacy district
    # of a province that was not merged must still find its province in the legacy table
    _, rows = built.select(
        "SELECT ?province WHERE { ?d rdfs:label 'huyện Yên Thành'@vi ; sdo:containedInPlace ?p . "
        "?p rdfs:label ?province ; kg:gazetteer ?g . ?g owl:versionInfo ?v }")
    assert [r[0].value for r in rows] == ["tỉnh Nghệ An"]


def test_organization_hierarchy(built):
    _, rows = built.select(
        "SELECT ?mid ?top WHERE { ?btv skos:prefLabel 'Ban Thường vụ Tỉnh ủy Nghệ An'@vi ; "
        "org:subOrganizationOf ?m . ?m skos:prefLabel ?mid ; org:subOrganizationOf ?t . "
        "?t skos:prefLabel ?top }")
    assert [(r[0].value, r[1].value) for r in rows] == [("Tỉnh ủy Nghệ An", "Đảng bộ tỉnh Nghệ An")]
    _, rows = run_named(built, "leadership", org="Đảng bộ tỉnh Nghệ An")
    assert ("Trưởng ban", "Nguyễn Đức Trung", "Ban Tổ chức Tỉnh ủy Nghệ An") in {
        (r[0].value, r[2].value, r[3].value) for r in rows}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialize_streams_whatever_the_store_size(built_store, tmp_path, fmt):
    """Memory stays flat: nothing holds the graph on its way to the file (a list of its
    triples alone would take ~180 bytes a triple, here 0.7 MB)."""
    import tracemalloc

    tracemalloc.start()
    try:
        _, count = serialize_store(built_store, str(tmp_path / "g"), fmt)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count > 4_000
    assert peak < 100_000, f"{peak:,} bytes at the peak for {count:,} statements"
