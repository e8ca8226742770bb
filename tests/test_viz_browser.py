"""The kg viz page as a person sees it: opened in a real headless Chromium, offline.

Needs Debian's chromium and chromium-driver (.ci/run installs them); skipped with
the reason when they are missing. Each page is screenshotted into pytest's tmp
folder and the path printed when a check fails, so a failure can be looked at.
"""

from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import labels_do_not_overlap, store_of
from kg.explore.viz import page_data, viz, write_page

DRAW_TIMEOUT = 30  # seconds

# Markup in a title and in sentences. The sentence splitter cuts at ".", so the
# sentences also carry forms without one, to reach the evidence whole.
XSS_ARTICLE = """Huyện ủy Nam Sách họp <script>window.__pwned=1</script> "trích" 'dẫn'

Ngày 12/1/2021, Huyện ủy Nam Sách tổ chức Hội nghị Ban Chấp hành Đảng bộ huyện <img src=x onerror="__pwned=1"> lần thứ 5.

Đồng chí Bùi Văn Thăng, Bí thư Huyện ủy Nam Sách chủ trì hội nghị "<script>__pwned=1</script>" và 'trích dẫn'.

Dự hội nghị có đồng chí Nguyễn Văn Hải <img src=x onerror="__pwned=1">, Phó Bí thư Huyện ủy Nam Sách.
"""


@contextmanager
def opened(driver, page: Path, shots: Path, ready: str = "window.__kgFirstDraw"):
    """Open a page, wait until ``ready`` (a JavaScript expression) holds, screenshot it; on
    failure say where the screenshot is."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(page.as_uri())
    shot = shots / (page.stem + ".png")
    try:
        WebDriverWait(driver, DRAW_TIMEOUT).until(lambda d: d.execute_script(f"return {ready}"))
        yield driver
        driver.get_screenshot_as_file(str(shot))
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe, f"JavaScript errors: {severe}"
    except BaseException:
        driver.get_screenshot_as_file(str(shot))
        print(f"screenshot of {page.name}: {shot}")
        raise


@pytest.fixture(scope="module")
def whole_page(built_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "graph.html"
    viz(built_store, path)
    return path


@pytest.fixture(scope="module")
def xss_page(tmp_path_factory):
    from kg.graph.store import KGStore

    folder = tmp_path_factory.mktemp("xss")
    viz(KGStore(store_of(folder, {"nam-sach-xss.txt": XSS_ARTICLE}), read_only=True), folder / "xss.html")
    return folder / "xss.html"


def test_graph_draws_with_every_node_and_no_error(driver, whole_page, shots, built_store):
    with opened(driver, whole_page, shots) as d:
        assert d.find_element("css selector", "#graph canvas").size["width"] > 300
        count, names, loaded = d.execute_script(
            "return [kgViz.graph.order, kgViz.graph.mapNodes((n, a) => a.fullName),"
            " performance.getEntriesByType('resource').map(r => r.name)]")
        assert count == len(names) > 200
        assert "Bùi Đức Cường" in names
        assert loaded == [], "the page fetched something"
        assert d.execute_script("return kgViz.graph.size") > 300
        # no Role hubs; articles and places are there but hidden until the legend shows them
        kinds = d.execute_script("return kgViz.graph.mapNodes((n, a) => [a.kind, a.hidden])")
        assert "Role" not in {k for k, _ in kinds}
        assert all(hidden == (k in ("Article", "Place")) for k, hidden in kinds)
        assert labels_do_not_overlap(d) >= 20  # readable labels at the default zoom


def test_search_without_accents_selects_and_details_the_person(driver, whole_page, shots):
    from selenium.webdriver.common.keys import Keys

    with opened(driver, whole_page, shots) as d:
        box = d.find_element("id", "search")
        box.send_keys("bui duc cuong", Keys.ENTER)
        selected = d.execute_script("return kgViz.selected()")
        assert len(selected) == 1
        assert d.execute_script("return kgViz.data.nodes[arguments[0]].name", selected[0]) == "Bùi Đức Cường"
        assert d.find_element("css selector", "#details h2").text == "Bùi Đức Cường"
        details = d.find_element("id", "details").text
        assert "Nguồn" in details  # evidence with its source
        box.clear()
        box.send_keys("khong co ai", Keys.ENTER)
        assert "Không tìm thấy" in d.find_element("id", "results").text


def test_a_post_is_listed_once_with_its_organization(driver, whole_page, shots):
    with opened(driver, whole_page, shots) as d:
        text = d.execute_script(
            "var id = kgViz.data.nodes.findIndex(n => n.name === 'Lê Đình Tuấn');"
            "return kgViz.showNode(id).textContent;")
        assert text.count("Bí thư · 2019-03-13 – … → Huyện ủy Yên Thành") == 1  # its tenure
        assert "Bí thư → Bí thư" not in text
        # hovering an edge of the drawing details that edge
        shown, ends = d.execute_script(
            "var g = kgViz.graph, e = g.edges()[0], a = g.getEdgeAttributes(e);"
            "return [kgViz.showEdge(a.index).textContent,"
            " [g.getNodeAttribute(g.source(e), 'fullName'), g.getNodeAttribute(g.target(e), 'fullName')]];")
        assert all(name in shown for name in ends)


def test_labels_follow_the_zoom_and_never_overlap(driver, whole_page, shots):
    with opened(driver, whole_page, shots) as d:
        before = {b["label"] for b in d.execute_script("return window.__kgLabels")}
        d.execute_script("kgViz.view.renderer.getCamera().setState({ratio: 0.2})")
        d.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        after = {b["label"] for b in d.execute_script("return window.__kgLabels")}
        assert after and after != before  # other labels, placed for the new view
        labels_do_not_overlap(d)


def test_type_filter(driver, whole_page, shots):
    with opened(driver, whole_page, shots) as d:
        d.find_element("css selector", '#legend input[data-type="Person"]').click()
        hidden = d.execute_script("return kgViz.graph.filterNodes((n, a) => a.hidden).map(n => kgViz.graph.getNodeAttribute(n, 'kind'))")
        assert set(hidden) == {"Person", "Article", "Place"}
        d.find_element("css selector", '#legend input[data-type="Article"]').click()
        assert d.execute_script("return kgViz.graph.filterNodes((n, a) => a.kind === 'Article' && a.hidden).length") == 0


def test_article_markup_is_shown_as_text_and_never_runs(driver, xss_page, shots):

    with opened(driver, xss_page, shots) as d:
        names = d.execute_script("return kgViz.data.nodes.map(n => n.name)")
        assert any("<script>" in n for n in names), names  # the article's title
        # Every node and edge through the hover code path, then a real mouse hover.
        texts = d.execute_script(
            "var out = [];"
            "kgViz.data.nodes.forEach((n, i) => out.push(kgViz.showNode(i).textContent));"
            "kgViz.data.edges.forEach((e, i) => out.push(kgViz.showEdge(i).textContent));"
            "return out;")
        joined = "\n".join(texts)
        assert "<script>" in joined and '<img src=x onerror="__pwned=1">' in joined
        assert '"<script>__pwned=1</script>"' in joined and "'trích dẫn'" in joined
        d.execute_script("kgViz.showNode(kgViz.data.nodes.findIndex(n => n.t === 'Article'))")
        assert "<script>window.__pwned=1</script>" in d.find_element("css selector", "#details h2").text
        assert d.execute_script("return document.querySelectorAll('#details img, #details script, "
                                "#results img, #notice img').length") == 0
        assert d.execute_script("return typeof window.__pwned") == "undefined"


def test_big_graph_is_an_overview_and_still_draws(driver, shots, tmp_path):
    import networkx as nx

    g = nx.MultiDiGraph()
    for i in range(3000):
        g.add_node(f"p{i}", label="Person", name=f"Người {i}")
        g.add_edge(f"p{i}", f"e{i % 300}", type="ATTENDED", evidence=f"câu {i}")
        g.add_edge(f"p{i}", f"o{i % 40}", type="MEMBER_OF", role="Ủy viên", attested="2021-01-01")
    for j in range(300):
        g.add_node(f"e{j}", label="Event", name=f"Hội nghị {j}", date="2021-01-01")
    for j in range(40):
        g.add_node(f"o{j}", label="Organization", name=f"Huyện ủy {j}")
    path = tmp_path / "big.html"
    write_page(path, page_data(g, max_nodes=1500))
    with opened(driver, path, shots) as d:
        assert d.execute_script("return kgViz.graph.order") <= 1500
        kinds = d.execute_script("return kgViz.graph.mapNodes((n, a) => a.kind)")
        assert kinds.count("Organization") >= 10  # bodies with their members, not a ring of hubs
        notice = d.find_element("id", "notice")
        assert notice.is_displayed() and "kg serve" in notice.text and "--focus" in notice.text
        labels_do_not_overlap(d)


def test_each_story_is_a_cluster_of_its_own(driver, whole_page, shots):
    """People sit near their bodies and events: each connected part of what is shown is laid
    out apart from the others (their boxes never overlap), its edges short beside the page."""
    with opened(driver, whole_page, shots) as d:
        parts, edges, span = d.execute_script("""
            var g = kgViz.graph, seen = new Set(), parts = [];
            g.forEachNode(function (start, a) {
              if (a.hidden || seen.has(start)) return;
              var box = [a.x, a.y, a.x, a.y], queue = [start], n = 0;
              seen.add(start);
              while (queue.length) {
                var x = queue.pop(), p = g.getNodeAttributes(x); n++;
                box = [Math.min(box[0], p.x), Math.min(box[1], p.y), Math.max(box[2], p.x), Math.max(box[3], p.y)];
                g.forEachNeighbor(x, function (y, b) { if (!b.hidden && !seen.has(y)) { seen.add(y); queue.push(y); } });
              }
              parts.push(box.concat([n]));
            });
            var lengths = [];
            g.forEachEdge(function (e, a, s, t, sa, ta) {
              if (!sa.hidden && !ta.hidden) lengths.push(Math.hypot(sa.x - ta.x, sa.y - ta.y));
            });
            var xs = parts.map(p => p[0]).concat(parts.map(p => p[2])), ys = parts.map(p => p[1]).concat(parts.map(p => p[3]));
            return [parts, lengths, Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys))];""")
        big = [p for p in parts if p[4] > 1]
        assert len(big) >= 5
        for i, a in enumerate(big):
            for b in big[i + 1:]:
                assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)
        assert sum(edges) / len(edges) < 0.1 * span
