"""Time ``kg export`` to every target on a large store, with peak memory.

    python benchmarks/store_build.py --copies 2 --store /tmp/kg-big   # ~1.3 M quads, once
    python benchmarks/export_speed.py --store /tmp/kg-big

Each export runs in a child process, so its peak resident memory (ru_maxrss)
is its own; for FalkorDB and Virtuoso the server's peak (VmHWM) is shown too.
The servers are started on loopback as the tests start them (tests/servers.py);
a target whose server is missing here is skipped with the reason.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _job(store_path: str, target: str, dest: str | None, opts: dict, results) -> None:
    import resource

    from kg.export import export
    from kg.graph.store import KGStore

    try:
        store = KGStore(store_path, read_only=True)
        if target == "projection":  # the floor: open the store and read the mapping, no output
            from kg.graph.project import edges, nodes

            text = f"{sum(1 for _ in nodes(store))} {sum(1 for _ in edges(store))} 0"
        else:
            report = export(store, target, dest, **opts)
            text = f"{report.nodes} {report.edges} {report.triples}"
    except Exception as err:  # noqa: BLE001 - reported in the table
        text = f"failed: {err}"
    results.put((text, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _in_child(store_path: str, target: str, dest: str | None = None, **opts):
    """Export in a fresh (spawned, not forked: RocksDB's threads do not survive a fork)
    process; its (result line, seconds, peak RSS in KB)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start = time.monotonic()
    child = context.Process(target=_job, args=(store_path, target, dest, opts, results))
    child.start()
    text, rss = results.get()
    child.join()
    return text, time.monotonic() - start, rss


def _server_peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--only", nargs="*", help="targets to run (default: all)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="kg-export-bench-"))

    def run(target: str, dest: str | None = None, **opts):
        return lambda: _in_child(args.store, target, dest, **opts)

    from servers import falkordb_missing, start_falkordb, start_virtuoso, virtuoso_missing

    targets = {
        "projection": lambda: (None, run("projection")),
        "neo4j-csv": lambda: (None, run("neo4j-csv", str(work / "neo4j"))),
        "cypher file": lambda: (None, run("cypher", str(work / "kg.cypher"))),
        "graphml": lambda: (None, run("graphml", str(work / "kg.graphml"))),
    }
    if not falkordb_missing():
        def falkor():
            server = start_falkordb(work / "falkordb")
            return server, run(server.url("kg"))
        targets["falkordb load"] = falkor
    else:
        print(f"falkordb load: skipped ({falkordb_missing()})")
    if not virtuoso_missing():
        def virtuoso():
            server = start_virtuoso(work / "virtuoso", buffers=170_000)
            return server, run("sparql", server.gsp, user="dba", password="dba")
        targets["virtuoso load"] = virtuoso
    else:
        print(f"virtuoso load: skipped ({virtuoso_missing()})")

    print(f"{'target':<15} {'seconds':>8} {'items':>12} {'items/s':>10} {'peak MB':>8} {'server MB':>9}")
    for name, start in targets.items():
        if args.only and name not in args.only:
            continue
        server, job = start()
        try:
            text, seconds, rss_kb = job()
            server_mb = f"{_server_peak_kb(server.proc.pid) / 1024:.0f}" if server else "-"
        finally:
            if server:
                server.stop()
        if text.startswith("failed"):
            print(f"{name:<15} {text}")
            continue
        nodes, edges, triples = map(int, text.split())
        items, unit = (triples, "triples") if triples else (nodes + edges, "nodes+edges")
        print(f"{name:<15} {seconds:8.1f} {items:>12,} {items / seconds:>10,.0f} "
              f"{rss_kb / 1024:8.0f} {server_mb:>9}   ({unit}; {nodes:,} nodes, {edges:,} edges)"
              if not triples else
              f"{name:<15} {seconds:8.1f} {items:>12,} {items / seconds:>10,.0f} "
              f"{rss_kb / 1024:8.0f} {server_mb:>9}   ({unit})", flush=True)
    sizes = {p.name: p.stat().st_size for p in work.iterdir() if p.is_file()}
    print("files:", ", ".join(f"{n} {s / 1e6:.0f} MB" for n, s in sorted(sizes.items())))


if __name__ == "__main__":
    main()
