"""One name per entity: names typed in capitals, and spellings that differ from article to
article, give one name in the graph and one row in every export (issue 12, items 6, 22)."""

from __future__ import annotations

import csv
import gzip
from collections import Counter

import networkx as nx
import pytest

import kg
from kg.export import export
from kg.extract.normalize import canonical_case
from kg.graph.build import build
from kg.graph.project import edges
from kg.graph.rdf_io import validate_store
from kg.graph.store import KGStore

from conftest import SHARED

CORPUS = SHARED / "corpus" / "vntc-chinh-tri-xa-hoi.jsonl.gz"
SPELLINGS = {  # one body and one person, written differently by three articles
    "a.txt": "Đồng chí Lê Văn Cao, Giám đốc Sở Giao thông Công chính thành phố Hồ Chí Minh dự họp "
             "ngày 2/3/2021.",
    "b.txt": "Đồng chí Lê Văn Cao, Giám đốc Sở Giao thông công chính thành phố Hồ Chí Minh chủ trì "
             "hội nghị ngày 5/3/2021.",
    "c.txt": "Báo Nhân Dân phỏng vấn ông PHAN DIỄN, Ủy viên Bộ Chính trị.\n\nÔng Phan Diễn, Ủy viên "
             "Bộ Chính trị dự hội nghị ngày 7/3/2021.",
}


@pytest.mark.parametrize("typed, written", [
    ("PHAN DIỄN", "Phan Diễn"), ("NGUYỄN VĂN AN", "Nguyễn Văn An"), ("Nguyễn VĂN An", "Nguyễn Văn An"),
    ("Nguyễn Văn A", "Nguyễn Văn A"), ("H'HEN NIÊ", "H'Hen Niê"), ("Y Bih", "Y Bih"),
    ("Đặng Thị Ngọc Thịnh", "Đặng Thị Ngọc Thịnh")])
def test_names_in_capitals_have_one_case(typed, written):
    assert canonical_case(typed) == written


def test_a_name_in_capitals_is_extracted_in_its_case():
    facts = kg.extract_text("Báo Nhân Dân phỏng vấn ông PHAN DIỄN, Ủy viên Bộ Chính trị, Thường "
                            "trực Ban Bí thư.")
    assert [p.name for p in facts.persons] == ["Phan Diễn"]


def test_every_entity_has_one_name_and_every_export_one_row_per_edge(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in SPELLINGS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    build([str(folder)], store, jobs=1)
    _, rows = store.select("SELECT ?x (COUNT(DISTINCT STR(?n)) AS ?names) WHERE { GRAPH ?g { "
                           "{ ?x sdo:name ?n } UNION { ?x skos:prefLabel ?n } UNION "
                           "{ ?x rdfs:label ?n } } FILTER (?g = <https://w3id.org/kg-vn/id/graph/entities>) } "
                           "GROUP BY ?x")
    names = {r[0].value.rsplit("/", 1)[-1]: int(r[1].value) for r in rows}
    assert {"sở-giao-thông-công-chính-thành-phố-hồ-chí-minh", "lê-văn-cao--hồ-chí-minh",
            "phan-diễn--national", "bộ-chính-trị", "giám-đốc", "ủy-viên"} <= set(names)
    assert set(names.values()) == {1}, names
    _, rows = store.select("SELECT ?n WHERE { ?x a org:Organization ; skos:prefLabel ?n }")
    assert "Sở Giao thông Công chính thành phố Hồ Chí Minh" in {r[0].value for r in rows}  # the first
    conforms, text = validate_store(store)
    assert conforms, text
    _no_edge_twice(store, tmp_path)


def _no_edge_twice(store, tmp_path) -> None:
    """No export of ``store`` holds an edge id twice (per edge type: HOLDS and MEMBER_OF share
    the membership's id)."""
    ids = Counter((e.type, e.id) for e in edges(store))
    assert ids and max(ids.values()) == 1
    export(store, "neo4j-csv", str(tmp_path / "neo4j"))
    for path in (tmp_path / "neo4j").glob("rels_*.csv"):
        with open(path, encoding="utf-8", newline="") as f:
            rows = Counter(r["id"] for r in csv.DictReader(f))
        assert not rows or max(rows.values()) == 1, path
    export(store, "graphml", str(tmp_path / "kg.graphml"))
    back = nx.read_graphml(tmp_path / "kg.graphml", force_multigraph=True)
    graphml = Counter((d["type"], k) for _, _, k, d in back.edges(keys=True, data=True))
    assert graphml == ids


def test_a_store_with_two_spellings_still_exports_each_edge_once(tmp_path):
    """A store built before one name was kept per entity may hold two labels for a body."""
    from pyoxigraph import Literal, Quad

    from kg.graph.rdf import ENTITIES, term

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(SPELLINGS["a.txt"], encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    build([str(folder)], store, jobs=1)
    _, [[org]] = store.select("SELECT ?o WHERE { ?o a org:Organization ; kg:kind ?k } LIMIT 1")
    store.store.add(Quad(org, term("skos:prefLabel"), Literal("Sở GIAO THÔNG CÔNG CHÍNH", language="vi"),
                         ENTITIES))
    _no_edge_twice(store, tmp_path)


@pytest.mark.skipif(not CORPUS.exists(), reason=f"shared corpus not found at {CORPUS}")
def test_a_real_corpus_sample_builds_a_valid_graph(tmp_path):
    sample = tmp_path / "sample.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as out:
        for _, line in zip(range(1500), src):  # the first 1,500 articles: "PHAN DIỄN" among them
            out.write(line)
    store = KGStore(tmp_path / "kg.db")
    report = build([str(sample)], store)
    assert not report.failures
    conforms, text = validate_store(store)
    assert conforms, text[:2000]
