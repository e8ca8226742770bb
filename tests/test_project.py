"""The property-graph projection: every exporter and the interactive view stand on it."""

from collections import Counter

import pytest

from kg.graph.project import EDGE_TYPES, NODE_LABELS, PART_EDGE, coparticipation, edges, nodes, to_networkx


@pytest.fixture(scope="module")
def store(built_store):
    return built_store


def test_every_edge_joins_two_nodes_of_the_right_labels(store):
    label = {n.id: n.label for n in nodes(store)}
    ends = {"HOLDS": ("Person", "Role"), "MEMBER_OF": ("Person", "Organization"),
            "CHAIRED": ("Person", "Event"), "ATTENDED": ("Person", "Event"),
            "SPOKE_AT": ("Person", "Event"), "HOSTED": ("Person", "Event"), "GUEST_AT": ("Person", "Event"),
            "APPOINTED_AT": ("Person", "Event"), "ORGANIZED": ("Organization", "Event"),
            "HELD_IN": ("Event", "Place"), "LOCATED_IN": ("Organization", "Place"),
            "REPLACED_BY": ("Place", "Place")}
    seen = Counter()
    for e in edges(store):
        seen[e.type] += 1
        assert e.source in label and e.target in label, e
        if e.type in ends:
            assert (label[e.source], label[e.target]) == ends[e.type], e
        elif e.type == "PART_OF":
            assert label[e.source] == label[e.target] in ("Organization", "Place")
        else:
            assert e.type == "MENTIONED_IN" and label[e.target] == "Article"
    assert set(seen) == set(EDGE_TYPES)
    assert set(label.values()) == set(NODE_LABELS)


def test_ids_are_unique_and_stable(store):
    first = [(e.id, e.type) for e in edges(store)]
    assert len(first) == len(set(first))
    assert first == [(e.id, e.type) for e in edges(store)]
    ids = [n.id for n in nodes(store)]
    assert len(ids) == len(set(ids))


def test_a_post_carries_role_organization_status_date_and_evidence(store):
    holds = [e for e in edges(store, ("MEMBER_OF",)) if e.props["role"] == "Bí thư"
             and e.props["organization"] == "Huyện ủy Yên Thành"]
    assert holds, "examples/yen-thanh-hoi-nghi-bch.txt names the Bí thư Huyện ủy"
    post = holds[0].props
    assert post["status"] == "current"
    assert post["attested"][:4].isdigit() and post["evidence"] and post["article"].startswith("https://")


def test_networkx_projection_and_coparticipation(store):
    graph = to_networkx(store)
    persons = [n for n, d in graph.nodes(data=True) if d["label"] == "Person"]
    assert persons and all(graph.nodes[p]["name"] for p in persons)
    co = coparticipation(graph)
    assert set(co.nodes) == set(persons)
    a, b, data = next(iter(co.edges(data=True)))
    shared = {v for _, v, d in graph.out_edges(a, data=True) if d["type"] in PART_EDGE.values()} \
        & {v for _, v, d in graph.out_edges(b, data=True) if d["type"] in PART_EDGE.values()}
    assert data["weight"] == len(shared) == len(data["events"])
