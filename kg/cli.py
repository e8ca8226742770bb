"""The ``kg`` command: a thin layer over the library.

Each subcommand parses its arguments, calls one library function and prints
what it returns. Errors a user can cause are printed as one line naming the
file; the exit status says whether everything went through.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import InputError, KGError

__all__ = ["main"]


def _write_atomic(path: str, write) -> None:
    """Write through a temporary file in the same folder, renamed into place at the end."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            write(out)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    from .pipeline import extract

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
        _write_atomic(args.output, run)
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
    from .evaluate import evaluate, format_report

    report = evaluate(args.gold)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, verbose=args.verbose))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Knowledge graphs of who holds which post and who took part in "
                               "which meeting, from Vietnamese news.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract facts from articles (JSON Lines on stdout)",
                        description="Extract person, role, organization and event facts. "
                                    "Inputs: files, folders (recursive) or - for stdin; "
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
    ev.set_defaults(func=_cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KGError as err:
        print(f"kg: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
