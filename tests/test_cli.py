import json
import subprocess
import sys


from kg.cli import main
from conftest import EXAMPLE_DOCUMENTS, EXAMPLES, ROOT


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT)


def test_extract_folder_to_jsonl():
    res = run("extract", str(EXAMPLES))
    assert res.returncode == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert {r["id"] for r in records} == {"yen-thanh-hoi-nghi-bch", "gia-loc-ky-hop-hdnd",
                                          "hoang-hoa-le-trao-huy-hieu", "kim-son-hoi-thao",
                                          "tan-bi-thu-duoc-bau", "ha-tinh-cong-bo-quyet-dinh-can-bo"}
    for r in records:
        assert set(r) >= {"id", "source", "title", "published", "authors", "persons",
                          "organizations", "locations", "positions", "events"}
    assert f"{EXAMPLE_DOCUMENTS} documents extracted" in res.stderr


def test_json_pretty_with_text_offsets():
    res = run("extract", str(EXAMPLES / "yen-thanh-hoi-nghi-bch.txt"), "--format", "json",
              "--pretty", "--with-text", "-q")
    assert res.returncode == 0 and res.stderr == ""
    [record] = json.loads(res.stdout)
    assert "\n  " in res.stdout
    text = record["text"]
    for person in record["persons"]:
        for m in person["mentions"]:
            assert text[m["start"]:m["end"]] in (person["name"], ) or "đồng chí" in text[m["start"]:m["end"]].lower()
    for pos in record["positions"]:
        ev = pos["evidence"]
        assert pos["surface"] in text[ev["start"]:ev["end"]]


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "Ông Lê Văn Ba dự."}\n{oops\n', encoding="utf-8")
    res = run("extract", str(tmp_path), str(tmp_path / "missing.txt"))
    assert res.returncode == 1
    assert {json.loads(line)["id"] for line in res.stdout.splitlines()} == {"good", "x"}
    assert f"{tmp_path / 'bad.jsonl'}:2: not valid JSON" in res.stderr
    assert f"{tmp_path / 'empty.txt'}: empty file" in res.stderr
    assert "missing.txt: no such file or folder" in res.stderr
    assert "3 of 5 inputs failed" in res.stderr
    assert "Traceback" not in res.stderr


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "sub" / "facts.jsonl"
    res = run("extract", "-", "-o", str(out), stdin="Bí thư Huyện ủy Kim Sơn Ngô Quang Vinh dự hội nghị.")
    assert res.returncode == 0, res.stderr
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "stdin" and record["persons"][0]["name"] == "Ngô Quang Vinh"
    assert [p.name for p in out.parent.iterdir()] == ["facts.jsonl"]  # no temporary left behind


def test_output_is_atomic_when_interrupted(tmp_path, monkeypatch):
    out = tmp_path / "facts.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    import kg.extract.pipeline

    def boom(*_a, **_k):
        raise KeyboardInterrupt
        yield  # pragma: no cover

    monkeypatch.setattr(kg.extract.pipeline, "extract", boom)
    assert main(["extract", str(EXAMPLES), "-o", str(out)]) == 130
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.jsonl"]


def test_usage_errors_have_no_traceback():
    res = run("extract")
    assert res.returncode == 2
    assert res.stderr == ("kg extract: the following arguments are required: INPUT "
                          "(see kg extract --help)\n")
    res = run("evaluate", "no/such/gold")
    assert res.returncode == 2 and "no such gold file" in res.stderr and "Traceback" not in res.stderr


def test_build_query_serialize_merges(tmp_path):
    store = str(tmp_path / "kg.db")
    res = run("build", str(EXAMPLES), "--store", store)
    assert res.returncode == 0, res.stderr
    assert f"{EXAMPLE_DOCUMENTS} added, 0 replaced, 0 unchanged, 0 duplicates, 0 failed" in res.stderr
    res = run("build", str(EXAMPLES), "--store", store)
    assert f"0 added, 0 replaced, {EXAMPLE_DOCUMENTS} unchanged" in res.stderr
    res = run("query", "--store", store, "--named", "holders", "--role", "Bí thư", "--org",
              "Huyện ủy Yên Thành", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == "person,name,start,startBasis,end,endBasis,acting,lastAttested,tenure"
    assert "Lê Đình Tuấn,2019-03-13,attested,,,,2019-03-13" in res.stdout
    res = run("query", "--store", store, "SELECT ?n WHERE { ?p a sdo:Person ; sdo:name ?n } LIMIT 1",
              "--format", "json")
    assert len(json.loads(res.stdout)) == 1
    res = run("query", "--store", store, "SELECT WHERE {")
    assert res.returncode == 2 and "SPARQL syntax error" in res.stderr and "Traceback" not in res.stderr
    res = run("query", "--store", store, "--named", "holders", "--role", "Bí thư")
    assert res.returncode == 2 and "needs --org" in res.stderr
    res = run("serialize", "--store", store, "-o", str(tmp_path / "g.ttl"))
    assert res.returncode == 0 and "triples to" in res.stderr
    assert (tmp_path / "g.ttl").read_text(encoding="utf-8").startswith("@prefix")
    res = run("merges", "--store", store, "--all", "--format", "csv")
    assert res.returncode == 0 and "Lê Đình Tuấn,new" in res.stdout
    res = run("query", "--store", str(tmp_path / "none.db"), "--named", "posts", "--person", "X")
    assert res.returncode == 2 and "no store here" in res.stderr


def test_validate_command(tmp_path):
    store = str(tmp_path / "kg.db")
    assert run("build", str(EXAMPLES), "--store", store, "-q").returncode == 0
    res = run("validate", "--store", store)
    assert res.returncode == 0 and "conforms" in res.stdout


def test_an_article_with_no_story_is_said_on_stderr_and_kept(tmp_path):
    # only photo credits: nothing of it is read as story; kg says so and goes on
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "credits.txt").write_text("Ảnh: Trần Văn Một\n\nẢnh: Lê Thị Hai\n", encoding="utf-8")
    (folder / "story.txt").write_text("Huyện ủy Nam Sách tổ chức hội nghị. Đồng chí Vũ Văn Ba, "
                                      "Bí thư Huyện ủy chủ trì hội nghị.\n", encoding="utf-8")
    extracted = run("extract", str(folder))
    assert extracted.returncode == 0
    assert f"{folder / 'credits.txt'}: no body text" in extracted.stderr
    assert "story.txt" not in extracted.stderr
    assert len(extracted.stdout.splitlines()) == 2
    built = run("build", str(folder), "--store", str(tmp_path / "kg.db"))
    assert built.returncode == 0
    assert f"{folder / 'credits.txt'}: no body text" in built.stderr
    assert "2 added" in built.stderr and "1 with no body text" in built.stderr
