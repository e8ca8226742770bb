"""The ``kg`` command: a thin layer over the library.

Each subcommand parses its arguments, calls one library function and prints
what it returns. Errors a user can cause are printed as one line naming the
file; the exit status says whether everything went through.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TextIO

from . import __version__
from .atomic import atomic_open
from .errors import InputError, KGError

DEFAULT_STORE = "kg.db"

__all__ = ["main"]


class _Progress:
    """A one-line progress report on stderr: on a terminal it redraws, elsewhere every 1000 docs."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.start = self.last = time.monotonic()
        self.done = self.failed = 0

    def tick(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if not self.enabled:
            return
        now = time.monotonic()
        if (self.tty and now - self.last > 0.5) or (not self.tty and self.done % 1000 == 0):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            end = "\r" if self.tty else "\n"
            print(f"kg: {self.done:,} documents, {self.failed:,} failed, {rate:.1f}/s",
                  end=end, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled and self.tty and self.done:
            print(" " * 60, end="\r", file=sys.stderr)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract.pipeline import extract

    progress = _Progress(not args.quiet)

    def run(out: TextIO) -> None:
        first = True
        if args.output_format == "json":
            out.write("[")
        for item in extract(args.inputs, max_bytes=args.max_bytes):
            if isinstance(item, InputError):
                print(f"kg: {item}", file=sys.stderr)
                progress.tick(True)
                continue
            record = item.as_dict(with_text=args.with_text)
            if args.output_format == "json":
                out.write(("" if first else ",") + "\n")
                out.write(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None))
            else:
                out.write(json.dumps(record, ensure_ascii=False,
                                     indent=2 if args.pretty else None) + "\n")
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
        print(f"kg: {progress.failed:,} of {progress.done:,} inputs failed (see above); "
              f"{progress.done - progress.failed:,} extracted", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"kg: {progress.done:,} documents extracted", file=sys.stderr)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_sets, format_report
    from .evaluate_identity import evaluate_identity, format_identity, is_identity_gold

    pairs = [g for g in args.gold if is_identity_gold(g)]
    articles = [g for g in args.gold if g not in pairs]
    reports = evaluate_sets(articles) if articles else {}
    store = _open_store(args, read_only=True) if pairs and args.store else None
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


def _open_store(args: argparse.Namespace, read_only: bool = False):
    from .graph.sparql_store import SparqlStore, is_sparql_store
    from .graph.store import KGStore

    if is_sparql_store(args.store):
        if args.command not in ("build", "query"):
            raise KGError(f"kg {args.command} reads a local store; a SPARQL-server store "
                          "(sparql+http://…) takes kg build and kg query")
        return SparqlStore(args.store)
    return KGStore(args.store, read_only=read_only)


def _cmd_build(args: argparse.Namespace) -> int:
    import threading

    from tqdm import tqdm

    from .graph.build import BuildReport, build, write_failures
    from .extract.read import count_documents

    store = _open_store(args)
    failures_path = args.failures or _failures_path(args.store)
    # counting a corpus means reading it once: do it beside the build, not before it
    total: list[int | None] = []
    threading.Thread(target=lambda: total.append(count_documents(args.inputs)), daemon=True).start()
    bar = tqdm(desc="kg build", unit=" articles", disable=args.quiet, file=sys.stderr,
               mininterval=0.5, dynamic_ncols=True, smoothing=0.05)
    last = [BuildReport()]
    shown = [0]

    def tick(report: BuildReport) -> None:
        last[0] = report
        while shown[0] < len(report.failures):
            if shown[0] < 20 and not args.quiet:
                bar.write(f"kg: {report.failures[shown[0]]}", file=sys.stderr)
            shown[0] += 1
        if total and total[0] is not None and bar.total is None:
            bar.total = total[0]
        bar.update(1)

    interrupted = False
    try:
        build(args.inputs, store, max_bytes=args.max_bytes, on_document=tick, jobs=args.jobs,
              scheduler=args.scheduler, keep_duplicates=args.keep_duplicates,
              keep_text=args.keep_text)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
    report = last[0]
    wrote = write_failures(failures_path, report.failures)
    print(f"kg: {args.store}: {report.added} added, {report.replaced} replaced, "
          f"{report.unchanged} unchanged, {report.duplicates} duplicates, "
          f"{len(report.failures)} failed; persons merged across "
          f"articles {report.merged}, kept apart {report.kept_apart} (kg merges); "
          f"{len(store):,} quads", file=sys.stderr)
    careers = report.careers
    if careers is not None and not careers.skipped:
        print(f"kg: {careers.tenures:,} tenures ({careers.stated_starts:,} with a stated start), "
              f"{careers.conflicts:,} conflicts (kg query --named conflicts); across contexts "
              f"{careers.merged:,} person nodes joined to another of their name, with the reason "
              f"in kg merges; {careers.seconds:.1f} s", file=sys.stderr)
    if wrote:
        print(f"kg: failures listed in {failures_path}; they are tried again by the next build",
              file=sys.stderr)
    store.close()
    if interrupted:
        print("kg: interrupted; what was finished is stored: run the same command to resume",
              file=sys.stderr)
        return 130
    return 1 if report.failures else 0


def _failures_path(store: str) -> str:
    """Beside a local store (kg.db → kg.db.failures.jsonl); in the working folder otherwise."""
    if "://" in store:
        return "kg-failures.jsonl"
    return str(store).rstrip("/\\") + ".failures.jsonl"


def _cmd_query(args: argparse.Namespace) -> int:
    from .graph.query import named_queries, run_named, run_sparql
    from .graph.store import format_rows

    if args.list:
        for q in named_queries().values():
            params = " ".join([f"--{p}" for p in q.requires] + [f"[--{p}]" for p in q.optional])
            print(f"{q.name:<12} {params:<28} {q.description}")
        return 0
    store = _open_store(args, read_only=True)
    if args.named:
        notes: list[str] = []
        names, rows = run_named(store, args.named, notes=notes, person=args.person,
                                role=args.role, org=args.org, place=args.place, date=args.date)
        for note in notes:
            print(f"kg: {note}", file=sys.stderr)
    elif args.sparql:
        names, rows = run_sparql(store, args.sparql)
    else:
        raise KGError("give a SPARQL query, or --named NAME (kg query --list shows them)")
    print(format_rows(names, rows, args.output_format))
    return 0


def _cmd_serialize(args: argparse.Namespace) -> int:
    from .graph.rdf_io import serialize_store

    fmt, count = serialize_store(_open_store(args, read_only=True), args.output, args.output_format)
    print(f"kg: wrote {count:,} {'quads' if fmt in ('nq', 'trig') else 'triples'} to "
          f"{args.output} ({fmt})", file=sys.stderr)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .graph.rdf_io import validate_store

    conforms, text = validate_store(_open_store(args, read_only=True))
    print(text.strip() if not conforms or args.verbose else "kg: the graph conforms to ontology/shapes.ttl")
    return 0 if conforms else 1


def _cmd_merges(args: argparse.Namespace) -> int:
    from .graph.careers import merge_log
    from .graph.lookup import Resolver
    from .graph.store import format_rows

    store = _open_store(args, read_only=True)
    people = None
    if args.name:  # the person and their namesakes: decisions about any of them
        found = Resolver(store).resolve("person", args.name)
        if found.how not in ("exact", "iri"):
            print(f"kg: --name: {found.note}", file=sys.stderr)
        people = list(found.iris)
    names, rows = merge_log(store, people, args.all)
    print(format_rows(names, rows, args.output_format))
    return 0




def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    progress = _ExportProgress(not args.quiet)
    report = export(_open_store(args, read_only=True), args.target, args.dest,
                    progress=progress, batch_size=args.batch_size, user=args.user,
                    password=args.password, database=args.database, graph=args.graph,
                    protocol=args.protocol, replace=args.replace)
    progress.finish()
    what = (f"{report.triples:,} triples" if report.triples
            else f"{report.nodes:,} nodes, {report.edges:,} edges")
    print(f"kg: exported {what} to {args.dest or args.target} in {report.seconds:.1f} s "
          f"({report.items / max(report.seconds, 1e-9):,.0f}/s)", file=sys.stderr)
    for note in report.notes:
        print(f"kg: {note}", file=sys.stderr)
    return 0


class _ExportProgress:
    """Nodes, edges or triples sent so far, on stderr: redrawn on a terminal, else every 10 s."""

    def __init__(self, enabled: bool):
        self.enabled, self.tty = enabled, sys.stderr.isatty()
        self.start = self.last = time.monotonic()

    def __call__(self, report) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < (0.5 if self.tty else 10):
            return
        self.last = now
        done = (f"{report.triples:,} triples" if report.triples
                else f"{report.nodes:,} nodes, {report.edges:,} edges")
        print(f"kg: export: {done}, {report.items / (now - self.start):,.0f}/s",
              end="\r" if self.tty else "\n", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled and self.tty:
            print(" " * 70, end="\r", file=sys.stderr)


def _cmd_viz(args: argparse.Namespace) -> int:
    from .explore.viz import viz

    done = viz(_open_store(args, read_only=True), args.output, focus=args.focus, depth=args.depth,
               org=args.org, date_from=args.date_from, date_to=args.date_to,
               max_nodes=args.max_nodes, title=args.title)
    print(f"kg: wrote {done['output']} ({done['size_kb']:,} KB): {done['nodes']:,} nodes, "
          f"{done['edges']:,} edges; {done['description']}", file=sys.stderr)
    if done["notice"]:
        print(f"kg: {done['notice']}", file=sys.stderr)
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .explore.analytics import format_summary, load_graph, summary

    data = summary(load_graph(_open_store(args, read_only=True), args.date_from, args.date_to),
                   top=args.top)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.output_format == "json"
          else format_summary(data))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Knowledge graphs of who holds which post and who took part in "
                               "which meeting, from Vietnamese news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract facts from articles (JSON Lines on stdout)",
                        description="Extract person, role, organization and event facts. "
                                    "Inputs: files, folders (recursive), - for stdin, or @FILE (a listing "
                                    "of paths and http(s) URLs, one a line); "
                                    "text (UTF-8, UTF-16, Windows-1258), HTML, JSON Lines (.jsonl, .jsonl.gz).")
    ex.add_argument("inputs", nargs="+", metavar="INPUT")
    ex.add_argument("--format", dest="output_format", choices=("jsonl", "json"), default="jsonl",
                    help="jsonl: one object a line (default); json: one array")
    ex.add_argument("--pretty", action="store_true", help="indent the JSON")
    ex.add_argument("--with-text", action="store_true",
                    help="add the normalized text the offsets point into")
    ex.add_argument("-o", "--output", metavar="FILE",
                    help="write here (atomically) instead of stdout")
    ex.add_argument("--max-bytes", type=int, default=5_000_000, metavar="N",
                    help="largest article to read, in bytes (default 5,000,000)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    ex.set_defaults(func=_cmd_extract)

    ev = sub.add_parser("evaluate", help="precision, recall and F1 against gold annotations",
                        description="Score extraction against gold annotations "
                                    "(docs/annotation.md describes the format).")
    ev.add_argument("gold", nargs="+", metavar="GOLD", help="gold files or folders")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("-v", "--verbose", action="store_true", help="list each missing or spurious fact")
    ev.add_argument("--store", metavar="PATH",
                    help="identity pairs (tests/gold/identity): judge the merges of this store "
                         "(default: a store built from the pairs' own articles)")
    ev.set_defaults(func=_cmd_evaluate)

    def store_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", default=DEFAULT_STORE, metavar="PATH",
                       help=f"the knowledge-graph store: a folder (default: ./{DEFAULT_STORE}), or "
                            "sparql+http://HOST:PORT/PATH for a SPARQL server (build, query)")

    bu = sub.add_parser("build", help="extract articles into the knowledge-graph store",
                        description="Extract new or changed articles and merge them into the "
                                    "store; unchanged articles are skipped, so re-running is safe.")
    bu.add_argument("inputs", nargs="+", metavar="INPUT")
    store_arg(bu)
    bu.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                    help="worker processes for extraction (default: every core)")
    bu.add_argument("--scheduler", metavar="ADDRESS",
                    help="extract on a Dask cluster, e.g. tcp://scheduler:8786 (pip install 'kg[dask]')")
    bu.add_argument("--keep-duplicates", action="store_true",
                    help="extract copies of an article too, instead of recording them as duplicates")
    bu.add_argument("--keep-text", action="store_true", help="keep each article's text too, for "
                    "kg serve to show whole (stored articles without it are extracted again)")
    bu.add_argument("--failures", metavar="FILE",
                    help="where to list the articles that failed (default: STORE.failures.jsonl)")
    bu.add_argument("--max-bytes", type=int, default=5_000_000, metavar="N")
    bu.add_argument("-q", "--quiet", action="store_true")
    bu.set_defaults(func=_cmd_build)

    qu = sub.add_parser("query", help="SPARQL over the store, or a named query",
                        description="Run a SPARQL SELECT (text or a .rq file) over the union of "
                                    "all articles, or a named query with its parameters.")
    qu.add_argument("sparql", nargs="?", metavar="SPARQL")
    store_arg(qu)
    qu.add_argument("--named", metavar="NAME", help="a named query (see --list)")
    qu.add_argument("--list", action="store_true", help="list the named queries")
    qu.add_argument("--person", help="a person's name")
    qu.add_argument("--role", help='a role, e.g. "Bí thư"')
    qu.add_argument("--org", help='an organization, e.g. "Huyện ủy Nam Sách"')
    qu.add_argument("--place", help='a place, e.g. "xã Tống Trân" (named queries that take one)')
    qu.add_argument("--date", help="YYYY-MM-DD")
    qu.add_argument("--format", dest="output_format", choices=("table", "csv", "json"),
                    default="table")
    qu.set_defaults(func=_cmd_query)

    se = sub.add_parser("serialize", help="write the graph to an RDF file",
                        description="Write the knowledge graph as turtle, nt, nq, trig, jsonld "
                                    "or xml (by extension or --format); nq and trig keep one "
                                    "named graph per article.")
    store_arg(se)
    se.add_argument("-o", "--output", required=True, metavar="FILE")
    se.add_argument("--format", dest="output_format", metavar="FORMAT")
    se.set_defaults(func=_cmd_serialize)

    va = sub.add_parser("validate", help="check the graph against the SHACL shapes",
                        description="Validate the store with pyshacl against ontology/shapes.ttl.")
    store_arg(va)
    va.add_argument("-v", "--verbose", action="store_true")
    va.set_defaults(func=_cmd_validate)

    me = sub.add_parser("merges", help="the merge log: persons merged or kept apart",
                        description="Show how persons with the same name were merged across "
                                    "articles or kept apart, and why.")
    store_arg(me)
    me.add_argument("--name", help="only this person and their namesakes (accents optional)")
    me.add_argument("--all", action="store_true", help="include first sightings ('new')")
    me.add_argument("--format", dest="output_format", choices=("table", "csv", "json"),
                    default="table")
    me.set_defaults(func=_cmd_merges)

    xp = sub.add_parser("export", help="export to Neo4j, Cypher databases, GraphML or a SPARQL server",
                        description="Export the graph: neo4j-csv FOLDER (neo4j-admin import), "
                                    "cypher FILE (cypher-shell script), graphml FILE, "
                                    "sparql ENDPOINT (Graph Store Protocol or Update), or "
                                    "straight into a server: bolt://HOST:PORT, "
                                    "falkordb://[:PASSWORD@]HOST:PORT/GRAPH. Re-running "
                                    "updates instead of duplicating (docs/property-graph.md).")
    store_arg(xp)
    xp.add_argument("--to", dest="target", required=True, metavar="TARGET",
                    help="neo4j-csv, cypher, graphml, sparql, bolt://… or falkordb://…")
    xp.add_argument("dest", nargs="?", metavar="DEST", help="the folder, file or endpoint URL")
    xp.add_argument("--user", help="server login (bolt: default neo4j)")
    xp.add_argument("--password", help="better: KG_BOLT_PASSWORD / NEO4J_PASSWORD, "
                                       "KG_SPARQL_PASSWORD, KG_FALKORDB_PASSWORD, or the prompt")
    xp.add_argument("--database", help="bolt: the database (default: the server's)")
    xp.add_argument("--graph", metavar="IRI", help="sparql: the named graph to load into")
    xp.add_argument("--protocol", choices=("gsp", "update"),
                    help="sparql: Graph Store Protocol POST or SPARQL Update INSERT DATA "
                         "(default: gsp if the endpoint's name has 'graph' in it)")
    xp.add_argument("--replace", action="store_true", help="sparql: clear the graph first")
    xp.add_argument("--batch-size", type=int, default=None, metavar="N",
                    help="rows per statement (Cypher, default 1000) or triples per request "
                         "(SPARQL, default 10000)")
    xp.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    xp.set_defaults(func=_cmd_export)

    def period_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                       help="only posts attested and events dated from this day")
        p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="… up to this day")

    vz = sub.add_parser("viz", help="an interactive HTML page of the graph (offline, one file)",
                        description="Draw the graph, or a person's neighbourhood, or an "
                                    "organization with its members and their events, as one "
                                    "HTML page that opens in any browser without a network.")
    store_arg(vz)
    vz.add_argument("-o", "--output", default="graph.html", metavar="FILE",
                    help="the page to write, atomically (default: graph.html)")
    vz.add_argument("--focus", metavar="NAME", help="a person (accents optional) and their neighbourhood")
    vz.add_argument("--depth", type=int, default=1, metavar="N", help="hops around --focus (default 1)")
    vz.add_argument("--org", metavar="NAME", help="an organization, its members and their events")
    period_args(vz)
    vz.add_argument("--max-nodes", type=int, default=2000, metavar="N",
                    help="draw at most N nodes, the most connected (default 2000; 0: no cap)")
    vz.add_argument("--title", help="the page's title")
    vz.set_defaults(func=_cmd_viz)

    st = sub.add_parser("stats", help="counts, most connected people, communities",
                        description="Counts by node label and edge type, the people with the most "
                                    "connections and the highest betweenness, and communities of "
                                    "people who meet at the same events (Louvain).")
    store_arg(st)
    period_args(st)
    st.add_argument("--top", type=int, default=10, metavar="N", help="people listed (default 10)")
    st.add_argument("--format", dest="output_format", choices=("table", "json"), default="table")
    st.set_defaults(func=_cmd_stats)

    from .cli_timeline import add_parser as add_timeline
    from .serve import add_command

    add_command(sub, store_arg)
    add_timeline(sub, store_arg)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KGError as err:
        print(f"kg: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a path the user gave: a folder, no permission, a full disk
        where = f"{err.filename}: " if err.filename else ""
        print(f"kg: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
