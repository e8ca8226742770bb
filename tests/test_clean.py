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
