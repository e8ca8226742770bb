"""Throughput and memory of `kg extract` on a real corpus, one process (one core).

    python benchmarks/extract_speed.py [CORPUS] [--limit N]

Prints articles per second, per-stage time, and resident memory at checkpoints
(flat memory means the corpus is streamed, never held), then the peak.
Default corpus: ../shared/corpus/vntc-chinh-tri-xa-hoi.jsonl.gz.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from kg.extract.clean import zone_paragraphs
from kg.errors import InputError
from kg.evaluate import shared_dir
from kg.extract.read import iter_documents
from kg.extract.relate import relate
from kg.extract.resolve import resolve
from kg.extract.segment import split_sentences


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?",
                        default=str(shared_dir() / "corpus" / "vntc-chinh-tri-xa-hoi.jsonl.gz"))
    parser.add_argument("--limit", type=int, default=0, help="stop after N documents (0: all)")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        sys.exit(f"benchmark: {args.corpus}: no such corpus")

    import underthesea  # noqa: F401  (import time is not per-article time)
    stages: dict[str, float] = defaultdict(float)
    docs = failed = facts = 0
    checkpoints = []
    start = time.perf_counter()
    t = start
    for item in iter_documents([args.corpus]):
        now = time.perf_counter()
        stages["read+normalize"] += now - t
        if isinstance(item, InputError):
            failed += 1
            t = time.perf_counter()
            continue
        t0 = time.perf_counter()
        paragraphs = zone_paragraphs(item)
        t1 = time.perf_counter()
        sentences = split_sentences(item, paragraphs)
        t2 = time.perf_counter()
        relations = relate(item, sentences)  # recognize + relate
        t3 = time.perf_counter()
        result = resolve(item, relations)
        t4 = time.perf_counter()
        stages["clean"] += t1 - t0
        stages["segment"] += t2 - t1
        stages["recognize+relate"] += t3 - t2
        stages["resolve"] += t4 - t3
        facts += len(result.positions) + len(result.persons)
        docs += 1
        if docs % 2000 == 0:
            checkpoints.append((docs, rss_mb()))
            print(f"  {docs:>6} docs  {docs / (time.perf_counter() - start):6.1f}/s  "
                  f"rss {checkpoints[-1][1]:.0f} MB", file=sys.stderr, flush=True)
        if args.limit and docs >= args.limit:
            break
        t = time.perf_counter()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus            {args.corpus}")
    print(f"documents         {docs:,} ({failed} unreadable)")
    print(f"persons+positions {facts:,}")
    print(f"elapsed           {elapsed:.1f} s")
    print(f"throughput        {docs / elapsed:.1f} articles/s on one core")
    for name, seconds in stages.items():
        print(f"  {name:<16}{seconds:8.1f} s  {100 * seconds / elapsed:5.1f} %")
    if checkpoints:
        print("rss at            " + ", ".join(f"{d:,}: {m:.0f} MB" for d, m in checkpoints))
    print(f"peak rss          {peak:.0f} MB")


if __name__ == "__main__":
    main()
