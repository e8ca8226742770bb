"""The timeline page as a person sees it: opened in a real headless Chromium, offline.

Uses the browser of tests/test_viz_browser.py (skipped with the reason when Chromium or
its driver is missing); a screenshot of each page is kept in pytest's tmp folder."""

from pathlib import Path

import pytest

from conftest import ROOT
from kg.explore.timeline import timeline, write_page
from test_viz_browser import XSS_ARTICLE
from test_viz_browser import opened as viz_opened


# drawn, shown, and every bar of the (filtered) data on the page
READY = ("window.__kgTimelineReady && document.querySelectorAll('.vis-item').length"
         " === kgTimeline.view.length")


def opened(driver, page, shots):
    return viz_opened(driver, page, shots, READY)


def _store(folder: Path, articles: Path):
    from kg.graph.build import build
    from kg.graph.store import KGStore

    store = KGStore(folder / "kg.db")
    build([str(articles)], store, jobs=1)
    return store


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline-pages")
    store = _store(folder, ROOT / "tests" / "careers")
    out = {}
    for name, kwargs in (("org", {"org": "Ủy ban nhân dân huyện Kim Thành"}),
                         ("person", {"person": "Trần Văn Khải"}),
                         ("kim-thanh", {"org": "Huyện ủy Kim Thành"})):
        out[name] = folder / f"timeline-{name}.html"
        write_page(out[name], timeline(store, **kwargs))
    return out


def test_bars_draw_with_open_ends_open_and_nothing_fetched(driver, pages, shots):
    with opened(driver, pages["kim-thanh"], shots) as d:
        bars, loaded = d.execute_script(
            "return [Array.from(document.querySelectorAll('.vis-item')).map(e => e.className),"
            " performance.getEntriesByType('resource').map(r => r.name)]")
        assert loaded == [], "the page fetched something"
        assert len(bars) == 5
        assert sum("open" in c for c in bars) == 3  # Lan, and two deputies nothing ends
        assert sum("end-stated" in c for c in bars) == 1 and sum("end-inferred" in c for c in bars) == 1
        labels = d.execute_script("return Array.from(document.querySelectorAll('.vis-labelset .vis-label'))"
                                  ".map(e => e.textContent.trim())")
        assert labels == ["Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"]


def test_hover_shows_evidence_and_search_ignores_accents(driver, pages, shots):
    from selenium.webdriver.common.action_chains import ActionChains

    with opened(driver, pages["org"], shots) as d:
        bar = d.find_elements("css selector", ".vis-item.acting")
        assert len(bar) == 1
        ActionChains(d).move_to_element(bar[0]).perform()  # hovering shows it
        details = d.find_element("id", "details").text
        assert "Phạm Thị Hoa" in details and "Quyền Chủ tịch" in details
        assert "Nguồn:" in details and "có người kế nhiệm" in details
        box = d.find_element("id", "search")
        box.send_keys("vu quang hung")
        assert d.execute_script("return kgTimeline.view.length") == 1
        box.clear()
        box.send_keys(" ")
        assert d.execute_script("return kgTimeline.view.length") == 3


def test_grouping_by_person_separates_namesakes(driver, pages, shots):
    from selenium.webdriver.support.ui import Select

    with opened(driver, pages["person"], shots) as d:
        assert d.execute_script("return kgTimeline.groups.length") == 5  # organizations
        Select(d.find_element("id", "group-by")).select_by_value("person")
        assert d.execute_script("return kgTimeline.groups.length") == 3  # three people


def test_article_markup_is_text_and_never_runs(driver, shots, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "nam-sach-xss.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    store = _store(tmp_path, articles)
    page = tmp_path / "timeline-xss.html"
    write_page(page, timeline(store, org="Huyện ủy Nam Sách"))
    with opened(driver, page, shots) as d:
        texts = d.execute_script("return kgTimeline.data.items.map((x, i) => kgTimeline.show(i).textContent)")
        joined = "\n".join(texts)
        assert '"<script>__pwned=1</script>"' in joined
        assert "<script>window.__pwned=1</script>" in joined  # the article's title, as its source
        assert d.execute_script("return document.querySelectorAll('#details img, #details script, "
                                ".vis-item img, .vis-item script').length") == 0
        assert d.execute_script("return typeof window.__pwned") == "undefined"
