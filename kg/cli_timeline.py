"""``kg timeline``: its arguments and output; the work is kg.explore.timeline's."""

from __future__ import annotations

import argparse
import json
import math

__all__ = ["add_parser"]


def _cmd_timeline(args: argparse.Namespace) -> int:
    from .commands import open_store, say
    from .explore.timeline import format_table, timeline, write_page

    data = timeline(open_store(args, read_only=True), person=args.person, org=args.org,
                    role=args.role)
    if args.output:
        size = write_page(args.output, data)
        say(f"wrote {args.output} ({math.ceil(size / 1024):,} KB): {data['description']}")
    if args.output_format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif not args.output or args.output_format == "table":
        print(format_table(data))
    return 0


def add_parser(sub, store_arg) -> None:
    tl = sub.add_parser("timeline", help="who held which post when: a table, or an offline page",
                        description="The tenures of a person (namesakes told apart) or of an "
                                    "organization and its sub-bodies, with their start and end, "
                                    "how each is known, and the articles behind them.")
    store_arg(tl)
    who = tl.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="NAME", help="a person (accents optional)")
    who.add_argument("--org", metavar="NAME", help='an organization, e.g. "Huyện ủy Nam Sách"')
    tl.add_argument("--role", metavar="NAME", help='only this role, e.g. "Bí thư"')
    tl.add_argument("-o", "--output", metavar="FILE",
                    help="also write an HTML page (one file, opens offline), atomically")
    tl.add_argument("--format", dest="output_format", choices=("table", "json"),
                    help="what to print (default: the table, none with -o)")
    tl.set_defaults(func=_cmd_timeline)
