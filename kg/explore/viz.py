"""``kg viz``: the knowledge graph as one self-contained, interactive HTML page.

Why not pyvis's own ``Network.write_html``: pyvis 0.3.2 (checked) loads Bootstrap
from a CDN even with ``cdn_resources="in_line"``; sets every tooltip with
``innerHTML`` as soon as one node title contains "href" (article text would
become markup); writes in the platform's default encoding; adds nodes one by
one in quadratic time (about 128 s for 50,000 nodes); and leaves physics on,
which takes minutes to settle past 1,500 nodes. So kg uses pyvis only for the
vis-network library it ships (``pyvis/templates/lib/vis-9.1.2``; vis-network
is dual Apache-2.0 / MIT licensed, its licence header stays in the page), read
from the installed package at run time, and writes the page from its own
template, ``kg/explore/viz.html``:

* the graph goes in as data: one JSON document in a
  ``<script type="application/json">`` block, with ``<``, ``>``, ``&`` and
  U+2028/U+2029 escaped, so no article text can close the block or become markup;
  the page's script builds the details panel with ``textContent`` only, and
  links only ``http(s)`` source URLs;
* a Content-Security-Policy in the page forbids loading anything from outside
  (no CDN, no image, no request), so it works offline and leaks nothing;
* the file is written atomically and in UTF-8 whatever the platform;
* big graphs are capped (``max_nodes``, the most connected first, with a notice
  saying what was left out) and drawn with limited stabilisation, straight
  edges and no edge labels; physics stops once the layout has settled.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

from .analytics import centrality, communities, in_period, select
from ..atomic import atomic_open
from ..errors import KGError
from ..graph.lookup import Resolver
from ..graph.project import coparticipation, to_networkx

__all__ = ["STYLE", "RELATION", "page_data", "render", "write_page", "viz", "vis_assets"]

DEFAULT_MAX_NODES = 2000
VIS_DIR = "templates/lib/vis-9.1.2"
BIG = 1000  # nodes: above this the page draws the cheap way (see the docstring)
# How the tests and benchmarks/viz_speed.py open the page in headless Chromium: no
# sandbox or GPU (containers, CI), and no background requests of Chromium's own.
HEADLESS_CHROMIUM = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run")
EVIDENCE_PER_EDGE = 5  # sentences kept per drawn edge; the count says how many there are

# label → (Vietnamese name, colour, vis-network shape, legend glyph). Colours from
# the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
STYLE = {
    "Person": ("Người", "#0072B2", "dot", "●"),
    "Organization": ("Tổ chức", "#E69F00", "square", "■"),
    "Event": ("Sự kiện", "#009E73", "diamond", "◆"),
    "Role": ("Chức vụ", "#D55E00", "hexagon", "⬢"),
    "Place": ("Địa danh", "#CC79A7", "triangle", "▲"),
    "Article": ("Bài báo", "#7F7F7F", "triangleDown", "▼"),
}
# Edge labels in Vietnamese; HOLDS and MEMBER_OF are labelled with the role itself.
RELATION = {"CHAIRED": "chủ trì", "ATTENDED": "dự", "SPOKE_AT": "phát biểu",
            "ORGANIZED": "tổ chức", "HELD_IN": "diễn ra tại", "PART_OF": "trực thuộc",
            "LOCATED_IN": "tại", "REPLACED_BY": "sáp nhập vào", "MENTIONED_IN": "được nêu trong"}


def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the installed pyvis package."""
    try:
        lib = files("pyvis") / VIS_DIR
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as err:
        raise KGError(f"kg viz needs vis-network from the pyvis package ({err}); "
                      "pip install 'pyvis==0.3.2'") from None
    # Inlined as-is, the library must not contain what would end its <script>/<style>.
    if re.search(r"</(script|style)", js + css, re.IGNORECASE):
        raise KGError("the vis-network files in pyvis cannot be inlined safely")
    return js, css


def _json_for_html(data) -> str:
    """JSON that cannot end the <script> block it sits in, nor break a JS parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)  # these occur only inside JSON strings
    return text


def _edge_label(data: dict) -> str:
    if data["type"] in ("HOLDS", "MEMBER_OF"):
        return data.get("role", "")
    return RELATION.get(data["type"], data["type"])


def _keep(graph, degree: dict, max_nodes: int, centres: list[str]) -> set[str]:
    """The nodes to draw: the centres, then the most connected (ties: people first, then id)."""
    if not max_nodes or graph.number_of_nodes() <= max_nodes:
        return set(graph)
    order = {label: i for i, label in enumerate(STYLE)}
    ranked = sorted(graph, key=lambda n: (-degree[n], order.get(graph.nodes[n]["label"], 9), n))
    keep = set(centres[:max_nodes])
    for node in ranked:
        if len(keep) >= max_nodes:
            break
        keep.add(node)
    return keep


def _notice(graph, shown: dict, shown_edges: int) -> str:
    """What a capped page says it left out, by node type, in Vietnamese and English."""
    total = graph.number_of_nodes()
    left = Counter(d["label"] for node, d in graph.nodes(data=True) if node not in shown)
    parts = ", ".join(f"{STYLE[k][0]} ({k}) {v:,}" for k, v in left.most_common())
    return (f"Đồ thị lớn: hiển thị {len(shown):,} trên {total:,} nút, những nút nhiều liên kết "
            f"nhất. Showing the {len(shown):,} most connected of {total:,} nodes; left out: "
            f"{total - len(shown):,} nodes ({parts}) and {graph.number_of_edges() - shown_edges:,} "
            f"edges. Use --focus, --org, --from/--to or --max-nodes to see others.")


def page_data(graph, title: str = "kg", description: str = "the whole graph",
              max_nodes: int = DEFAULT_MAX_NODES, centres: list[str] | None = None) -> dict:
    """The JSON document the page draws: nodes, aggregated edges, articles, legend, notice."""
    centres = [c for c in (centres or []) if c in graph]
    co = coparticipation(graph)
    degree, between, approximate = centrality(graph, co)
    group_of = {p: i + 1 for i, group in enumerate(communities(graph, co)) for p in group}
    keep = _keep(graph, degree, max_nodes, centres)
    index = {n: i for i, n in enumerate(sorted(keep, key=lambda n: (graph.nodes[n]["label"], n)))}
    articles: list[dict] = []
    article_index: dict[str, int] = {}

    def article(iri):
        if not iri:
            return None
        if iri not in article_index:
            d = graph.nodes[iri] if iri in graph else {}
            article_index[iri] = len(articles)
            articles.append({k: d[k] for k in ("name", "url", "path", "published") if d.get(k)})
        return article_index[iri]

    nodes = []
    for node, i in index.items():
        d = graph.nodes[node]
        props = {k: v for k, v in d.items() if k not in ("label", "name", "article", "evidence")}
        record = {"id": i, "t": d["label"], "name": d.get("name", node), "iri": node,
                  "p": props, "deg": degree[node]}
        if d.get("evidence") or d.get("article"):
            record["ev"] = [{"s": d.get("evidence", ""), "a": article(d.get("article"))}]
        if d["label"] == "Article":
            record["a"] = article(node)
        if node in group_of:
            record["c"] = group_of[node]
        if between.get(node):
            record["b"] = round(between[node], 4)
        nodes.append(record)

    edges: dict[tuple, dict] = {}
    for u, v, d in graph.edges(data=True):
        if u not in index or v not in index:
            continue
        label = _edge_label(d)
        key = (index[u], index[v], d["type"], label)
        edge = edges.setdefault(key, {"f": index[u], "to": index[v], "y": d["type"], "l": label,
                                      "n": 0, "ev": []})
        edge["n"] += 1
        if len(edge["ev"]) < EVIDENCE_PER_EDGE and (d.get("evidence") or d.get("article")):
            edge["ev"].append({k: val for k, val in (
                ("s", d.get("evidence")), ("a", article(d.get("article"))), ("d", d.get("attested")),
                ("st", d.get("status")), ("o", d.get("organization") if d["type"] == "HOLDS" else None))
                if val is not None})

    total_n, total_e = graph.number_of_nodes(), graph.number_of_edges()
    shown_e = sum(e["n"] for e in edges.values())
    notice = _notice(graph, index, shown_e) if len(index) < total_n else ""
    n = len(index)
    return {
        "nodes": nodes, "edges": list(edges.values()), "articles": articles,
        "style": {k: {"name": s[0], "color": s[1], "shape": s[2], "glyph": s[3]} for k, s in STYLE.items()},
        "meta": {"title": title, "description": description, "total_nodes": total_n,
                 "total_edges": total_e, "shown_nodes": n, "shown_edges": shown_e,
                 "notice": notice, "big": n > BIG, "betweenness_approximate": approximate,
                 "focus": [index[c] for c in centres if c in index],
                 # Stabilisation work grows with n·iterations; keep first draw within seconds.
                 "iterations": 400 if n <= 300 else max(30, int(120_000 / n)),
                 "improved_layout": n <= 150, "physics_after": n <= 300},
    }


def render(data: dict) -> str:
    """The page: the template with vis-network and the data put in, in one pass."""
    js, css = vis_assets()
    template = (files("kg.explore") / "viz.html").read_text(encoding="utf-8")
    parts = {"VIS_JS": js, "VIS_CSS": css, "DATA": _json_for_html(data)}
    # One pass, so nothing put in (the data, the library) is searched for placeholders again.
    return re.sub(r"/\*@(VIS_JS|VIS_CSS|DATA)@\*/", lambda m: parts[m.group(1)], template)


def write_page(path: str | Path, data: dict) -> int:
    """Write the page atomically, in UTF-8; returns its size in bytes."""
    html = render(data)
    with atomic_open(path) as out:  # atomic_open writes UTF-8 whatever the locale
        out.write(html)
    return len(html.encode("utf-8"))


def viz(store, output: str | Path, focus: str | None = None, depth: int = 1, org: str | None = None,
        date_from: str | None = None, date_to: str | None = None,
        max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> dict:
    """Build the page for a view of the store and write it; returns what was drawn."""
    graph = to_networkx(store)
    if date_from or date_to:
        graph = in_period(graph, date_from, date_to)
    sub, description, centres = select(graph, focus=focus, depth=depth, org=org,
                                       resolver=Resolver(store) if focus or org else None)
    if date_from or date_to:
        description += f", {date_from or '…'} – {date_to or '…'}"
    if sub.number_of_nodes() == 0:
        raise KGError(f"nothing to draw for {description}")
    data = page_data(sub, title=title or f"kg: {description}", description=description,
                     max_nodes=max_nodes, centres=centres)
    size = write_page(output, data)
    meta = data["meta"]
    return {"output": str(output), "bytes": size, "description": description,
            "nodes": meta["shown_nodes"], "edges": meta["shown_edges"],
            "total_nodes": meta["total_nodes"], "total_edges": meta["total_edges"],
            "notice": meta["notice"], "size_kb": math.ceil(size / 1024)}
