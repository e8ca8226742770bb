"""``kg viz``: the knowledge graph as one self-contained, interactive HTML page.

The page draws with sigma.js (WebGL) over graphology, vendored from npm into
``kg/explore/vendor`` with their licences and inlined, through kg's own drawing
code ``kg/explore/static/kg-graph.js`` (shared with ``kg serve``): one renderer from
twenty nodes to fifty thousand. What it draws, and why:

* people, organizations and events are nodes; a post is an edge person →
  organization labelled with its role and dates (Role nodes were hubs that tied
  together people with nothing in common); articles and places are hidden until
  the legend shows them;
* labels are chosen by importance and zoom, each only where it covers no other;
  the layout settles (ForceAtlas2, then an anti-overlap pass) before the first
  draw, or, past ``POSITIONED`` nodes, kg places communities on a spiral itself;
* a graph bigger than ``max_nodes`` gets an overview, not "the most connected":
  the organizations with the most members and their leaders, then their events,
  with a notice pointing to ``--focus``, ``--org`` and ``kg serve``;
* centrality and communities are computed on what is drawn;
* the graph goes in as data: one JSON document in a
  ``<script type="application/json">`` block, with ``<``, ``>``, ``&`` and
  U+2028/U+2029 escaped, so no article text can close the block or become markup;
  the page's script builds the details panel with ``textContent`` only, and
  links only ``http(s)`` source URLs;
* a Content-Security-Policy in the page forbids loading anything from outside
  (no CDN, no image, no request), so it works offline and leaks nothing;
* the file is written atomically and in UTF-8 whatever the platform.
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
from ..graph.project import PART_EDGE, coparticipation, to_networkx
from ..graph.store import shorten

__all__ = ["STYLE", "RELATION", "page_data", "render", "write_page", "viz", "vendor_assets"]

DEFAULT_MAX_NODES = 2000
BIG = 1000  # nodes: above this the page draws the cheap way (see the docstring)
# How the tests and benchmarks/viz_speed.py open the page in headless Chromium: no
# sandbox or GPU (containers, CI), and no background requests of Chromium's own.
HEADLESS_CHROMIUM = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run")
EVIDENCE_PER_EDGE = 5  # sentences kept per drawn edge; the count says how many there are

# label → (Vietnamese name, colour, shape name, legend glyph). Colours from
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
RELATION = {"CHAIRED": "chủ trì", "ATTENDED": "dự", "SPOKE_AT": "phát biểu", "HOSTED": "tiếp",
            "GUEST_AT": "thăm", "APPOINTED_AT": "được bổ nhiệm",
            "ORGANIZED": "tổ chức", "HELD_IN": "diễn ra tại", "PART_OF": "trực thuộc",
            "LOCATED_IN": "tại", "REPLACED_BY": "sáp nhập vào", "MENTIONED_IN": "được nêu trong"}


def vendor_assets() -> str:
    """graphology, its library (layouts) and sigma.js as vendored from npm
    (kg/explore/vendor, with their licences), and kg's drawing code, to inline."""
    parts = []
    for name in ("vendor/graphology.umd.min.js", "vendor/graphology-library.min.js",
                 "vendor/sigma.min.js", "static/kg-graph.js"):
        text = (files("kg.explore") / name).read_text(encoding="utf-8")
        # Inlined as-is, a library must not contain what would end its <script>.
        if re.search(r"</script", text, re.IGNORECASE):
            raise KGError(f"kg/explore/{name} cannot be inlined safely")
        parts.append(f"/* {name} */\n{text}")
    return "\n;\n".join(parts)


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


HIDDEN_BY_DEFAULT = ("Article", "Place")  # shown by the legend's toggle: they crowd the view
DRAWN_EDGES = {"MEMBER_OF", *PART_EDGE.values(), "ORGANIZED", "PART_OF", "HELD_IN",
               "MENTIONED_IN", "LOCATED_IN", "REPLACED_BY"}  # not HOLDS: roles are edge labels, not hubs
ARTICLE_FIELDS = ("label", "name", "url", "path", "published")
POSITIONED = 3000  # nodes: above this kg places them (communities on a spiral), the page only draws


def _view(graph):
    """The graph as the page draws it: no Role nodes (a post is an edge person → organization
    labelled with its role), no HOLDS edges. Built afresh (attributes shared, not copied):
    a networkx subgraph view filters every step of every walk, which cost seconds at 50,000 nodes."""
    return _part(graph, (n for n, d in graph.nodes(data=True) if d["label"] != "Role"),
                 lambda d: d["type"] in DRAWN_EDGES)


def _part(graph, keep, edge_ok=lambda d: True):
    """The nodes ``keep`` of ``graph`` and the edges between them that ``edge_ok`` accepts."""
    import networkx as nx

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, graph.nodes[n]) for n in keep)
    out.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                       if u in out and v in out and edge_ok(d))
    return out


def _overview(graph, max_nodes: int, centres: list[str]) -> set[str]:
    """For a graph too big to draw: the organizations with the most members and those members
    (the leaders), then the events they share; articles and places only if room is left."""
    if not max_nodes or graph.number_of_nodes() <= max_nodes:
        return set(graph)
    keep = set(centres[:max_nodes])
    members: dict[str, set[str]] = {}
    for person, org, d in graph.edges(data=True):
        if d["type"] == "MEMBER_OF":
            members.setdefault(org, set()).add(person)
    for org in sorted(members, key=lambda o: (-len(members[o]), o)):
        if len(keep) + 1 + len(members[org] - keep) > max_nodes:
            continue
        keep |= {org} | members[org]
    events = Counter(e for p in keep for _, e, d in graph.out_edges(p, data=True)
                     if d["type"] in PART_EDGE.values())
    for event, _ in sorted(events.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(keep) >= max_nodes:
            break
        keep.add(event)
    rest = sorted((n for n in graph if n not in keep), key=lambda n: (
        graph.nodes[n]["label"] in HIDDEN_BY_DEFAULT, -graph.degree(n), n))
    keep.update(rest[:max(0, max_nodes - len(keep))])
    return keep


def _notice(graph, shown: dict, shown_edges: int) -> str:
    """What a capped page says it left out, by node type, in Vietnamese and English."""
    total = graph.number_of_nodes()
    left = Counter(d["label"] for node, d in graph.nodes(data=True) if node not in shown)
    parts = ", ".join(f"{STYLE[k][0]} ({k}) {v:,}" for k, v in left.most_common())
    return (f"Đồ thị lớn: hiển thị {len(shown):,} trên {total:,} nút: các cơ quan nhiều thành viên "
            f"nhất và lãnh đạo của họ. Showing {len(shown):,} of {total:,} nodes: the organizations "
            f"with the most members, their leaders and the events they share; left out: "
            f"{total - len(shown):,} nodes ({parts}) and {graph.number_of_edges() - shown_edges:,} "
            f"edges. For one person or body use --focus or --org (or --from/--to); to explore the "
            f"whole store, kg serve.")


def _positions(sub, group_of: dict) -> dict[str, tuple[float, float]]:
    """Communities on a sunflower spiral, each a small disc of its members: a readable first
    picture of a large graph without running a layout in the browser."""
    groups: dict[int, list[str]] = {}
    for node in sorted(sub, key=lambda n: (-sub.degree(n), n)):
        groups.setdefault(group_of.get(node, 0), []).append(node)
    out = {}
    golden = math.pi * (3 - math.sqrt(5))
    offset = 0.0
    for g, (_, members) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
        radius = math.sqrt(offset + len(members) / 2) * 12
        cx, cy = radius * math.cos(g * golden), radius * math.sin(g * golden)
        offset += len(members)
        for i, node in enumerate(members):
            r = math.sqrt(i + 0.5) * 4
            out[node] = (cx + r * math.cos(i * golden), cy + r * math.sin(i * golden))
    return out


def page_data(graph, title: str = "kg", description: str = "the whole graph",
              max_nodes: int = DEFAULT_MAX_NODES, centres: list[str] | None = None) -> dict:
    """The JSON document the page draws: nodes, aggregated edges, articles, legend, notice.

    Centrality and communities are computed on what is drawn, not on the whole graph."""
    full = _view(graph)
    centres = [c for c in (centres or []) if c in full]
    keep = _overview(full, max_nodes, centres)
    sub = full if len(keep) == full.number_of_nodes() else _part(full, keep)
    co = coparticipation(sub)
    degree, between, approximate = centrality(sub, co)
    group_of = {p: i + 1 for i, group in enumerate(communities(sub, co)) for p in group}
    index = {n: i for i, n in enumerate(sorted(keep, key=lambda n: (sub.nodes[n]["label"], n)))}
    positions = _positions(sub, group_of) if len(index) > POSITIONED else {}
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
        d = sub.nodes[node]
        # an article's source and date are in the articles table its node points to
        skip = ARTICLE_FIELDS if d["label"] == "Article" else ("label", "name", "article", "evidence")
        props = {k: v for k, v in d.items() if k not in skip}
        record = {"id": i, "t": d["label"], "name": d.get("name", node), "iri": shorten(node),
                  "p": props, "deg": degree[node]}
        if d.get("evidence") or d.get("article"):
            record["ev"] = [{"s": d.get("evidence", ""), "a": article(d.get("article"))}]
        if d["label"] == "Article":
            record["a"] = article(node)
        if node in group_of:
            record["c"] = group_of[node]
        if between.get(node):
            record["b"] = round(between[node], 4)
        if node in positions:
            record["x"], record["y"] = (round(v, 2) for v in positions[node])
        nodes.append(record)

    edges: dict[tuple, dict] = {}
    dates: dict[tuple, set[str]] = {}
    spans: dict[tuple, set[tuple[str, str]]] = {}
    for u, v, d in sub.edges(data=True):
        label = _edge_label(d)
        key = (index[u], index[v], d["type"], label)
        edge = edges.setdefault(key, {"f": index[u], "to": index[v], "y": d["type"], "l": label,
                                      "n": 0, "ev": []})
        edge["n"] += 1
        if d.get("tenure"):  # the post's tenure (kg.graph.careers): its interval, not its dates
            spans.setdefault(key, set()).add((d.get("start") or "?", d.get("end") or "…"))
        if d.get("attested"):
            dates.setdefault(key, set()).add(str(d["attested"])[:10])
        if len(edge["ev"]) < EVIDENCE_PER_EDGE and (d.get("evidence") or d.get("article")):
            edge["ev"].append({k: val for k, val in (
                ("s", d.get("evidence")), ("a", article(d.get("article"))), ("d", d.get("attested")),
                ("st", d.get("status"))) if val is not None})
    for key, seen in dates.items():  # a post's edge: its role and when it was attested
        if len(spans.get(key, ())) == 1:
            (start, end), = spans[key]
            edges[key]["l"] += f" · {start} – {end}"
            continue
        first, last = min(seen), max(seen)
        edges[key]["l"] += f" · {first}" + (f" – {last}" if last != first else "")

    total_n, total_e = full.number_of_nodes(), full.number_of_edges()
    shown_e = sum(e["n"] for e in edges.values())
    notice = _notice(full, index, shown_e) if len(index) < total_n else ""
    n = len(index)
    return {
        "nodes": nodes, "edges": list(edges.values()), "articles": articles,
        "style": {k: {"name": s[0], "color": s[1], "shape": s[2], "glyph": s[3],
                      "hidden": k in HIDDEN_BY_DEFAULT} for k, s in STYLE.items() if k != "Role"},
        "meta": {"title": title, "description": description, "total_nodes": total_n,
                 "total_edges": total_e, "shown_nodes": n, "shown_edges": shown_e,
                 "notice": notice, "big": n > BIG, "betweenness_approximate": approximate,
                 "focus": [index[c] for c in centres if c in index], "positioned": bool(positions)},
    }


def render(data: dict) -> str:
    """The page: the template with the libraries and the data put in, in one pass."""
    template = (files("kg.explore") / "viz.html").read_text(encoding="utf-8")
    parts = {"JS": vendor_assets(), "DATA": _json_for_html(data)}
    # One pass, so nothing put in (the data, the library) is searched for placeholders again.
    return re.sub(r"/\*@(JS|DATA)@\*/", lambda m: parts[m.group(1)], template)


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
