"""kg.graph.lookup: one resolver for every name a person types (queries, viz, merges, serve)."""

import pytest
from pyoxigraph import NamedNode

from kg.cli import main
from kg.errors import KGError
from kg.graph.build import build
from kg.graph.lookup import (NAME_KEY, Ambiguous, NameIndex, NotFound, Resolver, abbreviation_keys,
                             backfill_keys, has_keys, name_keys)
from kg.graph.query import run_named
from kg.graph.rdf import KGR
from kg.graph.store import KGStore

THANG = ("Huyện ủy Nam Sách họp\n\nNgày 09/7/2020, Huyện ủy Nam Sách tổ chức hội nghị. Đồng chí "
         "Bùi Văn Thăng, Bí thư Huyện ủy Nam Sách chủ trì hội nghị.\n")
THẮNG = ("Huyện ủy Thanh Hà họp\n\nNgày 10/7/2020, Huyện ủy Thanh Hà tổ chức hội nghị. Đồng chí "
         "Bùi Văn Thắng, Bí thư Huyện ủy Thanh Hà chủ trì hội nghị.\n")


@pytest.fixture(scope="module")
def resolver(built_store):
    return Resolver(built_store)


@pytest.fixture()
def two_names(tmp_path):
    """A store with two people whose names differ only in accents."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(THANG, encoding="utf-8")
    (folder / "b.txt").write_text(THẮNG, encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    build([str(folder)], store)
    return store


def test_keys_fold_accents_case_spacing_and_expand_abbreviations():
    assert name_keys("Bùi Văn Thăng") == ("bui van thang",)
    assert name_keys("BÙI  VĂN THĂNG")[0] == name_keys("bùi văn thăng")[0]
    assert "huyen uy nam sach" in abbreviation_keys("HU Nam Sách")
    assert "huyen uy nam sach" in abbreviation_keys("hu nam sach")
    assert "uy ban nhan dan huyen gia loc" in abbreviation_keys("UBND huyện Gia Lộc")
    assert "huyen uy kim son" in abbreviation_keys("Ban Chấp hành Đảng bộ huyện Kim Sơn")
    assert "tinh uy nghe an" in abbreviation_keys("BCH Đảng bộ tỉnh Nghệ An")
    # "tu" in lower case is a syllable (tư, từ), not Tỉnh ủy
    assert abbreviation_keys("tu mai") == {"tu mai"}


@pytest.mark.parametrize("kind, typed, name, how", [
    ("person", "Bùi Đức Cường", "Bùi Đức Cường", "exact"),
    ("person", "bui duc cuong", "Bùi Đức Cường", "accents"),
    ("person", "Lê Đình  Tuấn", "Lê Đình Tuấn", "exact"),  # two spaces
    ("person", "LÊ ĐÌNH TUẤN", "Lê Đình Tuấn", "case"),
    ("org", "HU Yên Thành", "Huyện ủy Yên Thành", "abbreviation"),
    ("org", "hu yen thanh", "Huyện ủy Yên Thành", "abbreviation"),
    ("org", "HĐND huyện Gia Lộc", "Hội đồng nhân dân huyện Gia Lộc", "abbreviation"),
    ("org", "ubnd huyen yen thanh", "Ủy ban nhân dân huyện Yên Thành", "abbreviation"),
    ("org", "Ban Chấp hành Đảng bộ huyện Kim Sơn", "Huyện ủy Kim Sơn", "abbreviation"),
    ("org", "BTV Huyện ủy Yên Thành", "Ban Thường vụ Huyện ủy Yên Thành", "abbreviation"),
    ("role", "pho bi thu", "Phó Bí thư", "accents"),
])
def test_typed_names_resolve(resolver, kind, typed, name, how):
    found = resolver.resolve(kind, typed)
    assert (found.name, found.how) == (name, how)
    assert len(found.iris) == 1
    assert (found.note is None) == (how == "exact")


def test_an_iri_names_its_entity(resolver):
    iri = resolver.resolve("person", "Bùi Đức Cường").iris[0]
    assert resolver.resolve("person", "kgr:" + iri[len(KGR):]).iris == (iri,)
    assert resolver.resolve("person", iri).how == "iri"
    with pytest.raises(NotFound):
        resolver.resolve("org", iri)  # a person is not an organization


def test_nothing_found_suggests_close_names(resolver):
    with pytest.raises(NotFound, match="close matches: Bùi Đức Cường") as err:
        resolver.resolve("person", "Bui Duc Cuonq")
    assert err.value.suggestions[0] == "Bùi Đức Cường"
    with pytest.raises(NotFound, match="Huyện ủy Yên Thành"):
        resolver.resolve("org", "yen thanh")


def test_namesakes_resolve_together_and_say_so(resolver):
    found = resolver.resolve("person", "tran van hai")
    assert len(found.iris) == 2 and found.name == "Trần Văn Hải"
    assert "namesakes kept apart" in found.note and "kgr:person/trần-văn-hải--nghệ-an" in found.note


def test_names_that_fold_alike_are_ambiguous_unless_typed_with_accents(two_names):
    resolver = Resolver(two_names)
    with pytest.raises(Ambiguous) as err:
        resolver.resolve("person", "bui van thang")
    assert [name for name, _ in err.value.candidates] == ["Bùi Văn Thăng", "Bùi Văn Thắng"]
    assert "Bùi Văn Thăng (kgr:person/" in str(err.value)
    assert resolver.resolve("person", "bùi văn thắng").name == "Bùi Văn Thắng"  # case only
    assert resolver.resolve("person", "Bùi Văn Thăng").how == "exact"


def test_lookups_go_through_the_stored_keys(two_names):
    """Not a scan of every name: with its key gone, a folded name is no longer found."""
    iri = Resolver(two_names).resolve("person", "Bùi Văn Thắng").iris[0]
    keys = [q for q in two_names.store.quads_for_pattern(NamedNode(iri), NamedNode(NAME_KEY), None)]
    assert keys
    for q in keys:
        two_names.store.remove(q)
    assert Resolver(two_names).resolve("person", "bui van thang").name == "Bùi Văn Thăng"
    assert backfill_keys(two_names) == 1  # … until the keys are put back
    with pytest.raises(Ambiguous):
        Resolver(two_names).resolve("person", "bui van thang")


def test_a_store_without_keys_gets_them_at_the_next_build(two_names, tmp_path):
    two_names.store.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{NAME_KEY}> ?k }} }}")
    assert not has_keys(two_names)
    # meanwhile the names are read into memory: same answers
    assert Resolver(two_names).resolve("org", "HU Nam Sách").name == "Huyện ủy Nam Sách"
    build([str(tmp_path / "articles")], two_names)  # nothing changed: only the keys are added
    assert has_keys(two_names)
    assert Resolver(two_names).resolve("org", "hu thanh ha").name == "Huyện ủy Thanh Hà"


def test_index_search_finds_words_prefixes_and_abbreviations():
    index = NameIndex.from_rows([
        ("p1", "person", "Bùi Văn Thăng", 3), ("p2", "person", "Bùi Văn Thắng", 9),
        ("o1", "org", "Huyện ủy Nam Sách", 1), ("o2", "org", "Hội đồng nhân dân huyện Nam Sách", 0)])
    assert [e.iri for e in index.search("bui van th")] == ["p2", "p1"]  # heavier first
    assert [e.iri for e in index.search("bùi văn thăng")] == ["p1", "p2"]  # whole name first
    assert [e.iri for e in index.search("HU Nam Sách")][0] == "o1"
    assert {e.iri for e in index.search("nam sach", kinds=["org"])} == {"o1", "o2"}
    assert index.search("zzz") == []


def test_named_queries_take_typed_names(built_store):
    notes = []
    _, rows = run_named(built_store, "holders", notes=notes, role="bi thu", org="HU Yên Thành")
    assert {r[1].value for r in rows} == {"Lê Đình Tuấn"}
    assert any("Huyện ủy Yên Thành" in n for n in notes)
    _, rows = run_named(built_store, "posts", person="Lê Đình  Tuấn")
    assert rows
    with pytest.raises(KGError, match="--person: no person called 'Nobody Here'"):
        run_named(built_store, "posts", person="Nobody Here")


def test_cli_resolves_and_fails_loudly(built_store, capsys):
    store = str(built_store.path)
    assert main(["query", "--store", store, "--named", "posts", "--person", "bui duc cuong"]) == 0
    out, err = capsys.readouterr()
    assert "Bùi Đức Cường" in err and "(0 rows)" not in out
    assert main(["query", "--store", store, "--named", "posts", "--person", "Bui Duc Cuonq"]) == 2
    assert "close matches: Bùi Đức Cường" in capsys.readouterr().err
    assert main(["merges", "--store", store, "--name", "tran van hai"]) == 0
    out = capsys.readouterr().out
    # kept apart when each article was built, and again over all articles (kg.graph.identity)
    assert out.count("kept_apart  article") == 1 and out.count("kept_apart  store") == 1
    assert main(["merges", "--store", store]) == 0
    assert " new " not in capsys.readouterr().out  # first sightings only with --all
    assert main(["merges", "--store", store, "--all"]) == 0
    assert " new " in capsys.readouterr().out


def test_viz_focus_with_org_is_the_person_inside_the_organization(built_store, tmp_path, capsys):
    store = str(built_store.path)
    assert main(["viz", "--store", store, "-o", str(tmp_path / "x.html"),
                 "--org", "HU Yên Thành", "--focus", "bui duc cuong"]) == 2
    assert "holds no post in Huyện ủy Yên Thành" in capsys.readouterr().err
    assert main(["viz", "--store", store, "-o", str(tmp_path / "y.html"),
                 "--org", "hu yen thanh", "--focus", "le dinh tuan"]) == 0
    err = capsys.readouterr().err
    nodes = int(err.split("): ")[1].split(" nodes")[0])
    assert nodes > 2, err
