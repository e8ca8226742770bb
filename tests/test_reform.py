"""The two-level local government of 1 July 2025 (issue 10): both administrations, chosen
by date; the commune as context; the new bodies; places over time in the graph."""

import json


from conftest import facts_of
from kg.extract.gazetteer import era_of, gazetteer


def test_an_article_is_read_against_the_table_of_its_date():
    assert era_of("2025-07-01", "") == "2025" and era_of("2025-06-30", "") == "legacy"
    # undated: by what it names
    assert era_of(None, "Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025 - 2030") == "2025"
    assert era_of(None, "Ngày 12/8/2025, UBND đặc khu Côn Đảo họp") == "2025"
    assert era_of(None, "Ngày 12/8/2019, UBND huyện Phù Cừ họp") == "legacy"
    # the 2019-20 commune mergers and the 2018 special zones spoke of "(cũ)" and "đặc khu" too
    assert era_of(None, "Sáng 5/1/2020, xã Thượng Sơn (cũ) sáp nhập; đặc khu Vân Đồn") == "legacy"


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


def test_an_old_commune_no_new_one_is_named_after_is_a_place_not_a_person():
    # "xã Vũ Chính" ended in 2025 and no new commune took its name; an article of 2026 names it
    # without "(cũ)": still a place of the old table (in Thái Bình, one of the provinces Hưng
    # Yên was formed from), not a person called Vũ Chính
    f = facts_of("Hưng Yên: phường Trần Lãm tổng kết năm\n\nNgày 10/1/2026, bà Trần Thị Mai, nguyên "
                 "Chủ tịch UBND xã Vũ Chính, nay là Chủ tịch UBND phường Trần Lãm, tỉnh Hưng Yên, "
                 "phát biểu tại hội nghị.", "2026-01-10")
    assert "Vũ Chính" not in {p["name"] for p in f["persons"]}
    places = {(l["name"], l["era"]): l for l in f["locations"]}
    assert places[("xã Vũ Chính", "legacy")]["former"]
    assert ("Trần Thị Mai", "Chủ tịch", "Ủy ban nhân dân xã Vũ Chính", "former") in f["_positions"]


def test_a_bare_commune_of_2026_is_the_new_one_not_the_old_one_its_sentence_names():
    f = facts_of("Xã Tống Trân tổng kết năm\n\nNgày 10/1/2026, xã Tống Trân tổ chức hội nghị. Đồng chí Lê Văn "
                 "Nam, Phó Bí thư Đảng ủy, Chủ tịch HĐND xã, nguyên Chủ tịch UBND xã Vũ Chính, phát biểu.",
                 "2026-01-10")
    p = f["_positions"]
    assert ("Lê Văn Nam", "Chủ tịch", "Hội đồng nhân dân xã Tống Trân", "current") in p
    assert ("Lê Văn Nam", "Phó Bí thư", "Đảng ủy xã Tống Trân", "current") in p
    assert not any("Vũ Chính" in org and status != "former" for _, _, org, status in p)


def test_a_post_given_long_before_the_article_is_held_not_newly_given():
    f = facts_of("Xã Tống Trân tổng kết năm\n\nSáng 15/1/2026, Đảng ủy xã Tống Trân tổ chức hội nghị tổng kết. "
                 "Đồng chí Phạm Văn Hòa được chỉ định giữ chức Bí thư Đảng ủy xã Tống Trân từ ngày 1/7/2025, "
                 "chủ trì hội nghị.", "2026-01-15")
    post = next(x for x in f["positions"] if x["role"] == "Bí thư")
    assert post["status"] == "current" and post["change_date"] == "2025-07-01"
    assert not any(x["role"] == "appointee" for e in f["events"] for x in e["participants"])
    f = facts_of("Xã Tống Trân có Bí thư mới\n\nSáng 15/1/2026, Đảng ủy xã Tống Trân tổ chức hội nghị. "
                 "Đồng chí Phạm Văn Hòa được chỉ định giữ chức Bí thư Đảng ủy xã Tống Trân từ ngày 14/1/2026.",
                 "2026-01-15")
    assert next(x for x in f["positions"] if x["role"] == "Bí thư")["status"] == "appointed"


def test_posts_before_and_after_a_province_merged_are_one_persons():
    # Hải Dương merged into Hải Phòng: in a 2026 article, a post in the old province and one in
    # the new are one person's career, not two namesakes
    f = facts_of("Ngày 12/1/2026, ông Đặng Văn Tùng, Phó Chủ tịch UBND xã Trường Tân, phát biểu. "
                 "Ông Đặng Văn Tùng từng nhiều năm làm Phó Chủ tịch UBND huyện Gia Lộc, tỉnh Hải Dương.",
                 "2026-01-12")
    assert [p["name"] for p in f["persons"]] == ["Đặng Văn Tùng"]
    assert ("Đặng Văn Tùng", "Phó Chủ tịch", "Ủy ban nhân dân huyện Gia Lộc", "former") in f["_positions"]


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


def test_a_ceremony_for_several_new_communes_names_each_ones_leaders():
    f = facts_of("Công bố nhân sự chủ chốt các xã mới\nChiều 30/6, Ban Thường vụ Tỉnh ủy Thanh Hóa tổ chức "
                 "hội nghị công bố quyết định chỉ định nhân sự các xã mới. Dự và chủ trì hội nghị có đồng chí "
                 "Trịnh Văn Hòa, Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Nội chính Tỉnh ủy. Tại xã Hoằng "
                 "Tiến, đồng chí Lê Thị Thảo, nguyên Trưởng Ban Tuyên giáo Huyện ủy Hoằng Hóa, giữ chức Bí "
                 "thư Đảng ủy xã; đồng chí Trịnh Văn Cường giữ chức Phó Bí thư Đảng ủy, Chủ tịch UBND xã. "
                 "Chủ tịch UBND xã Hoằng Thanh là đồng chí Lưu Thị Hằng.", "2025-07-01")
    p = f["_positions"]
    assert ("Trịnh Văn Hòa", "Trưởng ban", "Ban Nội chính Tỉnh ủy Thanh Hóa", "current") in p
    assert ("Lê Thị Thảo", "Bí thư", "Đảng ủy xã Hoằng Tiến", "appointed") in p
    assert ("Trịnh Văn Cường", "Phó Bí thư", "Đảng ủy xã Hoằng Tiến", "appointed") in p
    assert ("Trịnh Văn Cường", "Chủ tịch", "Ủy ban nhân dân xã Hoằng Tiến", "appointed") in p
    assert ("Lưu Thị Hằng", "Chủ tịch", "Ủy ban nhân dân xã Hoằng Thanh", "current") in p
    assert ("Lê Thị Thảo", "Trưởng ban", "Ban Tuyên giáo Huyện ủy Hoằng Hóa", "former") in p


def test_a_session_chaired_by_a_ward_presidium_and_a_congress_presidium():
    p = facts_of("Sáng 15/8, HĐND phường Nghĩa Đô tổ chức kỳ họp thứ hai. Bí thư Đảng ủy, Chủ tịch HĐND phường "
                 "Nguyễn Thành Tâm và Phó Chủ tịch HĐND phường Lê Mai Hoa chủ tọa kỳ họp.", "2025-08-15")
    assert {("Nguyễn Thành Tâm", "chair"), ("Lê Mai Hoa", "chair")} <= p["_parts"]
    assert ("Nguyễn Thành Tâm", "Chủ tịch", "Hội đồng nhân dân phường Nghĩa Đô", "current") in p["_positions"]
    q = facts_of("Sáng 20/8, Đảng bộ xã Mai Hạ tổ chức Đại hội đại biểu lần thứ I. Đoàn Chủ tịch điều hành đại hội "
                 "gồm các đồng chí: Hà Văn Khiêm, Bí thư Đảng ủy xã; Vì Văn Thủy, Phó Bí thư Đảng ủy, Chủ tịch "
                 "UBND xã.", "2025-08-20")
    assert {("Hà Văn Khiêm", "chair"), ("Vì Văn Thủy", "chair")} <= q["_parts"]


def test_a_story_paragraph_that_starts_like_page_furniture_is_story():
    f = facts_of("Chia sẻ kinh nghiệm của địa phương, ông Đặng Văn Khải, Bí thư Đảng ủy xã Tống Trân cho biết, "
                 "sau sáp nhập, xã đã dồn được ruộng.", "2025-10-10")
    assert ("Đặng Văn Khải", "Bí thư", "Đảng ủy xã Tống Trân", "current") in f["_positions"]
