"""kg serve's pages in a real headless Chromium: as a person who never used kg would go.

Screenshots of every page land in tests/artifacts/screenshots/ (ignored by git).
"""

import urllib.parse

import pytest

from conftest import labels_do_not_overlap
from test_serve import TUAN, YEN_THANH, K

DRAW_TIMEOUT = 30


@pytest.fixture(scope="module")
def server(kg_server):
    return kg_server


@pytest.fixture(scope="module")
def hostile(kg_hostile_server):
    return kg_hostile_server


def visit(driver, url: str, shots, name: str, graph: bool = True):
    """Open a page, wait for its graph's first draw, screenshot it, check the console."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    driver.get(url)
    if graph:
        WebDriverWait(driver, DRAW_TIMEOUT).until(
            lambda d: d.execute_script("return window.__kgFirstDraw || window.__kgGraphError"))
        assert not driver.execute_script("return window.__kgGraphError")
    driver.get_screenshot_as_file(str(shots / f"serve-{name}.png"))
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, f"JavaScript errors on {name}: {severe}"
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert all(u.startswith(url.split("/id/")[0].split("/search")[0].rstrip("/")) for u in loaded), loaded


def test_a_newcomer_finds_a_person_and_reads_their_posts(driver, server, shots):
    from selenium.webdriver.common.keys import Keys

    visit(driver, server.url + "/", shots, "home", graph=False)
    box = driver.find_element("id", "home-q")
    box.send_keys("le dinh tuan", Keys.ENTER)
    visit(driver, driver.current_url, shots, "search", graph=False)
    link = driver.find_element("css selector", "ol.results li a")
    assert link.text == "Lê Đình Tuấn"
    link.click()
    visit(driver, driver.current_url, shots, "person")
    assert driver.find_element("tag name", "h1").text.startswith("Lê Đình Tuấn")
    career = driver.find_element("css selector", "ol.career").text
    assert "Bí thư · Huyện ủy Yên Thành" in career
    assert driver.find_elements("css selector", "ol.career blockquote")  # the sentence behind it
    assert driver.execute_script("return kgView.graph.order") >= 3
    assert labels_do_not_overlap(driver) >= 3
    # on to the organization's leadership
    driver.find_element("link text", "Huyện ủy Yên Thành").click()
    visit(driver, driver.current_url, shots, "organization")
    assert "Lê Đình Tuấn" in driver.find_element("css selector", "table.leaders").text


def test_event_and_article_pages_draw(driver, server, shots):
    import requests

    person = requests.get(server.url + "/id/" + urllib.parse.quote(TUAN[len(K):]) + "?format=json",
                          timeout=30).json()
    event = person["events"][0]
    visit(driver, server.url + "/id/" + urllib.parse.quote(event["event"][len(K):]), shots, "event")
    assert "Lê Đình Tuấn" in driver.find_element("tag name", "main").text
    visit(driver, server.url + "/id/" + urllib.parse.quote(event["article"][len(K):]), shots, "article")
    assert driver.find_elements("css selector", ".article-text mark")
    # clicking a node grows the graph from the server
    before = driver.execute_script("return kgView.graph.order")
    org = urllib.parse.quote(YEN_THANH[len(K):])
    visit(driver, server.url + "/id/" + org, shots, "organization-graph")
    assert driver.execute_script("return kgView.graph.order") >= 2 and before >= 1


def test_article_markup_never_runs(driver, hostile, shots):
    import requests

    hits = requests.get(hostile.url + "/search", params={"q": "bui van thang", "format": "json"},
                        timeout=30).json()
    person = requests.get(hostile.url + hits["results"][0]["page"] + "?format=json", timeout=30).json()
    article = person["career"][0]["attestations"][0]["article"]
    visit(driver, hostile.url + "/id/" + urllib.parse.quote(article[len(K):]), shots, "hostile-article")
    main = driver.find_element("tag name", "main").text
    assert "<script>window.__pwned=1</script>" in main
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('main img, main script').length") == 0
    visit(driver, hostile.url + hits["results"][0]["page"], shots, "hostile-person")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
