import gzip
import io
import json
import unicodedata

import pytest

from kg.errors import InputError
from kg.extract.read import decode_bytes, iter_documents
from conftest import EXAMPLES

TEXT = "Đồng chí Nguyễn Văn An, Bí thư Huyện uỷ Yên Thành chủ trì hội nghị.\n"


def _docs(*paths, **kw):
    return list(iter_documents([str(p) for p in paths], **kw))


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(tmp_path, codec):
    path = tmp_path / f"a-{codec}.txt"
    path.write_bytes(TEXT.encode(codec))
    [doc] = _docs(path)
    assert doc.text == "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị."
    assert doc.id == f"a-{codec}"


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: vowel letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_windows_1258(tmp_path):
    # Windows-1258 writes most tones as combining marks: decoded and normalized to NFC
    path = tmp_path / "cp1258.txt"
    path.write_bytes(_cp1258(TEXT))
    [doc] = _docs(path)
    assert "Nguyễn Văn An" in doc.text and "Huyện ủy Yên Thành" in doc.text


def test_shared_utf16_samples(samples):
    docs = _docs(samples / "encodings")
    assert len(docs) == 2
    for doc in docs:
        assert not isinstance(doc, InputError)
        assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert any("Hà Nội" in d.text for d in docs)


def test_html_page_gives_text_title_date_author():
    [doc] = _docs(EXAMPLES / "gia-loc-ky-hop-hdnd.html")
    assert doc.title == "Kỳ họp thứ 12 HĐND huyện Gia Lộc khóa XIX"
    assert doc.published == "2022-12-16"
    assert doc.authors == ["Minh Châu"]
    assert "Đỗ Mạnh Hùng" in doc.text
    assert "Tin đọc nhiều" not in doc.text  # sidebar furniture removed


def test_jsonl_gzip_and_bad_lines(tmp_path):
    lines = [json.dumps({"id": "r1", "text": TEXT, "title": "T", "url": "https://x/1",
                         "published": "2021-01-02T10:00:00"}, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "r3"}),
             "",
             json.dumps({"text": TEXT}, ensure_ascii=False)]
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    out = _docs(path)
    assert [type(x).__name__ for x in out] == ["Document", "InputError", "InputError", "Document"]
    assert out[0].id == "r1" and out[0].source == "https://x/1" and out[0].published == "2021-01-02"
    assert out[1].line == 2 and "not valid JSON" in out[1].message
    assert out[2].line == 3 and '"text"' in out[2].message
    assert out[3].id == "c:5"  # no id: file stem and line, stable across runs


def test_truncated_gzip_keeps_records_before(tmp_path):
    data = gzip.compress(("\n".join(json.dumps({"id": f"r{i}", "text": TEXT}, ensure_ascii=False)
                                    for i in range(200)) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    out = _docs(path)
    assert isinstance(out[-1], InputError) and "truncated" in out[-1].message
    assert all(not isinstance(d, InputError) for d in out[:-1]) and len(out) > 1


def test_bad_files_get_clear_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "big.txt").write_bytes(b"a" * 2000)
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cut.txt").write_bytes(TEXT.encode("utf-8")[:-3])  # cut inside "ị"
    out = {(x.source if isinstance(x, InputError) else x.source): x
           for x in _docs(tmp_path, max_bytes=1000)}
    assert "empty file" in out[str(tmp_path / "empty.txt")].message
    assert "binary" in out[str(tmp_path / "binary.txt")].message
    assert "limit" in out[str(tmp_path / "big.txt")].message
    assert out[str(tmp_path / "ok.txt")].text.startswith("Đồng chí")
    assert out[str(tmp_path / "cut.txt")].text.endswith("hội ngh")


def test_undecodable_bytes_name_line_and_offset():
    with pytest.raises(InputError) as err:
        decode_bytes("dòng một\n".encode() + b"\x81\x8d\x8f\x90\x9d" * 3 + b"\n", "x.txt")
    assert err.value.line == 2 and "offset" in err.value.message


def test_missing_path_and_folder_walk(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "one.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text(TEXT, encoding="utf-8")
    out = _docs(tmp_path / "a", tmp_path / "nope.txt")
    assert [d.id for d in out if not isinstance(d, InputError)] == ["one"]
    assert isinstance(out[-1], InputError) and "no such file" in out[-1].message


def test_stdin_text_and_jsonl():
    [doc] = iter_documents(["-"], stdin=io.BufferedReader(io.BytesIO(TEXT.encode())))
    assert doc.id == "stdin" and "Nguyễn Văn An" in doc.text
    stream = io.BufferedReader(io.BytesIO((json.dumps({"id": "z", "text": TEXT}) + "\n").encode()))
    [doc] = iter_documents(["-"], stdin=stream)
    assert doc.id == "z"


def test_a_listing_of_paths_and_urls(tmp_path):
    """kg build @listing.txt: local paths and pages fetched from a server (here on loopback)."""
    import http.server
    import threading
    from functools import partial

    from kg.extract.read import count_documents, iter_documents

    site = tmp_path / "site"
    site.mkdir()
    (site / "bai-viet.html").write_text(
        "<html><head><meta charset='utf-8'><title>Hội nghị Ban Chấp hành Đảng bộ huyện</title>"
        "</head><body><article><h1>Hội nghị Ban Chấp hành Đảng bộ huyện</h1><p>"
        + "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị. " * 3
        + "</p></article></body></html>", encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        (tmp_path / "local.txt").write_text((EXAMPLES / "yen-thanh-hoi-nghi-bch.txt")
                                            .read_text(encoding="utf-8"), encoding="utf-8")
        listing = tmp_path / "listing.txt"
        listing.write_text(f"# a comment\nlocal.txt\n{base}/bai-viet.html\n\n{base}/missing.html\n"
                           "s3://bucket/key.html\nnowhere.txt\n", encoding="utf-8")
        items = list(iter_documents([f"@{listing}"]))
    finally:
        server.shutdown()
    docs = [i for i in items if not isinstance(i, InputError)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert [(d.id, d.source.startswith("http")) for d in docs] == [("local", False), ("bai-viet", True)]
    assert "Nguyễn Văn An" in docs[1].text
    assert errors == [f"{listing}:5: {base}/missing.html: HTTP 404 File not found",
                      f"{listing}:6: s3://bucket/key.html: only http(s) URLs and paths can be "
                      "listed (for s3://, list presigned https:// URLs)",
                      f"{listing}:7: nowhere.txt: no such file or folder"]
    assert count_documents([f"@{listing}"]) == 5
