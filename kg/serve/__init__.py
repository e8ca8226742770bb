"""``kg serve``: the explorer pages and the SPARQL endpoint (kg.serve.app)."""

from __future__ import annotations

import argparse

__all__ = ["add_command"]


def add_command(sub, store_arg) -> None:
    """The ``kg serve`` subcommand, for kg.cli's parser."""
    sv = sub.add_parser("serve", help="a local explorer and a SPARQL endpoint over the store",
                        description="Serve the store: search, pages for persons, organizations, "
                                    "events and articles, neighbourhood graphs, and a read-only "
                                    "SPARQL 1.1 Protocol endpoint at /sparql.")
    store_arg(sv)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--timeout", type=float, default=10.0, metavar="S",
                    help="longest a SPARQL query may run, in seconds (default 10)")
    sv.add_argument("--max-result-mb", type=float, default=50, metavar="MB",
                    help="largest SPARQL result sent, in MB (default 50)")
    sv.add_argument("--workers", type=int, default=2, metavar="N",
                    help="processes running SPARQL queries side by side (default 2)")
    sv.add_argument("--watch", type=float, default=2.0, metavar="S",
                    help="look for changes a build made to the store every S seconds, and serve "
                         "them without a restart (default 2; 0: never)")
    sv.add_argument("--allow-service", action="store_true",
                    help="let SPARQL queries use SERVICE (federated queries reach other servers)")
    sv.set_defaults(func=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from ..errors import KGError
    from .app import serve

    if not 0 < args.port < 65536:
        raise KGError(f"--port {args.port}: give a port from 1 to 65535")
    if args.timeout <= 0 or args.max_result_mb <= 0 or args.workers < 1:
        raise KGError("--timeout, --max-result-mb and --workers must be positive")
    if args.watch < 0:
        raise KGError("--watch: give seconds between looks at the store, or 0 for never")
    serve(args.store, host=args.host, port=args.port, workers=args.workers, timeout=args.timeout,
          max_result_mb=args.max_result_mb, allow_service=args.allow_service, watch=args.watch)
    return 0
