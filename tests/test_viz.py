"""kg viz and kg stats without a browser: choosing a view, analytics, the page's text, the CLI."""

import json
import re

import networkx as nx
import pytest

import kg
from kg.explore.analytics import find_nodes, in_period, select, summary
from kg.cli import main
from kg.errors import KGError
from kg.explore.viz import page_data, render, write_page

XSS = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">',
       'Lê "Văn" \'An\' </script><b>&amp;', "\u2028line\u2029sep"]


@pytest.fixture(scope="module")
def graph(built_store):
    return kg.to_networkx(built_store)


def hostile_graph() -> nx.MultiDiGraph:
    """A graph whose every text is markup, with a javascript: source URL."""
    g = nx.MultiDiGraph()
    art = "https://example.org/article/x"
    g.add_node("p1", label="Person", name=XSS[0])
    g.add_node("p2", label="Person", name=XSS[1])
    g.add_node("o", label="Organization", name=XSS[2], kind="party_committee")
    g.add_node("r", label="Role", name="Bí thư")
    g.add_node("e", label="Event", name=XSS[3], date="2021-01-12", article=art, evidence=XSS[1])
    g.add_node(art, label="Article", name=XSS[0], url="javascript:window.__pwned=1", path=XSS[2])
    member = {"role": XSS[2], "organization": XSS[2], "status": "current", "attested": "2021-01-12",
              "article": art, "evidence": XSS[0] + " " + XSS[2]}
    g.add_edge("p1", "o", "m1", type="MEMBER_OF", **member)
    g.add_edge("p1", "r", "m1", type="HOLDS", organization_id="o", **member)
    g.add_edge("p1", "e", "c1", type="CHAIRED", article=art, evidence=XSS[1])
    g.add_edge("p2", "e", "a1", type="ATTENDED", article=art, evidence=XSS[2])
    g.add_edge("o", "e", "x", type="ORGANIZED")
    return g


def embedded(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_to_networkx_is_exported(built_store, graph):
    assert "to_networkx" in kg.__all__
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"Person", "Organization", "Event", "Role", "Place", "Article"} == labels


def test_names_match_without_accents_and_misses_list_close_names(graph):
    person = next(n for n, d in graph.nodes(data=True) if d.get("name") == "Bùi Đức Cường")
    assert find_nodes(graph, "bui duc cuong", "Person") == [person]
    assert find_nodes(graph, "  BÙI  đức cường ", "Person") == [person]
    with pytest.raises(KGError, match="close matches: .*Bùi Đức Cường"):
        find_nodes(graph, "Bui Duc Cuonq", "Person")


def test_focus_depth_walks_people_and_events_not_hubs(graph):
    one, _, centres = select(graph, focus="Bùi Đức Cường", depth=1)
    two, description, _ = select(graph, focus="Bùi Đức Cường", depth=2)
    assert set(one) < set(two) and "Bùi Đức Cường" in description
    centre = centres[0]
    assert set(one) == {centre} | set(graph.successors(centre)) | set(graph.predecessors(centre))
    # Roles are not walked through: not every "Ủy viên" of the country comes along.
    ủy_viên = [n for n, d in graph.nodes(data=True) if d["label"] == "Role" and d["name"] == "Ủy viên"]
    holders = {u for u, _ in graph.in_edges(ủy_viên[0])}
    assert not holders <= set(two)


def test_org_view_and_period(graph):
    sub, _, (org,) = select(graph, org="huyen uy yen thanh")
    members = {u for u, _, d in sub.in_edges(org, data=True) if d["type"] == "MEMBER_OF"}
    assert {sub.nodes[m]["name"] for m in members} >= {"Lê Đình Tuấn"}
    assert all(d.get("organization_id") == org for *_, d in sub.edges(data=True) if d["type"] == "HOLDS")
    period = in_period(graph, "2021-01-01", "2021-12-31")
    dates = [d["date"] for _, d in period.nodes(data=True) if d["label"] == "Event"]
    assert dates and all("2021-01-01" <= x <= "2021-12-31" for x in dates)
    assert all("2021" == d["attested"][:4] for *_, d in period.edges(data=True)
               if d["type"] in ("HOLDS", "MEMBER_OF"))
    with pytest.raises(KGError, match="YYYY-MM-DD"):
        in_period(graph, "1/1/2021", None)


def test_summary_counts_and_communities(graph):
    data = summary(graph, top=5)
    assert sum(data["nodes"].values()) == graph.number_of_nodes() == data["total_nodes"]
    assert sum(data["edges"].values()) == graph.number_of_edges()
    assert len(data["top_degree"]) == 5
    degrees = [p["degree"] for p in data["top_degree"]]
    assert degrees == sorted(degrees, reverse=True)
    sizes = [c["size"] for c in data["communities"]]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 2
    assert summary(graph, top=5)["communities"] == data["communities"]  # fixed seed


def test_page_is_offline_and_data_cannot_become_markup(tmp_path):
    path = tmp_path / "out" / "hostile.html"
    size = write_page(path, page_data(hostile_graph(), title=XSS[0]))
    raw = path.read_bytes()
    assert size == len(raw)
    html = raw.decode("utf-8")  # UTF-8 whatever the locale
    assert not list(tmp_path.glob("out/.*")), "atomic write leaves no temporary file"
    # No CDN: no script or stylesheet from anywhere, and a policy forbidding it.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:|@import", html, re.I)
    assert "default-src 'none'" in html
    block = re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    data = embedded(html)
    assert data["meta"]["title"] == XSS[0]
    assert {n["name"] for n in data["nodes"]} >= set(XSS)


def drawn(graph):
    """What the page draws of a graph: no Role nodes, no HOLDS edges (a post is MEMBER_OF)."""
    nodes = [n for n, d in graph.nodes(data=True) if d["label"] != "Role"]
    edges = [d for u, v, d in graph.edges(data=True)
             if d["type"] != "HOLDS" and u in nodes and v in nodes]
    return len(nodes), len(edges)


def test_big_graph_gets_an_overview_with_a_notice(graph):
    nodes, edges = drawn(graph)
    data = page_data(graph, max_nodes=40)
    meta = data["meta"]
    assert meta["shown_nodes"] == len(data["nodes"]) == 40
    assert meta["total_nodes"] == nodes
    assert f"{nodes - 40:,} nodes" in meta["notice"] and "kg serve" in meta["notice"]
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["f"] in ids and e["to"] in ids for e in data["edges"])
    # the overview is bodies and their members, not articles or places
    assert {n["t"] for n in data["nodes"]} <= {"Person", "Organization", "Event"}
    whole = page_data(graph)
    assert whole["meta"]["notice"] == "" and whole["meta"]["shown_edges"] == edges


def test_centrality_is_computed_on_what_is_drawn(graph, monkeypatch):
    import kg.explore.viz as viz_module

    sizes = []
    real = viz_module.centrality
    monkeypatch.setattr(viz_module, "centrality", lambda g, co: sizes.append(len(g)) or real(g, co))
    page_data(graph, max_nodes=40)
    assert sizes == [40]


def test_edge_labels_are_vietnamese_and_posts_carry_role_and_date(graph):
    data = page_data(graph)
    labels = {(e["y"], e["l"]) for e in data["edges"]}
    assert ("CHAIRED", "chủ trì") in labels and ("ATTENDED", "dự") in labels
    assert ("SPOKE_AT", "phát biểu") in labels
    assert ("MEMBER_OF", "Bí thư · 2019-03-13 – …") in labels  # its tenure, open-ended
    assert not any(t == "HOLDS" for t, _ in labels)
    assert "Role" not in {n["t"] for n in data["nodes"]}


def test_cli_viz_and_stats(built_store, tmp_path, capsys):
    out = tmp_path / "focus.html"
    assert main(["viz", "--store", str(built_store.path), "-o", str(out),
                 "--focus", "bui duc cuong", "--depth", "2"]) == 0
    assert "Bùi Đức Cường" in capsys.readouterr().err
    data = embedded(out.read_text(encoding="utf-8"))
    assert data["meta"]["focus"] and embedded(render(data)) == data  # the JSON round-trips
    assert main(["viz", "--store", str(built_store.path), "-o", str(tmp_path / "x.html"),
                 "--focus", "Bui Duc Cuonq"]) == 2
    assert "close matches" in capsys.readouterr().err
    assert main(["viz", "--store", str(built_store.path), "-o", str(tmp_path / "org.html"),
                 "--org", "Huyện ủy Yên Thành", "--from", "2019-01-01", "--to", "2021-12-31"]) == 0
    capsys.readouterr()
    assert main(["stats", "--store", str(built_store.path), "--format", "json", "--top", "3"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert len(stats["top_degree"]) == 3 and stats["communities"]
    assert main(["stats", "--store", str(built_store.path)]) == 0
    text = capsys.readouterr().out
    assert "most connected people" in text and "communities" in text


def test_betweenness_is_networkx_s_on_arrays():
    import networkx as nx

    from kg.explore.analytics import betweenness

    for g in (nx.karate_club_graph(), nx.gnm_random_graph(200, 500, seed=3), nx.path_graph(4),
              nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])):
        for k in (None, 3):
            ours, theirs = betweenness(g, k=k, seed=42), nx.betweenness_centrality(g, k=k, seed=42)
            assert ours.keys() == theirs.keys()
            assert all(abs(ours[n] - theirs[n]) < 1e-12 for n in g), k
