"""Latency of kg serve on a store: search, a person page and a named query over /sparql.

    python benchmarks/serve_speed.py --store kg.db [--repeat 50] [--clients 50]

Starts ``kg serve`` on a free loopback port (as a user would), picks the busiest
person of the store, then times each request alone (``--repeat`` times: median and
95th percentile) and with ``--clients`` clients at once (each sending ``--repeat``
requests). Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from servers import start_kg_serve  # noqa: E402

from kg.graph.query import named_queries  # noqa: E402
from kg.graph.rdf import KGR  # noqa: E402


def stats(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"{statistics.median(ms):8.1f} {ms[min(len(ms) - 1, int(len(ms) * 0.95))]:8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg.db")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    import tempfile

    server = start_kg_serve(Path(args.store), Path(tempfile.mkdtemp()))
    try:
        session = requests.Session()
        top = session.get(server.url + "/sparql", timeout=60, params={"query": (
            "SELECT ?p ?n (COUNT(*) AS ?c) WHERE { ?m org:member ?p . ?p sdo:name ?n } "
            "GROUP BY ?p ?n ORDER BY DESC(?c) LIMIT 1")}).json()["results"]["bindings"][0]
        person, name = top["p"]["value"], top["n"]["value"]
        holders = named_queries()["posts"].sparql.replace("WHERE {", f"WHERE {{ VALUES ?person {{ <{person}> }}", 1)
        from kg.extract.normalize import fold
        cases = {
            "search (name without accents)": f"/search?q={urllib.parse.quote(fold(name))}",
            "person page (HTML)": "/id/" + urllib.parse.quote(person[len(KGR):]),
            "person page (JSON)": "/id/" + urllib.parse.quote(person[len(KGR):]) + "?format=json",
            "named query 'posts' (/sparql)": "/sparql?query=" + urllib.parse.quote(holders),
            "neighbourhood graph": "/graph?iri=" + urllib.parse.quote(person),
        }
        count = session.get(server.url + "/", timeout=60).text.count("bài báo")
        print(f"store {args.store}; person {name!r} ({person}); {count and 'home page ok'}")
        print(f"\n{'request':<32}{'alone ms':>17}{f'{args.clients} clients ms':>22}")
        print(f"{'':<32}{'median':>8} {'p95':>8}{'median':>13} {'p95':>8}")
        for what, path in cases.items():
            def one(_=None, path=path):
                start = time.perf_counter()
                answer = requests.get(server.url + path, timeout=60)
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:200])
                return (time.perf_counter() - start) * 1000
            one()
            alone = [one() for _ in range(args.repeat)]
            with ThreadPoolExecutor(args.clients) as pool:
                busy = list(pool.map(one, range(args.repeat * args.clients)))
            print(f"{what:<32}{stats(alone)}    {stats(busy)}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
