"""Scoring identity across articles against judged pairs of mentions (docs/annotation.md,
"Identity pairs"): is the person kg found at mention ``a`` the same node as at mention ``b``?

For each pair whose two mentions kg found as persons, kg's answer is "same" when
both mentions lead to one person after identity across articles (kg.graph.careers:
the node itself, or the node it is ``owl:sameAs``). Merge precision is the share of
kg's "same" answers the judges call the same person; recall, the share of the
judges' same-person pairs kg joins. Pairs judged open (``same: null``) or not about
a person (``valid: false``) are not scored; pairs with a mention kg did not find are
counted apart, since they say nothing about merging.

Without a store, the pairs' own articles are built into a temporary store, so the
evidence is what those articles say; with ``store``, an existing store (such as the
whole corpus) answers, with all the evidence it holds.
"""

from __future__ import annotations

import gzip
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from .errors import InputError, KGError
from .evaluate import shared_dir
from .extract.normalize import normalize_text

__all__ = ["evaluate_identity", "format_identity", "is_identity_gold", "normalized_offset"]


def is_identity_gold(path: str | Path) -> bool:
    """A pairs file (a JSON list of pairs), or a folder holding ``pairs.json``."""
    path = Path(path)
    if path.is_dir():
        return (path / "pairs.json").is_file()
    if path.suffix != ".json" or not path.is_file():
        return False
    with path.open(encoding="utf-8") as fh:
        return fh.read(64).lstrip().startswith("[")


def _load(path: Path) -> list[dict]:
    if path.is_dir():
        path = path / "pairs.json"
    try:
        pairs = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise KGError(f"{path}:{err.lineno}: not valid JSON: {err.msg}") from None
    for n, pair in enumerate(pairs, start=1):
        missing = [k for k in ("pair", "name", "a", "b") if k not in pair] + \
            [f"{side}.{k}" for side in ("a", "b") if side in pair
             for k in ("text", "record", "start", "end") if k not in pair[side]]
        if missing:
            raise KGError(f"{path}: pair {n} ({pair.get('pair', '?')}) lacks {', '.join(missing)}")
    return pairs


def _text_path(gold: Path, ref: str) -> Path:
    if ref.startswith("shared:"):
        return shared_dir() / ref[len("shared:"):]
    return (gold if gold.is_dir() else gold.parent) / ref


def normalized_offset(raw: str, offset: int) -> int:
    """Where ``raw[offset]`` is in the text kg holds (kg.extract.normalize changes lengths:
    line ends, spaces, decomposed accents)."""
    # a private-use character as the mark: normalization drops control characters (NUL too)
    marked = normalize_text(raw[:offset] + "\ue000" + raw[offset:])
    return marked.index("\ue000")


def _records(wanted: dict[Path, set[str]]) -> dict[tuple[Path, str], dict]:
    """The raw records the pairs point into, each corpus file read once."""
    out: dict[tuple[Path, str], dict] = {}
    for path, ids in wanted.items():
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                if str(record.get("id")) in ids:
                    out[(path, str(record["id"]))] = record
                    if len(out) == sum(map(len, wanted.values())):
                        return out
    return out


def evaluate_identity(gold: str | Path, store=None) -> dict[str, Any]:
    """Score identity across articles on the pairs in ``gold``; see the module docstring."""
    from .extract.pipeline import extract
    from .graph.build import build
    from .graph.rdf import article_key, person_iri, person_key
    from .graph.store import KGStore

    gold = Path(gold)
    pairs = _load(gold)
    wanted: dict[Path, set[str]] = defaultdict(set)
    for p in pairs:
        for side in ("a", "b"):
            wanted[_text_path(gold, p[side]["text"])].add(p[side]["record"])
    absent = [str(path) for path in wanted if not path.exists()]
    if absent:
        raise KGError(f"{gold}: the pairs' corpus is not here: {absent[0]} "
                      "(set KG_SHARED to the shared folder)")
    records = _records(wanted)
    with tempfile.TemporaryDirectory(prefix="kg-identity-") as tmp:
        listing = Path(tmp) / "records.jsonl"
        with listing.open("w", encoding="utf-8") as out:
            for record in records.values():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        facts = {f.document.id: f.as_dict() for f in extract([str(listing)])
                 if not isinstance(f, InputError)}
        own = store is None
        if own:
            store = KGStore(Path(tmp) / "kg.db")
            build([str(listing)], store, jobs=1)
        try:
            standing = _standing(store)
            known = _known_persons(store)
            copies = _copies(store)
        finally:
            if own:
                store.close()
                del store
    rows = []
    for p in pairs:
        ends = []
        for side in ("a", "b"):
            m = p[side]
            record = records.get((_text_path(gold, m["text"]), m["record"]))
            record_facts = facts.get(m["record"])
            node = None
            if record is not None and record_facts is not None:
                start = normalized_offset(record["text"], m["start"])
                end = start + len(normalize_text(record["text"][m["start"]:m["end"]]))
                person = next((x for x in record_facts["persons"] if any(
                    s["start"] < end and start < s["end"] for s in x["mentions"])), None)
                if person is not None:
                    key = person_key(record_facts, person["id"])
                    original = copies.get(article_key(record_facts))
                    if original is not None and key.context.startswith("a"):
                        # the store keeps this article as a copy of another: its persons are
                        # the other's, whose own-article nodes are named after that article
                        key = person_key({**record_facts, **original}, person["id"])
                    iri = person_iri(key).value
                    node = iri if iri in known else None
            ends.append(node)
        a, b = ends
        rows.append({"pair": p["pair"], "name": p["name"], "same": p.get("same"),
                     "valid": p.get("valid", True), "a": a, "b": b,
                     "joined": None if not (a and b) else standing.get(a, a) == standing.get(b, b)})
    return _score(rows, bool(own))


def _standing(store) -> dict[str, str]:
    _, rows = store.select("SELECT ?p ?c WHERE { ?p owl:sameAs ?c }")
    return {p.value: c.value for p, c in rows}


def _copies(store) -> dict[str, dict]:
    """Article key of each copy → the id and source of the article that stands for it."""
    _, rows = store.select("SELECT ?copy ?id ?url WHERE { ?copy prov:alternateOf ?a . "
                           "?a dcterms:identifier ?id OPTIONAL { ?a sdo:url ?url } }")
    return {c.value.rsplit("/", 1)[-1]: {"id": i.value, "source": u.value if u else ""}
            for c, i, u in rows}


def _known_persons(store) -> set[str]:
    _, rows = store.select("SELECT ?p WHERE { ?p a sdo:Person }")
    return {r[0].value for r in rows}


def _score(rows: list[dict], own_store: bool) -> dict[str, Any]:
    scored = [r for r in rows if r["valid"] is not False and r["same"] is not None]
    found = [r for r in scored if r["joined"] is not None]
    tp = sum(1 for r in found if r["joined"] and r["same"])
    fp = sum(1 for r in found if r["joined"] and not r["same"])
    same = sum(1 for r in found if r["same"])
    namesakes = sum(1 for r in found if not r["same"])
    not_found = Counter(("same" if r["same"] else "namesakes") for r in scored if r["joined"] is None)
    return {
        "pairs": len(rows), "scored": len(scored),
        "not_scored": {"not persons": sum(1 for r in rows if r["valid"] is False),
                       "open": sum(1 for r in rows if r["valid"] is not False and r["same"] is None)},
        "found": len(found), "found_same": same, "found_namesakes": namesakes,
        "not_found": {"same": not_found["same"], "namesakes": not_found["namesakes"]},
        "merges": {"tp": tp, "fp": fp, "fn": same - tp,
                   "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
                   "recall": round(tp / same, 4) if same else 1.0},
        "namesakes_kept_apart": namesakes - fp,
        "store": "the pairs' own articles" if own_store else "the given store",
        "rows": rows,
    }


def format_identity(report: dict[str, Any], verbose: bool = False) -> str:
    m, nf, ns = report["merges"], report["not_found"], report["not_scored"]
    lines = [
        f"{report['pairs']} identity pairs, {report['scored']} scored "
        f"({ns['not persons']} not persons, {ns['open']} open); evidence: {report['store']}",
        f"found in both articles: {report['found']} ({report['found_same']} same person, "
        f"{report['found_namesakes']} namesakes); not found: {nf['same'] + nf['namesakes']} "
        f"({nf['same']} same, {nf['namesakes']} namesakes)",
        "",
        f"{'merges':<14}{'P':>8}{'R':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
        f"{'':<14}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}",
        f"namesakes kept apart: {report['namesakes_kept_apart']} of {report['found_namesakes']}",
    ]
    if verbose:
        lines.append("")
        for r in report["rows"]:
            if r["valid"] is False or r["same"] is None:
                continue
            verdict = ("not found" if r["joined"] is None else
                       ("right" if r["joined"] == r["same"] else "WRONG") + (" join" if r["joined"] else " apart"))
            lines.append(f"{r['pair']}  {'same' if r['same'] else 'namesakes':<9}  {verdict:<12}  "
                         f"{r['name']}: {r['a'] or '-'} | {r['b'] or '-'}")
    return "\n".join(lines)
