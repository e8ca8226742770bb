"""What deriving identity and tenures costs on a built store, and what it finds.

    python benchmarks/careers_speed.py --store kg.db        # a store kg build made
    python benchmarks/careers_speed.py --build ../shared/corpus/ --store /tmp/kg-corpus.db

Prints the time of a full derivation (forced) and of a build's check when nothing
changed (the digest is current), the peak memory the derivation adds (tracemalloc)
and the process's resident peak, and the counts: tenures, the share with a stated
start, dated ones, open ends, conflicts, person nodes merged and names kept apart.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

from kg.graph.build import build
from kg.graph.careers import derive
from kg.graph.store import KGStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--build", nargs="*", metavar="INPUT", help="build these into the store first")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    store = KGStore(args.store)
    if args.build:
        began = time.monotonic()
        report = build(args.build, store, jobs=args.jobs)
        print(f"build: {report.added:,} added, {report.unchanged:,} unchanged in "
              f"{time.monotonic() - began:.1f} s (derivation included: {report.careers.seconds:.1f} s)")
    tracemalloc.start()
    began = time.monotonic()
    full = derive(store, force=True)
    seconds = time.monotonic() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    began = time.monotonic()
    again = derive(store)
    check = time.monotonic() - began
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = max(full.tenures, 1)
    rows = [
        ("store", f"{len(store):,} quads"),
        ("derivation (forced)", f"{seconds:.2f} s"),
        ("nothing changed (digest check)", f"{check:.2f} s, skipped: {again.skipped}"),
        ("peak memory of the derivation", f"{peak / 2**20:.0f} MB (tracemalloc); process {rss:.0f} MB"),
        ("tenures", f"{full.tenures:,}"),
        ("with a stated start", f"{full.stated_starts:,} ({100 * full.stated_starts / n:.1f} %)"),
        ("with any date", f"{full.dated:,} ({100 * full.dated / n:.1f} %)"),
        ("open ends (dated start, no end)", f"{full.open_ends:,}"),
        ("conflicts (one-holder offices)", f"{full.conflicts:,}"),
        ("person nodes merged across contexts", f"{full.merged:,}"),
        ("names with people kept apart", f"{full.kept_apart:,}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
