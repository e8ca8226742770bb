"""Extraction patterns, each on a short article written for the test."""

from conftest import facts_of

HEADER = "Huyện ủy Kim Sơn tổ chức hội nghị\n\n"


def test_name_then_titles_and_titles_then_name():
    f = facts_of(HEADER + "Sáng ngày 3/12/2020, Huyện ủy Kim Sơn tổ chức hội nghị sơ kết. "
                 "Đồng chí Trần Văn Nam – Ủy viên BCH Đảng bộ tỉnh, Bí thư Huyện ủy chủ trì hội nghị. "
                 "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy Phạm Thị Mai dự.")
    assert f["_positions"] >= {
        ("Trần Văn Nam", "Ủy viên", "Tỉnh ủy Ninh Bình", "current"),
        ("Trần Văn Nam", "Bí thư", "Huyện ủy Kim Sơn", "current"),
        ("Phạm Thị Mai", "Ủy viên", "Ban Thường vụ Tỉnh ủy Ninh Bình", "current"),
        ("Phạm Thị Mai", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy Ninh Bình", "current"),
    }
    assert f["_parts"] == {("Trần Văn Nam", "chair"), ("Phạm Thị Mai", "attendee")}
    assert f["events"][0]["date"] == "2020-12-03"


def test_national_chain_before_name():
    f = facts_of("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu tại hội nghị.")
    assert f["_persons"] == ["Hoàng Trung Hải"]
    assert f["_positions"] == {("Hoàng Trung Hải", "Ủy viên", "Bộ Chính trị", "current"),
                               ("Hoàng Trung Hải", "Bí thư", "Thành ủy Hà Nội", "current")}


def test_list_of_co_chairs_with_abbreviations():
    f = facts_of("Hội nghị Ban Chấp hành Đảng bộ huyện Gia Lộc\n\nNgày 09/7/2020, Huyện ủy Gia Lộc tổ chức hội nghị. "
                 "Các đồng chí: Lê Văn Hải, TUV, Bí thư Huyện ủy, Chủ tịch HĐND huyện; Vũ Thị Lan, "
                 "Phó Bí thư Thường trực Huyện ủy; Đỗ Văn Khoa, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện "
                 "đồng chủ trì hội nghị.")
    assert f["_parts"] == {("Lê Văn Hải", "chair"), ("Vũ Thị Lan", "chair"), ("Đỗ Văn Khoa", "chair")}
    assert ("Lê Văn Hải", "Chủ tịch", "Hội đồng nhân dân huyện Gia Lộc", "current") in f["_positions"]
    assert ("Lê Văn Hải", "Ủy viên", "Tỉnh ủy Hải Dương", "current") in f["_positions"]
    assert ("Đỗ Văn Khoa", "Chủ tịch", "Ủy ban nhân dân huyện Gia Lộc", "current") in f["_positions"]
    assert f["events"][0]["date"] == "2020-07-09"


def test_reference_by_role_resolves_to_the_named_holder():
    f = facts_of(HEADER + "Chiều 15/4, Huyện ủy Kim Sơn tổ chức hội nghị. Đồng chí Ngô Quang Vinh, "
                 "Bí thư Huyện ủy chủ trì. Kết luận hội nghị, đồng chí Bí thư Huyện ủy yêu cầu các "
                 "xã tập trung sản xuất.", published="2021-04-16")
    assert f["_parts"] == {("Ngô Quang Vinh", "chair"), ("Ngô Quang Vinh", "speaker")}
    [person] = f["persons"]
    assert len(person["mentions"]) == 2
    assert f["events"][0]["date"] == "2021-04-15"  # year from the publication date


def test_former_and_appointed_posts():
    f = facts_of(HEADER + "Đồng chí Hồ Văn Bình, Phó Bí thư Thường trực Huyện ủy được bầu giữ chức "
                 "Bí thư Huyện ủy Kim Sơn. Đồng chí Cao Thị Lan thôi giữ chức Bí thư Huyện ủy để nhận "
                 "nhiệm vụ mới. Nguyên Chủ tịch UBND huyện Lã Văn Tâm cũng dự.")
    assert f["_positions"] == {
        ("Hồ Văn Bình", "Phó Bí thư Thường trực", "Huyện ủy Kim Sơn", "current"),
        ("Hồ Văn Bình", "Bí thư", "Huyện ủy Kim Sơn", "appointed"),
        ("Cao Thị Lan", "Bí thư", "Huyện ủy Kim Sơn", "former"),
        ("Lã Văn Tâm", "Chủ tịch", "Ủy ban nhân dân huyện Kim Sơn", "former"),
    }


def test_ranks_honorifics_and_short_names():
    f = facts_of("Thượng tướng Lê Quốc Hùng, Thứ trưởng Bộ Công an và PGS.TS Nguyễn Thị Thu Hà dự "
                 "hội thảo. Ông Hùng đánh giá cao kết quả. Bà Nguyễn Thị Thu Hà phát biểu.")
    assert f["_persons"] == ["Lê Quốc Hùng", "Nguyễn Thị Thu Hà"]
    assert ("Lê Quốc Hùng", "Thứ trưởng", "Bộ Công an", "current") in f["_positions"]
    hung = next(p for p in f["persons"] if p["name"] == "Lê Quốc Hùng")
    assert len(hung["mentions"]) == 2  # "Ông Hùng" is the same person


def test_historical_figures_and_namesakes_are_not_persons():
    f = facts_of("Huyện đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. "
                 "Trường THCS Lê Quý Đôn trên đường Trần Hưng Đạo được khánh thành. "
                 "Đoàn Thanh niên huyện ra quân tại Thành phố Hồ Chí Minh.")
    assert f["persons"] == []


def test_same_name_in_two_provinces_stays_two_people():
    f = facts_of("Dự hội nghị có đồng chí Nguyễn Văn Hùng, Chủ tịch UBND tỉnh Quảng Nam và "
                 "đồng chí Nguyễn Văn Hùng, Giám đốc Sở Tài chính tỉnh Bắc Giang.")
    assert [p["name"] for p in f["persons"]] == ["Nguyễn Văn Hùng", "Nguyễn Văn Hùng"]
    assert len({p["person"] for p in f["positions"]}) == 2


def test_captions_and_bylines_give_no_facts():
    f = facts_of("Hội nghị tổng kết năm 2022\n\nNgày 5 tháng 1 năm 2023, Huyện ủy Yên Thành tổ chức "
                 "hội nghị tổng kết. Đồng chí Lê Đình Tuấn, Bí thư Huyện ủy chủ trì.\n\n"
                 "Đồng chí Phan Thanh Bình, Giám đốc Sở Nội vụ phát biểu tại hội nghị\n\n"
                 "Trần Hải Yến")
    assert f["_persons"] == ["Lê Đình Tuấn"]
    assert f["authors"] == ["Trần Hải Yến"]
    assert f["events"][0]["date"] == "2023-01-05"


def test_document_citations_and_ratios_are_not_event_dates():
    f = facts_of("Vừa qua, Đảng ủy xã Lam Sơn tổ chức hội nghị quán triệt Chỉ thị số 05-CT/TW "
                 "ngày 15/5/2016 của Bộ Chính trị. Xã kết nạp 6/5 quần chúng.", published="2020-06-01")
    assert f["events"][0]["date"] is None


def test_relative_dates():
    f = facts_of("Sáng nay, UBND huyện Kim Sơn tổ chức lễ khánh thành cầu.", published="2022-05-20")
    assert f["events"][0]["kind"] == "ceremony" and f["events"][0]["date"] == "2022-05-20"


def test_mentioned_events_have_no_participants():
    f = facts_of(HEADER + "Ngày 2/3/2020, Huyện ủy Kim Sơn tổ chức hội nghị. Đồng chí Ngô Quang Vinh, "
                 "Bí thư Huyện ủy chủ trì. Hội nghị bàn việc chuẩn bị Đại hội Đảng bộ huyện lần thứ "
                 "XXVI, nhiệm kỳ 2020 - 2025.")
    mentioned = [e for e in f["events"] if not e["reported"]]
    assert [e["kind"] for e in mentioned] == ["congress"]
    assert mentioned[0]["participants"] == [] and mentioned[0]["date"] is None


def test_offsets_point_at_the_text():
    f = facts_of("Đồng chí Nguyễn  Văn An, Bí thư Huyện uỷ Yên Thành dự.")
    text = f["text"]
    person = f["persons"][0]
    m = person["mentions"][0]
    assert text[m["start"]:m["end"]] == "Nguyễn Văn An"
    ev = f["positions"][0]["evidence"]
    assert "Bí thư Huyện ủy Yên Thành" in text[ev["start"]:ev["end"]]
    org = f["organizations"][0]
    assert org["name"] == "Huyện ủy Yên Thành"
    om = org["mentions"][0]
    assert text[om["start"]:om["end"]] == "Huyện ủy Yên Thành"
    loc = next(l for l in f["locations"] if l["level"] == "district")
    assert loc["name"] == "huyện Yên Thành" and loc["province"] == "Nghệ An"


def test_shared_samples_core_facts(samples):
    import kg

    [nam_sach] = [f.as_dict() for f in kg.extract([str(samples / "nam-sach-hoi-nghi-bch-lan-2.txt")])]
    names = {p["id"]: p["name"] for p in nam_sach["persons"]}
    orgs = {o["id"]: o["name"] for o in nam_sach["organizations"]}
    chairs = {names[p["person"]] for e in nam_sach["events"] if e["reported"]
              for p in e["participants"] if p["role"] == "chair"}
    assert chairs == {"Bùi Văn Thăng", "Hồ Ngọc Lâm", "Lê Quang Thụ"}
    assert ("Bùi Văn Thăng", "Chủ tịch", "Hội đồng nhân dân huyện Nam Sách") in {
        (names[p["person"]], p["role"], orgs.get(p["organization"])) for p in nam_sach["positions"]}
    assert nam_sach["events"][0]["date"] == "2020-07-09"


def test_participation_verbs_only_where_they_mean_taking_part():
    f = facts_of("Kỳ họp HĐND huyện Kim Sơn\n\nNgày 2/11/2021, HĐND huyện Kim Sơn tổ chức kỳ họp. "
                 "Với 100% đại biểu có mặt tán thành, đồng chí Hoàng Minh Đức được bầu giữ chức "
                 "Phó Chủ tịch UBND huyện. Đồng chí Lê Văn Khiêm vinh dự được nhận Huy hiệu. "
                 "Xúc động phát biểu, ông Lê Văn Khiêm cảm ơn huyện.")
    # "có mặt", "vinh dự" are no attendance; the person the session elects is its appointee
    assert f["_parts"] == {("Lê Văn Khiêm", "speaker"), ("Hoàng Minh Đức", "appointee")}
    assert ("Hoàng Minh Đức", "Phó Chủ tịch", "Ủy ban nhân dân huyện Kim Sơn", "appointed") in f["_positions"]


def test_age_apposition_and_school_namesake():
    f = facts_of("Huyện ủy Thọ Xuân trao Huy hiệu Đảng\n\nCó ông Lê Đình Xuân, 96 tuổi, nguyên Bí thư "
                 "Huyện ủy Thọ Xuân; bà Trịnh Thị Nhung, nguyên Hiệu trưởng Trường THPT Lê Lợi.")
    assert f["_persons"] == ["Lê Đình Xuân", "Trịnh Thị Nhung"]
    assert f["_positions"] == {("Lê Đình Xuân", "Bí thư", "Huyện ủy Thọ Xuân", "former"),
                               ("Trịnh Thị Nhung", "Hiệu trưởng", "Trường THPT Lê Lợi", "former")}


def test_chain_shares_its_place_and_board_takes_its_committee():
    f = facts_of("Các đồng chí: Trần Văn Hải, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện Cẩm Xuyên; "
                 "Đoàn Xuân Trường, UVBTV Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy Hà Tĩnh đồng chủ trì.")
    assert f["_positions"] == {
        ("Trần Văn Hải", "Phó Bí thư", "Huyện ủy Cẩm Xuyên", "current"),
        ("Trần Văn Hải", "Chủ tịch", "Ủy ban nhân dân huyện Cẩm Xuyên", "current"),
        ("Đoàn Xuân Trường", "Ủy viên", "Ban Thường vụ Tỉnh ủy Hà Tĩnh", "current"),
        ("Đoàn Xuân Trường", "Trưởng ban", "Ban Tổ chức Tỉnh ủy Hà Tĩnh", "current"),
    }


def test_company_brand_is_not_a_person_and_role_references_skip_former_holders():
    f = facts_of("Lễ kỷ niệm\n\nNgày 2/9/2020, huyện Vũ Thư tổ chức lễ kỷ niệm. Đồng chí Đào Quang Thụy, "
                 "Bí thư Huyện ủy chủ trì. Dự có ông Hà Văn Lộc, nguyên Bí thư Huyện ủy và ông Cao "
                 "Xuân Hiếu, Giám đốc Công ty Cổ phần Xây dựng Hoàng Phát. Phát biểu cảm ơn, đồng chí "
                 "Bí thư Huyện ủy khẳng định quyết tâm.")
    assert f["_persons"] == ["Cao Xuân Hiếu", "Hà Văn Lộc", "Đào Quang Thụy"]
    assert ("Cao Xuân Hiếu", "Giám đốc", "Công ty Cổ phần Xây dựng Hoàng Phát", "current") in f["_positions"]
    assert ("Đào Quang Thụy", "speaker") in f["_parts"]


def test_organizations_merge_across_spellings_and_abbreviations():
    names = set()
    for text in ("Đồng chí Lê Văn An, Bí thư HU Nam Sách dự.",
                 "Đồng chí Lê Văn An, Bí thư Huyện uỷ Nam Sách dự.",
                 "Ban Chấp hành Đảng bộ huyện Nam Sách họp. Bí thư Huyện ủy Lê Văn An dự."):
        names |= {o["name"] for o in facts_of(text)["organizations"]}
    assert names == {"Huyện ủy Nam Sách"}


def test_the_school_named_elsewhere():
    f = facts_of("Lễ khánh thành Trường THCS Lê Quý Đôn ở huyện Thăng Bình. ThS Võ Thị Thu Sương, "
                 "Hiệu trưởng nhà trường cho biết trường có 18 lớp.")
    assert f["_positions"] == {("Võ Thị Thu Sương", "Hiệu trưởng", "Trường THCS Lê Quý Đôn", "current")}
    f = facts_of("ThS Võ Thị Thu Sương, Hiệu trưởng nhà trường cho biết trường có 18 lớp.")
    assert f["_positions"] == {("Võ Thị Thu Sương", "Hiệu trưởng", None, "current")}


def test_former_marks_only_its_own_title():
    f = facts_of("Dự có ông Hà Văn Lộc, nguyên Bí thư Huyện ủy Vũ Thư, Trưởng ban Liên lạc truyền thống "
                 "huyện; ông Lê Văn Tâm, nguyên Bí thư Huyện ủy, nguyên Chủ tịch UBND huyện Vũ Thư.")
    statuses = {(p[0], p[1]): p[3] for p in f["_positions"]}
    assert statuses[("Hà Văn Lộc", "Bí thư")] == "former"
    assert statuses[("Hà Văn Lộc", "Trưởng ban")] == "current"
    assert statuses[("Lê Văn Tâm", "Bí thư")] == "former" and statuses[("Lê Văn Tâm", "Chủ tịch")] == "former"
