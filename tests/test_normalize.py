import unicodedata

from kg.extract.normalize import fold, match_key, modern_tones, normalize_text


def test_decomposed_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Huyện ủy Đô Lương")
    assert decomposed != "Huyện ủy Đô Lương"
    assert normalize_text(decomposed) == "Huyện ủy Đô Lương"


def test_old_tone_placement_is_modernised_without_changing_length():
    old = "Huyện uỷ, hoà bình, khoá XXVIII, Thuỷ, HOÀ"
    new = modern_tones(old)
    assert new == "Huyện ủy, hòa bình, khóa XXVIII, Thủy, HÒA"
    assert len(new) == len(old)


def test_tone_stays_where_both_styles_agree():
    # a final consonant or the "qu" onset keeps the tone on the second vowel
    for word in ("hoàng", "thuyết", "quý", "quỳnh", "khuyến"):
        assert modern_tones(word) == word


def test_spaces_and_line_ends():
    assert normalize_text("Bí\u00a0thư  Huyện ủy\r\nChủ tịch\u200b UBND\r\n") == "Bí thư Huyện ủy\nChủ tịch UBND"


def test_keys():
    assert match_key("Huyện Uỷ  Nam Sách") == match_key("huyện ủy nam sách")
    assert match_key("Kinh tế – xã hội") == match_key("kinh tế - xã hội")
    assert fold("Đô Lương") == "do luong"
    assert fold("Bùi Văn Thăng") == "bui van thang"
