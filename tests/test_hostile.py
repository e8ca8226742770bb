"""Hostile input: records and files that once stopped a build, grew memory without bound,
or broke an export (issue 12). The records are in tests/hostile/; large files are
written by the tests themselves."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.extract.read import MAX_CHARS, iter_documents
from kg.graph.build import build
from kg.graph.store import KGStore

from conftest import EXAMPLES, ROOT

HOSTILE = ROOT / "tests" / "hostile"
RECORDS = HOSTILE / "records.jsonl"
TEXT = "Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị ngày 12/3/2021.\n"


def kg(*args, cwd=ROOT, stdin=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, cwd=cwd, input=stdin, timeout=300)


# -- item 1: one bad record loses that record or that field, never the build -------------

def test_hostile_records_are_read_field_by_field():
    items = list(iter_documents([str(RECORDS)]))
    errors = [i for i in items if isinstance(i, InputError)]
    docs = {d.id: d for d in items if not isinstance(d, InputError)}
    # only the two records without text are lost, each named by its line
    assert [(e.line, e.message) for e in errors] == [
        (7, 'record has no "text"'), (8, 'record has no "text" (a number, not text)')]
    assert set(docs) == {"authors-number", "surrogates", "duplicate-bad-url", "bad-date", "cr id",
                         "records:6", "good"}
    warned = {(w.line, w.message.split('"')[1]) for d in docs.values() for w in d.warnings}
    assert warned == {(1, "authors"), (4, "published"), (5, "authors"), (6, "id"), (6, "title"),
                      (6, "published")}
    assert all(str(w).startswith(f"{RECORDS}:{w.line}: ") for d in docs.values() for w in d.warnings)
    assert docs["authors-number"].authors == [] and docs["bad-date"].published is None
    assert docs["cr id"].authors == ["Minh Châu"]  # the bad authors go, the good one stays
    assert docs["good"].published == "2021-09-09" and docs["good"].authors == ["Sỹ Bắc"]
    # lone surrogates replaced: every field can be written as UTF-8
    assert docs["surrogates"].title == "Hội nghị \ufffd" and "\ufffd" in docs["surrogates"].text
    for doc in docs.values():
        for value in (doc.id, doc.source, doc.title or "", doc.text, *doc.authors):
            value.encode("utf-8")


def test_a_build_goes_past_hostile_records(tmp_path):
    store = KGStore(tmp_path / "kg.db")
    report = build([str(RECORDS)], store, jobs=1)
    assert (report.added, report.duplicates) == (6, 1)
    assert [(f.line, f.source) for f in report.failures] == [(7, str(RECORDS)), (8, str(RECORDS))]
    assert len(report.warnings) == 7
    _, rows = store.select("SELECT ?id ?url ?path WHERE { ?a a kg:Article ; dcterms:identifier ?id "
                           "OPTIONAL { ?a sdo:url ?url } OPTIONAL { ?a kg:sourcePath ?path } }")
    where = {r[0].value: (r[1] and r[1].value, r[2] and r[2].value) for r in rows}
    # a URL no IRI can hold is kept as a literal; the others are IRIs
    assert where["duplicate-bad-url"] == (None, "https://example.org/tin 1")
    assert where["bad-date"] == (None, 'https://example.org/"<{x}>')
    assert where["good"] == ("https://example.org/tin/9", None)
    from kg.graph.rdf_io import validate_store

    conforms, text = validate_store(store)
    assert conforms, text


def test_extract_with_text_writes_hostile_records():
    res = kg("extract", str(RECORDS), "--with-text")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 7 and records[-1]["id"] == "good"
    assert f"{RECORDS}:1: \"authors\" is 5: a number, not a list of names; the field is left out" \
        in res.stderr
    assert "2 of 9 inputs failed" in res.stderr


# -- item 2: memory stays bounded whatever the size of a line or a compressed file -------

_PEAK = """
import resource, sys
from kg.extract.read import count_documents, iter_documents
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
items = [str(i) for i in iter_documents(sys.argv[1:], max_bytes=1_000_000)]
counted = count_documents(sys.argv[1:])
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(grew, counted, *items, sep="\\n")
"""


def test_long_lines_and_gzip_bombs_are_read_in_bounded_memory(tmp_path):
    size = 300 * 2**20  # 300 MiB of one line, a few hundred KB compressed
    corpus, page = tmp_path / "bomb.jsonl.gz", tmp_path / "bomb.txt.gz"
    chunk = b"a" * 2**20
    with gzip.open(corpus, "wb", compresslevel=9) as out:
        out.write(b'{"id": "huge", "text": "')
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(b'"}\n' + json.dumps({"id": "after", "text": TEXT}).encode() + b"\n")
    with gzip.open(page, "wb", compresslevel=9) as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)
    assert corpus.stat().st_size < 1_000_000 and page.stat().st_size < 1_000_000
    res = subprocess.run([sys.executable, "-c", _PEAK, str(corpus), str(page)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stderr
    grew, counted, *items = res.stdout.splitlines()
    assert int(grew) < 100, f"resident memory grew by {grew} MB"
    assert items[0] == f"{corpus}:1: record is {size + 27:,} bytes, over the 1,000,000-byte limit"
    assert items[1].startswith("Document(id='after'")
    assert items[2] == (f"{page}: decompresses to over the 1,000,000-byte limit for one article "
                        "(raise it with --max-bytes)")
    assert int(counted) == 3


def test_an_overlong_text_is_refused_at_once(tmp_path):
    path = tmp_path / "many-articles.txt"
    path.write_text(TEXT * (MAX_CHARS // len(TEXT) + 1), encoding="utf-8")
    [error] = iter_documents([str(path)], max_bytes=50_000_000)
    assert isinstance(error, InputError)
    assert f"longer than the {MAX_CHARS:,} characters kg extracts from one article" in str(error)
    record = tmp_path / "long.jsonl"
    record.write_text(json.dumps({"id": "x", "text": "a " * MAX_CHARS}) + "\n", encoding="utf-8")
    [error] = iter_documents([str(record)], max_bytes=50_000_000)
    assert isinstance(error, InputError) and error.line == 1


@pytest.mark.parametrize("value", ["-1", "0", "50000001", "lots"])
def test_max_bytes_must_be_a_size_kg_reads(value):
    for command in ("extract", "build"):
        res = kg(command, str(EXAMPLES), "--max-bytes", value)
        assert res.returncode == 2 and len(res.stderr.splitlines()) == 1, res.stderr
        assert "--max-bytes" in res.stderr and "Traceback" not in res.stderr


# -- item 4: kg never reads its own store, reports or pages back as articles --------------

def test_build_in_its_own_folder_skips_its_own_files(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    first = kg("build", ".", "-q", cwd=tmp_path)
    assert first.returncode == 1 and (tmp_path / "kg.db.failures.jsonl").exists()
    assert kg("viz", "-o", "graph.html", cwd=tmp_path).returncode == 0
    assert kg("extract", ".", "-o", "facts.jsonl", "--with-text", cwd=tmp_path).returncode == 1
    for _ in range(2):
        again = kg("build", ".", cwd=tmp_path)
        assert again.returncode == 1
        assert "1 unchanged, 0 duplicates, 1 failed" in again.stderr, again.stderr
        problems = [line for line in again.stderr.splitlines()
                    if not line.startswith(("kg: kg.db: ", "kg: failures listed in"))]
        assert [p.split(":")[1] for p in problems] == [" broken.jsonl"], again.stderr
    # named, they are refused with the reason
    named = kg("build", "kg.db", "facts.jsonl", "graph.html", "--store", "other.db", cwd=tmp_path)
    assert "kg.db: is a kg store, not articles" in named.stderr
    assert "facts.jsonl: is kg's own output (kg extract), not articles" in named.stderr
    assert "graph.html: is a page kg wrote (kg viz), not an article" in named.stderr


# -- item 9: control characters never reach a writer ---------------------------------------

def test_control_characters_are_removed_once_for_every_target(tmp_path):
    text = tmp_path / "nul-after-4kb.txt"
    body = ("Hội nghị tổng kết\n\n" + "Huyện ủy Yên Thành tổ chức hội nghị tổng kết công tác. " * 80
            + "\nĐồng chí Nguyễn Văn An,\x00 Bí thư Huyện ủy Yên Thành\x1b chủ trì hội nghị.\n")
    assert body.index("\x00") > 4096
    text.write_text(body, encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    report = build([str(text), str(RECORDS)], store, jobs=1)
    assert not [f for f in report.failures if f.source == str(text)]
    _, rows = store.select("SELECT ?v WHERE { ?s prov:value ?v }")
    values = [r[0].value for r in rows]
    assert any("Nguyễn Văn An" in v for v in values)
    assert not any(c in v for v in values for c in "\x00\x1b\r")
    from kg.export import export

    export(store, "neo4j-csv", str(tmp_path / "neo4j"))
    with open(tmp_path / "neo4j" / "nodes_Article.csv", encoding="utf-8", newline="") as f:
        articles = list(csv.DictReader(f))
    assert len(articles) == 8 and {"cr id", "good"} <= {a["identifier"] for a in articles}
    assert all("\r" not in v for a in articles for v in a.values())


def test_control_characters_survive_falkordb(tmp_path, falkordb):
    from kg.export import export

    text = tmp_path / "nul.txt"
    text.write_text("x" * 5000 + "\n\nĐồng chí Nguyễn Văn An,\x00 Bí thư Huyện ủy Yên Thành chủ trì "
                    "hội nghị.\n", encoding="utf-8")
    store = KGStore(tmp_path / "kg.db")
    build([str(text), str(RECORDS)], store, jobs=1)
    for _ in range(2):  # it used to fail on every run
        report = export(store, falkordb.url("controls"))
        assert report.edges > 0
