"""Identity across articles: which person nodes of one name are one person.

The build gives a person one node per name and province (kg.graph.rdf.person_key):
a career that moves from a district to the province, to a ministry or to the
Party centre is several nodes, and so is a person whose article does not say
where they serve. This module decides, over the whole store, which of the
nodes of one name stand for one person, and why. A wrong merge costs more than
a missed one, so nodes are joined only on evidence that connects them:

- ``shared_post``: both hold the same post, a role in the same organization
  (not one the article leaves unplaced, not a post hundreds hold at once such as
  Đại biểu Quốc hội: kg/data/offices.tsv);
- ``national_posts``: both hold posts in national bodies (the Politburo, the
  Central Committee, the Government, a ministry, the National Assembly's own
  bodies): the centre is one place, as a province is;
- ``birth_year``: the articles state the same year of birth;
- ``unplaced_office``: one holds an office in a body its article does not place
  ("Bí thư Thành ủy", "Phó Chủ tịch UBND quận"), and exactly one person of that
  name holds that office in a placed body of the same kind ("Bí thư Thành ủy Hồ
  Chí Minh");
- ``top_office``: the article names the person with no title at all, and exactly
  one person of that name holds one of the few top offices of the state and the
  Party (kg/data/offices.tsv: the Politburo, the Prime Minister, …).

and never when their articles give different birth years or home provinces.
Two people of one name whose careers do not connect stay apart. Each decision
(merged, with the link and its evidence; kept apart, with what was missing or
what contradicted) is returned for the merge log.
"""

from __future__ import annotations

from collections import defaultdict, deque
from itertools import combinations
from dataclasses import dataclass, field

from ..extract.normalize import match_key
from .offices import holders, top_office
from .rdf import NATIONAL_KINDS
from .tenure import Attestation, OrgInfo, article_local

__all__ = ["PersonNode", "Link", "Decision", "Identity", "resolve_identity", "RULES"]

RULES = ("shared_post", "national_posts", "birth_year", "unplaced_office", "top_office")
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_COMMITTEES = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy")
_MAX_SHOWN = 8  # people a "kept apart" decision describes


@dataclass
class PersonNode:
    """A person node of the store: what the articles naming it say."""

    iri: str
    name: str
    posts: dict[tuple[str, str], list[Attestation]] = field(default_factory=dict)
    born: dict[int, set[str]] = field(default_factory=dict)  # year → articles stating it
    home: dict[str, set[str]] = field(default_factory=dict)  # province → articles
    articles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    rule: str  # one of RULES
    reason: str
    evidence: tuple[Attestation, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass
class Decision:
    subject: str
    name: str
    decision: str  # merged | kept_apart
    reason: str
    rule: str | None = None
    into: str | None = None  # merged: the node that stands for the person
    others: list[str] = field(default_factory=list)  # kept apart: the other people of the name
    evidence: list[str] = field(default_factory=list)  # sentence IRIs
    articles: list[str] = field(default_factory=list)


@dataclass
class Identity:
    canonical: dict[str, str]  # node → the node standing for its person (itself if alone)
    decisions: list[Decision]
    links: list[Link]


class _Clusters:
    """Union-find over nodes, refusing unions their articles contradict."""

    def __init__(self, nodes: dict[str, PersonNode]):
        self.parent = {iri: iri for iri in nodes}
        self.born = {iri: set(n.born) for iri, n in nodes.items()}
        self.home = {iri: set(n.home) for iri, n in nodes.items()}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def veto(self, a: str, b: str) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if self.born[ra] and self.born[rb] and not self.born[ra] & self.born[rb]:
            return (f"born in {'/'.join(map(str, sorted(self.born[ra])))} and "
                    f"{'/'.join(map(str, sorted(self.born[rb])))}")
        if self.home[ra] and self.home[rb] and not self.home[ra] & self.home[rb]:
            return f"home towns in {'/'.join(sorted(self.home[ra]))} and {'/'.join(sorted(self.home[rb]))}"
        return None

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        # the node standing for the person: one with a place of its own before one kept to its
        # article (which goes if that article changes), then the first by IRI: stable
        keep, gone = sorted((ra, rb), key=lambda iri: (article_local(iri), iri))
        self.parent[gone] = keep
        self.born[keep] |= self.born.pop(gone)
        self.home[keep] |= self.home.pop(gone)
        return True


def resolve_identity(nodes: list[PersonNode], roles: dict[str, str],
                     orgs: dict[str, OrgInfo]) -> Identity:
    """Which nodes are one person; every node maps to the node that stands for it."""
    by_name: dict[str, list[PersonNode]] = defaultdict(list)
    for node in nodes:
        by_name[match_key(node.name)].append(node)
    canonical = {n.iri: n.iri for n in nodes}
    decisions: list[Decision] = []
    links: list[Link] = []
    for _, group in sorted(by_name.items()):
        if len(group) < 2:
            continue
        result = _resolve_name(sorted(group, key=lambda n: n.iri), roles, orgs)
        canonical.update(result.canonical)
        decisions += result.decisions
        links += result.links
    return Identity(canonical, decisions, links)


def _resolve_name(group: list[PersonNode], roles: dict[str, str],
                  orgs: dict[str, OrgInfo]) -> Identity:
    nodes = {n.iri: n for n in group}
    clusters = _Clusters(nodes)
    used: list[Link] = []
    vetoed: dict[tuple[str, str], str] = {}

    def apply(candidates: list[Link]) -> None:
        for link in candidates:
            if clusters.find(link.a) == clusters.find(link.b):
                continue
            why = clusters.veto(link.a, link.b)
            if why:
                vetoed[tuple(sorted((clusters.find(link.a), clusters.find(link.b))))] = why
                continue
            clusters.union(link.a, link.b)
            used.append(link)

    apply(_shared_posts(group, roles, orgs))
    apply(_national_posts(group, roles, orgs))
    apply(_birth_years(group))
    apply(_unplaced_offices(group, roles, orgs, clusters))
    apply(_top_offices(group, roles, orgs, clusters))

    members: dict[str, list[str]] = defaultdict(list)
    for iri in nodes:
        members[clusters.find(iri)].append(iri)
    canonical = {iri: clusters.find(iri) for iri in nodes}
    roots = sorted(members, key=lambda iri: (article_local(iri), iri))
    decisions = []
    name = group[0].name
    for subject, via, link in _reached(used, roots):
        decisions.append(Decision(
            subject, name, "merged", f"same person as {_short(via)}: {link.reason}",
            link.rule, canonical[subject],
            evidence=sorted({a.evidence for a in link.evidence}),
            articles=sorted(set(link.articles) | {a.article for a in link.evidence})))
    if len(roots) > 1:
        # one decision for the name: who is kept apart from whom, and why (kg merges --name)
        why = sorted(set(vetoed.values()))
        people = "; ".join(_describe(members[r], nodes, roles, orgs) for r in roots[:_MAX_SHOWN])
        more = f"; and {len(roots) - _MAX_SHOWN} more" if len(roots) > _MAX_SHOWN else ""
        reason = (f"{len(roots)} people of this name: " + people + more + ". "
                  + ("Their articles contradict a link: " + "; ".join(why) + "."
                     if why else "No post, national office or birth year connects them."))
        articles = sorted(min(a for m in members[r] for a in nodes[m].articles or {""})
                          for r in roots)
        decisions.append(Decision(roots[0], name, "kept_apart", reason, others=roots[1:],
                                  articles=[a for a in articles if a]))
    return Identity(canonical, decisions, used)


def _short(iri: str) -> str:
    """"…/id/person/trần-văn-khải--bắc-ninh" → "person/trần-văn-khải--bắc-ninh", for reasons."""
    return iri.split("/id/", 1)[-1]


def _reached(used: list[Link], roots: list[str]):
    """Each merged node, the node it was joined to and the link, walking out from the node
    that stands for the person: one decision per node, its reason the link that joined it."""
    around: dict[str, list[Link]] = defaultdict(list)
    for link in used:
        around[link.a].append(link)
        around[link.b].append(link)
    for root in roots:
        seen, queue = {root}, deque([root])
        while queue:
            here = queue.popleft()
            for link in around[here]:
                there = link.b if link.a == here else link.a
                if there not in seen:
                    seen.add(there)
                    queue.append(there)
                    yield there, here, link


def _describe(members: list[str], nodes: dict[str, PersonNode], roles: dict[str, str],
              orgs: dict[str, OrgInfo]) -> str:
    posts = sorted({(roles.get(r, r), orgs[o].label if o in orgs else o)
                    for m in members for r, o in nodes[m].posts})
    if not posts:
        return "one with no post"
    shown = ", ".join(f"{r} of {o}" for r, o in posts[:2])
    return f"one {shown}{', …' if len(posts) > 2 else ''}"


def _first(atts: list[Attestation]) -> Attestation:
    return min(atts, key=lambda a: (a.date or "9999", a.post))


def _names_one_body(label: str) -> bool:
    """"Công ty Liên doanh Phú Mỹ Hưng", "Bệnh viện Phụ sản quốc tế Sài Gòn": a name, with
    capitalized words beyond its head, that one body bears, though the article does not say
    where; not "Công ty Vận tải hành khách", "Ủy ban nhân dân quận", "Sở Lao động"."""
    words = label.split()[2:]
    return sum(1 for w in words if w[:1].isupper()) >= 3


def _post_key(role: str, org: str, orgs) -> tuple[str, str] | None:
    """What makes two posts one: the organization's IRI, or for a body its article leaves
    unplaced, its name when the name is one body's."""
    info = orgs.get(org)
    if info is None:
        return None
    if not info.local:
        return role, org
    return (role, "name:" + match_key(info.label)) if _names_one_body(info.label) else None


def _shared_posts(group, roles, orgs) -> list[Link]:
    holders_of: dict[tuple[str, str], list[tuple[PersonNode, tuple[str, str]]]] = defaultdict(list)
    for node in group:
        seen = set()
        for role, org in node.posts:
            key = _post_key(role, org, orgs)
            if key is not None and key not in seen:
                seen.add(key)
                holders_of[key].append((node, (role, org)))
    links = []
    for key, held in sorted(holders_of.items()):
        role, org = held[0][1]
        info = orgs[org]
        if len(held) < 2 or holders(roles.get(role, ""), info.kind) == "numerous":
            continue
        for (a, pa), (b, pb) in combinations(held, 2):
            links.append(Link(a.iri, b.iri, "shared_post",
                              f"both hold {roles.get(role, role)} of {info.label}",
                              (_first(a.posts[pa]), _first(b.posts[pb]))))
    return links


def _national(node: PersonNode, roles, orgs) -> list[tuple[str, str]]:
    return sorted((r, o) for r, o in node.posts if o in orgs and orgs[o].kind in NATIONAL_KINDS
                  and holders(roles.get(r, ""), orgs[o].kind) != "numerous")


def _national_posts(group, roles, orgs) -> list[Link]:
    central = [(n, _national(n, roles, orgs)) for n in group]
    central = [(n, posts) for n, posts in central if posts]
    links = []
    for (a, pa), (b, pb) in combinations(central, 2):
        def show(posts):
            r, o = posts[0]
            return f"{roles.get(r, r)} of {orgs[o].label}"
        links.append(Link(a.iri, b.iri, "national_posts",
                          f"both hold national posts ({show(pa)}; {show(pb)})",
                          (_first(a.posts[pa[0]]), _first(b.posts[pb[0]]))))
    return links


def _birth_years(group) -> list[Link]:
    by_year: dict[int, list[PersonNode]] = defaultdict(list)
    for node in group:
        for year in node.born:
            by_year[year].append(node)
    links = []
    for year, born in sorted(by_year.items()):
        for a, b in combinations(born, 2):
            links.append(Link(a.iri, b.iri, "birth_year", f"both born in {year}",
                              articles=tuple(sorted(a.born[year] | b.born[year]))))
    return links


def _placed(org: str, orgs) -> bool:
    info = orgs.get(org)
    return info is not None and not info.local and bool(info.province)


def _compatible(unplaced: str, placed: str) -> bool:
    """"Thành ủy" fits "Thành ủy Hồ Chí Minh"; "Ủy ban nhân dân thành phố" fits "Ủy ban nhân
    dân thành phố Hải Phòng"; a bare "Ủy ban nhân dân" (of which level?) fits none."""
    u, p = match_key(unplaced), match_key(placed)
    return p.startswith(u + " ") and (u in _COMMITTEES or u.endswith(_LEVEL_WORDS))


def _unplaced_offices(group, roles, orgs, clusters: _Clusters) -> list[Link]:
    links = []
    for node in group:
        if any(_placed(o, orgs) for _, o in node.posts) or _national(node, roles, orgs):
            continue  # it has a place of its own: the rules above decide
        for (role, org), atts in sorted(node.posts.items()):
            info = orgs.get(org)
            if info is None or holders(roles.get(role, ""), info.kind) == "numerous":
                continue
            fits: dict[str, tuple[PersonNode, tuple[str, str]]] = {}
            for other in group:
                if clusters.find(other.iri) == clusters.find(node.iri):
                    continue
                for post in other.posts:
                    o = orgs.get(post[1])
                    if post[0] == role and _placed(post[1], orgs) and o.kind == info.kind \
                            and _compatible(info.label, o.label):
                        fits.setdefault(clusters.find(other.iri), (other, post))
            if len(fits) == 1:
                other, post = next(iter(fits.values()))
                links.append(Link(node.iri, other.iri, "unplaced_office",
                                  f"{roles.get(role, role)} of an unplaced {info.label}, as only "
                                  f"this person of the name is of a placed one "
                                  f"({orgs[post[1]].label})",
                                  (_first(atts), _first(other.posts[post]))))
                break
    return links


def _top_offices(group, roles, orgs, clusters: _Clusters) -> list[Link]:
    """A node with no post at all (the article names the person without a title kg could
    read) joins the one person of the name who holds a top office (kg/data/offices.tsv):
    journalists give ordinary people their titles, and leave them off the few everyone knows."""
    top: dict[str, tuple[PersonNode, tuple[str, str]]] = {}
    for node in group:
        for post in sorted(node.posts):
            info = orgs.get(post[1])
            if info is not None and top_office(roles.get(post[0], ""), info.kind):
                top.setdefault(clusters.find(node.iri), (node, post))
    if len(top) != 1:
        return []
    (holder, post), = top.values()
    what = f"{roles.get(post[0], post[0])} of {orgs[post[1]].label}"
    return [Link(node.iri, holder.iri, "top_office",
                 f"named with no title; the only person of the name in a top office ({what})",
                 (_first(holder.posts[post]),), tuple(sorted(node.articles))[:1])
            for node in group if not node.posts and clusters.find(node.iri) != clusters.find(holder.iri)]
