"""Build a store from a corpus, then time every named query on Oxigraph and on in-memory rdflib.

    python benchmarks/store_build.py [CORPUS ...] [--store DIR] [--rdflib-timeout S]

Default corpus: ../shared/corpus/vntc-chinh-tri-xa-hoi.jsonl.gz. Prints quads,
build time (extraction and store writes apart), store size on disk, and the
latency of each named query on the Oxigraph store beside the same data loaded
into a plain in-memory rdflib Graph.

Both sides are timed the same way: in this process, after one warm-up run, the
median of --repeat runs (min and max beside it). A query of rdflib's that runs
past --rdflib-timeout is stopped by a timer signal (rdflib evaluates in Python,
so the signal lands between two steps) and not repeated. (Timing rdflib in a
forked child, as this script once did, made it ~2.5 times slower than here: the
child's first touches of the parent's million Python objects copy their pages.)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.graph.build import build
from kg.evaluate import shared_dir
from kg.graph.lookup import Resolver
from kg.graph.query import ENTITY_PARAMETERS, PARAMETERS, named_queries, run_named
from kg.graph.store import KGStore, _bind


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pick_parameters(store: KGStore) -> dict[str, dict[str, str]]:
    """Real values from the data: the most attested role and organization, the busiest person."""
    _, rows = store.select(
        "SELECT ?role ?org (COUNT(*) AS ?n) WHERE { ?m org:role/skos:prefLabel ?role ; "
        "org:organization/skos:prefLabel ?org } GROUP BY ?role ?org ORDER BY DESC(?n) LIMIT 1")
    role, org = rows[0][0].value, rows[0][1].value
    _, rows = store.select(
        "SELECT ?name (COUNT(*) AS ?n) WHERE { ?e kg:participation/kg:participant/sdo:name ?name } "
        "GROUP BY ?name ORDER BY DESC(?n) LIMIT 1")
    person = rows[0][0].value
    _, rows = store.select(
        "SELECT ?place (COUNT(*) AS ?n) WHERE { ?o a org:Organization ; sdo:location/rdfs:label ?place } "
        "GROUP BY ?place ORDER BY DESC(?n) LIMIT 1")
    place = rows[0][0].value
    return {"holders": {"role": role, "org": org, "date": "2006-12-31"},
            "posts": {"person": person}, "events": {"person": person},
            "comeetings": {"person": person}, "leadership": {"org": org, "date": "2006-12-31"},
            "evidence": {"person": person}, "succession": {"role": role, "org": org},
            "conflicts": {}, "place": {"place": place}}


class _Stopped(Exception):
    pass


def _stop(_signum, _frame):
    raise _Stopped


def timed_runs(run, repeat: int, timeout: float | None = None) -> tuple | None:
    """(median, min, max milliseconds, rows) of ``repeat`` runs after a warm-up run, in this
    process; None when a run went past ``timeout`` seconds (then it is not repeated)."""
    times, rows = [], 0
    for k in range(repeat + 1):
        if timeout:
            signal.signal(signal.SIGALRM, _stop)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        t = time.perf_counter()
        try:
            rows = run()
        except _Stopped:
            return None
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if k:  # the first run warms caches up
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times), max(times), rows


def _show(result: tuple | None) -> str:
    if result is None:
        return "stopped"
    median, low, high, rows = result
    return f"{median:,.1f} ({low:,.1f}-{high:,.1f}){rows:>7}"


def _copies(corpora: list[str], copies: int) -> str:
    """One JSON Lines file holding every record ``copies`` times under distinct ids.

    Persons, organizations and places are shared between the copies (same names,
    same IRIs); articles, posts, events and sentences are new: the graph grows like
    a corpus of more articles about the same people.
    """
    import gzip
    import json

    from kg.extract.read import iter_documents

    path = Path(tempfile.mkdtemp(prefix="kg-copies-")) / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for k in range(copies):
            for doc in iter_documents(corpora):
                if hasattr(doc, "text"):
                    out.write(json.dumps({"id": f"{doc.id}~{k}", "text": doc.text,
                                          "published": doc.published}, ensure_ascii=False) + "\n")
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*",
                        default=[str(shared_dir() / "corpus" / "vntc-chinh-tri-xa-hoi.jsonl.gz")])
    parser.add_argument("--store", help="where to build (default: a temporary folder)")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--copies", type=int, default=1,
                        help="build the corpus this many times, as distinct articles, to reach "
                             "a larger graph (the shared corpus once gives ~0.75 M quads)")
    args = parser.parse_args()
    if args.copies > 1:
        args.corpus = [_copies(args.corpus, args.copies)]

    folder = Path(args.store) if args.store else Path(tempfile.mkdtemp(prefix="kg-bench-")) / "kg.db"
    store = KGStore(folder)
    writes = [0.0]
    original = KGStore.write

    def timed(self, drop, quads):
        t = time.perf_counter()
        original(self, drop, quads)
        writes[0] += time.perf_counter() - t

    KGStore.write = timed
    t = time.perf_counter()
    # the copies are exact duplicates: extract each as an article of its own, so the
    # graph grows like a corpus of more articles (a normal build records them as copies)
    report = build(args.corpus, store, keep_duplicates=True)
    elapsed = time.perf_counter() - t
    KGStore.write = original
    quads = len(store)
    triples = sum(1 for _ in store.union_triples())
    print(f"articles          {report.added + report.replaced:,} built, {report.unchanged:,} unchanged, "
          f"{len(report.failures)} failed")
    print(f"quads             {quads:,} ({triples:,} distinct triples in the union)")
    print(f"build             {elapsed:.1f} s ({(report.added + report.replaced) / elapsed:.1f} articles/s), "
          f"of which store writes {writes[0]:.1f} s")
    print(f"store on disk     {du(folder) / 2**20:.1f} MB ({du(folder) / max(quads, 1):.0f} bytes/quad)")

    params = pick_parameters(store)
    print(f"query parameters  {params['holders']} / person {params['posts']['person']!r}")
    queries = {name: q for name, q in named_queries().items() if name in params}  # those it knows
    oxigraph_ms = {name: timed_runs(lambda name=name: len(run_named(store, name, **params[name])[1]),
                                    args.repeat) for name in queries}

    # rdflib gets the union graph as N-Triples in a plain Graph: the named queries read the
    # union, and rdflib's N-Quads loading into a Dataset took over 12 minutes here.
    print("loading the same triples into an in-memory rdflib Graph …", file=sys.stderr, flush=True)
    import rdflib
    from pyoxigraph import NamedNode, RdfFormat, serialize

    nt = Path(tempfile.mkdtemp()) / "all.nt"
    with open(nt, "wb") as out:
        serialize(store.union_triples(), out, RdfFormat.N_TRIPLES)
    t = time.perf_counter()
    dataset = rdflib.Graph()
    dataset.parse(nt, format="nt")
    load = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rdflib load       {load:.1f} s (peak rss of this process {rss:.0f} MB)")

    from kg.graph.rdf import NS
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in NS.items())
    print(f"\n{'named query':<12}{'oxigraph ms (min-max)':>26}{'rows':>7}"
          f"{'rdflib ms (min-max)':>30}{'rows':>7}   medians of {args.repeat} runs")
    for name, query in queries.items():
        bindings = {PARAMETERS[k]: ([NamedNode(i) for i in Resolver(store).resolve(k, v).iris]
                                    if k in ENTITY_PARAMETERS else v)
                    for k, v in params[name].items() if k in query.requires + query.optional}
        text = prefixes + _bind(query.sparql, bindings)
        rd = timed_runs(lambda text=text: len(list(dataset.query(text))), args.repeat,
                        timeout=args.rdflib_timeout)
        print(f"{name:<12}{_show(oxigraph_ms[name]):>33}{_show(rd):>37}")
    if not args.store:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
