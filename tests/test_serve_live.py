"""kg serve on a store with a hub and a build running beside it: long lists are paged with
stable URLs, answers are computed once and shared, and a build's articles show up without
a restart. A real ``kg serve`` on loopback; the paging's page size is kg's own (PAGE).
"""

import asyncio
import threading
import time
import urllib.parse

import pytest
import requests

import servers
from conftest import store_of
from kg.serve.live import Answers, TooSlow
from kg.serve.pages import ATTESTATIONS, PAGE

K = "https://w3id.org/kg-vn/id/"
THANG = K + "person/bùi-văn-thăng--hải-dương"
NAM_SACH = K + "org/huyện-ủy-nam-sách"
MEETINGS = PAGE + 10  # one more page than a page holds


def meeting(i: int, who: str = "Bùi Văn Thăng") -> str:
    day = f"{1 + i % 28}/{1 + i // 28 % 12}/20{10 + i // 336}"
    return (f"Huyện ủy Nam Sách họp phiên thứ {i}\n\nNgày {day}, Huyện ủy Nam Sách tổ chức hội nghị "
            f"Ban Chấp hành Đảng bộ huyện lần thứ {i}.\n\nĐồng chí {who}, Bí thư Huyện ủy Nam Sách "
            "chủ trì hội nghị.\n")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """kg serve over a store where one person chairs MEETINGS meetings, watching the store."""
    folder = tmp_path_factory.mktemp("hub")
    store = store_of(folder, {f"nam-sach-{i}.txt": meeting(i) for i in range(MEETINGS)})
    srv = servers.start_kg_serve(store, folder, "--watch", "0.2")
    srv.store = store
    yield srv
    srv.stop()


def get(server, path, **params):
    answer = requests.get(server.url + path, params=params, timeout=30)
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return answer


def page(iri: str) -> str:
    return "/id/" + urllib.parse.quote(iri[len(K):])


def test_a_long_career_line_and_event_list_are_paged(hub):
    data = get(hub, page(THANG), format="json").json()
    line, = [ln for ln in data["career"] if ln["organization_iri"] == NAM_SACH]
    assert len(line["attestations"]) == ATTESTATIONS and line["paging"]["total"] == MEETINGS
    assert line["attestations"][0]["sentence"]  # the shown ones carry their sentence
    events = data["paging"]["events"]
    assert len(data["events"]) == PAGE and events["total"] == MEETINGS and events["prev"] is None
    # the line's own list: every attestation, a page at a time, in date order
    first = get(hub, line["paging"]["all"], format="json").json()
    shown, = [ln for ln in first["career"] if ln["organization_iri"] == NAM_SACH]
    assert len(shown["attestations"]) == PAGE and shown["paging"]["first"] == 1
    second = get(hub, shown["paging"]["next"], format="json").json()
    rest, = [ln for ln in second["career"] if ln["organization_iri"] == NAM_SACH]
    assert len(rest["attestations"]) == MEETINGS - PAGE and rest["paging"]["next"] is None
    dates = [a["date"] for a in shown["attestations"] + rest["attestations"]]
    assert dates == sorted(dates) and len(set(dates)) == MEETINGS
    later = get(hub, events["next"], format="json").json()
    assert len(later["events"]) == MEETINGS - PAGE and later["paging"]["events"]["prev"]
    assert {e["event"] for e in later["events"]}.isdisjoint({e["event"] for e in data["events"]})
    # the links are stable URLs: the same answer again, and in the HTML page
    assert get(hub, events["next"], format="json").json() == later
    html = get(hub, page(THANG)).text
    assert f"1–{PAGE} / {MEETINGS}" in html and 'rel="next"' in html
    assert html.count("<blockquote>") <= ATTESTATIONS + PAGE


def test_an_organization_pages_its_events_and_answers_bad_pages(hub):
    data = get(hub, page(NAM_SACH), format="json").json()
    assert len(data["events"]) == PAGE and data["paging"]["events"]["total"] == MEETINGS
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates, reverse=True)  # the latest first
    holder, = data["holders"][0]["holders"]
    assert holder["person"] == "Bùi Văn Thăng" and holder["count"] == MEETINGS and holder["latest"]["sentence"]
    assert requests.get(hub.url + page(NAM_SACH), params={"page": "x"}, timeout=30).status_code == 400


def test_a_build_beside_the_server_is_served_without_a_restart(hub):
    from kg.graph.build import build
    from kg.graph.store import KGStore

    def found(name: str) -> bool:
        hits = get(hub, "/search", q=name, format="json").json()["results"]
        return any(h["name"] == name for h in hits)

    count = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"

    def articles() -> int:
        return int(get(hub, "/sparql", query=count).json()["results"]["bindings"][0]["n"]["value"])

    assert not found("Trần Văn Mới") and articles() == MEETINGS
    folder = hub.store.parent / "more"
    folder.mkdir()
    (folder / "new.txt").write_text(meeting(500, "Trần Văn Mới"), encoding="utf-8")
    store = KGStore(hub.store)
    report = build([str(hub.store.parent / "articles"), str(folder)], store, keep_text=True)
    store.close()
    del store
    assert report.added == 1 and report.replaced == MEETINGS  # extracted again for their text
    deadline = time.monotonic() + 60
    while not found("Trần Văn Mới") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found("Trần Văn Mới"), "the server did not see the build"
    assert articles() == MEETINGS + 1  # the SPARQL workers see it too
    assert f"{MEETINGS + 1} bài báo" in get(hub, "/").text
    # the article's text, kept by --keep-text, shown whole with the sentences that state facts marked
    mine = get(hub, "/search", q="Trần Văn Mới", format="json").json()["results"][0]["page"]
    article = get(hub, mine, format="json").json()["career"][0]["attestations"][0]["article"]
    data = get(hub, page(article), format="json").json()
    lines = ["".join(p["text"] for p in para) for para in data["text"]]
    assert lines == [ln for ln in meeting(500, "Trần Văn Mới").splitlines() if ln]  # paragraphs
    marked = [p["text"] for para in data["text"] for p in para if "mark" in p]
    assert "Đồng chí Trần Văn Mới, Bí thư Huyện ủy Nam Sách chủ trì hội nghị." in marked
    assert "<mark><a href=\"#s" in get(hub, page(article)).text


# -- the answers: once per key, shared, never blocking each other ------------------------------
def test_answers_compute_once_and_a_slow_one_blocks_nothing():
    answers = Answers(threads=2, timeout=0.5)
    calls = {"quick": 0, "slow": 0}
    release = threading.Event()

    def quick():
        calls["quick"] += 1
        return "quick"

    def slow():
        calls["slow"] += 1
        release.wait(10)
        return "slow"

    async def scenario():
        waiting = [asyncio.ensure_future(answers.get(("slow",), slow)) for _ in range(5)]
        started = time.monotonic()
        got = await asyncio.gather(*(answers.get(("quick",), quick) for _ in range(20)))
        quick_took = time.monotonic() - started
        outcomes = await asyncio.gather(*waiting, return_exceptions=True)
        release.set()
        while ("slow",) not in answers.kept:  # it goes on after the requests gave up
            await asyncio.sleep(0.01)
        return got, quick_took, outcomes, await answers.get(("slow",), slow)

    got, quick_took, outcomes, later = asyncio.run(scenario())
    assert got == ["quick"] * 20 and calls["quick"] == 1 and quick_took < 0.5
    assert all(isinstance(o, TooSlow) for o in outcomes) and calls["slow"] == 1
    assert later == "slow" and calls["slow"] == 1


def test_answers_stay_within_their_bytes():
    answers = Answers(max_bytes=1000)
    for i in range(50):
        answers.put((i,), "x" * 100, 100)
    assert answers.size <= 1000 and (49,) in answers.kept and (0,) not in answers.kept
    answers.put(("huge",), "x", 900)  # more than a quarter: not kept at all
    assert ("huge",) not in answers.kept
