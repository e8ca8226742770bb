"""Analytics over the property graph: choosing a part of it, centrality, communities, stats.

Everything here works on the ``networkx.MultiDiGraph`` of :func:`kg.project.to_networkx`
and returns plain data (dicts, lists, graphs), so ``kg stats``, ``kg viz`` and a
notebook share one implementation and the CLI only prints.

Choices, and why:

* Names are resolved by kg.graph.lookup, as everywhere in kg: accents, case and
  abbreviations optional ("bui van thang" finds "Bùi Văn Thăng", "HU Yên Thành"
  finds "Huyện ủy Yên Thành"), ambiguous names list their candidates.
* A neighbourhood (``--focus``) is walked through people, events and
  organizations only. Roles, places and articles are hubs that say nothing about
  who knows whom (every "Ủy viên" would be two hops from every other), so they
  are shown around the people reached but not walked through.
* Betweenness is exact up to ``EXACT_BETWEENNESS`` people and sampled above
  (``k`` pivots, fixed seed), since exact betweenness is O(n·m); ``k`` shrinks
  as the graph grows so the work stays within ``BETWEENNESS_BUDGET`` (50,000
  nodes: about 3 s instead of 18 s with 200 pivots).
* Communities are Louvain on the person–person co-participation graph
  (weighted by shared events) with a fixed seed, so two runs give the same groups.
"""

from __future__ import annotations

from collections import Counter

from ..errors import KGError
from ..graph.lookup import NameIndex, Resolver
from ..graph.project import EDGE_TYPES, NODE_LABELS, PART_EDGE, coparticipation, to_networkx

__all__ = ["load_graph", "select", "find_nodes", "centrality", "betweenness", "communities",
           "summary", "format_summary"]

EXACT_BETWEENNESS = 1000  # nodes; above this, betweenness is sampled
BETWEENNESS_SAMPLES = (16, 200)  # fewest and most pivots when sampling
BETWEENNESS_BUDGET = 3_000_000  # pivots × (nodes + edges) of the co-participation graph
SEED = 42
MEMBERSHIP_EDGES = ("HOLDS", "MEMBER_OF")
PARTICIPATION_EDGES = tuple(PART_EDGE.values())
# Node labels a --focus walk goes through (see the module docstring).
WALK_LABELS = {"Person", "Event", "Organization"}


def load_graph(store, date_from: str | None = None, date_to: str | None = None):
    """The store's graph as a MultiDiGraph, restricted to a date range if one is given."""
    graph = to_networkx(store)
    if date_from or date_to:
        graph = in_period(graph, date_from, date_to)
    return graph


def _in_range(value, date_from: str | None, date_to: str | None) -> bool:
    # ISO dates compare correctly as text; a date the facts lack is outside any range.
    if not value:
        return False
    day = str(value)[:10]
    return (not date_from or day >= date_from) and (not date_to or day <= date_to)


def in_period(graph, date_from: str | None, date_to: str | None):
    """Memberships attested in the range and events dated in it; whatever is left unconnected goes."""
    for value in (date_from, date_to):
        if value and not (len(value) == 10 and value[4] == value[7] == "-"
                          and value.replace("-", "").isdigit()):
            raise KGError(f"{value!r}: give dates as YYYY-MM-DD")
    out = graph.copy()
    out.remove_nodes_from([n for n, d in graph.nodes(data=True) if d["label"] == "Event"
                           and not _in_range(d.get("date"), date_from, date_to)])
    out.remove_edges_from([(u, v, k) for u, v, k, d in out.edges(keys=True, data=True)
                           if d["type"] in MEMBERSHIP_EDGES
                           and not _in_range(d.get("attested"), date_from, date_to)])
    _drop_unconnected(out)
    return out


def _drop_unconnected(graph) -> None:
    """Remove nodes left with no edge, and people left with only a 'mentioned in' link."""
    def bare(node) -> bool:
        kinds = {d["type"] for _, _, d in graph.edges(node, data=True)} | \
                {d["type"] for _, _, d in graph.in_edges(node, data=True)}
        return not kinds or (graph.nodes[node]["label"] == "Person" and kinds == {"MENTIONED_IN"})

    graph.remove_nodes_from([n for n in list(graph) if bare(n)])
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])


KIND_OF_LABEL = {"Person": "person", "Organization": "org", "Role": "role"}


def find_nodes(graph, name: str, label: str) -> list[str]:
    """The ``label`` nodes ``name`` stands for, by kg.graph.lookup's rules (accents, case and
    abbreviations optional; an IRI works too). Raises KGError listing the candidates when the
    name is ambiguous, or the closest names when nothing matches."""
    return list(_graph_resolver(graph, label).resolve(KIND_OF_LABEL[label], name).iris)


def _graph_resolver(graph, label: str) -> Resolver:
    kind = KIND_OF_LABEL[label]
    return Resolver(index=NameIndex.from_rows(
        (n, kind, d.get("name", "")) for n, d in graph.nodes(data=True) if d["label"] == label))


def neighbourhood(graph, centres: list[str], depth: int = 1) -> set[str]:
    """Nodes within ``depth`` hops of the centres, walking through WALK_LABELS only."""
    if depth < 0:
        raise KGError(f"--depth {depth}: give 0 or more hops")
    seen = set(centres)
    frontier = list(centres)
    for _ in range(depth):
        reached = []
        for node in frontier:
            if node not in centres and graph.nodes[node]["label"] not in WALK_LABELS:
                continue
            for other in list(graph.successors(node)) + list(graph.predecessors(node)):
                if other not in seen:
                    seen.add(other)
                    reached.append(other)
        frontier = reached
    return seen


def organization_view(graph, org: str) -> set[str]:
    """An organization, its members, the roles they hold in it, and their events."""
    keep = {org}
    members = set()
    for person, _, data in graph.in_edges(org, data=True):
        if data["type"] == "MEMBER_OF":
            members.add(person)
    keep |= members
    for person in members:
        for _, target, data in graph.out_edges(person, data=True):
            held_here = data["type"] == "HOLDS" and data.get("organization_id") == org
            if held_here or data["type"] in PARTICIPATION_EDGES:
                keep.add(target)
    return keep


def select(graph, focus: str | None = None, depth: int = 1, org: str | None = None,
           resolver: Resolver | None = None):
    """The part of ``graph`` a view asks for; returns (subgraph, description, centre ids).

    ``resolver`` turns the names into IRIs (a store's); without one, names are looked up
    among the graph's own nodes. With both ``focus`` and ``org``: the person's neighbourhood
    inside the organization's view, which needs the person to hold a post there."""
    if not focus and not org:
        return graph, "the whole graph", []

    def find(text: str, label: str, option: str) -> tuple[list[str], str]:
        found = (resolver or _graph_resolver(graph, label)).resolve(KIND_OF_LABEL[label], text)
        here = [iri for iri in found.iris if iri in graph]
        if not here:
            raise KGError(f"{option} {text!r}: {found.name} has nothing to draw in this view "
                          "(no facts in the period?)")
        return here, found.name

    keep: set[str] | None = None
    centres: list[str] = []
    parts = []
    if org:
        orgs, org_name = find(org, "Organization", "--org")
        keep = set().union(*(organization_view(graph, o) for o in orgs))
        centres += orgs
        parts.append(f"organization {org_name}")
    if focus:
        people, name = find(focus, "Person", "--focus")
        around = neighbourhood(graph, people, depth)
        if keep is not None:
            if not keep & set(people):
                raise KGError(f"--focus {focus!r}: {name} holds no post in {org_name}; "
                              "draw them without --org, or the organization without --focus")
            around = (keep & around) | set(people) | set(centres)
        keep = around
        centres += people
        parts.append(f"{name} and {depth} hop{'s' * (depth != 1)}")
    sub = graph.subgraph(keep).copy()
    # A HOLDS edge names its organization; in an organization's view, posts elsewhere mislead.
    if org:
        sub.remove_edges_from([(u, v, k) for u, v, k, d in sub.edges(keys=True, data=True)
                               if d["type"] == "HOLDS" and d.get("organization_id") not in centres])
    return sub, ", ".join(parts), centres


def centrality(graph, co=None) -> tuple[dict, dict, bool]:
    """Degree (distinct neighbours) of every node and betweenness of people.

    Betweenness is measured on the co-participation graph ``co`` (computed if not
    given): a person between two groups that never meet otherwise.
    Returns (degree, betweenness, approximate).
    """
    degree = {n: len(set(graph.successors(n)) | set(graph.predecessors(n))) for n in graph}
    co = coparticipation(graph) if co is None else co
    approximate = co.number_of_nodes() > EXACT_BETWEENNESS
    k = None
    if approximate:
        fewest, most = BETWEENNESS_SAMPLES
        size = co.number_of_nodes() + co.number_of_edges()
        k = min(co.number_of_nodes(), max(fewest, min(most, BETWEENNESS_BUDGET // size)))
    return degree, betweenness(co, k=k, seed=SEED if approximate else None), approximate


def betweenness(graph, k: int | None = None, seed: int | None = None) -> dict:
    """Shortest-path betweenness of an undirected graph's nodes, normalized, endpoints left out:
    networkx's ``betweenness_centrality`` (the same sources for the same ``k`` and ``seed``, the
    same values), with each breadth-first search done level by level on arrays (numpy) rather
    than node by node, which is what made it the slowest part of a large page."""
    import random

    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    out = dict.fromkeys(nodes, 0.0)
    if n < 3:
        return out
    at = {node: i for i, node in enumerate(nodes)}
    ends = np.array([(at[u], at[v]) for u, v in graph.edges() if u != v] or np.empty((0, 2)), dtype=np.int64)
    ends = np.concatenate([ends, ends[:, ::-1]]) if len(ends) else ends.reshape(0, 2)
    ends = np.unique(ends, axis=0)  # sorted by source: a CSR adjacency
    starts = np.searchsorted(ends[:, 0], np.arange(n + 1))
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)
    total = np.zeros(n)
    for source in sources:
        total += _dependencies(at[source], starts, ends[:, 1], n)
    big = n - 1  # the pairs (s, t) a path through v can join: v is neither end
    if k is None:
        scale = np.full(n, 1 / (big * (big - 1)))
    else:  # networkx's sampling adjustment: a source is never counted for itself
        scale = np.full(n, 1 / (k * (big - 1)))
        scale[[at[s] for s in sources]] = 1 / ((k - 1) * (big - 1)) if k > 1 else np.nan
    return dict(zip(nodes, (total * scale).tolist()))


def _dependencies(source: int, starts, targets, n: int):
    """Brandes' dependency of ``source`` on every node, a BFS level at a time."""
    import numpy as np

    dist = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    dist[source], sigma[source] = 0, 1.0
    frontier, level, steps = np.array([source]), 0, []
    while len(frontier):
        counts = starts[frontier + 1] - starts[frontier]
        tail = np.repeat(frontier, counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        head = targets[np.repeat(starts[frontier], counts) + offsets]
        fresh = head[dist[head] < 0]
        dist[fresh] = level + 1
        down = dist[head] == level + 1  # edges into the next level carry shortest paths
        tail, head = tail[down], head[down]
        sigma += np.bincount(head, weights=sigma[tail], minlength=n)
        steps.append((tail, head))
        frontier, level = np.unique(fresh), level + 1
    delta = np.zeros(n)
    for tail, head in reversed(steps):
        delta += np.bincount(tail, weights=sigma[tail] / sigma[head] * (1 + delta[head]), minlength=n)
    delta[source] = 0.0
    return delta


def communities(graph, co=None) -> list[list[str]]:
    """Groups of people who meet at the same events (Louvain, fixed seed), largest first."""
    import networkx as nx

    co = coparticipation(graph) if co is None else co
    if co.number_of_edges() == 0:
        return []
    # people who met nobody stay alone whatever Louvain does: leaving them out saves its time
    met = co.subgraph([n for n in co if co.degree(n)])
    groups = nx.community.louvain_communities(met, weight="weight", seed=SEED)
    groups = [sorted(g) for g in groups if len(g) > 1]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def summary(graph, top: int = 10) -> dict:
    """Counts, the most connected people, and communities, as plain data."""
    co = coparticipation(graph)
    degree, between, approximate = centrality(graph, co)
    groups = communities(graph, co)
    group_of = {person: i + 1 for i, group in enumerate(groups) for person in group}
    co_degree = dict(co.degree())
    people = [n for n, d in graph.nodes(data=True) if d["label"] == "Person"]

    def person(n: str) -> dict:
        return {"id": n, "name": graph.nodes[n].get("name", ""), "degree": degree[n],
                "coparticipants": co_degree.get(n, 0), "betweenness": round(between.get(n, 0.0), 4),
                "community": group_of.get(n)}

    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(d["type"] for _, _, d in graph.edges(data=True))
    return {
        "nodes": {label: labels.get(label, 0) for label in NODE_LABELS},
        "edges": {kind: types.get(kind, 0) for kind in EDGE_TYPES},
        "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
        "top_degree": [person(n) for n in sorted(people, key=lambda n: (-degree[n], n))[:top]],
        "top_betweenness": [person(n) for n in sorted(people, key=lambda n: (-between.get(n, 0), n))[:top]
                            if between.get(n, 0) > 0],
        "betweenness_approximate": approximate,
        "communities": [{"id": i + 1, "size": len(g),
                         "members": [graph.nodes[n].get("name", "") for n in
                                     sorted(g, key=lambda n: (-degree[n], graph.nodes[n].get("name", "")))]}
                        for i, g in enumerate(groups)],
    }


def format_summary(data: dict, members: int = 8) -> str:
    """``summary`` as text tables for a terminal."""
    lines = [f"{data['total_nodes']:,} nodes, {data['total_edges']:,} edges", "", "nodes by label"]
    lines += [f"  {label:<14}{count:>8,}" for label, count in data["nodes"].items()]
    lines += ["", "edges by type"]
    lines += [f"  {kind:<14}{count:>8,}" for kind, count in data["edges"].items()]
    for key, title in (("top_degree", "most connected people (distinct neighbours)"),
                       ("top_betweenness", "people between groups (betweenness on co-participation"
                        + (", sampled)" if data["betweenness_approximate"] else ")"))):
        lines += ["", title, f"  {'name':<28}{'degree':>7}{'co-part.':>9}{'betweenness':>13}{'community':>11}"]
        lines += [f"  {p['name']:<28}{p['degree']:>7}{p['coparticipants']:>9}{p['betweenness']:>13.4f}"
                  f"{p['community'] or '-':>11}" for p in data[key]] or ["  (none)"]
    lines += ["", f"communities of people who meet at events ({len(data['communities'])}, Louvain)"]
    for group in data["communities"]:
        more = f", … {group['size'] - members} more" if group["size"] > members else ""
        lines.append(f"  {group['id']:>3}. {group['size']:>4} people: "
                     f"{', '.join(group['members'][:members])}{more}")
    if not data["communities"]:
        lines.append("  (none: nobody shares an event with anyone)")
    return "\n".join(lines)
