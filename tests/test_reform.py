"""The two-level local government of 1 July 2025 (issue 10): both administrations, chosen
by date; the commune as context; the new bodies; places over time in the graph."""

import json

import pytest

from conftest import facts_of
from kg.extract.gazetteer import era_of, gazetteer


def test_an_article_is_read_against_the_table_of_its_date():
    assert era_of("2025-07-01", "") == "2025" and era_of("2025-06-30", "") == "legacy"
    # undated: by what it names
    assert era_of(None, "Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025 - 2030") == "2025"
    assert era_of(None, "Ngày 12/8/2025, UBND đặc khu Côn Đảo họp") == "2025"
    assert era_of(None, "Ngày 12/8/2019, UBND huyện Phù Cừ họp") == "legacy"


def test_both_tables_and_the_converter():
    new, old = gazetteer("2025"), gazetteer("legacy")
    [tong_tran] = new.lookup("Tống Trân", "commune")
    assert (tong_tran.province, tong_tran.era) == ("Hưng Yên", "2025")
    assert {p.name for p in new.predecessors(tong_tran)} == {"Tam Đa", "Nguyên Hòa", "Tống Trân"}
    [phu_tho] = new.lookup("Phú Thọ", "province")
    assert {p.name for p in new.predecessors(phu_tho)} == {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"}
    [vinh_phuc] = old.lookup("Vĩnh Phúc", "province")
    assert [p.name for p in old.successors(vinh_phuc)] == ["Phú Thọ"]
    # units kept their codes when they merged: the era keeps them apart
    assert tong_tran.key != old.lookup("Tống Trân", "commune")[0].key
    # new units the old table never had, and units that changed kind
    assert new.lookup("Sơn Tây Hạ", "commune") and not old.lookup("Sơn Tây Hạ", "commune")
    assert new.lookup("Côn Đảo", "commune")[0].kind == "đặc khu"


def test_a_2026_article_about_a_commune_resolves_its_bodies_to_it():
    f = facts_of("Đại hội Đảng bộ xã Tống Trân lần thứ I, nhiệm kỳ 2025-2030\n"
                 "Sáng 12/8, Đảng bộ xã Tống Trân long trọng tổ chức Đại hội đại biểu lần thứ I. "
                 "Đồng chí Nguyễn Văn Hải, Bí thư Đảng ủy xã chủ trì đại hội. Dự đại hội có đồng chí "
                 "Trần Thị Lan, Phó Chủ tịch UBND xã và đồng chí Lê Văn Bình, Chủ tịch HĐND xã.",
                 "2025-08-13")
    p = f["_positions"]
    assert ("Nguyễn Văn Hải", "Bí thư", "Đảng ủy xã Tống Trân", "current") in p
    assert ("Trần Thị Lan", "Phó Chủ tịch", "Ủy ban nhân dân xã Tống Trân", "current") in p
    assert ("Lê Văn Bình", "Chủ tịch", "Hội đồng nhân dân xã Tống Trân", "current") in p
    places = {l["name"]: l for l in f["locations"]}
    # the province comes from the gazetteer: the article never names it
    assert places["tỉnh Hưng Yên"]["era"] == "2025" and places["xã Tống Trân"]["era"] == "2025"
    [event] = [e for e in f["events"] if e["reported"]]
    assert event["date"] == "2025-08-12"  # not 2030: a term's congress is held in its first year


def test_the_same_name_in_2019_is_the_old_commune_of_its_district():
    f = facts_of("Sáng 19/12, UBND xã Tống Trân, huyện Phù Cừ tổ chức hội nghị tổng kết năm 2019. "
                 "Đồng chí Lê Văn Bình, Chủ tịch UBND xã Tống Trân chủ trì.", "2019-12-20")
    places = {l["name"]: l for l in f["locations"]}
    assert places["xã Tống Trân"]["era"] == "legacy" and places["huyện Phù Cừ"]["era"] == "legacy"


def test_the_new_party_bodies_and_special_zones():
    p = facts_of("Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ Nguyễn "
                 "Văn An, Bí thư Đảng ủy các cơ quan Đảng tỉnh Phú Thọ Lê Thị Hoa, Bí thư Đảng ủy UBND tỉnh "
                 "Trần Văn Nam, Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh Đỗ Văn Bình, Giám đốc Sở "
                 "NN&MT Phạm Văn Đức và Bí thư Đảng ủy đặc khu Côn Đảo Hồ Văn Tâm dự hội nghị.",
                 "2025-08-20")["_positions"]
    assert ("Nguyễn Văn An", "Trưởng ban", "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ", "current") in p
    assert ("Lê Thị Hoa", "Bí thư", "Đảng ủy các cơ quan Đảng tỉnh Phú Thọ", "current") in p
    assert ("Trần Văn Nam", "Bí thư", "Đảng ủy Ủy ban nhân dân tỉnh Phú Thọ", "current") in p
    assert ("Đỗ Văn Bình", "Bí thư", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh Phú Thọ", "current") in p
    assert ("Phạm Văn Đức", "Giám đốc", "Sở Nông nghiệp và Môi trường tỉnh Phú Thọ", "current") in p
    assert ("Hồ Văn Tâm", "Bí thư", "Đảng ủy đặc khu Côn Đảo", "current") in p


def test_ministries_merged_in_2025_are_named_by_the_articles_era():
    before = facts_of("Bộ trưởng Bộ Nông nghiệp Lê Văn Hòa dự họp.", "2019-05-01")["_positions"]
    after = facts_of("Bộ trưởng Bộ Nông nghiệp Lê Văn Hòa dự họp.", "2026-03-01")["_positions"]
    assert {org for *_, org, _ in before} == {"Bộ Nông nghiệp và Phát triển nông thôn"}
    assert {org for *_, org, _ in after} == {"Bộ Nông nghiệp và Môi trường"}


def test_old_names_in_new_articles_are_places_of_the_old_table():
    f = facts_of("Ông Nguyễn Văn Hải, nguyên Chủ tịch UBND xã Tam Đa (cũ), nay là Bí thư Đảng ủy xã "
                 "Tống Trân cho biết, các xã Tam Đa, Nguyên Hòa của huyện Phù Cừ cũ đã về xã Tống Trân, "
                 "tỉnh Hưng Yên.", "2025-08-12")
    places = {(l["name"], l["era"]): l for l in f["locations"]}
    assert places[("xã Tam Đa", "legacy")]["former"] and places[("huyện Phù Cừ", "legacy")]["former"]
    assert ("xã Tam Đa", "2025") not in places  # the new xã Tam Đa lies in Bắc Ninh
    p = f["_positions"]
    assert ("Nguyễn Văn Hải", "Chủ tịch", "Ủy ban nhân dân xã Tam Đa", "former") in p
    assert ("Nguyễn Văn Hải", "Bí thư", "Đảng ủy xã Tống Trân", "current") in p


def test_one_query_crosses_the_reform(tmp_path):
    from kg.graph.build import build
    from kg.graph.query import run_named
    from kg.graph.store import KGStore

    records = [
        {"id": "tam-da-2019", "published": "2019-12-20", "title": "Xã Tam Đa tổng kết năm 2019",
         "text": "Xã Tam Đa tổng kết năm 2019\nSáng 19/12, UBND xã Tam Đa, huyện Phù Cừ tổ chức hội nghị "
                 "tổng kết năm 2019. Đồng chí Nguyễn Văn Hải, Chủ tịch UBND xã Tam Đa chủ trì hội nghị."},
        {"id": "tong-tran-2026", "published": "2026-01-10", "title": "Đảng ủy xã Tống Trân họp",
         "text": "Đảng ủy xã Tống Trân họp\nSáng 9/1, Đảng ủy xã Tống Trân tổ chức hội nghị Ban Chấp hành "
                 "lần thứ 5. Đồng chí Nguyễn Văn Hải, Bí thư Đảng ủy xã chủ trì hội nghị."}]
    corpus = tmp_path / "a.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    build([str(corpus)], store)
    _, rows = run_named(store, "place", place="xa tong tran")
    found = {(r[1].value, r[2].value, r[3].value if r[3] else None, r[5].value if r[5] else None)
             for r in rows}
    # what is now xã Tống Trân: the communes it was formed from, and the posts there in 2019
    assert ("formed from", "xã Tam Đa", "Nguyễn Văn Hải", "Ủy ban nhân dân xã Tam Đa") in found
    assert ("this place", "xã Tống Trân", "Nguyễn Văn Hải", "Đảng ủy xã Tống Trân") in found
    # the graph says which table each place comes from, with its version
    _, rows = store.select("SELECT ?label WHERE { ?p kg:gazetteer ?g . ?g rdfs:label ?label . "
                           "?p rdfs:label 'xã Tống Trân'@vi ; kg:establishedOn ?d }")
    assert any("vietnamadminunits 1.0.4" in r[0].value and "admin_units" in r[0].value for r in rows)
