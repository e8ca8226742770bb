"""Latency of kg serve on a store: search, person and organization pages, a named query, the graph.

    python benchmarks/serve_speed.py --store kg.db [--repeat 50] [--clients 50]

Starts ``kg serve`` on a free loopback port (as a user would), picks the busiest
person and organization of the store, then times each request alone (``--repeat``
times: median and 95th percentile) and with ``--clients`` clients at once (each
sending ``--repeat`` requests). A page is computed once per store generation and
kept, so repeating one URL mostly measures answers already computed: the rows
"first request" time each page the first time it is asked for, and the rows
"every request another person" ask for a different person each time (none kept),
which is what a crawl or many users reading different pages cost. Everything
stays on 127.0.0.1; run it on a quiet machine (``uptime``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from servers import start_kg_serve  # noqa: E402

from kg.extract.normalize import fold  # noqa: E402
from kg.graph.query import named_queries  # noqa: E402
from kg.graph.rdf import KGR  # noqa: E402


def stats(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"{statistics.median(ms):8.1f} {ms[min(len(ms) - 1, int(len(ms) * 0.95))]:8.1f}"


def select(session, url: str, sparql: str) -> list[dict]:
    answer = session.get(url + "/sparql", timeout=120, params={"query": sparql})
    return answer.json()["results"]["bindings"]


def page(iri: str) -> str:
    return "/id/" + urllib.parse.quote(iri[len(KGR):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg.db")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()

    started = time.perf_counter()
    server = start_kg_serve(Path(args.store), Path(tempfile.mkdtemp()), "--timeout", "30")
    print(f"kg serve ready in {time.perf_counter() - started:.1f} s (store opened, search index built)")
    try:
        session = requests.Session()
        people = select(session, server.url, "SELECT ?p ?n (COUNT(*) AS ?c) WHERE { ?m org:member ?p . "
                                             "?p sdo:name ?n } GROUP BY ?p ?n ORDER BY DESC(?c) ?p")
        top = select(session, server.url, "SELECT ?o (COUNT(*) AS ?c) WHERE { ?m org:organization ?o } "
                                          "GROUP BY ?o ORDER BY DESC(?c) LIMIT 1")[0]
        person, name = people[0]["p"]["value"], people[0]["n"]["value"]
        org = top["o"]["value"]
        others = [p["p"]["value"] for p in people[1:]]
        posts = named_queries()["posts"].sparql.replace("WHERE {", f"WHERE {{ VALUES ?person {{ <{person}> }}", 1)
        print(f"store {args.store}; person {name!r} ({people[0]['c']['value']} posts); "
              f"organization {org} ({top['c']['value']} posts); {len(people):,} people with posts")
        cases = {
            "search (name without accents)": [f"/search?q={urllib.parse.quote(fold(name))}"],
            "person page (HTML)": [page(person)],
            "person page (JSON)": [page(person) + "?format=json"],
            "person page, events page 2": [page(person) + "?show=events&page=2"],
            "organization page (HTML)": [page(org)],
            "organization page on a date": [page(org) + "?date=2005-06-30"],
            "named query 'posts' (/sparql)": ["/sparql?query=" + urllib.parse.quote(posts)],
            "neighbourhood graph": ["/graph?iri=" + urllib.parse.quote(person)],
            "every request another person": [page(p) for p in others],
        }
        print(f"\n{'request':<34}{'first':>8}{'alone ms':>17}{f'{args.clients} clients ms':>22}")
        print(f"{'':<34}{'ms':>8}{'median':>9} {'p95':>8}{'median':>13} {'p95':>8}")
        for what, paths in cases.items():
            def one(i: int, paths=paths) -> float:
                path = paths[i % len(paths)]  # several paths: each asked for once
                start = time.perf_counter()
                answer = requests.get(server.url + path, timeout=120)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
                return (time.perf_counter() - start) * 1000

            first = one(0)
            alone = [one(1 + i) for i in range(args.repeat)]
            count = args.repeat * args.clients
            if len(paths) > 1:
                count = min(count, len(paths) - args.repeat - 1)
            with ThreadPoolExecutor(args.clients) as pool:
                busy = list(pool.map(one, range(args.repeat + 1, args.repeat + 1 + count)))
            print(f"{what:<34}{first:8.1f} {stats(alone)}    {stats(busy)}   ({len(busy):,} requests)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
