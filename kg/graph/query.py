"""Queries: SPARQL text, or the named-query library in ``kg/graph/queries/*.rq``.

Named queries are plain SPARQL files users can read and copy. Their parameters
(person, role, org, date) are passed as variable bindings, never spliced into
the query text: ``?personName``, ``?roleName``, ``?orgName``, ``?date``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..errors import KGError
from .lookup import Resolver
from .store import KGStore

__all__ = ["NamedQuery", "named_queries", "run_named", "run_sparql", "classify", "QueryRefused",
           "PARAMETERS", "ENTITY_PARAMETERS"]

PARAMETERS = {"person": "person", "role": "r", "org": "o", "place": "p", "date": "date"}
# parameters that name an entity: kg.graph.lookup turns them into IRIs
ENTITY_PARAMETERS = ("person", "role", "org", "place")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    requires: tuple[str, ...]
    optional: tuple[str, ...]
    sparql: str


def _header(text: str, field: str) -> tuple[str, ...]:
    m = re.search(rf"^# {field}:(.*)$", text, re.MULTILINE)
    return tuple(m.group(1).split()) if m else ()


def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for entry in sorted(files("kg.graph.queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = text.splitlines()[0].lstrip("# ").strip()
        out[entry.name[:-3]] = NamedQuery(entry.name[:-3], first, _header(text, "requires"),
                                          _header(text, "optional"), text)
    return out


def run_named(store: KGStore, name: str, notes: list[str] | None = None, **params: str | None):
    """Run a named query; names in its parameters are resolved by kg.graph.lookup
    (an unknown or ambiguous name raises KGError saying what would match). ``notes``
    receives a line for each name that was not matched exactly."""
    from pyoxigraph import NamedNode

    queries = named_queries()
    if name not in queries:
        raise KGError(f"no named query {name!r}; choose one of: {', '.join(queries)}")
    query = queries[name]
    missing = [p for p in query.requires if not params.get(p)]
    if missing:
        raise KGError(f"query {name!r} needs " + ", ".join(f"--{p}" for p in missing))
    unknown = [p for p, v in params.items() if v and p not in query.requires + query.optional]
    if unknown:
        raise KGError(f"query {name!r} takes no " + ", ".join(f"--{p}" for p in unknown))
    if params.get("date") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", params["date"]):
        raise KGError(f"--date {params['date']!r}: give a date as YYYY-MM-DD")
    bindings: dict[str, object] = {}
    resolver = Resolver(store)
    for param, value in params.items():
        if not value:
            continue
        if param in ENTITY_PARAMETERS:
            try:
                found = resolver.resolve(param, value)
            except KGError as err:
                raise KGError(f"--{param}: {err}") from None
            if notes is not None and found.note:
                notes.append(f"--{param}: {found.note}")
            bindings[PARAMETERS[param]] = [NamedNode(i) for i in found.iris]
        else:
            bindings[PARAMETERS[param]] = value
    return store.select(query.sparql, bindings)


_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}


class QueryRefused(KGError):
    """A query kg will not run; ``status`` is the HTTP status kg serve answers with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _strip(text: str) -> str:
    """The query without strings, IRIs and comments, to look at its keywords safely."""
    text = re.sub(r"'''.*?'''|\"\"\".*?\"\"\"", " ", text, flags=re.S)
    text = re.sub(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", " ", text)
    text = re.sub(r"<[^<>\"{}|^`\\\s]*>", " ", text)
    return re.sub(r"#[^\n]*", " ", text)


def classify(query: str, allow_service: bool = False) -> str:
    """"select", "ask", "construct" or "describe"; raises QueryRefused for what kg does not
    run, the one rule for kg query and kg serve: SPARQL Update never, and SERVICE (which
    makes kg send requests to the endpoint it names) only when ``allow_service``."""
    bare = _strip(query)
    body = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*", "", bare)
    first = (re.match(r"\s*([A-Za-z]+)", body) or [None, ""])[1].lower()
    if first in _UPDATE_WORDS or re.search(r"(?i)\b(INSERT|DELETE)\s+(DATA|WHERE)\b", bare):
        raise QueryRefused(403, "read-only: SPARQL Update is refused (the store changes only "
                                "through kg build)")
    if first not in ("select", "ask", "construct", "describe"):
        raise QueryRefused(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    if not allow_service and re.search(r"(?i)\bSERVICE\b", bare):
        raise QueryRefused(403, "SERVICE is refused: a federated query makes kg send requests "
                                "to the endpoint it names; allow it with --allow-service")
    return first


def run_sparql(store: KGStore, text: str, allow_service: bool = False):
    """A SELECT given as text, or as the path of a .rq file; updates are refused, and
    SERVICE clauses unless ``allow_service`` (see :func:`classify`)."""
    path = Path(text)
    if text.endswith(".rq") and path.exists():
        text = path.read_text(encoding="utf-8")
    classify(text, allow_service)
    return store.select(text)
