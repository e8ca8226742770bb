"""kg timeline: the tenures of a person or an organization as data, a table and a page."""

import json

import pytest

from conftest import ROOT
from kg.cli import main
from kg.errors import KGError
from kg.explore.timeline import format_table, render, timeline, timeline_assets


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from kg.graph.build import build
    from kg.graph.store import KGStore

    s = KGStore(tmp_path_factory.mktemp("timeline") / "kg.db")
    build([str(ROOT / "tests" / "careers")], s, jobs=1)
    return s


def test_an_organization_and_its_posts_in_order(store):
    data = timeline(store, org="huyen uy kim thanh", role="Bí thư")
    assert data["title"] == "Huyện ủy Kim Thành · Bí thư" and data["group_by"] == "role"
    assert [(i["name"], i["start"], i["end"], i["end_cause"]) for i in data["items"]] == [
        ("Trần Văn Khải", "2015-10-12", "2018-03-05", "TransferOut"),
        ("Đỗ Văn Bình", "2018-04-10", "2020-08-20", "Former"),
        ("Nguyễn Thị Lan", "2020-08-20", None, None)]
    khai = data["items"][0]
    assert khai["n"] == 3 and khai["term"] == "khóa XXV, nhiệm kỳ 2015–2020"
    assert any("được bầu giữ chức Bí thư" in e["s"] for e in khai["evidence"])
    assert {data["articles"][e["a"]]["published"] for e in khai["evidence"]} == {
        "2015-10-12", "2016-06-20", "2018-03-05"}
    assert data["horizon"] > "2023-01-10"  # open ends are drawn past the last date shown


def test_a_person_and_their_namesakes(store):
    data = timeline(store, person="Trần Văn Khải")
    assert data["people"] == 3 and data["group_by"] == "org"
    table = format_table(data)
    assert "5 tenures of 3 people of this name" in table
    career = [line for line in table.splitlines() if line.startswith("trần-văn-khải--bắc-ninh")]
    assert [line.split("  ")[1].strip() for line in career] == [
        "Huyện ủy Kim Thành", "Ban Tổ chức Tỉnh ủy Hải Dương", "Ủy ban nhân dân tỉnh Bắc Ninh"]
    assert "2015-10-12 (stated)" in career[0] and "… (open)" in career[2]


def test_acting_heads_are_shown_as_such(store):
    table = format_table(timeline(store, org="UBND huyện Kim Thành"))
    assert "Phạm Thị Hoa (acting)" in table and "2019-10-01 (inferred, Succession)" in table


def test_unknown_names_and_missing_arguments_are_errors(store):
    with pytest.raises(KGError, match="--person or --org"):
        timeline(store)
    with pytest.raises(KGError):
        timeline(store, person="Không Có Ai")


def test_the_page_is_self_contained_and_its_data_escaped(store):
    data = timeline(store, org="Huyện ủy Kim Thành")
    data["items"][0]["evidence"][0]["s"] = "</script><script>window.__pwned=1</script>"
    html = render(data)
    js, css = timeline_assets()
    assert js in html and css in html
    assert "window.__pwned=1</script>" not in html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "http://" not in html.split("<style>", 1)[0] and "src=\"http" not in html


def test_timeline_command(tmp_path, capsys):
    import gc

    from kg.graph.build import build
    from kg.graph.store import KGStore

    path = tmp_path / "kg.db"
    store = KGStore(path)
    build([str(ROOT / "tests" / "careers")], store, jobs=1)
    del store
    gc.collect()  # the command opens the store itself
    page = tmp_path / "tl.html"
    assert main(["timeline", "--store", str(path), "--org", "Huyện ủy Kim Thành", "-o", str(page)]) == 0
    captured = capsys.readouterr()
    assert page.exists() and "5 tenures" in captured.err and captured.out == ""
    assert main(["timeline", "--store", str(path), "--person", "pham thi hoa", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["acting"] for i in data["items"]] == [True]
    assert main(["timeline", "--store", str(path), "--person", "Không Có Ai"]) == 2
    assert "Không Có Ai" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["timeline", "--store", str(path), "--person", "X", "--org", "Y"])
