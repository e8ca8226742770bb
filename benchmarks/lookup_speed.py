"""Time name lookups (kg.graph.lookup) on a store: exact, other case, no accents, abbreviated.

    python benchmarks/lookup_speed.py --store kg.db [--repeat 21]

Picks the busiest person and organization of the store, types each name the
ways people do, and prints the median and 95th percentile of ``Resolver.resolve``
for each, beside the scan kg did before the index (every name lower-cased and
compared: ``FILTER (lcase(str(?n)) = …)``), so the two are timed the same way.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kg.extract.normalize import fold
from kg.graph.lookup import Resolver
from kg.graph.store import KGStore


def timed(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg.db")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    store = KGStore(args.store, read_only=True)
    _, rows = store.select("SELECT ?n (COUNT(*) AS ?c) WHERE { ?m org:member/sdo:name ?n } "
                           "GROUP BY ?n ORDER BY DESC(?c) LIMIT 1")
    person = rows[0][0].value
    _, rows = store.select("SELECT ?n (COUNT(*) AS ?c) WHERE { ?m org:organization/skos:prefLabel ?n "
                           "FILTER (strstarts(?n, 'Ủy ban nhân dân ')) } GROUP BY ?n ORDER BY DESC(?c) LIMIT 1")
    org = rows[0][0].value if rows else None
    _, count = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?x a sdo:Person }")
    print(f"store {args.store}: {int(count[0][0].value):,} persons; person {person!r}, organization {org!r}")
    resolver = Resolver(store)
    cases = [("person", "exact", person), ("person", "upper case", person.upper()),
             ("person", "no accents", fold(person)), ("person", "two spaces", person.replace(" ", "  ", 1))]
    if org:
        cases += [("org", "exact", org), ("org", "abbreviated", org.replace("Ủy ban nhân dân", "UBND")),
                  ("org", "no accents, abbreviated", fold(org).replace("uy ban nhan dan", "ubnd"))]
    print(f"\n{'kind':<8}{'typed':<26}{'median ms':>10}{'p95 ms':>9}")
    for kind, how, text in cases:
        assert resolver.resolve(kind, text).name
        med, p95 = timed(lambda: resolver.resolve(kind, text), args.repeat)
        print(f"{kind:<8}{how:<26}{med:>10.2f}{p95:>9.2f}")

    def scan():
        store.select("SELECT DISTINCT ?x WHERE { ?x a sdo:Person ; sdo:name ?label "
                     "FILTER (lcase(str(?label)) = lcase(str(?name))) }", {"name": person.upper()})
    med, p95 = timed(scan, args.repeat)
    print(f"{'person':<8}{'upper case, by a scan':<26}{med:>10.2f}{p95:>9.2f}")


if __name__ == "__main__":
    main()
