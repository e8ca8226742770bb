"""Classes of real-news patterns (issue 13), each with sentences written for the test.

Every test names a class seen many times in real Party and government news: a
fix is a rule or a lexicon entry, never one article's wording.
"""


from conftest import facts_of
from kg.extract.normalize import match_key


def posts(text, published=None):
    return facts_of(text, published)["_positions"]


# -- organizations complete and right ---------------------------------------------------

def test_centrally_run_cities_have_a_thanh_uy():
    p = posts("Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Lê Văn Tâm dự hội nghị. "
              "Bí thư Tỉnh ủy Hà Nội Trần Quốc Huy phát biểu. Phó Bí thư Thành ủy TP HCM Ngô Thị Lan "
              "và Bí thư Thành ủy thành phố Hội An Phan Văn Dũng cùng dự.")
    assert ("Lê Văn Tâm", "Bí thư", "Thành ủy Thành phố Hồ Chí Minh", "current") in p
    assert ("Trần Quốc Huy", "Bí thư", "Thành ủy Hà Nội", "current") in p  # never "Tỉnh ủy Hà Nội"
    assert ("Ngô Thị Lan", "Phó Bí thư", "Thành ủy Thành phố Hồ Chí Minh", "current") in p
    assert ("Phan Văn Dũng", "Bí thư", "Thành ủy Hội An", "current") in p


def test_national_offices_name_their_body():
    p = posts("Tổng Bí thư Lê Minh Quang, Chủ tịch nước Hoàng Văn Sơn, Thủ tướng Trịnh Đức Hòa, "
              "Phó Thủ tướng Đỗ Thị Mai, Thường trực Ban Bí thư Vũ Đình Khang và Ủy viên dự khuyết "
              "Trung ương Đảng Lâm Quốc Bảo dự lễ.")
    assert ("Lê Minh Quang", "Tổng Bí thư", "Ban Chấp hành Trung ương Đảng", "current") in p
    assert ("Hoàng Văn Sơn", "Chủ tịch nước", "Nhà nước", "current") in p
    assert ("Trịnh Đức Hòa", "Thủ tướng", "Chính phủ", "current") in p
    assert ("Đỗ Thị Mai", "Phó Thủ tướng", "Chính phủ", "current") in p
    assert ("Vũ Đình Khang", "Thường trực", "Ban Bí thư", "current") in p
    assert ("Lâm Quốc Bảo", "Ủy viên dự khuyết", "Ban Chấp hành Trung ương Đảng", "current") in p


def test_ministries_by_full_name_and_every_common_abbreviation():
    p = posts("Thứ trưởng Bộ NN&PTNT Lê Văn Cường, Bộ trưởng Bộ LĐ-TB&XH Đào Thị Hằng, "
              "Thứ trưởng Bộ GD-ĐT Ngô Văn Tài, Bộ trưởng Giáo dục Phạm Quang Vinh, "
              "Thứ trưởng Bộ TN&MT Hà Minh Đức và Thứ trưởng Bộ VH-TT&DL Lý Thị Thu dự họp.")
    assert ("Lê Văn Cường", "Thứ trưởng", "Bộ Nông nghiệp và Phát triển nông thôn", "current") in p
    assert ("Đào Thị Hằng", "Bộ trưởng", "Bộ Lao động - Thương binh và Xã hội", "current") in p
    assert ("Ngô Văn Tài", "Thứ trưởng", "Bộ Giáo dục và Đào tạo", "current") in p
    assert ("Phạm Quang Vinh", "Bộ trưởng", "Bộ Giáo dục và Đào tạo", "current") in p
    assert ("Hà Minh Đức", "Thứ trưởng", "Bộ Tài nguyên và Môi trường", "current") in p
    assert ("Lý Thị Thu", "Thứ trưởng", "Bộ Văn hóa, Thể thao và Du lịch", "current") in p


def test_codes_of_law_are_not_ministries():
    f = facts_of("Theo Bộ Luật Hình sự và Bộ Quy tắc ứng xử của thành phố, ông Lê Văn Hải bị xử lý.")
    assert not [o for o in f["organizations"] if o["name"].startswith("Bộ")]


def test_central_boards_and_units_carry_their_parent():
    p = posts("Trưởng Ban Tổ chức Trung ương Trần Văn Lâm, Phó Vụ trưởng Vụ Đại học Bộ GD-ĐT "
              "Nguyễn Thu Hà và Cục trưởng Cục Kinh tế Bộ Quốc phòng Đặng Văn Quân dự họp.")
    assert ("Trần Văn Lâm", "Trưởng ban", "Ban Tổ chức Trung ương", "current") in p
    assert ("Nguyễn Thu Hà", "Phó Vụ trưởng", "Vụ Đại học Bộ Giáo dục và Đào tạo", "current") in p
    assert ("Đặng Văn Quân", "Cục trưởng", "Cục Kinh tế Bộ Quốc phòng", "current") in p


def test_foreign_officials_keep_their_country():
    f = facts_of("Bộ trưởng Ngoại giao Trung Quốc Vương Lập Hoa, Thủ tướng Lào Somsak Vongsa, "
                 "Tổng thống Mỹ John Miller và Đại sứ Trung Quốc Lưu Kiến Quốc dự lễ cùng Đại sứ "
                 "Việt Nam tại Nhật Bản Nguyễn Văn Tân. Bộ trưởng Đức cho biết thêm.")
    p = f["_positions"]
    assert ("Vương Lập Hoa", "Bộ trưởng", "Bộ Ngoại giao Trung Quốc", "current") in p
    assert ("Somsak Vongsa", "Thủ tướng", "Chính phủ Lào", "current") in p
    assert ("John Miller", "Tổng thống", "Hoa Kỳ", "current") in p
    assert ("Lưu Kiến Quốc", "Đại sứ", "Đại sứ quán Trung Quốc tại Việt Nam", "current") in p
    assert ("Nguyễn Văn Tân", "Đại sứ", "Đại sứ quán Việt Nam tại Nhật Bản", "current") in p
    assert not any(org in ("Chính phủ", "Bộ Chính trị") for _, _, org, _ in p)


def test_a_foreign_party_s_organs_and_government_by_their_own_names():
    p = posts("Đón đoàn có ông Hàn Chính Minh, Ủy viên Bộ Chính trị Đảng Cộng sản Trung Quốc, Phó Thủ "
              "tướng Quốc vụ viện Trung Quốc, và ông Tống Bình An, Bí thư Ban Bí thư Trung ương Đảng "
              "Cộng sản Trung Quốc. Phó Thủ tướng Hàn Chính Minh đề nghị hai bên hợp tác. Ông Bùi Văn "
              "Tư, Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội tiếp đoàn.")
    assert ("Hàn Chính Minh", "Ủy viên", "Bộ Chính trị Đảng Cộng sản Trung Quốc", "current") in p
    assert ("Hàn Chính Minh", "Phó Thủ tướng", "Chính phủ Trung Quốc", "current") in p
    assert ("Tống Bình An", "Bí thư", "Ban Bí thư Đảng Cộng sản Trung Quốc", "current") in p
    assert ("Bùi Văn Tư", "Ủy viên", "Bộ Chính trị", "current") in p
    # the bare title again later is the same foreign post, not Vietnam's Government
    assert ("Hàn Chính Minh", "Phó Thủ tướng", "Chính phủ", "current") not in p


def test_a_country_is_never_a_person():
    f = facts_of("Đoàn đại biểu Mông Cổ và Trung Quốc thăm tỉnh Lào Cai, ông Vũ Văn Sơn tiếp đoàn.")
    assert f["_persons"] == ["Vũ Văn Sơn"]


# -- a post must not lose its organization ------------------------------------------------

def test_a_bare_title_takes_the_persons_fuller_post():
    f = facts_of("Chủ tịch Quốc hội Trần Văn Lộc khai mạc kỳ họp. Chủ tịch Trần Văn Lộc nhấn mạnh "
                 "yêu cầu đổi mới. Phó Chủ tịch Thường trực UBND tỉnh Nghệ An Lê Thị Hạnh dự; "
                 "Phó Chủ tịch Lê Thị Hạnh cho biết thêm.")
    p = f["_positions"]
    assert ("Trần Văn Lộc", "Chủ tịch", "Quốc hội", "current") in p
    assert ("Lê Thị Hạnh", "Phó Chủ tịch Thường trực", "Ủy ban nhân dân tỉnh Nghệ An", "current") in p
    assert not any(org is None for *_, org, _ in p)
    assert len(p) == 2  # the bare titles are the same posts, not two more
    basis = {x["organization_basis"] for x in f["positions"]}
    assert basis == {"stated"}


def test_a_bare_title_in_an_article_about_one_place_is_its_body():
    f = facts_of("UBND huyện Nam Sách họp bàn kế hoạch năm 2021. Phó Chủ tịch Đỗ Văn Hùng cho biết "
                 "huyện đã hoàn thành chỉ tiêu. Bí thư Nguyễn Thị Thoa đề nghị tập trung cho nông thôn mới.")
    p = f["_positions"]
    assert ("Đỗ Văn Hùng", "Phó Chủ tịch", "Ủy ban nhân dân huyện Nam Sách", "current") in p
    assert ("Nguyễn Thị Thoa", "Bí thư", "Huyện ủy Nam Sách", "current") in p
    assert {x["organization_basis"] for x in f["positions"]} == {"context"}


def test_an_unresolved_post_says_why():
    f = facts_of("Giám đốc Lê Văn Bảo cho biết công ty đã hoàn thành kế hoạch.")
    [post] = f["positions"]
    assert post["organization"] is None and post["organization_basis"] == "unresolved"
    assert "no body" in post["organization_reason"]


def test_headlines_name_a_post_by_its_place():
    text = ("Bí thư Hà Nội yêu cầu xử lý nghiêm sai phạm\n"
            "Sáng 12/6, Bí thư Hà Nội Phạm Quang Trung làm việc với quận Hoàn Kiếm. "
            "Chủ tịch Đà Nẵng Võ Thành Nam và Chủ tịch TP.HCM Lê Văn Khoa cùng dự.")
    f = facts_of(text)
    p = f["_positions"]
    assert ("Phạm Quang Trung", "Bí thư", "Thành ủy Hà Nội", "current") in p
    assert ("Võ Thành Nam", "Chủ tịch", "Ủy ban nhân dân thành phố Đà Nẵng", "current") in p
    assert ("Lê Văn Khoa", "Chủ tịch", "Ủy ban nhân dân thành phố Hồ Chí Minh", "current") in p
    assert "Hà Nội" not in f["_persons"]


def test_kiem_joins_two_titles_of_one_chain():
    p = posts("Bí thư Quận ủy kiêm Chủ tịch UBND quận Cầu Giấy Đỗ Minh Tuấn phát biểu.")
    assert ("Đỗ Minh Tuấn", "Bí thư", "Quận ủy Cầu Giấy", "current") in p
    assert ("Đỗ Minh Tuấn", "Chủ tịch", "Ủy ban nhân dân quận Cầu Giấy", "current") in p


# -- names ----------------------------------------------------------------------------------

def test_names_end_before_the_next_clause():
    f = facts_of("Bí thư Thành ủy Lê Văn Thắng Chiều 5/2 đến thăm công trình. Đồng chí Đỗ Kim Hội "
                 "Đồng chí Đỗ Kim Hội hứa sẽ cố gắng. Ông Vũ Xuân Sáng cho biết như vậy. "
                 "Ông Đặng Xuân Hoan Theo ông Hoan việc này khó. Ông Trần Văn Minh Tại buổi làm việc đã nói.")
    assert set(f["_persons"]) == {"Lê Văn Thắng", "Đỗ Kim Hội", "Vũ Xuân Sáng", "Đặng Xuân Hoan",
                                  "Trần Văn Minh"}


def test_long_and_ethnic_minority_names():
    p = posts("Đồng chí Y Thanh Hà Niê Kđăm, Bí thư Tỉnh ủy Đắk Lắk phát biểu. Ông Giàng A Chu, Phó Chủ tịch "
              "UBND tỉnh Yên Bái và bà Tôn Nữ Thị Ninh, Phó Chủ tịch Ủy ban Đối ngoại của Quốc hội dự. "
              "Bí thư Tỉnh ủy Đắk Nông Y Biêr Niê và ông Lò Văn Giàng, Chủ tịch UBND huyện Mường Lát cùng dự.")
    assert ("Y Thanh Hà Niê Kđăm", "Bí thư", "Tỉnh ủy Đắk Lắk", "current") in p
    assert ("Giàng A Chu", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái", "current") in p
    assert ("Tôn Nữ Thị Ninh", "Phó Chủ tịch", "Ủy ban Đối ngoại Quốc hội", "current") in p
    assert ("Y Biêr Niê", "Bí thư", "Tỉnh ủy Đắk Nông", "current") in p
    assert ("Lò Văn Giàng", "Chủ tịch", "Ủy ban nhân dân huyện Mường Lát", "current") in p


def test_provinces_and_years_are_never_persons():
    f = facts_of("Trưởng đoàn đại biểu Quốc hội Đồng Nai Phan Thị Mỹ Thanh dự. Cử tri Đinh Văn Khải "
                 "(Ba Đình, Hà Nội) phát biểu. Xuân Đinh Dậu 2017 đã về với Yên Bái.")
    assert sorted(f["_persons"]) == ["Phan Thị Mỹ Thanh", "Đinh Văn Khải"]
    assert ("Phan Thị Mỹ Thanh", "Trưởng đoàn", "Đoàn đại biểu Quốc hội tỉnh Đồng Nai", "current") \
        in f["_positions"]


# -- participants ---------------------------------------------------------------------------

def parts(text, published=None):
    return facts_of(text, published)["_parts"]


def test_chairs_of_council_sessions():
    p = parts("Sáng 8/7, HĐND tỉnh Nghệ An khai mạc kỳ họp thứ 5. Chủ tịch HĐND tỉnh Nguyễn Văn Lâm "
              "chủ tọa kỳ họp.", "2021-07-08")
    assert ("Nguyễn Văn Lâm", "chair") in p


def test_who_speaks_at_the_meeting_is_a_speaker_and_a_quoted_source_is_not():
    p = parts("Sáng 3/4, UBND tỉnh Hà Tĩnh tổ chức hội nghị sơ kết quý I. Ông Lê Văn Hải, Giám đốc "
              "Sở Y tế, cho biết ngành đã hoàn thành kế hoạch. Theo ông Trần Văn Nam, việc này còn khó, "
              "ông Phạm Văn Bình nhấn mạnh cần làm ngay.", "2021-04-03")
    assert ("Lê Văn Hải", "speaker") in p and ("Phạm Văn Bình", "speaker") in p
    assert not any(name == "Trần Văn Nam" for name, _ in p)


def test_a_reception_has_its_host_and_its_guest():
    f = facts_of("Chiều 5/6, tại Hà Nội, Bí thư Tỉnh ủy Nghệ An Nguyễn Văn Đông tiếp Đại sứ Nhật Bản "
                 "Tanaka Hiroshi. Hai bên trao đổi về hợp tác đầu tư.", "2021-06-06")
    assert {("Nguyễn Văn Đông", "host"), ("Tanaka Hiroshi", "guest")} <= f["_parts"]
    [event] = [e for e in f["events"] if e["reported"]]
    assert event["kind"] == "reception" and event["date"] == "2021-06-05"


def test_a_working_visit_is_the_event_of_its_article():
    f = facts_of("Bí thư Thành ủy đến thăm và làm việc với huyện Mê Linh\n"
                 "Sáng 12/5, đồng chí Lê Văn Toàn, Bí thư Thành ủy Hà Nội đến thăm và làm việc với "
                 "huyện Mê Linh. Đồng chí Lê Văn Toàn yêu cầu huyện đẩy nhanh giải phóng mặt bằng.",
                 "2017-05-12")
    [event] = [e for e in f["events"] if e["reported"]]
    assert event["kind"] == "visit" and event["date"] == "2017-05-12"
    assert ("Lê Văn Toàn", "guest") in f["_parts"] and ("Lê Văn Toàn", "speaker") in f["_parts"]


def test_nouns_that_look_like_verbs_make_no_part():
    p = parts("Sáng 3/4, huyện Cẩm Xuyên tổ chức hội nghị. Phát biểu tại hội nghị, đồng chí Trần Văn Hải, "
              "Chủ tịch UBND huyện cảm ơn sự đón tiếp chu đáo và mong hai huyện tiếp tục hỗ trợ nhau; "
              "theo đề nghị của Sở, ông Lê Văn Bình được giao nhiệm vụ.", "2021-04-03")
    assert p == {("Trần Văn Hải", "speaker")}


def test_an_event_announced_for_later_or_named_in_passing_is_not_the_news():
    f = facts_of("Kế hoạch năm 2021 của huyện\nHuyện sẽ tổ chức hội thảo về du lịch vào tháng 9. "
                 "Các tổ chức, cá nhân thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XX đã đạt kết quả.",
                 "2021-04-03")
    assert not [e for e in f["events"] if e["reported"]]


# -- dates ----------------------------------------------------------------------------------

def test_a_day_without_its_year_takes_the_articles_year():
    # no publication date: the year comes from the article's other full dates
    f = facts_of("Lễ kỷ niệm 70 năm Ngày thương binh liệt sĩ\nKỷ niệm 70 năm Ngày thương binh liệt sĩ "
                 "(27/7/1947 – 27/7/2017), tối 26/7, tỉnh Thái Nguyên tổ chức lễ kỷ niệm. Ông Lê Văn An "
                 "sinh ngày 2/9/1960 dự lễ.")
    [event] = [e for e in f["events"] if e["reported"]]
    assert event["date"] == "2017-07-26"  # not the anniversary's 27/7, nor 1947, nor a birth date


# -- elections, appointments, dismissals ----------------------------------------------------

def test_active_elections_and_dismissals_give_the_post_to_the_person_named():
    p = posts("Đoàn ĐBQH TP.HCM đã bầu ông Trần Văn Phúc, Bí thư Thành ủy TP.HCM làm trưởng đoàn.")
    p |= posts("HĐND huyện Nam Sách đã miễn nhiệm chức vụ Phó Chủ tịch UBND huyện đối với ông Lê Văn Bình. "
              "Kỳ họp bầu bổ sung chức danh Phó Chủ tịch HĐND huyện đối với bà Trần Thị Hoa. Ban Thường vụ "
              "Tỉnh ủy điều động, bổ nhiệm đồng chí Ngô Văn Tuấn, Phó Giám đốc Sở Y tế tỉnh Hải Dương giữ "
              "chức Giám đốc Sở Y tế tỉnh Hải Dương. Cử tri huyện bầu cử đại biểu HĐND các cấp.")
    assert ("Trần Văn Phúc", "Bí thư", "Thành ủy Thành phố Hồ Chí Minh", "current") in p
    assert ("Trần Văn Phúc", "Trưởng đoàn", "Đoàn đại biểu Quốc hội thành phố Hồ Chí Minh", "appointed") in p
    assert ("Lê Văn Bình", "Phó Chủ tịch", "Ủy ban nhân dân huyện Nam Sách", "former") in p
    assert ("Trần Thị Hoa", "Phó Chủ tịch", "Hội đồng nhân dân huyện Nam Sách", "appointed") in p
    assert ("Ngô Văn Tuấn", "Phó Giám đốc", "Sở Y tế tỉnh Hải Dương", "current") in p
    assert ("Ngô Văn Tuấn", "Giám đốc", "Sở Y tế tỉnh Hải Dương", "appointed") in p


def test_a_career_recap_is_former():
    p = posts("Ông Đỗ Văn Hùng từng đảm nhiệm các chức vụ Giám đốc Sở Giao thông vận tải tỉnh Hà Tĩnh, "
              "Bí thư Huyện ủy Cẩm Xuyên.")
    assert ("Đỗ Văn Hùng", "Giám đốc", "Sở Giao thông vận tải tỉnh Hà Tĩnh", "former") in p
    assert ("Đỗ Văn Hùng", "Bí thư", "Huyện ủy Cẩm Xuyên", "former") in p
    # words between "từng" and its verb
    p = posts("Ông Lê Văn Sơn phát biểu. Ông Sơn từng có nhiều năm làm Chủ tịch UBND huyện Cẩm Xuyên.")
    assert ("Lê Văn Sơn", "Chủ tịch", "Ủy ban nhân dân huyện Cẩm Xuyên", "former") in p
    p = posts("Bà Trần Thị Lan, người từng hai lần giữ chức Bí thư Huyện ủy Cẩm Xuyên, dự hội nghị.")
    assert ("Trần Thị Lan", "Bí thư", "Huyện ủy Cẩm Xuyên", "former") in p


# -- departments, units and chains --------------------------------------------------------

def test_a_unit_names_its_parent_after_a_comma_or_in_brackets():
    p = posts("Ông Lê Văn Hải - Cục trưởng Cục Quản lý thị trường (Bộ Công Thương) cho biết.")
    assert ("Lê Văn Hải", "Cục trưởng", "Cục Quản lý thị trường Bộ Công Thương", "current") in p
    p = posts("Bà Trần Thị Hoa, Vụ trưởng Vụ Pháp chế, Bộ Tư pháp phát biểu.")
    assert ("Trần Thị Hoa", "Vụ trưởng", "Vụ Pháp chế Bộ Tư pháp", "current") in p
    # a title after the comma goes on with the chain
    p = posts("Ông Hồ Văn Tâm, Bí thư Ban cán sự đảng, Viện trưởng Viện Kiểm sát nhân dân tỉnh Quảng Trị dự.")
    assert ("Hồ Văn Tâm", "Viện trưởng", "Viện Kiểm sát nhân dân tỉnh Quảng Trị", "current") in p


def test_departments_by_their_fields_official_name():
    p = posts("Giám đốc Sở TN&MT Yên Bái Phạm Văn Quý, Trưởng phòng GD&ĐT huyện Lục Yên Lê Văn An, "
              "Phó Giám đốc Sở NN&PTNT TP Đà Nẵng Trần Văn Phương và Phó Chủ tịch UBND TP Yên Bái "
              "Nguyễn Thị Hiền dự họp.")
    assert ("Phạm Văn Quý", "Giám đốc", "Sở Tài nguyên và Môi trường tỉnh Yên Bái", "current") in p
    assert ("Lê Văn An", "Trưởng phòng", "Phòng Giáo dục và Đào tạo huyện Lục Yên", "current") in p
    assert ("Trần Văn Phương", "Phó Giám đốc",
            "Sở Nông nghiệp và Phát triển nông thôn thành phố Đà Nẵng", "current") in p
    # "TP Yên Bái" is the city under tỉnh Yên Bái
    assert ("Nguyễn Thị Hiền", "Phó Chủ tịch", "Ủy ban nhân dân thành phố Yên Bái", "current") in p


def test_a_bare_party_committee_in_a_chain_is_the_next_bodys():
    p = posts("Ông Lê Văn Dũng, Bí thư Đảng ủy, Phó Tổng Giám đốc Tập đoàn Viễn thông Quân đội phát biểu. "
              "Ông Trần Văn Minh, Phó Bí thư Đảng ủy, Phó Giám đốc Bệnh viện đa khoa huyện Thường Xuân dự. "
              "Ông Ngô Văn Thảo, Bí thư kiêm Chủ tịch UBND P.Hương Xuân cho biết.")
    assert ("Lê Văn Dũng", "Bí thư", "Đảng ủy Tập đoàn Viễn thông Quân đội", "current") in p
    assert ("Trần Văn Minh", "Phó Bí thư", "Đảng ủy Bệnh viện Đa khoa huyện Thường Xuân", "current") in p
    assert ("Ngô Văn Thảo", "Bí thư", "Đảng ủy phường Hương Xuân", "current") in p
    assert ("Ngô Văn Thảo", "Chủ tịch", "Ủy ban nhân dân phường Hương Xuân", "current") in p


def test_a_title_joined_to_the_one_before_shares_its_body():
    p = posts("Chủ tịch UBND tỉnh Hà Tĩnh Lê Văn Hải và Phó Chủ tịch Nguyễn Văn Đức cùng làm việc với "
              "lãnh đạo công ty.")
    assert ("Nguyễn Văn Đức", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Hà Tĩnh", "current") in p


def test_abbreviated_level_words_and_numbered_units():
    p = posts("Chủ tịch UBND TX. Sơn Tây Lê Văn Bình và Chủ tịch UBND Q.1 Nguyễn Văn An dự họp.")
    assert ("Lê Văn Bình", "Chủ tịch", "Ủy ban nhân dân thị xã Sơn Tây", "current") in p
    assert ("Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân quận 1", "current") in p


def test_a_foreign_chain_keeps_its_country_for_every_title():
    p = posts("Tổng Bí thư, Chủ tịch nước Trung Quốc Lưu Vĩnh Khang tiếp đoàn. Bộ trưởng Bộ Văn hóa "
              "Trung Quốc Lạc Minh Đức đón đoàn.")
    assert ("Lưu Vĩnh Khang", "Tổng Bí thư", "Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc",
            "current") in p
    assert ("Lưu Vĩnh Khang", "Chủ tịch nước", "Trung Quốc", "current") in p
    assert ("Lạc Minh Đức", "Bộ trưởng", "Bộ Văn hóa Trung Quốc", "current") in p


def test_a_body_named_bare_is_the_one_the_article_named_in_full():
    p = posts("Chiều 2/6, Chi cục Kiểm lâm TP Đà Nẵng đã báo cáo. Ông Trần Văn Phúc (Phó Giám đốc Sở "
              "NN&PTNT TP Đà Nẵng, kiêm Chi cục trưởng Chi cục Kiểm lâm) cho biết thêm. Ông Lê Văn Minh, "
              "Phó Bí thư Đảng ủy - Phó Giám đốc BV đa khoa huyện Thường Xuân bị kiểm điểm. Ông Phạm Văn "
              "Quý - Giám đốc Sở Tài nguyên và Môi trường Yên Bái trả lời.")
    assert ("Trần Văn Phúc", "Chi cục trưởng", "Chi cục Kiểm lâm thành phố Đà Nẵng", "current") in p
    assert ("Lê Văn Minh", "Phó Giám đốc", "Bệnh viện Đa khoa huyện Thường Xuân", "current") in p
    assert ("Phạm Văn Quý", "Giám đốc", "Sở Tài nguyên và Môi trường tỉnh Yên Bái", "current") in p


def test_one_status_per_post_the_news_wins():
    # the headline names the new post as held, the body reports the appointment
    p = posts("Đồng chí Lê Văn Tiến làm Bí thư Quận ủy Ba Đình\nChiều 26/6, Thành ủy Hà Nội trao quyết "
              "định điều động, phân công đồng chí Lê Văn Tiến - Thành ủy viên, Chánh Văn phòng Thành ủy "
              "làm Bí thư Quận ủy Ba Đình.", "2017-06-27")
    assert ("Lê Văn Tiến", "Bí thư", "Quận ủy Ba Đình", "appointed") in p
    assert ("Lê Văn Tiến", "Bí thư", "Quận ủy Ba Đình", "current") not in p


def test_associations_boards_and_cadre_committees():
    p = posts("Ông Nguyễn Hữu Thành, Chủ tịch Hiệp hội Doanh nghiệp tỉnh Tuyên Quang, cho rằng như vậy. "
              "Ông Lê Văn An, Chủ tịch HĐQT Công ty Cổ phần Sông Đà cho biết. Bí thư Ban cán sự đảng, "
              "Bộ trưởng Bộ Kế hoạch và Đầu tư Nguyễn Chí Hùng phát biểu. Bà Trịnh Thị Thu, Thứ trưởng "
              "Bộ VH-TT-DL, cho biết thêm.", "2017-06-27")
    assert ("Nguyễn Hữu Thành", "Chủ tịch", "Hiệp hội Doanh nghiệp tỉnh Tuyên Quang", "current") in p
    assert ("Lê Văn An", "Chủ tịch", "Hội đồng quản trị Công ty Cổ phần Sông Đà", "current") in p
    assert ("Nguyễn Chí Hùng", "Bí thư", "Ban cán sự đảng Bộ Kế hoạch và Đầu tư", "current") in p
    assert ("Trịnh Thị Thu", "Thứ trưởng", "Bộ Văn hóa, Thể thao và Du lịch", "current") in p


def test_a_title_that_runs_into_an_unknown_body_is_not_the_articles():
    f = facts_of("UBND huyện Nam Sách tổ chức hội nghị. Ông Lê Văn Bình, Chủ tịch Câu lạc bộ Hưu trí, "
                 "cho biết như vậy.", "2021-04-03")
    assert not any(org == "Ủy ban nhân dân huyện Nam Sách" for *_, org, _ in f["_positions"])


def test_a_welcome_names_its_guest_then_its_hosts():
    p = parts("Chiều 11/5, Chủ tịch nước Trần Văn Quang đến Bắc Kinh. Đón Chủ tịch nước Trần Văn Quang tại sân "
              "bay có Bộ trưởng Bộ Văn hóa Trung Quốc Lạc Thụ Minh, Đại sứ Trung Quốc Hồng Tiểu Hải.",
              "2017-05-12")
    assert ("Trần Văn Quang", "guest") in p
    assert {("Lạc Thụ Minh", "host"), ("Hồng Tiểu Hải", "host")} <= p


def test_a_decision_handed_over_is_a_ceremony_and_a_group_discussion_a_session():
    f = facts_of("Chiều 26/6, Phó Bí thư Thường trực Thành ủy Hà Nội Ngô Thị Hằng đã trao quyết định điều động, "
                 "phân công đồng chí Lê Văn Tiến làm Bí thư Quận ủy Ba Đình.", "2017-06-27")
    [event] = [e for e in f["events"] if e["reported"]]
    assert event["kind"] == "ceremony" and event["date"] == "2017-06-26"
    assert ("Lê Văn Tiến", "appointee") in f["_parts"]
    g = facts_of("Chiều 30/5, Quốc hội thảo luận tại tổ về dự án Luật Tố cáo. Bí thư Tỉnh ủy Tuyên Quang "
                 "Chẩu Văn Lâm cho biết đơn thư nặc danh rất phức tạp.", "2017-05-31")
    [event] = [e for e in g["events"] if e["reported"]]
    assert event["kind"] == "session" and ("Chẩu Văn Lâm", "speaker") in g["_parts"]


def test_an_act_named_by_its_own_words_is_the_reported_event():
    # no "tổ chức", "khai mạc": the words are the act ("thảo luận tại tổ", "hội đàm")
    g = facts_of("Luật Đất đai cần sửa ở đâu\n\n“Phải sửa ngay”, ông nói. Đây là ý kiến của Bí thư Tỉnh ủy "
                 "Lào Cai Đặng Văn Minh khi Quốc hội thảo luận tại tổ về dự án Luật Đất đai, chiều 2/6/2017. "
                 "Đại biểu Hoàng Thị Lan (Lào Cai) lập luận rằng cần thêm thời gian.", "2017-06-03")
    [event] = [e for e in g["events"] if e["reported"]]
    assert event["kind"] == "session" and event["name"].startswith("Thảo luận tại tổ về dự án Luật Đất đai")
    assert ("Hoàng Thị Lan", "speaker") in g["_parts"]


def test_deputies_of_the_assembly_the_article_reports():
    p = posts("Chiều 30/5, Quốc hội thảo luận tại tổ về dự án Luật Tố cáo. Đại biểu Hồ Văn Nam (Đồng Nai) "
              "cho rằng không nên xem xét đơn nặc danh; ĐB Ma Thị Thu (Tuyên Quang) đồng tình.", "2017-05-31")
    assert ("Hồ Văn Nam", "Đại biểu", "Quốc hội", "current") in p
    assert ("Ma Thị Thu", "Đại biểu", "Quốc hội", "current") in p
    # a report of the Assembly's own work, with no session word: it names the Assembly again and again
    p = posts("Sáng nay, Quốc hội thông qua chương trình xây dựng luật năm 2018. Theo Chủ tịch Quốc hội, "
              "Quốc hội sẽ soạn thảo thêm nhiều luật. Đại biểu Trần Văn Lộc đề nghị cân nhắc tiến độ.")
    assert ("Trần Văn Lộc", "Đại biểu", "Quốc hội", "current") in p
    # … but a council's session keeps its own deputies
    p = posts("Sáng nay, HĐND tỉnh Hà Tĩnh họp bàn việc Quốc hội giao. Đại biểu Trần Văn Lộc phát biểu. "
              "Tỉnh sẽ báo cáo Quốc hội. Quốc hội sẽ xem xét.")
    assert ("Trần Văn Lộc", "Đại biểu", "Quốc hội", "current") not in p


def test_a_title_before_a_list_is_every_names():
    p = posts("Tham dự có các Ủy viên Bộ Chính trị: Tòng Thị Phương, Phó Chủ tịch Quốc hội; Trương Hòa Bảo, Phó "
              "Thủ tướng. Nhiều cán bộ nguyên Ủy viên Trung ương như ông Vũ Huy Hùng, Nguyễn Minh Quân bị kỷ luật.")
    assert ("Tòng Thị Phương", "Ủy viên", "Bộ Chính trị", "current") in p
    assert ("Trương Hòa Bảo", "Ủy viên", "Bộ Chính trị", "current") in p
    assert ("Trương Hòa Bảo", "Phó Thủ tướng", "Chính phủ", "current") in p
    assert ("Nguyễn Minh Quân", "Ủy viên", "Ban Chấp hành Trung ương Đảng", "former") in p


def test_firms_named_by_their_brand_and_by_common_short_forms():
    # a manager's body is often its brand, an acronym with or without more words
    found = posts("Ông Lê Minh Tâm, Tổng giám đốc Sonaco BHT, cho biết. Bà Phan Thị Ngọc, "
                  "Giám đốc VTB Đà Nẵng, nói. Giám đốc Trần Văn Tư phát biểu.")
    assert ("Lê Minh Tâm", "Tổng Giám đốc", "Sonaco BHT", "current") in found
    assert ("Phan Thị Ngọc", "Giám đốc", "VTB Đà Nẵng", "current") in found
    assert not any(o and "Trần" in o for _, _, o, _ in found)  # a name after a title is no brand
    # "Cty", "BVĐK", "TTXVN"; a bus station or a port named after a place
    found = posts("Ông Đỗ Văn Khải, Phó Giám đốc Cty CP Cấp nước Hòa Lạc, nói. Ông Vũ Văn Sơn, "
                  "Giám đốc BVĐK huyện Kim Bôi, cho biết. Ông Hà Văn Lực, Phó Tổng giám đốc TTXVN. "
                  "Ông Mai Văn Phúc, Giám đốc Bến xe Nước Ngầm. Ông Đinh Văn Hải, Giám đốc Cảng Hải Phòng.")
    assert ("Đỗ Văn Khải", "Phó Giám đốc", "Công ty CP Cấp nước Hòa Lạc", "current") in found
    assert ("Vũ Văn Sơn", "Giám đốc", "Bệnh viện Đa khoa huyện Kim Bôi", "current") in found
    assert ("Hà Văn Lực", "Phó Tổng Giám đốc", "Thông tấn xã Việt Nam", "current") in found
    assert ("Mai Văn Phúc", "Giám đốc", "Bến xe Nước Ngầm", "current") in found
    assert ("Đinh Văn Hải", "Giám đốc", "Cảng Hải Phòng", "current") in found


def test_a_bare_title_takes_the_one_body_of_its_kind_the_article_names():
    # "Bộ trưởng X" in an article about one ministry is its minister ...
    text = ("Bộ Tài nguyên và Môi trường vừa trình Chính phủ đề án mới. Theo Bộ trưởng Lê Văn Đông, "
            "việc này cấp bách. Bộ sẽ lấy ý kiến các địa phương.")
    assert ("Lê Văn Đông", "Bộ trưởng", "Bộ Tài nguyên và Môi trường", "current") in posts(text)
    # ... but with two ministries in the article, the title stays without one
    text += " Bộ Tài chính cũng góp ý."
    assert ("Lê Văn Đông", "Bộ trưởng", None, "current") in posts(text)
    # a "Phòng" is no "Văn phòng": a title takes only a body with its own head
    text = ("Phòng Nội vụ huyện Kim Sơn họp. Chánh Văn phòng Trần Thị Bốn nói.")
    assert not any(r == "Chánh Văn phòng" and o and o.startswith("Phòng") for _, r, o, _ in posts(text))


def test_schools_and_units_named_after_a_person_a_field_or_a_level():
    found = posts("Ông Hà Văn Sáu, Hiệu trưởng Trường ĐH Trần Đại Nghĩa, nói. Bà Lò Thị Bảy, Hiệu trưởng "
                  "trường Tiểu học Võ Thị Sáu, nói. Ông Đỗ Văn Tám, Phó Hiệu trưởng Trường ĐH Y Dược "
                  "Lê Hữu Trác, nói. Ông Mạc Văn Chín, Vụ trưởng Vụ Giáo dục Đại học, nói. Ông Kha Văn "
                  "Mười, Vụ phó Vụ ĐH và Sau ĐH Bộ GD-ĐT, nói. Ông Lã Văn Một, Tổng cục phó Tổng cục "
                  "Thuế, nói.")
    assert ("Hà Văn Sáu", "Hiệu trưởng", "Trường Đại học Trần Đại Nghĩa", "current") in found
    assert ("Lò Thị Bảy", "Hiệu trưởng", "Trường Tiểu học Võ Thị Sáu", "current") in found
    assert ("Đỗ Văn Tám", "Phó Hiệu trưởng", "Trường Đại học Y Dược Lê Hữu Trác", "current") in found
    assert ("Mạc Văn Chín", "Vụ trưởng", "Vụ Giáo dục Đại học", "current") in found
    assert ("Kha Văn Mười", "Phó Vụ trưởng", "Vụ Đại học và Sau Đại học Bộ Giáo dục và Đào tạo",
            "current") in found
    assert ("Lã Văn Một", "Phó Tổng cục trưởng", "Tổng cục Thuế", "current") in found
    # the namesake is the school's, never a person of its own; a field is no namesake
    assert {p for p, _, _, _ in found} == {"Hà Văn Sáu", "Lò Thị Bảy", "Đỗ Văn Tám", "Mạc Văn Chín",
                                          "Kha Văn Mười", "Lã Văn Một"}
    assert ("Vũ Văn Hai", "Hiệu trưởng", "Trường Đại học Bách khoa Hà Nội", "current") in posts(
        "Ông Vũ Văn Hai, Hiệu trưởng Trường ĐH Bách khoa Hà Nội, phát biểu.")



def test_a_utility_s_trade_is_part_of_its_name():
    found = posts("Ông Tạ Văn Hòa, giám đốc Chi nhánh cấp nước Phú Hòa, cho biết. Ông Lý Văn Bình, "
                  "Phó Tổng giám đốc Công ty cấp thoát nước Lâm Đồng, nói. Ông Đàm Văn Cư, Giám đốc "
                  "Công ty phát điện 2, phát biểu.")
    assert ("Đàm Văn Cư", "Giám đốc", "Công ty Phát điện 2", "current") in found
    assert ("Tạ Văn Hòa", "Giám đốc", "Chi nhánh Cấp nước Phú Hòa", "current") in found
    assert ("Lý Văn Bình", "Phó Tổng Giám đốc", "Công ty Cấp thoát nước Lâm Đồng", "current") in found


def test_a_party_cell_of_a_village_is_named_as_written():
    found = posts("Ông Lục Văn Tám – Bí thư chi bộ thôn Đồng Tâm cho biết. Bà Nông Thị Hà, Bí thư Chi "
                  "bộ ấp 4, nói. Bí thư chi bộ Hoàng Văn Kiên phát biểu.")
    assert ("Lục Văn Tám", "Bí thư", "Chi bộ thôn Đồng Tâm", "current") in found
    assert ("Nông Thị Hà", "Bí thư", "Chi bộ ấp 4", "current") in found
    assert "Đồng Tâm" not in {p for p, _, _, _ in found}  # the village is no person


def test_a_deputy_minister_named_bare_and_ministries_written_with_an_ampersand():
    found = posts("Bộ Xây dựng vừa họp. Thứ trưởng Cù Văn Mạnh cho biết đề án sẽ trình. Ông Lò Văn Hải, "
                  "Thứ trưởng Kế hoạch & Đầu tư, góp ý.")
    assert ("Cù Văn Mạnh", "Thứ trưởng", "Bộ Xây dựng", "current") in found
    assert ("Lò Văn Hải", "Thứ trưởng", "Bộ Kế hoạch và Đầu tư", "current") in found


def test_military_bodies_and_their_regions():
    found = posts("Đại tá Hà Văn Lâm, Phó Chính ủy Đoàn Kinh tế quốc phòng 345, Quân khu 2, báo cáo. "
                  "Thiếu tướng Vi Văn Mạnh, Tư lệnh Quân khu 3, phát biểu. Đại tá Lầu Văn Páo, Chính ủy "
                  "Bộ đội Biên phòng tỉnh Lai Châu, cho biết. Ông Đinh Văn Tú, Phó Tư lệnh Bộ Tư lệnh "
                  "Thủ đô, dự. Bộ Luật Hình sự quy định rõ.")
    assert ("Hà Văn Lâm", "Phó Chính ủy", "Đoàn Kinh tế quốc phòng 345 Quân khu 2", "current") in found
    assert ("Vi Văn Mạnh", "Tư lệnh", "Quân khu 3", "current") in found
    assert ("Lầu Văn Páo", "Chính ủy", "Bộ đội Biên phòng tỉnh Lai Châu", "current") in found
    assert ("Đinh Văn Tú", "Phó Tư lệnh", "Bộ Tư lệnh Thủ đô", "current") in found
    assert not any(o and o.startswith("Bộ Luật") for _, _, o, _ in found)


def test_a_day_without_its_year_takes_it_from_the_year_s_name_or_the_anniversary():
    def dates(text):
        return [e["date"] for e in facts_of(text)["events"] if e["reported"]]

    # no publication date and no full date: the year's name says the year
    assert dates("Sáng 3.2, tại Sở Giao dịch chứng khoán, Chủ tịch UBND tỉnh Lê Văn Tám dự lễ khai "
                 "trương phiên giao dịch đầu xuân Mậu Tuất 2018.") == ["2018-02-03"]
    # an anniversary's span ends in the year of its ceremony; a plan's span says nothing
    assert dates("Ngày 12/4, Bộ Ngoại giao tổ chức lễ kỷ niệm 40 năm quan hệ ngoại giao (4/1979 - "
                 "4/2019). Ông Lê Văn Chín, Thứ trưởng Bộ Ngoại giao phát biểu.") == ["2019-04-12"]
    assert dates("Ngày 12/4, Bộ Công Thương tổ chức hội nghị về kế hoạch 10 năm (2021 - 2030). Ông Lê "
                 "Văn Mười, Thứ trưởng Bộ Công Thương phát biểu.") == [None]


def test_assembly_committees_standing_members_and_more_common_bodies():
    found = posts("Ông Hầu Văn Lý, Ủy viên Thường trực Ủy ban về các vấn đề xã hội của Quốc hội, nói. Bà "
                  "Vàng Thị Mai, Phó Chủ nhiệm UB Khoa học-Công nghệ và Môi trường của Quốc hội, nói. Ông "
                  "Sầm Văn Tú, Ủy viên UB TƯ MTTQ VN, nói. Ông Hứa Văn Đạt, Giám đốc BHXH tỉnh Cao Bằng, nói. "
                  "Bà Nông Thị Lan, Chủ tịch Công đoàn ngành Y tế, nói. Ông Bế Văn Kiên, Giám đốc Nhà máy "
                  "Xi măng Bỉm Sơn, nói. Bà Ma Thị Hoa, Giám đốc Bảo tàng Dân tộc học, nói.")
    assert ("Hầu Văn Lý", "Ủy viên Thường trực", "Ủy ban về các vấn đề xã hội Quốc hội", "current") in found
    assert ("Vàng Thị Mai", "Phó Chủ nhiệm", "Ủy ban Khoa học, Công nghệ và Môi trường Quốc hội",
            "current") in found
    assert ("Sầm Văn Tú", "Ủy viên", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "current") in found
    assert ("Hứa Văn Đạt", "Giám đốc", "Bảo hiểm xã hội tỉnh Cao Bằng", "current") in found
    assert ("Bế Văn Kiên", "Giám đốc", "Nhà máy Xi măng Bỉm Sơn", "current") in found
    assert ("Ma Thị Hoa", "Giám đốc", "Bảo tàng Dân tộc học", "current") in found
    assert any(p == "Nông Thị Lan" and o and match_key(o) == "công đoàn ngành y tế" for p, _, o, _ in found)


def test_a_dash_is_a_dash_however_it_is_spaced():
    # the patterns match every spacing of a dash; the lookup of what they matched must too
    for written in ("Khoa học-Công nghệ", "Khoa học- Công nghệ", "Khoa học -Công nghệ", "Khoa học - Công nghệ"):
        found = posts(f"Ông Lý Văn Sáu, Phó Chủ nhiệm Ủy ban {written} và Môi trường của Quốc hội, nói.")
        assert ("Lý Văn Sáu", "Phó Chủ nhiệm", "Ủy ban Khoa học, Công nghệ và Môi trường Quốc hội",
                "current") in found, written


def test_the_head_of_a_delegation_is_its_guest():
    parts = facts_of("Sáng 6/7, Đoàn kiểm tra của Ban Bí thư do đồng chí Lò Văn Sơn, Ủy viên Trung ương "
                     "Đảng, làm Trưởng đoàn đã làm việc với Ban Thường vụ Tỉnh ủy Sơn La. Đồng chí Lò Văn "
                     "Sơn, Trưởng đoàn kiểm tra dự buổi làm việc và phát biểu.", "2017-07-06")["_parts"]
    assert ("Lò Văn Sơn", "guest") in parts
    assert ("Lò Văn Sơn", "attendee") not in parts


def test_a_name_the_article_gives_a_street_is_the_street_s_throughout():
    f = facts_of("Cầu vượt tại nút giao Trần Khánh Dư – Lê Đức Thọ được khởi công. Nhánh 1 hướng từ Lê "
                 "Đức Thọ dài 300 m. Ông Lò Văn Nam, Giám đốc Sở Giao thông vận tải, cho biết đường Võ "
                 "Văn Kiệt sẽ thông xe.")
    assert f["_persons"] == ["Lò Văn Nam"]
    # a name a title or an honorific vouches for stays a person, and "lái tàu X" is a driver
    f = facts_of("Đường Lê Văn Lương ngập sâu. Ông Lê Văn Lương, Chủ tịch UBND phường, nói. Viện kiểm "
                 "sát đề nghị truy tố lái tàu Bùi Thái Hà. Bùi Thái Hà khai nhận.")
    assert "Lê Văn Lương" in f["_persons"] and "Bùi Thái Hà" in f["_persons"]


def test_a_title_then_a_dash_then_a_rank_and_a_name_is_that_person_s():
    found = posts("Tài sản của gia đình Giám đốc Công an tỉnh Lai Châu - Thiếu tướng Lò Văn Tiến và "
                  "Giám đốc Sở Tài chính Tòng Văn Hải được kê khai.")
    assert ("Lò Văn Tiến", "Giám đốc", "Công an tỉnh Lai Châu", "current") in found
    assert ("Tòng Văn Hải", "Giám đốc", "Sở Tài chính tỉnh Lai Châu", "current") in found


def test_inspectorates_faculties_courts_and_steering_committees():
    found = posts("Ông Hồ Văn Kha, Chánh Thanh tra Bộ Công an, nói. Ông Lý Văn Tài, Chánh Thanh tra tỉnh "
                  "Lạng Sơn, nói. Ông Sùng A Hồ, Cục trưởng Cục Phòng, chống ma túy, nói. Ông Lê "
                  "Văn Mạnh, Trưởng Ban Chỉ đạo phòng, chống tham nhũng tỉnh Lạng Sơn, nói. Ông Tạ Văn "
                  "Hùng, nguyên Chánh án Tòa án quân sự Trung ương, nói. Bà Mai Thị Hoa, Trưởng khoa "
                  "Sản, Bệnh viện Đa khoa tỉnh Lạng Sơn, nói. Ông Âu Văn Minh, Hiệu trưởng Trường ĐH "
                  "Khoa học Tự nhiên, nói.")
    assert ("Hồ Văn Kha", "Chánh Thanh tra", "Thanh tra Bộ Công an", "current") in found
    assert ("Lý Văn Tài", "Chánh Thanh tra", "Thanh tra tỉnh Lạng Sơn", "current") in found
    assert ("Sùng A Hồ", "Cục trưởng", "Cục Phòng, chống ma túy", "current") in found
    assert any(p == "Lê Văn Mạnh" and o and match_key(o) == "ban chỉ đạo phòng, chống tham nhũng tỉnh lạng sơn"
               for p, _, o, _ in found)
    assert ("Tạ Văn Hùng", "Chánh án", "Tòa án quân sự Trung ương", "former") in found
    assert ("Mai Thị Hoa", "Trưởng khoa", "Khoa Sản Bệnh viện Đa khoa tỉnh Lạng Sơn", "current") in found
    assert ("Âu Văn Minh", "Hiệu trưởng", "Trường Đại học Khoa học Tự nhiên", "current") in found


def test_a_meeting_named_by_its_verb_gap_go():
    f = facts_of("Sáng 3-6, lãnh đạo Thành ủy và UBND tỉnh đã gặp gỡ các doanh nghiệp để trao đổi về hạ "
                 "tầng. Giám đốc Sở Xây dựng Vi Văn Hòa cho biết quỹ đất còn ít.", "2019-06-03")
    events = [e for e in f["events"] if e["reported"]]
    assert [e["kind"] for e in events] == ["meeting"] and events[0]["date"] == "2019-06-03"
    assert ("Vi Văn Hòa", "speaker") in f["_parts"]


def test_foreign_names_after_an_honorific_and_foreign_chambers():
    f = facts_of("Đoàn do ngài Aung Kyaw Min, Chủ tịch Thượng viện Myanmar dẫn đầu. Ông Peter Miller, "
                 "Chủ tịch Hạ viện Canada, cho biết. Bà Angela Stone nói.")
    assert {"Aung Kyaw Min", "Peter Miller", "Angela Stone"} <= set(f["_persons"])
    assert ("Aung Kyaw Min", "Chủ tịch", "Thượng viện Myanmar", "current") in f["_positions"]
    assert ("Peter Miller", "Chủ tịch", "Hạ viện Canada", "current") in f["_positions"]


def test_a_courtesy_call_names_its_hosts_one_verb_after_another():
    parts = facts_of("Ngày 16/5, ngài Aung Min Thant, Chủ tịch Thượng viện Myanmar đã thăm chính thức Việt "
                     "Nam. Trong chuyến thăm, ngài Aung Min Thant đã chào xã giao Tổng Bí thư Hà Văn Một; "
                     "chào xã giao Chủ tịch nước Lò Văn Hai.", "2017-05-16")["_parts"]
    assert ("Aung Min Thant", "guest") in parts
    assert ("Hà Văn Một", "host") in parts and ("Lò Văn Hai", "host") in parts
    assert ("Hà Văn Một", "guest") not in parts  # whom one verb calls on is not the next one's subject


def test_councils_by_name_and_a_title_chain_joined_by_kiem():
    found = posts("Ông Đinh Văn Sáu, Tổng Thư ký Hội đồng Quốc gia Giáo dục, nói. Ông Mạc Văn Tám, Bộ "
                  "trưởng Bộ Tư pháp kiêm Phó Trưởng ban Nội chính Trung ương, nói.")
    assert ("Đinh Văn Sáu", "Tổng Thư ký", "Hội đồng Quốc gia Giáo dục", "current") in found
    assert ("Mạc Văn Tám", "Bộ trưởng", "Bộ Tư pháp", "current") in found
    assert ("Mạc Văn Tám", "Phó Trưởng ban", "Ban Nội chính Trung ương", "current") in found


def test_a_consul_general_s_consulate_in_a_vietnamese_city():
    found = posts("Ông Sok Dara, Tổng Lãnh sự Campuchia tại TP.HCM, phát biểu tại buổi lễ.")
    assert ("Sok Dara", "Tổng Lãnh sự", "Tổng Lãnh sự quán Campuchia tại thành phố Hồ Chí Minh",
            "current") in found
