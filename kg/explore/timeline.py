"""``kg timeline``: who held which post when, for a person or an organization.

The tenures come from the store (kg.graph.careers derives them after each build):
one per person, role, organization and acting or not, with its start and end at
their precision and basis, and the articles and sentences that attest it.
:func:`timeline` returns them as plain data; :func:`format_table` prints them for
a terminal, and :func:`write_page` writes one self-contained HTML page drawn with
vis-timeline (vendored from npm in ``kg/explore/vendor/vis-timeline.*``, its
licence beside it), with the same guarantees as the graph page (kg.explore.viz): nothing
is loaded from outside (a Content-Security-Policy forbids it), the data goes in
as one escaped JSON block, and every string from an article reaches the page as
text, never as markup (items are drawn by a template that builds DOM nodes with
``textContent``; vis-timeline's own HTML tooltips are not used).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

from ..atomic import atomic_open
from ..errors import KGError
from ..graph.lookup import Resolver
from .viz import _json_for_html

__all__ = ["timeline", "format_table", "render", "write_page", "timeline_assets"]

VENDOR = "vendor"
EVIDENCE_PER_TENURE = 8  # sentences kept per bar; the count says how many attest it
OPEN_END_DAYS = 180  # how far past the last date an open end is drawn, fading out

_TENURES = """SELECT ?tenure ?person ?name ?roleName ?orgName ?acting ?term ?startDay ?startAt
       ?startBasis ?endDay ?endAt ?endBasis ?endCause ?first ?last WHERE {
  ?tenure a kg:Tenure ; org:member ?person ; org:role ?role ; org:organization ?org ;
          org:memberDuring ?interval .
  ?person sdo:name ?name . ?role skos:prefLabel ?roleName . ?org skos:prefLabel ?orgName .
  OPTIONAL { ?tenure kg:acting ?acting } OPTIONAL { ?tenure kg:term ?term }
  OPTIONAL { ?tenure kg:firstAttested ?first ; kg:lastAttested ?last }
  OPTIONAL { ?interval time:hasBeginning ?b . ?b time:inXSDDate ?startDay ; kg:basis ?startBasis .
             OPTIONAL { ?b time:inXSDgYearMonth|time:inXSDgYear ?startAt } }
  OPTIONAL { ?interval time:hasEnd ?e . ?e time:inXSDDate ?endDay ; kg:basis ?endBasis .
             OPTIONAL { ?e time:inXSDgYearMonth|time:inXSDgYear ?endAt } }
  OPTIONAL { ?tenure kg:endCause ?cause BIND (strafter(str(?cause), "#") AS ?endCause) }
}"""
_EVIDENCE = """SELECT ?tenure ?sentence ?article ?title ?url ?path ?published ?attested WHERE {
  ?tenure kg:attestation ?post . ?post prov:wasDerivedFrom ?article ; kg:evidence ?ev .
  OPTIONAL { ?ev prov:value ?sentence } OPTIONAL { ?post kg:attestedOn ?attested }
  OPTIONAL { ?article dcterms:title ?title } OPTIONAL { ?article sdo:url ?url }
  OPTIONAL { ?article kg:sourcePath ?path } OPTIONAL { ?article sdo:datePublished ?published }
}"""
# Vietnamese words for what the page and the table say about a bound
BASIS = {"stated": "được nêu", "inferred": "suy ra", "attested": "theo bài đầu tiên"}
CAUSE = {"Election": "được bầu", "Appointment": "được bổ nhiệm", "TransferIn": "được điều động đến",
         "TransferOut": "điều động đi", "Retirement": "nghỉ hưu", "Relief": "thôi giữ chức",
         "Dismissal": "miễn nhiệm", "Removal": "cách chức", "Succession": "có người kế nhiệm",
         "Former": "được gọi là nguyên"}


def timeline(store, person: str | None = None, org: str | None = None,
             role: str | None = None) -> dict:
    """The tenures of a person (and their namesakes, told apart), or of an organization and
    its sub-bodies, optionally of one role, as plain data: ``items`` (one per tenure, in
    order), ``articles`` (the sources their evidence cites), ``group_by`` and a title."""
    if bool(person) == bool(org):
        raise KGError("give --person or --org (one of them)")
    resolver = Resolver(store)
    bindings: dict[str, object] = {}
    if person:
        found = resolver.resolve("person", person)
        # the people a name stands for: each node, or the node it was merged into
        _, rows = store.select("SELECT DISTINCT ?p WHERE { ?node a sdo:Person OPTIONAL { "
                               "?node owl:sameAs ?same } BIND (COALESCE(?same, ?node) AS ?p) }",
                               {"node": list(found.iris)})
        bindings["person"] = [r[0] for r in rows]
        title, group_by = found.name, "org"
    else:
        found = resolver.resolve("org", org)
        _, rows = store.select("SELECT DISTINCT ?unit WHERE { ?unit org:subOrganizationOf* ?top }",
                               {"top": list(found.iris)})
        bindings["org"] = [r[0] for r in rows]
        title, group_by = found.name, "role"
    if role:
        found = resolver.resolve("role", role)
        bindings["role"] = list(found.iris)
        title += f" · {found.name}"
    _, rows = store.select(_TENURES, bindings)
    items = [_item(r) for r in rows]
    items.sort(key=lambda i: (i["begin"] or "9999", i["group_org"], i["group_role"], i["name"]))
    articles: list[dict] = []
    index: dict[str, int] = {}
    if items:
        _, rows = store.select(_EVIDENCE, {"tenure": [i["tenure"] for i in items]})
        by_tenure = {i["tenure"]: i for i in items}
        for t, sentence, article, name, url, path, published, attested in rows:
            item = by_tenure[t.value]
            item["n"] += 1
            if len(item["evidence"]) >= EVIDENCE_PER_TENURE:
                continue
            if article.value not in index:
                index[article.value] = len(articles)
                articles.append({k: v.value for k, v in (("name", name), ("url", url), ("path", path),
                                                          ("published", published)) if v is not None})
            item["evidence"].append({k: v for k, v in (
                ("s", sentence.value if sentence is not None else None), ("a", index[article.value]),
                ("d", attested.value if attested is not None else None)) if v is not None})
        for item in items:
            item["evidence"].sort(key=lambda e: e.get("d", ""))
    people = len({i["person"] for i in items})
    horizon = _horizon(items)
    return {"title": title, "group_by": group_by, "items": items, "articles": articles,
            "people": people, "horizon": horizon, "window": _window(items, horizon),
            "description": f"{len(items)} nhiệm kỳ · {len(items)} tenure{'s' if len(items) != 1 else ''}"
                           + (f", {people} people" if person and people > 1 else "")}


def _item(row) -> dict:
    (tenure, person, name, role, org, acting, term, start_day, start_at, start_basis,
     end_day, end_at, end_basis, end_cause, first, last) = (v.value if v is not None else None for v in row)
    start = start_at or start_day
    end = end_at or end_day
    return {"tenure": tenure, "person": person, "name": name, "group_role": role, "group_org": org,
            "acting": acting == "true", "term": term, "start": start, "start_basis": start_basis,
            "end": end, "end_basis": end_basis, "end_cause": end_cause, "first": first, "last": last,
            "begin": start_day, "until": end_day, "n": 0, "evidence": []}


def _horizon(items: list[dict]) -> str | None:
    """Where open ends are drawn to: a while past the latest date the timeline shows."""
    dates = [d for i in items for d in (i["until"], i["last"], i["begin"]) if d]
    if not dates:
        return None
    return (date.fromisoformat(max(dates)) + timedelta(days=OPEN_END_DAYS)).isoformat()


def _window(items: list[dict], horizon: str | None) -> list[str | None]:
    """The span the page opens on: every dated tenure, with a margin."""
    begins = [i["begin"] or i["until"] for i in items if i["begin"] or i["until"]]
    if not begins:
        return [None, None]
    first = date.fromisoformat(min(begins)) - timedelta(days=OPEN_END_DAYS)
    return [first.isoformat(), horizon]


def format_table(data: dict) -> str:
    """The tenures as a table for a terminal: a career in order, or an organization's posts."""
    if not data["items"]:
        return f"{data['title']}: no tenures (kg builds them from the posts articles attest)"
    career = data["group_by"] == "org"
    namesakes = career and data["people"] > 1
    head = (("person",) if namesakes else ()) + (
        ("organization", "post") if career else ("role", "holder")) + ("from", "until", "articles")
    rows = []
    order = (lambda i: (i["person"], i["begin"] or "9999")) if career else \
        (lambda i: (i["group_role"], i["begin"] or "9999", i["name"]))
    for item in sorted(data["items"], key=order):
        post = ("Quyền " if item["acting"] else "") + item["group_role"]
        holder = item["name"] + (" (acting)" if item["acting"] else "")
        cells = ((item["person"].rsplit("/", 1)[-1],) if namesakes else ()) + (
            (item["group_org"], post) if career else (item["group_role"], holder))
        rows.append(cells + (_bound(item["start"], item["start_basis"]),
                             _bound(item["end"], item["end_basis"], item["end_cause"],
                                    open_end=bool(item["start"])), str(item["n"])))
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = [f"{data['title']}: {len(rows)} tenure{'s' if len(rows) != 1 else ''}"
             + (f" of {data['people']} people of this name" if namesakes else ""), "",
             "  ".join(h.ljust(w) for h, w in zip(head, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _bound(value: str | None, basis: str | None, cause: str | None = None, open_end: bool = False) -> str:
    if not value:
        return "… (open)" if open_end else "?"
    text = f"{value} ({basis}"
    return text + (f", {cause})" if cause else ")")


def timeline_assets() -> tuple[str, str]:
    """vis-timeline's JS and CSS, as vendored in the package."""
    lib = files("kg.explore").joinpath(VENDOR)
    try:
        js = lib.joinpath("vis-timeline.min.js").read_text(encoding="utf-8")
        css = lib.joinpath("vis-timeline.min.css").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as err:
        raise KGError(f"kg timeline needs vis-timeline in kg/explore/{VENDOR} ({err}); "
                      "reinstall kg") from None
    if re.search(r"</(script|style)", js + css, re.IGNORECASE):
        raise KGError("the vendored vis-timeline files cannot be inlined safely")
    return js, css


def render(data: dict) -> str:
    js, css = timeline_assets()
    page = {**data, "words": {"basis": BASIS, "cause": CAUSE}}
    template = files("kg.explore").joinpath("timeline.html").read_text(encoding="utf-8")
    parts = {"VIS_JS": js, "VIS_CSS": css, "DATA": _json_for_html(page)}
    return re.sub(r"/\*@(VIS_JS|VIS_CSS|DATA)@\*/", lambda m: parts[m.group(1)], template)


def write_page(path: str | Path, data: dict) -> int:
    """Write the page atomically, in UTF-8; returns its size in bytes."""
    html = render(data)
    with atomic_open(path) as out:
        out.write(html)
    return len(html.encode("utf-8"))

