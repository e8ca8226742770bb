"""Tenures and identity across articles on articles written for kg (tests/careers/): a
succession over eight years in Huyện ủy and UBND huyện Kim Thành (elections, a transfer, a
retirement, an acting head, a removal), a career that crosses from Hải Dương to Bắc Ninh, its
namesakes in Quảng Nam and Nghệ An, and two Bí thư of Huyện ủy Thanh Hà at once."""

import gc
import shutil

import pytest

from conftest import ROOT
from kg.graph.build import build
from kg.graph.careers import DERIVED, derive, merge_log
from kg.graph.lookup import Resolver
from kg.graph.query import run_named
from kg.graph.rdf_io import validate_store
from kg.graph.store import KGStore

CAREERS = ROOT / "tests" / "careers"
KIM_THANH = ("Bí thư", "Huyện ủy Kim Thành")
UBND = ("Chủ tịch", "Ủy ban nhân dân huyện Kim Thành")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = KGStore(tmp_path_factory.mktemp("careers") / "kg.db")
    report = build([str(CAREERS)], s, jobs=1)
    assert report.added == len(list(CAREERS.glob("*.txt"))) and not report.failures
    assert report.careers.tenures > 10 and not report.careers.skipped
    return s


def _holders(store, office, date=None):
    role, org = office
    _, rows = run_named(store, "holders", role=role, org=org, date=date)
    return [r[1].value for r in rows]


@pytest.mark.parametrize("date, holder", [
    ("2015-10-11", []),                    # the day before the congress elected him
    ("2015-10-12", ["Trần Văn Khải"]),
    ("2017-01-01", ["Trần Văn Khải"]),
    ("2018-03-20", []),                    # transferred on 5 March; no Bí thư until 10 April
    ("2018-04-10", ["Đỗ Văn Bình"]),
    ("2019-06-30", ["Đỗ Văn Bình"]),
    ("2021-01-01", ["Nguyễn Thị Lan"]),
    ("2024-06-01", ["Nguyễn Thị Lan"]),    # an open end: held until an end or a successor is known
])
def test_who_was_bi_thu_on_a_date(store, date, holder):
    assert _holders(store, KIM_THANH, date) == holder


@pytest.mark.parametrize("date, holder", [
    ("2016-06-20", ["Lê Minh Đức"]),
    ("2019-06-01", ["Phạm Thị Hoa"]),  # acting, after Đức retired on 1 May
    ("2020-01-01", ["Vũ Quang Hưng"]),
    ("2022-06-01", []),                # Hưng removed on 15 March 2022
])
def test_who_was_chu_tich_on_a_date(store, date, holder):
    assert _holders(store, UBND, date) == holder


def test_succession_in_order_with_bases_and_causes(store):
    names, rows = run_named(store, "succession", role=UBND[0], org=UBND[1])
    got = [{n: (v.value if v is not None else None) for n, v in zip(names, r)} for r in rows]
    assert [(g["name"], g["start"], g["startBasis"], g["end"], g["endBasis"], g["endCause"],
             g["acting"], g["replaces"]) for g in got] == [
        ("Lê Minh Đức", "2015-10-12", "attested", "2019-05-01", "stated", "Retirement", None, None),
        ("Phạm Thị Hoa", "2019-05-02", "attested", "2019-10-01", "inferred", "Succession", "true",
         "Lê Minh Đức"),
        ("Vũ Quang Hưng", "2019-10-01", "stated", "2022-03-15", "stated", "Removal", None,
         "Phạm Thị Hoa"),
    ]
    names, rows = run_named(store, "succession", role=KIM_THANH[0], org=KIM_THANH[1])
    got = [dict(zip(names, r)) for r in rows]
    assert [(g["name"].value, g["endCause"] and g["endCause"].value) for g in got] == [
        ("Trần Văn Khải", "TransferOut"), ("Đỗ Văn Bình", "Former"), ("Nguyễn Thị Lan", None)]


def test_terms_are_kept(store):
    _, rows = store.select("SELECT ?name ?term WHERE { ?t a kg:Tenure ; kg:term ?term ; "
                           "org:member/sdo:name ?name ; org:role/skos:prefLabel 'Bí thư'@vi }")
    assert {(r[0].value, r[1].value) for r in rows} == {
        ("Trần Văn Khải", "khóa XXV, nhiệm kỳ 2015–2020"), ("Đỗ Văn Bình", "nhiệm kỳ 2015–2020"),
        ("Nguyễn Thị Lan", "khóa XXVI, nhiệm kỳ 2020–2025")}


def test_two_holders_at_once_are_a_conflict_not_hidden(store):
    _, rows = run_named(store, "conflicts")
    assert [(r[1].value, r[2].value, r[3].value, r[4].value, r[5].value) for r in rows] == [
        ("Huyện ủy Thanh Hà", "Lê Văn Tiến", "Phạm Văn Quang", "2017-06-26", "2017-06-26")]
    assert len(_holders(store, ("Bí thư", "Huyện ủy Thanh Hà"), "2017-06-26")) == 2
    # a handover on the day of an election is not a conflict: Hoa was last shown acting on
    # the day Hưng was elected
    _, rows = run_named(store, "conflicts", role=UBND[0], org=UBND[1])
    assert rows == []


def test_a_career_across_provinces_is_one_person_and_namesakes_stay_apart(store):
    names, rows = run_named(store, "posts", person="Trần Văn Khải")
    people = {}
    for r in rows:
        people.setdefault(r[0].value, []).append((r[1].value, r[2].value, r[3].value))
    assert len(people) == 3  # the one whose career moves, and the namesakes in Quảng Nam and Nghệ An
    career = next(posts for posts in people.values() if len(posts) == 3)
    assert career == [("Bí thư", "Huyện ủy Kim Thành", "2015-10-12"),
                      ("Phó Trưởng ban", "Ban Tổ chức Tỉnh ủy Hải Dương", "2018-03-05"),
                      ("Phó Chủ tịch", "Ủy ban nhân dân tỉnh Bắc Ninh", "2021-09-09")]
    names, rows = merge_log(store, list(Resolver(store).resolve("person", "tran van khai").iris))
    log = [dict(zip(names, (v.value if v is not None else None for v in r))) for r in rows]
    merged = [d for d in log if d["scope"] == "store" and d["decision"] == "merged"]
    assert len(merged) == 1
    assert "Phó Trưởng ban of Ban Tổ chức Tỉnh ủy Hải Dương" in merged[0]["reason"]
    apart = [d for d in log if d["scope"] == "store" and d["decision"] == "kept_apart"]
    assert len(apart) == 1 and "3 people of this name" in apart[0]["reason"]
    # the evidence of the merge: the sentences of both posts
    _, rows = store.select("SELECT ?text WHERE { ?d a kg:MergeDecision ; kg:decision 'merged' ; "
                           "kg:rule 'shared_post' ; kg:evidence/prov:value ?text }")
    assert any("nguyên Phó Trưởng ban" in r[0].value for r in rows)


def test_the_derived_graph_conforms_and_keeps_what_it_rests_on(store):
    conforms, text = validate_store(store)
    assert conforms, text
    _, rows = store.select("SELECT (COUNT(?a) AS ?n) WHERE { ?t a kg:Tenure ; kg:attestation ?a . "
                           "?a prov:wasDerivedFrom ?article ; kg:evidence ?sentence }")
    assert int(rows[0][0].value) >= 27  # every attestation, with its article and sentence


def test_incremental_builds_rederive_from_every_article(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(CAREERS, folder)
    (folder / "07-dai-hoi-kim-thanh-2020.txt").unlink()
    store = KGStore(tmp_path / "kg.db")
    build([str(folder)], store, jobs=1)
    assert _holders(store, KIM_THANH, "2021-01-01") == ["Đỗ Văn Bình"]  # nothing says he left
    shutil.copy(CAREERS / "07-dai-hoi-kim-thanh-2020.txt", folder)
    report = build([str(folder)], store, jobs=1)
    assert report.added == 1 and not report.careers.skipped
    assert _holders(store, KIM_THANH, "2021-01-01") == ["Nguyễn Thị Lan"]
    again = build([str(folder)], store, jobs=1)
    assert again.unchanged == report.unchanged + 1 and again.careers.skipped
    # an article that changes takes back what it said: Hưng is no longer removed
    removal = folder / "08-cach-chuc-2022.txt"
    removal.write_text(removal.read_text(encoding="utf-8").replace(" bị cách chức.", " phát biểu."),
                       encoding="utf-8")
    build([str(folder)], store, jobs=1)
    assert _holders(store, UBND, "2022-06-01") == ["Vũ Quang Hưng"]


def test_an_interrupted_derivation_is_done_again(tmp_path):
    store = KGStore(tmp_path / "kg.db")
    build([str(CAREERS)], store, jobs=1)
    tenures = _count(store, "kg:Tenure")
    # as if the process died after the derived graph was written, before its mark
    store.store.remove_graph(DERIVED)
    store.write([DERIVED.value], [])
    assert _count(store, "kg:Tenure") == 0
    report = build([str(CAREERS)], store, jobs=1)
    assert report.unchanged == report.processed and not report.careers.skipped
    assert _count(store, "kg:Tenure") == tenures
    assert derive(store).skipped


def _count(store, cls):
    _, rows = store.select(f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a {cls} }}")
    return int(rows[0][0].value)


def test_exports_carry_tenures(store, tmp_path):
    import networkx as nx

    from kg.export import export

    path = tmp_path / "kg.graphml"
    export(store, "graphml", str(path))
    graph = nx.read_graphml(path)
    posts = [d for _, _, d in graph.edges(data=True)
             if d.get("type") == "MEMBER_OF" and d.get("organization") == "Ủy ban nhân dân huyện Kim Thành"
             and d.get("role") == "Chủ tịch"]
    assert {(d["start"], d["start_basis"], d.get("end"), d.get("end_basis"), d.get("acting"))
            for d in posts} == {("2015-10-12", "attested", "2019-05-01", "stated", None),
                                ("2019-05-02", "attested", "2019-10-01", "inferred", True),
                                ("2019-10-01", "stated", "2022-03-15", "stated", None)}
    people = [d["name"] for _, d in graph.nodes(data=True) if d.get("label") == "Person"]
    assert people.count("Trần Văn Khải") == 3  # one career, two namesakes: three nodes
    gc.collect()
