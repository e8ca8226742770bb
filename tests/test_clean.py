from kg.extract.clean import zone_paragraphs
from kg.extract.read import iter_documents
from conftest import EXAMPLES


def _zones(path):
    [doc] = list(iter_documents([str(path)]))
    paragraphs = zone_paragraphs(doc)
    return doc, {doc.text[p.start:p.end]: p.zone for p in paragraphs}


def test_text_copy_of_a_page():
    doc, zones = _zones(EXAMPLES / "yen-thanh-hoi-nghi-bch.txt")
    assert doc.title == "Huyện ủy Yên Thành tổ chức Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 15"
    assert doc.published == "2019-03-14"  # the timestamp under the title, not the crawl date
    assert doc.authors == ["Hải Yến"]
    assert zones["Thứ hai, ngày 25/11/2024"] == "dateline"
    for furniture in ("Xem với cỡ chữ", "EmailPrintAa", "a1", "CÁC BÀI VIẾT KHÁC:",
                      "Số lượt truy cập: 120345", "Trang chủ | Tin tức | Xây dựng Đảng | Chính quyền | Liên hệ"):
        assert zones[furniture] == "furniture", furniture
    assert zones["Quang cảnh hội nghị"] == "caption"
    assert zones["Đồng chí Lê Đình Tuấn, Tỉnh ủy viên, Bí thư Huyện ủy phát biểu kết luận hội nghị"] == "caption"


def test_shared_samples_zones(samples):
    doc, zones = _zones(samples / "nam-sach-hoi-nghi-bch-lan-2.txt")
    assert doc.published == "2020-07-10"
    assert zones["Thứ ba, ngày 26/11/2024"] == "dateline"
    assert doc.title.startswith("Hội nghị lần thứ 2 Ban Chấp hành Đảng bộ huyện Nam Sách")
    assert doc.authors == ["Nguyễn Mẫn"]
    assert zones["Toàn cảnh hội nghị"] == "caption"
    doc, zones = _zones(samples / "do-luong-btv-kiem-diem-2020.txt")
    captions = [t for t, z in zones.items() if z == "caption"]
    assert any(t.endswith("Ảnh: Hồng Sơn") for t in captions)
    assert doc.authors == ["Sỹ Bắc"] and doc.published is None


def _record_zones(body):
    from kg.extract.model import Document
    from kg.extract.normalize import normalize_text

    doc = Document("r", "r", normalize_text("Tiêu đề bài báo thử\n" + body), origin="record")
    return doc, [(doc.text[p.start:p.end], p.zone) for p in zone_paragraphs(doc)]


def test_a_credit_inside_a_one_line_body_zones_only_its_caption():
    # Scraped records run captions and credits into the story: the story stays body.
    body = ("Sáng 3/4, đồng chí Trần Văn Bình, Bí thư Huyện ủy Tân Lạc chủ trì hội nghị sơ kết quý I. "
            "Hội nghị đánh giá kết quả thu ngân sách và kế hoạch quý II của huyện trong năm nay. "
            "Đồng chí Trần Văn Bình phát biểu tại hội nghị - Ảnh: Minh Châu Dự hội nghị có đồng chí "
            "Lê Thị Hoa, Phó Chủ tịch UBND huyện. Toàn cảnh hội nghị. (Ảnh: TTXVN) Hội nghị kết thúc "
            "cùng ngày với nhiều ý kiến đóng góp của các đại biểu về phát triển kinh tế.")
    doc, zones = _record_zones(body)
    assert zones[0] == ("Tiêu đề bài báo thử", "title")
    assert ("Đồng chí Trần Văn Bình phát biểu tại hội nghị", "caption") in zones
    assert ("Ảnh: Minh Châu", "credit") in zones
    assert ("(Ảnh: TTXVN)", "credit") in zones
    assert ("Toàn cảnh hội nghị.", "caption") in zones
    body_text = " ".join(t for t, z in zones if z == "body")
    assert body_text.startswith("Sáng 3/4, đồng chí Trần Văn Bình")
    assert "Dự hội nghị có đồng chí Lê Thị Hoa" in body_text
    assert body_text.endswith("về phát triển kinh tế.")


def test_credit_names_end_where_the_story_goes_on():
    long = "Câu mở đầu của bài viết kể về hoạt động của địa phương trong năm qua và kế hoạch sắp tới. " * 3
    for credit, after in (("Ảnh: baoapbac.vn", "Chị Nguyễn Thị Lan cho biết"),
                          ("Ảnh: VGP", "Theo báo cáo"),
                          ("Ảnh: Quang Vinh", "Phó Chủ tịch UBND tỉnh cho biết"),
                          ("Ảnh: Thu Hà", "Ông Lê Văn Nam nói")):
        doc, zones = _record_zones(long + "Lãnh đạo tỉnh thăm gia đình - " + credit + " " + after
                                   + " thêm nhiều điều về năm qua.")
        assert (credit, "credit") in zones, zones
        assert any(t.startswith(after) and z == "body" for t, z in zones), zones
