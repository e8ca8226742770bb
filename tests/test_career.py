"""Career facts of a sentence (kg.extract.career): changes of post and their dates, acting
heads, terms, birth years and home towns."""

import pytest

from conftest import facts_of


def _posts(record: dict) -> dict:
    persons = {p["id"]: p["name"] for p in record["persons"]}
    orgs = {o["id"]: o["name"] for o in record["organizations"]}
    return {(persons[p["person"]], p["role"], orgs.get(p["organization"])): p for p in record["positions"]}


def _one(text: str, published: str | None = None) -> dict:
    return facts_of("Tin\n\n" + text + "\n", published=published)


@pytest.mark.parametrize("sentence, change", [
    ("Đồng chí Trần Văn Khải được bầu giữ chức Bí thư Huyện ủy Kim Thành.", "elected"),
    ("Đồng chí Trần Văn Khải được bổ nhiệm giữ chức Bí thư Huyện ủy Kim Thành.", "appointed"),
    ("Đồng chí Trần Văn Khải, Bí thư Huyện ủy Kim Thành nghỉ hưu theo chế độ.", "retired"),
    ("Đồng chí Trần Văn Khải, Bí thư Huyện ủy Kim Thành bị cách chức.", "removed"),
    ("Đồng chí Trần Văn Khải thôi giữ chức Bí thư Huyện ủy Kim Thành.", "relieved"),
])
def test_a_change_of_post_is_read_from_its_sentence(sentence, change):
    post = _posts(_one(sentence))[("Trần Văn Khải", "Bí thư", "Huyện ủy Kim Thành")]
    assert post["change"] == change


def test_a_transfer_ends_one_post_and_starts_the_next_with_the_date_given():
    posts = _posts(_one("Ngày 5/3/2018, đồng chí Trần Văn Khải, Bí thư Huyện ủy Kim Thành được điều "
                        "động giữ chức Phó Trưởng ban Tổ chức Tỉnh ủy Hải Dương."))
    left = posts[("Trần Văn Khải", "Bí thư", "Huyện ủy Kim Thành")]
    taken = posts[("Trần Văn Khải", "Phó Trưởng ban", "Ban Tổ chức Tỉnh ủy Hải Dương")]
    assert (left["change"], left["change_date"]) == ("transferred_out", "2018-03-05")
    assert (taken["change"], taken["change_date"]) == ("transferred_in", "2018-03-05")


def test_a_title_inside_a_longer_one_is_not_mistaken_for_it():
    posts = _posts(_one("Đồng chí Lê Văn An, Phó Chủ tịch UBND huyện Kim Thành được bầu giữ chức "
                        "Chủ tịch UBND huyện Kim Thành."))
    assert posts[("Lê Văn An", "Chủ tịch", "Ủy ban nhân dân huyện Kim Thành")]["change"] == "elected"
    assert "change" not in posts[("Lê Văn An", "Phó Chủ tịch", "Ủy ban nhân dân huyện Kim Thành")]


def test_a_month_is_kept_at_its_precision():
    posts = _posts(_one("Tháng 8/2020, đồng chí Lê Minh Đức thôi giữ chức Chủ tịch UBND huyện Kim Thành."))
    post = posts[("Lê Minh Đức", "Chủ tịch", "Ủy ban nhân dân huyện Kim Thành")]
    assert (post["change"], post["change_date"]) == ("relieved", "2020-08")


def test_a_plain_attestation_has_no_change():
    post = _posts(_one("Đồng chí Trần Văn Khải, Bí thư Huyện ủy Kim Thành chủ trì hội nghị."))
    assert not {"change", "change_date", "acting", "term"} & set(
        post[("Trần Văn Khải", "Bí thư", "Huyện ủy Kim Thành")])


def test_acting_heads_are_found_and_marked():
    record = _one("Ngày 2/4/2018, đồng chí Phạm Thị Hoa, Quyền Chủ tịch UBND huyện Kim Thành chủ trì hội nghị.")
    post = _posts(record)[("Phạm Thị Hoa", "Chủ tịch", "Ủy ban nhân dân huyện Kim Thành")]
    assert post["acting"] is True and post["status"] == "current"
    assert record["text"][post["evidence"]["start"]:].startswith("Ngày 2/4/2018")  # offsets hold
    # a name that ends in "Quyền" is a name
    record = _one("Đồng chí Nguyễn Văn Quyền, Chủ tịch UBND xã Hợp Thành dự.")
    assert record["_persons"] == ["Nguyễn Văn Quyền"]
    assert all("acting" not in p for p in record["positions"])


def test_reading_around_quyen_keeps_the_title_and_date_of_the_page():
    record = facts_of("Kim Thành kiện toàn lãnh đạo UBND huyện\n\n2/5/2019\n\n"
                      "Đồng chí Phạm Thị Hoa, Quyền Chủ tịch UBND huyện Kim Thành phát biểu.\n")
    assert record["title"] == "Kim Thành kiện toàn lãnh đạo UBND huyện"
    assert record["published"] == "2019-05-02"


def test_term_birth_year_and_home_town():
    record = _one("Ông Trần Văn Khải (sinh năm 1972, quê xã Cộng Hòa, huyện Nam Sách, tỉnh Hải Dương) "
                  "được bầu giữ chức Bí thư Huyện ủy Kim Thành khóa XXV, nhiệm kỳ 2015 - 2020.")
    post = _posts(record)[("Trần Văn Khải", "Bí thư", "Huyện ủy Kim Thành")]
    assert post["term"] == "khóa XXV, nhiệm kỳ 2015–2020"
    person = record["persons"][0]
    assert person["born"] == 1972
    home = next(loc for loc in record["locations"] if loc["id"] == person["home"])
    assert home["province"] == "Hải Dương"


def test_a_year_in_brackets_is_a_birth_year_only_right_after_the_name():
    record = _one("Ông Lê Văn An, Bí thư Huyện ủy Kim Thành (2015) phát biểu tại quê hương Hải Dương.")
    person = record["persons"][0]
    assert person.get("born") is None and person.get("home") is None
    record = facts_of("Kim Thành có lãnh đạo mới\n\n2/5/2017\n\n"
                      "Ông Lê Văn An (2010), Bí thư Huyện ủy Kim Thành phát biểu.\n")
    assert record["persons"][0].get("born") is None  # a child in 2017: not a birth year


def test_a_birth_year_belongs_to_the_person_it_follows():
    record = _one("Đồng chí Lê Văn An, Chủ tịch UBND xã Hợp Thành và đồng chí Trần Văn Bảo "
                  "(sinh năm 1980), Phó Chủ tịch UBND xã Hợp Thành dự.")
    born = {p["name"]: p.get("born") for p in record["persons"]}
    assert born == {"Lê Văn An": None, "Trần Văn Bảo": 1980}
