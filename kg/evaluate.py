"""Evaluation against gold annotations (format: docs/annotation.md).

Facts are compared as multisets of tuples of match keys (case, Unicode form,
tone placement and spacing ignored):

- persons: name;
- positions: (person, role, organization, status);
- participants: (person, part) of the reported event; chairs are the subset
  with part "chair";
- event dates: the reported event's date, right or wrong (null = null is right).

``evaluate`` returns plain data; ``format_report`` prints it as a table.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import KGError
from .extract.model import Facts
from .extract.normalize import match_key

__all__ = ["PRF", "evaluate", "format_report", "gold_tuples", "predicted_tuples", "shared_dir"]

FACT_TYPES = ("persons", "positions", "participants", "chairs")


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


def _k(value: str | None) -> str | None:
    return match_key(value) if value else None


def gold_tuples(gold: dict) -> dict[str, Counter]:
    out = {t: Counter() for t in FACT_TYPES}
    out["persons"].update(_k(p) for p in gold.get("persons", []))
    out["positions"].update((_k(p["person"]), _k(p["role"]), _k(p.get("organization")),
                             p.get("status", "current")) for p in gold.get("positions", []))
    for event in gold.get("events", []):
        if event.get("reported", True):
            for part in event.get("participants", []):
                out["participants"][(_k(part["person"]), part["role"])] += 1
    out["chairs"] = Counter({k: v for k, v in out["participants"].items() if k[1] == "chair"})
    return out


def predicted_tuples(facts: dict) -> dict[str, Counter]:
    persons = {p["id"]: p["name"] for p in facts["persons"]}
    orgs = {o["id"]: o["name"] for o in facts["organizations"]}
    out = {t: Counter() for t in FACT_TYPES}
    out["persons"].update(_k(n) for n in persons.values())
    out["positions"].update((_k(persons[p["person"]]), _k(p["role"]), _k(orgs.get(p["organization"])),
                             p.get("status", "current")) for p in facts["positions"])
    for event in facts["events"]:
        if event.get("reported"):
            for part in event["participants"]:
                out["participants"][(_k(persons[part["person"]]), part["role"])] += 1
    out["chairs"] = Counter({k: v for k, v in out["participants"].items() if k[1] == "chair"})
    return out


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
            files.extend(sorted(path.rglob("*.json")))
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


def evaluate(paths: list[str], extractor=None) -> dict[str, Any]:
    """Score kg on the gold files under ``paths``.

    ``extractor(path, record_id)`` → facts dict may replace kg's own, to score
    another system the same way; ``record_id`` picks one record of a JSON Lines file.
    """
    from .extract.pipeline import extract

    if extractor is None:
        def extractor(path: Path, record: str | None = None) -> dict:
            for facts in extract([str(path)]):
                if isinstance(facts, Facts):
                    if record is None or facts.document.id == record:
                        return facts.as_dict()
                elif record is None:
                    raise KGError(str(facts))
            raise KGError(f"{path}: no document {record or ''} read")

    scores = {t: PRF() for t in FACT_TYPES}
    dates_right = dates_total = 0
    documents, skipped, details = 0, [], []
    for gold_file in _gold_files(paths):
        try:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise KGError(f"{gold_file}:{err.lineno}: not valid JSON: {err.msg}") from None
        text = _text_path(gold_file, gold["text"])
        if not text.exists():
            skipped.append(str(text))
            continue
        predicted = extractor(text, gold.get("record"))
        g, p = gold_tuples(gold), predicted_tuples(predicted)
        result = _DocResult(str(gold_file))
        for t in FACT_TYPES:
            scores[t].add(g[t], p[t])
            result.missing[t] = sorted(map(str, (g[t] - p[t]).elements()))
            result.spurious[t] = sorted(map(str, (p[t] - g[t]).elements()))
        has_gold_event, gold_date = _reported_date(gold.get("events", []))
        if has_gold_event:
            dates_total += 1
            _, pred_date = _reported_date(predicted["events"])
            if pred_date == gold_date:
                dates_right += 1
            else:
                result.missing["date"] = [str(gold_date)]
                result.spurious["date"] = [str(pred_date)]
        documents += 1
        details.append(result)
    return {
        "documents": documents,
        "skipped": skipped,
        "scores": {t: s.as_dict() for t, s in scores.items()},
        "event_dates": {"right": dates_right, "total": dates_total,
                        "accuracy": round(dates_right / dates_total, 4) if dates_total else 1.0},
        "errors": [{"gold": d.name, "missing": {k: v for k, v in d.missing.items() if v},
                    "spurious": {k: v for k, v in d.spurious.items() if v}}
                   for d in details if any(d.missing.values()) or any(d.spurious.values())],
    }


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
    if verbose:
        for err in report["errors"]:
            lines.append("")
            lines.append(err["gold"])
            for kind, values in err["missing"].items():
                lines.extend(f"  missing {kind}: {v}" for v in values)
            for kind, values in err["spurious"].items():
                lines.extend(f"  spurious {kind}: {v}" for v in values)
    return "\n".join(lines)
