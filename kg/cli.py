"""The ``kg`` command: a thin layer over the library.

This module parses the command line (every option checked here, with a
one-line error when it is wrong) and hands the arguments to the subcommand's
function in kg/commands.py, which calls the library and prints what it
returns. Errors a user can cause are printed as one line naming the file; the
exit status says whether everything went through.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from datetime import date

from . import __version__, commands
from .errors import KGError
from .extract.read import DEFAULT_MAX_BYTES, MAX_BYTES_LIMIT

DEFAULT_STORE = "kg.db"
MAX_JOBS_PER_CORE = 4  # more workers than this only queue for the cores, ~165 MB each

__all__ = ["main", "build_parser"]


class _Parser(argparse.ArgumentParser):
    """argparse, with errors on one line and a suggestion for a misspelled name."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        choice = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(3))
            message = f"{choice.group(1)}: {choice.group(2)!r} is not one of {', '.join(options)}"
            if close := difflib.get_close_matches(choice.group(2), options, n=1):
                message += f"; did you mean {close[0]!r}?"
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        if unknown:
            known = [s for a in self._actions for s in a.option_strings]
            for word in unknown.group(1).split():
                if word.startswith("--") and (close := difflib.get_close_matches(
                        word.split("=")[0], known, n=1)):
                    message += f"; did you mean {close[0]}?"
                    break
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _date(text: str) -> str:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day; give YYYY-MM-DD, "
                                         "e.g. 2021-01-31") from None


def _count(low: int, high: int | None = None, why: str = ""):
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            span = f"from {low:,} to {high:,}" if high is not None else f"{low:,} or more"
            raise argparse.ArgumentTypeError(f"{value:,} is out of range: give {span}{why}")
        return value
    return parse


def _jobs(text: str) -> int:
    from .graph.parallel import default_jobs

    cores = default_jobs()
    return _count(1, cores * MAX_JOBS_PER_CORE,
                  f" (this machine gives kg {cores} core{'s' if cores > 1 else ''})")(text)


def _scheduler(text: str) -> str:
    from .graph.parallel import check_scheduler

    try:
        return check_scheduler(text)
    except KGError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kg", description="Knowledge graphs of who holds which post and who took part in "
                               "which meeting, from Vietnamese news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def max_bytes(p: argparse.ArgumentParser) -> None:
        p.add_argument("--max-bytes", type=_count(1, MAX_BYTES_LIMIT), default=DEFAULT_MAX_BYTES,
                       metavar="N", help=f"largest file or record to read as one article, in "
                                         f"bytes (default {DEFAULT_MAX_BYTES:,}; at most "
                                         f"{MAX_BYTES_LIMIT:,})")

    def quiet(p: argparse.ArgumentParser) -> None:
        p.add_argument("-q", "--quiet", action="store_true",
                       help="no progress or summary on stderr; errors are still shown")

    def table_format(p: argparse.ArgumentParser, *choices: str) -> None:
        p.add_argument("--format", dest="output_format", choices=choices, default=choices[0],
                       help=f"how to print the rows: {', '.join(choices)} (default {choices[0]})")

    ex = sub.add_parser("extract", help="extract facts from articles (JSON Lines on stdout)",
                        description="Extract person, role, organization and event facts. "
                                    "Inputs: files, folders (recursive), - for stdin, or @FILE (a listing "
                                    "of paths and http(s) URLs, one a line); "
                                    "text (UTF-8, UTF-16, Windows-1258), HTML, JSON Lines (.jsonl, .jsonl.gz).")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, - or @FILE")
    ex.add_argument("--format", dest="output_format", choices=("jsonl", "json"), default="jsonl",
                    help="jsonl: one object a line (default); json: one array")
    ex.add_argument("--pretty", action="store_true", help="indent the JSON")
    ex.add_argument("--with-text", action="store_true",
                    help="add the normalized text the offsets point into")
    ex.add_argument("-o", "--output", metavar="FILE",
                    help="write here (atomically) instead of stdout")
    max_bytes(ex)
    quiet(ex)
    ex.set_defaults(func=commands.extract)

    ev = sub.add_parser("evaluate", help="precision, recall and F1 against gold annotations",
                        description="Score extraction against gold annotations "
                                    "(docs/annotation.md describes the format).")
    ev.add_argument("gold", nargs="+", metavar="GOLD", help="gold files or folders")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("-v", "--verbose", action="store_true", help="list each missing or spurious fact")
    ev.add_argument("--store", metavar="PATH",
                    help="identity pairs (tests/gold/identity): judge the merges of this store "
                         "(default: a store built from the pairs' own articles)")
    ev.set_defaults(func=commands.evaluate)

    def store_arg(p: argparse.ArgumentParser, server: bool = False) -> None:
        where = (", or sparql+http://[USER:PASSWORD@]HOST:PORT/PATH for a SPARQL server"
                 if server else "")
        p.add_argument("--store", default=DEFAULT_STORE, metavar="PATH",
                       help=f"the knowledge-graph store: a folder (default: ./{DEFAULT_STORE}){where}")

    bu = sub.add_parser("build", help="extract articles into the knowledge-graph store",
                        description="Extract new or changed articles and merge them into the "
                                    "store; unchanged articles are skipped, so re-running is safe.")
    bu.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, - or @FILE")
    store_arg(bu, server=True)
    bu.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                    help="worker processes for extraction (default: every core)")
    bu.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS",
                    help="extract on a Dask cluster, e.g. tcp://scheduler:8786 (pip install 'kg[dask]')")
    bu.add_argument("--keep-text", action="store_true", help="keep each article's text too, for "
                    "kg serve to show whole (stored articles without it are extracted again)")
    bu.add_argument("--keep-duplicates", action="store_true",
                    help="extract copies of an article too, instead of recording them as duplicates")
    bu.add_argument("--failures", metavar="FILE",
                    help="where to list the articles that failed (default: STORE.failures.jsonl)")
    max_bytes(bu)
    quiet(bu)
    bu.set_defaults(func=commands.build)

    qu = sub.add_parser("query", help="SPARQL over the store, or a named query",
                        description="Run a SPARQL SELECT (text or a .rq file) over the union of "
                                    "all articles, or a named query with its parameters. "
                                    "Updates are refused.")
    qu.add_argument("sparql", nargs="?", metavar="SPARQL", help="a SELECT query, or a .rq file")
    store_arg(qu, server=True)
    qu.add_argument("--named", metavar="NAME", help="a named query (see --list)")
    qu.add_argument("--list", action="store_true", help="list the named queries")
    qu.add_argument("--person", help="a person's name")
    qu.add_argument("--role", help='a role, e.g. "Bí thư"')
    qu.add_argument("--org", help='an organization, e.g. "Huyện ủy Yên Thành"')
    qu.add_argument("--place", help='a place, e.g. "xã Tống Trân" (named queries that take one)')
    qu.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the day to ask about")
    qu.add_argument("--allow-service", action="store_true",
                    help="let SERVICE <URL> clauses send requests to other SPARQL endpoints")
    table_format(qu, "table", "csv", "json")
    qu.set_defaults(func=commands.query)

    se = sub.add_parser("serialize", help="write the graph to an RDF file",
                        description="Write the knowledge graph as turtle, nt, nq, trig, jsonld "
                                    "or xml (by extension or --format); nq and trig keep one "
                                    "named graph per article.")
    store_arg(se)
    se.add_argument("-o", "--output", required=True, metavar="FILE",
                    help="the file to write, atomically (.ttl, .nt, .nq, .trig, .jsonld, .rdf)")
    se.add_argument("--format", dest="output_format", metavar="FORMAT",
                    help="turtle, nt, nq, trig, jsonld or xml (default: from the extension)")
    se.set_defaults(func=commands.serialize)

    va = sub.add_parser("validate", help="check the graph against the SHACL shapes",
                        description="Validate the store with pyshacl against ontology/shapes.ttl.")
    store_arg(va)
    va.add_argument("-v", "--verbose", action="store_true",
                    help="print the whole validation report, also when the graph conforms")
    va.set_defaults(func=commands.validate)

    me = sub.add_parser("merges", help="the merge log: persons merged or kept apart",
                        description="Show how persons with the same name were merged across "
                                    "articles or kept apart, and why.")
    store_arg(me)
    me.add_argument("--name", help="only this person and their namesakes (accents optional)")
    me.add_argument("--all", action="store_true", help="include first sightings ('new')")
    table_format(me, "table", "csv", "json")
    me.set_defaults(func=commands.merges)

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
    xp.add_argument("--batch-size", type=_count(1), default=None, metavar="N",
                    help="rows per statement (Cypher, default 1000) or triples per request "
                         "(SPARQL, default 10000)")
    quiet(xp)
    xp.set_defaults(func=commands.export)

    def period_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD",
                       help="only posts attested and events dated from this day")
        p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD",
                       help="… up to this day")

    vz = sub.add_parser("viz", help="an interactive HTML page of the graph (offline, one file)",
                        description="Draw the graph, or a person's neighbourhood, or an "
                                    "organization with its members and their events, as one "
                                    "HTML page that opens in any browser without a network.")
    store_arg(vz)
    vz.add_argument("-o", "--output", default="graph.html", metavar="FILE",
                    help="the page to write, atomically (default: graph.html)")
    vz.add_argument("--focus", metavar="NAME", help="a person (accents optional) and their neighbourhood")
    vz.add_argument("--depth", type=_count(0), default=1, metavar="N",
                    help="hops around --focus (default 1)")
    vz.add_argument("--org", metavar="NAME", help="an organization, its members and their events")
    period_args(vz)
    vz.add_argument("--max-nodes", type=_count(0), default=2000, metavar="N",
                    help="draw at most N nodes, the most connected (default 2000; 0: no cap)")
    vz.add_argument("--title", help="the page's title")
    vz.set_defaults(func=commands.viz)

    st = sub.add_parser("stats", help="counts, most connected people, communities",
                        description="Counts by node label and edge type, the people with the most "
                                    "connections and the highest betweenness, and communities of "
                                    "people who meet at the same events (Louvain).")
    store_arg(st)
    period_args(st)
    st.add_argument("--top", type=_count(1), default=10, metavar="N",
                    help="people listed (default 10)")
    table_format(st, "table", "json")
    st.set_defaults(func=commands.stats)

    from .cli_timeline import add_parser as add_timeline
    from .serve import add_command

    add_command(sub, store_arg)
    add_timeline(sub, store_arg)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # said by the subcommand, which knows its options and can suggest one
        commands_action = next(a for a in parser._actions
                               if isinstance(a, argparse._SubParsersAction))
        commands_action.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        status = args.func(args)
        sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at exit
        return status
    except KGError as err:
        commands.say(err)
        return 2
    except BrokenPipeError:
        # the reader went away (kg extract … | head): not an error of kg's. Point stdout at
        # nothing so that the interpreter's last flush does not complain either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as err:  # a path the user gave: a folder, no permission, a full disk
        where = f"{err.filename}: " if err.filename else ""
        commands.say(f"{where}{err.strerror or err}")
        return 2
    except KeyboardInterrupt:
        commands.say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
