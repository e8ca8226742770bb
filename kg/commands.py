"""What each ``kg`` subcommand does: parse nothing, call the library, print what it returns.

kg/cli.py holds the argument parser and ``main``; the functions here take its
parsed arguments. Messages go through :func:`say`, which masks passwords in
URLs, and progress is drawn only on a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TextIO

from .atomic import atomic_open
from .errors import InputError, KGError, mask_credentials

__all__ = ["say", "extract", "evaluate", "build", "query", "serialize", "validate", "merges",
           "export", "viz", "stats"]


def say(message: object, end: str = "\n") -> None:
    """One message on stderr, "kg: " first, passwords in URLs masked."""
    print(f"kg: {mask_credentials(str(message))}", end=end, file=sys.stderr, flush=True)


class _Progress:
    """A one-line progress report on stderr, redrawn on a terminal; nothing elsewhere."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.start = self.last = time.monotonic()
        self.done = self.failed = 0

    def tick(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self.last > 0.5:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            say(f"{self.done:,} documents, {self.failed:,} failed, {rate:.1f}/s", end="\r")

    def finish(self) -> None:
        if self.enabled and self.done:
            print(" " * 60, end="\r", file=sys.stderr)


def extract(args: argparse.Namespace) -> int:
    from .extract.pipeline import extract as run_extract

    progress = _Progress(not args.quiet)

    def run(out: TextIO) -> None:
        first = True
        if args.output_format == "json":
            out.write("[")
        for item in run_extract(args.inputs, max_bytes=args.max_bytes):
            if isinstance(item, InputError):
                say(item)
                progress.tick(True)
                continue
            for warning in item.document.warnings:
                say(warning)
            for note in item.notes:  # "no body text: …": an article is never lost without a word
                say(InputError(item.document.source, note))  # as kg build says it
            record = item.as_dict(with_text=args.with_text)
            text = json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None)
            if args.output_format == "json":
                out.write(("" if first else ",") + "\n" + text)
            else:
                out.write(text + "\n")
            first = False
            progress.tick(False)
        if args.output_format == "json":
            out.write("\n]\n")

    if args.output:
        with atomic_open(args.output) as out:
            run(out)
    else:
        run(sys.stdout)
        sys.stdout.flush()
    progress.finish()
    if progress.failed:
        say(f"{progress.failed:,} of {progress.done:,} inputs failed (see above); "
            f"{progress.done - progress.failed:,} extracted")
        return 1
    if not args.quiet:
        say(f"{progress.done:,} documents extracted")
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_sets, format_report
    from .evaluate_identity import evaluate_identity, format_identity, is_identity_gold

    pairs = [g for g in args.gold if is_identity_gold(g)]
    articles = [g for g in args.gold if g not in pairs]
    reports = evaluate_sets(articles) if articles else {}
    store = open_store(args, read_only=True) if pairs and args.store else None
    identity = {g: evaluate_identity(g, store) for g in pairs}
    if args.json:
        everything = {**reports, **identity}
        only = next(iter(everything.values())) if len(everything) == 1 else everything
        print(json.dumps(only, ensure_ascii=False, indent=2))
    else:
        many = len(reports) + len(identity) > 1
        print("\n\n".join([(f"== {name}\n" if many else "") + format_report(r, args.verbose)
                           for name, r in reports.items()] +
                          [(f"== {name}\n" if many else "") + format_identity(r, args.verbose)
                           for name, r in identity.items()]))
    return 0


def open_store(args: argparse.Namespace, read_only: bool = False):
    from .graph.sparql_store import SparqlStore, is_sparql_store
    from .graph.store import KGStore

    if is_sparql_store(args.store):
        if args.command not in ("build", "query"):
            raise KGError(f"kg {args.command} reads a local store; a SPARQL-server store "
                          "(sparql+http://…) takes kg build and kg query")
        return SparqlStore(args.store)
    return KGStore(args.store, read_only=read_only)


def build(args: argparse.Namespace) -> int:
    import threading

    from tqdm import tqdm

    from .extract.read import count_documents
    from .graph.build import BuildReport, build as run_build, write_failures
    from .outputs import failures_path

    if args.scheduler and args.jobs:
        raise KGError("--jobs is for worker processes on this machine; with --scheduler the "
                      "cluster's workers extract: drop --jobs")
    store = open_store(args)
    report_path = args.failures or failures_path(args.store)
    skip = [report_path] + ([args.store] if "://" not in args.store else [])
    show = not args.quiet and sys.stderr.isatty()
    # counting a corpus means reading it once: do it beside the build, not before it
    total: list[int | None] = []
    if show:
        threading.Thread(target=lambda: total.append(count_documents(args.inputs, skip)),
                         daemon=True).start()
    bar = tqdm(desc="kg build", unit=" articles", disable=not show, file=sys.stderr,
               mininterval=0.5, dynamic_ncols=True, smoothing=0.05)
    last = [BuildReport()]
    shown = {"failures": 0, "warnings": 0, "notes": 0}

    def tell(kind: str, items: list) -> None:
        while shown[kind] < len(items):
            if shown[kind] < 20:
                bar.write(f"kg: {mask_credentials(str(items[shown[kind]]))}", file=sys.stderr)
            shown[kind] += 1

    def tick(report: BuildReport) -> None:
        last[0] = report
        tell("failures", report.failures)
        tell("warnings", report.warnings)
        tell("notes", report.notes)
        if total and total[0] is not None and bar.total is None:
            bar.total = total[0]
        bar.update(1)

    interrupted = False
    try:
        run_build(args.inputs, store, max_bytes=args.max_bytes, on_document=tick, jobs=args.jobs,
                  scheduler=args.scheduler, keep_duplicates=args.keep_duplicates, skip=skip,
                  keep_text=args.keep_text)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
    report = last[0]
    wrote = write_failures(report_path, report.failures)
    if not args.quiet:
        left_out = f", {len(report.warnings)} fields left out" if report.warnings else ""
        if report.notes:
            left_out += f", {len(report.notes)} with no body text (see above)"
        say(f"{args.store}: {report.added} added, {report.replaced} replaced, "
            f"{report.unchanged} unchanged, {report.duplicates} duplicates, "
            f"{len(report.failures)} failed{left_out}; persons merged across "
            f"articles {report.merged}, kept apart {report.kept_apart} (kg merges); "
            f"{len(store):,} quads")
        careers = report.careers
        if careers is not None and not careers.skipped:
            say(f"{careers.tenures:,} tenures ({careers.stated_starts:,} with a stated start), "
                f"{careers.conflicts:,} conflicts (kg query --named conflicts); across contexts "
                f"{careers.merged:,} person nodes joined to another of their name, with the reason "
                f"in kg merges; {careers.seconds:.1f} s")
    if wrote:
        say(f"failures listed in {report_path}; they are tried again by the next build")
    store.close()
    if interrupted:
        say("interrupted; what was finished is stored: run the same command to resume")
        return 130
    return 1 if report.failures else 0


def query(args: argparse.Namespace) -> int:
    from .graph.query import named_queries, run_named, run_sparql
    from .graph.store import format_rows

    if args.list:
        for q in named_queries().values():
            params = " ".join([f"--{p}" for p in q.requires] + [f"[--{p}]" for p in q.optional])
            print(f"{q.name:<12} {params:<28} {q.description}")
        return 0
    if args.named and args.sparql:
        raise KGError("give SPARQL text or --named NAME, not both")
    if not args.named:
        given = [f"--{p}" for p in ("person", "role", "org", "place", "date") if getattr(args, p)]
        if given:
            raise KGError(f"{', '.join(given)} go with --named NAME (kg query --list shows them)")
    store = open_store(args, read_only=True)
    if args.named:
        notes: list[str] = []
        names, rows = run_named(store, args.named, notes=notes, person=args.person,
                                role=args.role, org=args.org, place=args.place, date=args.date)
        for note in notes:
            say(note)
    elif args.sparql:
        names, rows = run_sparql(store, args.sparql, allow_service=args.allow_service)
    else:
        raise KGError("give a SPARQL query, or --named NAME (kg query --list shows them)")
    print(format_rows(names, rows, args.output_format))
    return 0


def serialize(args: argparse.Namespace) -> int:
    from .graph.rdf_io import serialize_store

    fmt, count = serialize_store(open_store(args, read_only=True), args.output, args.output_format)
    say(f"wrote {count:,} {'quads' if fmt in ('nq', 'trig') else 'triples'} to "
        f"{args.output} ({fmt})")
    return 0


def validate(args: argparse.Namespace) -> int:
    from .graph.rdf_io import validate_store

    conforms, text = validate_store(open_store(args, read_only=True))
    print(text.strip() if not conforms or args.verbose
          else "kg: the graph conforms to ontology/shapes.ttl")
    return 0 if conforms else 1


def merges(args: argparse.Namespace) -> int:
    from .graph.careers import merge_log
    from .graph.lookup import Resolver
    from .graph.store import format_rows

    store = open_store(args, read_only=True)
    people = None
    if args.name:  # the person and their namesakes: decisions about any of them
        found = Resolver(store).resolve("person", args.name)
        if found.how not in ("exact", "iri"):
            say(f"--name: {found.note}")
        people = list(found.iris)
    names, rows = merge_log(store, people, args.all)
    print(format_rows(names, rows, args.output_format))
    return 0


def export(args: argparse.Namespace) -> int:
    from .export import export as run_export

    progress = _ExportProgress(not args.quiet)
    report = run_export(open_store(args, read_only=True), args.target, args.dest,
                        progress=progress, batch_size=args.batch_size, user=args.user,
                        password=args.password, database=args.database, graph=args.graph,
                        protocol=args.protocol, replace=args.replace)
    progress.finish()
    what = (f"{report.triples:,} triples" if report.triples
            else f"{report.nodes:,} nodes, {report.edges:,} edges")
    if not args.quiet:
        say(f"exported {what} to {args.dest or args.target} in {report.seconds:.1f} s "
            f"({report.items / max(report.seconds, 1e-9):,.0f}/s)")
    for note in report.notes:
        say(note)
    return 0


class _ExportProgress:
    """Nodes, edges or triples sent so far, redrawn on stderr when it is a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.start = self.last = time.monotonic()

    def __call__(self, report) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.5:
            return
        self.last = now
        done = (f"{report.triples:,} triples" if report.triples
                else f"{report.nodes:,} nodes, {report.edges:,} edges")
        say(f"export: {done}, {report.items / (now - self.start):,.0f}/s", end="\r")

    def finish(self) -> None:
        if self.enabled:
            print(" " * 70, end="\r", file=sys.stderr)


def viz(args: argparse.Namespace) -> int:
    from .explore.viz import viz as run_viz

    done = run_viz(open_store(args, read_only=True), args.output, focus=args.focus,
                   depth=args.depth, org=args.org, date_from=args.date_from, date_to=args.date_to,
                   max_nodes=args.max_nodes, title=args.title)
    say(f"wrote {done['output']} ({done['size_kb']:,} KB): {done['nodes']:,} nodes, "
        f"{done['edges']:,} edges; {done['description']}")
    if done["notice"]:
        say(done["notice"])
    return 0


def stats(args: argparse.Namespace) -> int:
    from .explore.analytics import format_summary, load_graph, summary

    data = summary(load_graph(open_store(args, read_only=True), args.date_from, args.date_to),
                   top=args.top)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.output_format == "json"
          else format_summary(data))
    return 0
