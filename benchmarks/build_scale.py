"""Corpus-scale build: time per stage, articles per second at 1..N workers and on Dask, peak memory.

    python benchmarks/build_scale.py [CORPUS] [--jobs 1 2] [--dask 2] [--copies 10] [--limit N]

Default corpus: ../shared/corpus/vntc-chinh-tri-xa-hoi.jsonl.gz (12,786 articles).

1. stages: one process, every stage timed by wrapping its function (read and
   normalize, zone, segment, recognize = the lexicon scanner, POS check of
   unvouched names, relate, resolve, graph = quads and fingerprint, write).
2. scaling: a fresh store built with ``--jobs`` 1, 2, … each in its own child
   process, so peak memory is measured per run: the build process's, the largest
   worker's, and the total of every process of the run (the build, its workers,
   a Dask cluster's), sampled every half second as the sum of their proportional
   set sizes (PSS: a page shared by two processes counts half in each).
3. Dask: the same build on a LocalCluster of N single-threaded worker processes.
4. ``--copies K``: the corpus repeated K times under distinct ids, built with
   ``keep_duplicates`` (the copies are exact duplicates, which a normal build
   records without extracting); memory is sampled every 10,000 articles to
   show whether it stays flat.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path



def _rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _descendants(root: int) -> list[int]:
    """Every live process below ``root`` (from /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children[int(stat.read_text().rsplit(")", 1)[1].split()[1])].append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _pss_mb(pid: int) -> float:
    """A process's proportional set size, in MB (0 once it is gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


class _TotalMemory:
    """The peak, over a run, of the memory of every process below this one, summed."""

    def __init__(self, every: float = 0.5):
        self.every, self.peak = every, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.wait(self.every):
            self.peak = max(self.peak, sum(_pss_mb(p) for p in _descendants(os.getpid())))

    def __enter__(self) -> "_TotalMemory":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        self._thread.join()


def _wrap_timers(spent: dict[str, float]) -> None:
    """Wrap each stage's function with a timer; nested stages are charged to the innermost."""
    import kg.graph.dedupe
    import kg.graph.rdf
    import kg.extract.pipeline
    import kg.extract.read
    import kg.extract.records
    import kg.extract.relate
    import kg.graph.store

    running: list[str] = []

    def timed(owner, name: str, stage: str) -> None:
        fn = getattr(owner, name)

        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            running.append(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                running.pop()
                dt = time.perf_counter() - t0
                spent[stage] += dt
                if running:
                    spent[running[-1]] -= dt
        setattr(owner, name, wrapper)

    timed(kg.extract.read, "normalize_text", "normalize")  # text files and pages
    timed(kg.extract.records, "normalize_text", "normalize")  # JSON Lines records
    timed(kg.extract.pipeline, "zone_paragraphs", "zone")
    timed(kg.extract.pipeline, "split_sentences", "segment")
    timed(kg.extract.pipeline, "relate", "relate")
    timed(kg.extract.relate, "scan", "recognize")
    timed(kg.extract.relate, "_check_unvouched", "recognize: POS check")
    timed(kg.extract.pipeline, "resolve", "resolve")
    timed(kg.graph.rdf, "article_quads", "graph")
    timed(kg.graph.dedupe, "simhash", "fingerprint")
    timed(kg.graph.store.KGStore, "write", "write")


def stages(corpus: str, workdir: Path) -> dict:
    """Time per stage in one process: a reading pass, then a build with jobs=1."""
    from kg.graph.build import build
    from kg.graph.parallel import warm_up
    from kg.extract.read import iter_documents
    from kg.graph.store import KGStore

    spent: dict[str, float] = defaultdict(float)
    warm_up()  # model loading is not a stage
    _wrap_timers(spent)
    t0 = time.perf_counter()
    n = sum(1 for _ in iter_documents([corpus]))
    spent["read"] = time.perf_counter() - t0 - spent["normalize"]
    read_normalize = spent["read"] + spent["normalize"]
    t0 = time.perf_counter()
    report = build([corpus], KGStore(workdir / "stages.db"), jobs=1)
    seconds = time.perf_counter() - t0
    spent["normalize"] /= 2  # normalized once while counting, once while building
    measured = sum(v for k, v in spent.items() if k != "read")
    spent["other (hashes, decisions, merge log, pickling)"] = seconds - read_normalize / 2 - measured
    return {"articles": n, "build_seconds": seconds, "added": report.added, "stages": dict(spent)}


def one_build(corpus: str, store: str, jobs: int, scheduler: str | None, keep: bool) -> dict:
    """A build in this (child) process; sampled memory every 10,000 articles."""
    from kg.graph.build import build
    from kg.graph.store import KGStore

    samples: list[tuple[int, float]] = []

    def tick(report) -> None:
        if report.processed % 10_000 == 0:
            samples.append((report.processed, round(_rss_mb(), 1)))

    t0 = time.perf_counter()
    report = build([corpus], KGStore(store), jobs=jobs, scheduler=scheduler,
                   keep_duplicates=keep, on_document=tick)
    seconds = time.perf_counter() - t0
    main_peak, child_peak = _peak_mb()
    return {"jobs": report.jobs, "articles": report.processed, "seconds": seconds,
            "rate": report.processed / seconds, "added": report.added,
            "duplicates": report.duplicates, "failed": len(report.failures),
            "peak_main_mb": main_peak, "peak_worker_mb": child_peak, "rss_samples": samples,
            "workers": len(report.workers)}


def _child(corpus: str, store: str, jobs: int, scheduler: str | None = None,
           keep: bool = False) -> dict:
    cmd = [sys.executable, __file__, corpus, "--one", store, "--jobs", str(jobs)]
    if scheduler:
        cmd += ["--scheduler", scheduler]
    if keep:
        cmd.append("--keep-duplicates")
    with _TotalMemory() as total:
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["peak_total_mb"] = total.peak
    return result


def _copies(corpus: str, copies: int, out: Path) -> Path:
    """The corpus ``copies`` times, every record under a new id (and URL)."""
    with gzip.open(out, "wt", encoding="utf-8") as dst:
        for k in range(copies):
            with gzip.open(corpus, "rt", encoding="utf-8") as src:
                for line in src:
                    record = json.loads(line)
                    record["id"] = f"{record.get('id')}~{k}"
                    if record.get("url"):
                        record["url"] = f"{record['url']}#copy{k}"
                    dst.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def _print_run(name: str, r: dict, base: float | None) -> None:
    eff = f"{r['rate'] / (base * r['jobs']):6.0%}" if base else "     -"
    print(f"{name:<22} {r['articles']:>8,} {r['seconds']:>8.1f} s {r['rate']:>8.1f} art/s "
          f"efficiency {eff}   peak memory: all processes {r['peak_total_mb']:,.0f} MB (PSS), "
          f"build {r['peak_main_mb']:,.0f} MB, largest worker {r['peak_worker_mb']:,.0f} MB (RSS)")


def main() -> None:
    from kg.evaluate import shared_dir

    default = shared_dir() / "corpus" / "vntc-chinh-tri-xa-hoi.jsonl.gz"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(default))
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dask", type=int, default=2, metavar="N",
                    help="Dask LocalCluster workers (0: skip)")
    ap.add_argument("--copies", type=int, default=0, help="also build the corpus K times over")
    ap.add_argument("--skip-stages", action="store_true")
    ap.add_argument("--one", metavar="STORE", help=argparse.SUPPRESS)
    ap.add_argument("--scheduler", help=argparse.SUPPRESS)
    ap.add_argument("--keep-duplicates", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_build(args.corpus, args.one, args.jobs[0], args.scheduler,
                                   args.keep_duplicates)))
        return

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    print(f"corpus: {args.corpus}")
    if not args.skip_stages:
        s = stages(args.corpus, work)
        print(f"\nstages, one process, {s['articles']:,} articles, build {s['build_seconds']:.1f} s:")
        total = sum(s["stages"].values())
        for name, sec in sorted(s["stages"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<48} {sec:8.1f} s {sec / total:6.1%} "
                  f"{1000 * sec / s['articles']:7.2f} ms/article")

    print(f"\nscaling ({len(args.jobs)} runs, each a fresh store in its own process):")
    base = None
    for j in args.jobs:
        r = _child(args.corpus, str(work / f"jobs{j}.db"), j)
        base = base or (r["rate"] if r["jobs"] == 1 else None)
        _print_run(f"--jobs {j}", r, base)
    if args.dask:
        from distributed import LocalCluster

        with LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster:
            r = _child(args.corpus, str(work / "dask.db"), 0, cluster.scheduler_address)
        _print_run(f"Dask, {args.dask} workers", r, base)
        print("  (Dask workers are the cluster's processes: in 'all processes', not in 'largest worker')")
    if args.copies:
        big = _copies(args.corpus, args.copies, work / f"corpus-x{args.copies}.jsonl.gz")
        j = max(args.jobs)
        r = _child(str(big), str(work / f"x{args.copies}.db"), j, keep=True)
        _print_run(f"x{args.copies}, --jobs {j}", r, base)
        print("  RSS of the build process every 10,000 articles (MB): "
              + ", ".join(f"{n // 1000}k {mb:.0f}" for n, mb in r["rss_samples"]))
    print(f"\nstores left in {work} (delete when done)")


if __name__ == "__main__":
    main()
