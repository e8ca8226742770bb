"""Neo4j CSV: files for ``neo4j-admin database import full`` (the offline bulk loader).

One file per label and per relationship type, in the import tool's header
format: ``id:ID`` and ``:LABEL`` for nodes, ``:START_ID``, ``:END_ID`` and
``:TYPE`` for relationships, typed columns (``reported:boolean``) where a value
is not a string. Node ids share one id space (they are IRIs, unique across
labels), and each node also gets the label ``Resource`` like the Cypher export,
so a later ``kg export --to bolt://`` onto the imported database merges with it.

Values are quoted where needed (RFC 4180: ``"`` doubled); evidence sentences
can hold newlines, hence ``--multiline-fields=true`` in the printed command.
Backslashes are plain characters under the tool's default (non-legacy) quoting.
Dates stay ISO strings, as in every target (docs/property-graph.md).

The files are written into a temporary folder beside the destination, which
replaces the destination only once complete.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import KGError
from ..graph.project import EDGE_TYPES, NODE_LABELS, edges, nodes
from . import (BOOLEAN_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, SHARED_LABEL, ExportReport,
               Progress)

__all__ = ["export_neo4j_csv", "import_command"]

PROGRESS_EVERY = 10_000


def _column(name: str) -> str:
    return f"{name}:boolean" if name in BOOLEAN_PROPERTIES else name


def _cell(value) -> str:
    if value is None:
        return ""  # an empty field is a missing property for neo4j-admin
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def import_command(dest: Path, database: str = "neo4j") -> str:
    """The neo4j-admin command that imports the files in ``dest``."""
    files = [f"--nodes={dest / f'nodes_{label}.csv'}" for label in NODE_LABELS]
    files += [f"--relationships={dest / f'rels_{kind}.csv'}" for kind in EDGE_TYPES]
    return ("neo4j-admin database import full " + " ".join(files)
            + f" --multiline-fields=true --skip-bad-relationships=true --overwrite-destination "
              f"{database}")


def export_neo4j_csv(store, dest: str, report: ExportReport, progress: Progress,
                     database: str = "neo4j", **_ignored) -> None:
    # a link to a folder stays a link: the folder it names is the one replaced
    target = Path(os.path.realpath(dest)) if Path(dest).is_symlink() else Path(dest)
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for label in NODE_LABELS:
            columns = NODE_PROPERTIES[label]
            with open(work / f"nodes_{label}.csv", "w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(["id:ID", ":LABEL"] + [_column(c) for c in columns])
                for node in nodes(store, (label,)):
                    writer.writerow([node.id, f"{label};{SHARED_LABEL}"]
                                    + [_cell(node.props.get(c)) for c in columns])
                    report.nodes += 1
                    if report.nodes % PROGRESS_EVERY == 0:
                        progress(report)
        # edge types interleave in the stream, so every file stays open until the end
        outs = {kind: open(work / f"rels_{kind}.csv", "w", encoding="utf-8", newline="")
                for kind in EDGE_TYPES}
        try:
            writers = {kind: csv.writer(out, lineterminator="\n") for kind, out in outs.items()}
            for kind, writer in writers.items():
                writer.writerow([":START_ID", ":END_ID", ":TYPE", "id"]
                                + [_column(c) for c in EDGE_PROPERTIES[kind]])
            for e in edges(store, EDGE_TYPES):
                writers[e.type].writerow([e.source, e.target, e.type, e.id]
                                         + [_cell(e.props.get(c)) for c in EDGE_PROPERTIES[e.type]])
                report.edges += 1
                if report.edges % PROGRESS_EVERY == 0:
                    progress(report)
        finally:
            for out in outs.values():
                out.close()
        _replace_folder(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    progress(report)
    report.notes.append("import with (Neo4j stopped, or into a new database):\n  "
                        + import_command(target.resolve(), database))


def check_target(target: Path) -> None:
    """Refuse a folder that holds anything but an earlier export: replacing it removes it."""
    if target.exists() and not target.is_dir():
        raise KGError(f"{target}: not a folder; --to neo4j-csv writes a folder of CSV files")
    if target.is_dir():
        if target.resolve() in (Path.cwd().resolve(), *Path.cwd().resolve().parents):
            raise KGError(f"{target}: the working folder or one above it; name a new folder")
        others = sorted(p.name for p in target.iterdir()
                        if not (p.is_file() and p.name.startswith(("nodes_", "rels_"))
                                and p.suffix == ".csv"))
        if others:
            raise KGError(f"{target}: holds other files ({', '.join(others[:3])}"
                          f"{', …' if len(others) > 3 else ''}), which the export would replace; "
                          "name a new folder, or empty this one")


def _replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; an old folder is moved aside first, then removed."""
    os.chmod(new, 0o777 & ~_umask())
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
