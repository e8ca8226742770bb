"""Evaluation against gold annotations (format: docs/annotation.md).

Facts are compared as multisets of tuples of match keys (case, Unicode form,
tone placement, spacing and punctuation ignored):

- persons: name;
- positions: (person, role, organization, status): a post whose organization is
  missing or wrong is wrong;
- participants: (person, part) of the reported event; chairs and attendees are
  the subsets with part "chair" and "attendee";
- event dates: the reported event's date, right or wrong (null = null is right);
- posts without organization: the share of kg's posts whose organization is
  null (and the gold's share, for comparison): not an F1, a count users see.

``evaluate`` returns plain data; ``evaluate_sets`` one report per gold set of a
folder (``real/`` → ``dev`` and ``heldout``); ``format_report`` prints a table.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, KGError
from .extract.normalize import match_key

__all__ = ["PRF", "evaluate", "evaluate_sets", "format_report", "gold_tuples", "predicted_tuples",
           "shared_dir"]

FACT_TYPES = ("persons", "positions", "participants", "chairs", "attendees")
STATUSES = ("current", "former", "appointed", "acting")
PARTS = ("chair", "attendee", "speaker", "host", "guest", "appointee")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, pred: Counter) -> None:
        both = gold & pred
        self.tp += sum(both.values())
        self.fp += sum((pred - both).values())
        self.fn += sum((gold - both).values())

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class _DocResult:
    name: str
    missing: dict[str, list] = field(default_factory=dict)
    spurious: dict[str, list] = field(default_factory=dict)


def shared_dir() -> Path:
    """The shared folder beside the repository, or ``$KG_SHARED``."""
    env = os.environ.get("KG_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared"


_PUNCT = re.compile(r"[,.;:()\-–&\"“”']+")


def _k(value: str | None) -> str | None:
    return match_key(value) if value else None


def _org_key(value: str | None) -> str | None:
    # "Bộ Văn hóa, Thể thao và Du lịch" = "Bộ Văn hóa - Thể thao và Du lịch", "Cục Kinh tế
    # của Bộ Quốc phòng" = "Cục Kinh tế Bộ Quốc phòng": the punctuation inside a name, and
    # the "của" before its parent, vary from paper to paper; the name does not.
    return " ".join(w for w in _PUNCT.sub(" ", match_key(value)).split() if w != "của") if value else None


def _subsets(out: dict[str, Counter]) -> dict[str, Counter]:
    parts = out["participants"]
    out["chairs"] = Counter({k: v for k, v in parts.items() if k[1] == "chair"})
    out["attendees"] = Counter({k: v for k, v in parts.items() if k[1] == "attendee"})
    return out


def _person_name(p: str | dict) -> str:
    return p["name"] if isinstance(p, dict) else p


def gold_tuples(gold: dict) -> dict[str, Counter]:
    out = {t: Counter() for t in FACT_TYPES}
    out["persons"].update(_k(_person_name(p)) for p in gold.get("persons", []))
    out["positions"].update((_k(p["person"]), _k(p["role"]), _org_key(p.get("organization")),
                             p.get("status", "current")) for p in gold.get("positions", []))
    for event in gold.get("events", []):
        if event.get("reported", True):
            for part in event.get("participants", []):
                out["participants"][(_k(part["person"]), part["role"])] += 1
    return _subsets(out)


def predicted_tuples(facts: dict) -> dict[str, Counter]:
    persons = {p["id"]: p["name"] for p in facts["persons"]}
    orgs = {o["id"]: o["name"] for o in facts["organizations"]}
    out = {t: Counter() for t in FACT_TYPES}
    out["persons"].update(_k(n) for n in persons.values())
    # kg marks an acting head ("Quyền Chủ tịch") with "acting": true beside the post's status;
    # the gold writes it as the status "acting"
    out["positions"].update((_k(persons[p["person"]]), _k(p["role"]), _org_key(orgs.get(p["organization"])),
                             "acting" if p.get("acting") else p.get("status", "current"))
                            for p in facts["positions"])
    for event in facts["events"]:
        if event.get("reported"):
            for part in event["participants"]:
                out["participants"][(_k(persons[part["person"]]), part["role"])] += 1
    return _subsets(out)


def _reported_date(events: list[dict]) -> tuple[bool, str | None]:
    for event in events:
        if event.get("reported", True):
            return True, event.get("date")
    return False, None


def _gold_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            # identity/ holds pairs of mentions for scoring merges, not article annotations
            files.extend(f for f in sorted(path.rglob("*.json")) if f.parent.name != "identity")
        elif path.exists():
            files.append(path)
        else:
            raise KGError(f"{item}: no such gold file or folder")
    if not files:
        raise KGError(f"{', '.join(paths)}: no gold annotations (*.json) found")
    return files


def _text_path(gold_file: Path, ref: str) -> Path:
    if ref.startswith("shared:"):
        return shared_dir() / ref[len("shared:"):]
    return gold_file.parent / ref


def _load(gold_file: Path) -> dict:
    try:
        return json.loads(gold_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise KGError(f"{gold_file}:{err.lineno}: not valid JSON: {err.msg}") from None


def _kg_facts(wanted: dict[Path, set[str | None]]) -> dict[tuple[Path, str | None], dict]:
    """kg's facts for every (text file, record id) the gold asks for, each file read once.

    A corpus file holds thousands of records and the gold a few of them: only those
    are extracted.
    """
    from .extract.pipeline import extract_document
    from .extract.read import iter_documents

    out: dict[tuple[Path, str | None], dict] = {}
    for path, records in wanted.items():
        for doc in iter_documents([str(path)]):
            if isinstance(doc, InputError):
                if None in records:
                    raise KGError(str(doc))
                continue
            key = None if None in records else doc.id
            if key in records and (path, key) not in out:
                out[(path, key)] = extract_document(doc).as_dict()
                if all((path, r) in out for r in records):
                    break  # this file's records are all read: stop before its end
        missing = [r for r in records if (path, r) not in out]
        if missing:
            raise KGError(f"{path}: no document {', '.join(map(str, missing))} read")
    return out


def evaluate(paths: list[str], extractor=None) -> dict[str, Any]:
    """Score kg on the gold files under ``paths``.

    ``extractor(path, record_id)`` → facts dict may replace kg's own, to score
    another system the same way; ``record_id`` picks one record of a JSON Lines file.
    Raises :class:`KGError` when no gold file's text can be found (nothing scored).
    """
    golds = []
    skipped: list[str] = []
    for gold_file in _gold_files(paths):
        gold = _load(gold_file)
        text = _text_path(gold_file, gold["text"])
        if text.exists():
            golds.append((gold_file, gold, text))
        else:
            skipped.append(str(text))
    if not golds:
        where = skipped[0] if skipped else ", ".join(paths)
        raise KGError(f"{', '.join(paths)}: nothing scored: the gold's texts were not found "
                      f"(looked for {where}; set KG_SHARED to the shared folder)")
    if extractor is None:
        wanted: dict[Path, set[str | None]] = defaultdict(set)
        for _, gold, text in golds:
            wanted[text].add(gold.get("record"))
        facts = _kg_facts(wanted)

        def extractor(path: Path, record: str | None = None) -> dict:
            return facts[(path, record)]

    scores = {t: PRF() for t in FACT_TYPES}
    dates_right = dates_total = 0
    posts = {"predicted": 0, "predicted_without_org": 0, "gold": 0, "gold_without_org": 0}
    details = []
    for gold_file, gold, text in golds:
        predicted = extractor(text, gold.get("record"))
        g, p = gold_tuples(gold), predicted_tuples(predicted)
        result = _DocResult(str(gold_file))
        for t in FACT_TYPES:
            scores[t].add(g[t], p[t])
            result.missing[t] = sorted(map(str, (g[t] - p[t]).elements()))
            result.spurious[t] = sorted(map(str, (p[t] - g[t]).elements()))
        posts["predicted"] += len(predicted["positions"])
        posts["predicted_without_org"] += sum(1 for x in predicted["positions"] if not x["organization"])
        posts["gold"] += len(gold.get("positions", []))
        posts["gold_without_org"] += sum(1 for x in gold.get("positions", []) if not x.get("organization"))
        has_gold_event, gold_date = _reported_date(gold.get("events", []))
        if has_gold_event:
            dates_total += 1
            _, pred_date = _reported_date(predicted["events"])
            if pred_date == gold_date:
                dates_right += 1
            else:
                result.missing["date"] = [str(gold_date)]
                result.spurious["date"] = [str(pred_date)]
        details.append(result)
    return {
        "documents": len(golds),
        "skipped": skipped,
        "scores": {t: s.as_dict() for t, s in scores.items()},
        "event_dates": {"right": dates_right, "total": dates_total,
                        "accuracy": round(dates_right / dates_total, 4) if dates_total else 1.0},
        "posts_without_organization": {
            **posts,
            "share": round(posts["predicted_without_org"] / posts["predicted"], 4) if posts["predicted"] else 0.0,
            "gold_share": round(posts["gold_without_org"] / posts["gold"], 4) if posts["gold"] else 0.0},
        "errors": [{"gold": d.name, "missing": {k: v for k, v in d.missing.items() if v},
                    "spurious": {k: v for k, v in d.spurious.items() if v}}
                   for d in details if any(d.missing.values()) or any(d.spurious.values())],
    }


def evaluate_sets(paths: list[str], extractor=None) -> dict[str, dict[str, Any]]:
    """One report per gold set: a folder whose sub-folders hold gold files (``real/`` →
    ``real/dev``, ``real/heldout``) is split into them; anything else is one set."""
    sets: dict[str, list[str]] = {}
    for item in paths:
        path = Path(item)
        subsets = sorted(d for d in path.iterdir() if d.is_dir() and d.name != "identity"
                         and any(d.rglob("*.json"))) \
            if path.is_dir() and not any(path.glob("*.json")) else []
        if len(subsets) > 1:
            sets.update({str(d): [str(d)] for d in subsets})
        else:
            sets[item] = [item]
    return {name: evaluate(members, extractor) for name, members in sets.items()}


def format_report(report: dict[str, Any], verbose: bool = False) -> str:
    lines = [f"{report['documents']} documents"
             + (f" ({len(report['skipped'])} skipped: text not found)" if report["skipped"] else ""),
             "",
             f"{'fact type':<14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in report["scores"].items():
        lines.append(f"{name:<14}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    d = report["event_dates"]
    lines.append(f"{'event dates':<14}{d['accuracy']:>8.3f}  ({d['right']}/{d['total']} right)")
    w = report["posts_without_organization"]
    lines.append(f"{'posts w/o org':<14}{w['share']:>8.3f}  ({w['predicted_without_org']}/{w['predicted']} "
                 f"of kg's posts; gold {w['gold_without_org']}/{w['gold']})")
    if verbose:
        for err in report["errors"]:
            lines.append("")
            lines.append(err["gold"])
            for kind, values in err["missing"].items():
                lines.extend(f"  missing {kind}: {v}" for v in values)
            for kind, values in err["spurious"].items():
                lines.extend(f"  spurious {kind}: {v}" for v in values)
    return "\n".join(lines)
