"""Time kg viz on synthetic graphs of kg's model: page generation, file size, first draw in Chromium.

    python benchmarks/viz_speed.py [--sizes 500 5000 50000] [--max-nodes 2000] [--uncapped]

The sample store is small, so graphs of the property-graph model
(docs/property-graph.md) are generated: people holding posts in organizations,
events they chair, attend and speak at, places, roles, articles. For each size
it prints the time to compute the page's data (centrality, communities, the
cap), to render and write the HTML, the file's size, and the time to first draw
in headless Chromium: ``performance.now()`` at the network's first
sigma renderer's first frame (from navigation start: parsing, the layout,
drawing), and when the layout had settled. ``--uncapped`` adds a run without the
node cap, to show what the cap saves. Needs /usr/bin/chromium and chromedriver.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.explore.viz import DEFAULT_MAX_NODES, HEADLESS_CHROMIUM, page_data, write_page

SHARE = {"Person": 0.40, "Event": 0.15, "Organization": 0.22, "Place": 0.08, "Role": 0.02,
         "Article": 0.13}
PARTS = ("CHAIRED", "ATTENDED", "ATTENDED", "ATTENDED", "SPOKE_AT")


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """About n nodes and 4n edges shaped like a built store (see the module docstring)."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids: dict[str, list[str]] = {}
    for label, share in SHARE.items():
        ids[label] = [f"{label.lower()}/{i}" for i in range(max(2, int(n * share)))]
        for i, node in enumerate(ids[label]):
            g.add_node(node, label=label, name=f"{label} {i} Nguyễn Văn Đức", date="2021-01-12")
    for article in ids["Article"]:
        g.nodes[article]["url"] = f"https://example.org/{article}"
    sentence = "Đồng chí Nguyễn Văn Đức, Bí thư Huyện ủy chủ trì hội nghị kiểm điểm năm 2020."
    for p in ids["Person"]:
        for _ in range(2):
            org, role, art = rnd.choice(ids["Organization"]), rnd.choice(ids["Role"]), rnd.choice(ids["Article"])
            props = {"role": g.nodes[role]["name"], "organization": g.nodes[org]["name"], "status": "current",
                     "attested": "2021-01-12", "article": art, "evidence": sentence}
            g.add_edge(p, org, type="MEMBER_OF", **props)
            g.add_edge(p, role, type="HOLDS", organization_id=org, **props)
        g.add_edge(p, rnd.choice(ids["Article"]), type="MENTIONED_IN")
    for e in ids["Event"]:
        for p in rnd.sample(ids["Person"], min(5, len(ids["Person"]))):
            g.add_edge(p, e, type=rnd.choice(PARTS), article=rnd.choice(ids["Article"]), evidence=sentence)
        g.add_edge(rnd.choice(ids["Organization"]), e, type="ORGANIZED")
        g.add_edge(e, rnd.choice(ids["Place"]), type="HELD_IN")
        g.add_edge(e, rnd.choice(ids["Article"]), type="MENTIONED_IN")
    for o in ids["Organization"]:
        g.add_edge(o, rnd.choice(ids["Place"]), type="LOCATED_IN")
    return g


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in (*HEADLESS_CHROMIUM, f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-')}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def first_draw(driver, page: Path, timeout: float) -> tuple[float | None, float | None]:
    """(ms to first draw, ms to end of stabilisation), measured in the page; None if not by timeout."""
    driver.get(page.as_uri())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        drawn, settled = driver.execute_script("return [window.__kgFirstDraw, window.__kgStabilized]")
        if drawn:
            return drawn, settled
        time.sleep(0.05)
    return None, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 50000])
    parser.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES)
    parser.add_argument("--uncapped", action="store_true", help="also time each size without a cap")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for a draw")
    args = parser.parse_args()
    driver = chromium()
    out = Path(tempfile.mkdtemp(prefix="kg-viz-bench-"))
    print(f"{'nodes':>7} {'edges':>7} {'cap':>6} {'drawn':>6} {'data s':>7} {'html s':>7} "
          f"{'size MB':>8} {'1st draw s':>11} {'settled s':>10}")
    try:
        for n in args.sizes:
            g = synthetic(n)
            for cap in [args.max_nodes] + ([0] if args.uncapped else []):
                start = time.perf_counter()
                data = page_data(g, title=f"synthetic {n}", max_nodes=cap)
                made = time.perf_counter()
                size = write_page(out / f"g{n}-{cap}.html", data)
                written = time.perf_counter()
                drawn, settled = first_draw(driver, out / f"g{n}-{cap}.html", args.timeout)
                show = (lambda ms: f"{ms / 1000:.2f}" if ms else f">{args.timeout:.0f}")
                print(f"{g.number_of_nodes():>7,} {g.number_of_edges():>7,} {cap or 'none':>6} "
                      f"{data['meta']['shown_nodes']:>6,} {made - start:>7.2f} {written - made:>7.2f} "
                      f"{size / 1e6:>8.2f} {show(drawn):>11} {show(settled):>10}", flush=True)
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
