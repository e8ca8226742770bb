"""The evaluation command, and the extraction quality it measures on the gold set."""

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.cli import main
from kg.evaluate import PRF, evaluate, format_report

GOLD = Path(__file__).resolve().parent / "gold"
# Floors under the scores measured when the gold set was made (README, "Quality").
# A change that lowers a score below its floor must say why, and move the floor.
FLOORS = {
    "examples": {"persons": 1.0, "positions": 1.0, "participants": 1.0, "chairs": 1.0, "dates": 1.0},
    "samples": {"persons": 1.0, "positions": 1.0, "participants": 1.0, "chairs": 1.0, "dates": 1.0},
    "dev": {"persons": 1.0, "positions": 1.0, "participants": 1.0, "chairs": 1.0, "dates": 1.0},
}


def test_prf_counts_like_multisets():
    s = PRF()
    s.add(Counter({"a": 2, "b": 1}), Counter({"a": 1, "c": 1}))
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert s.precision == 0.5 and round(s.recall, 3) == 0.333 and round(s.f1, 3) == 0.4


def test_gold_files_parse_and_name_existing_texts():
    for path in GOLD.rglob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert {"text", "persons", "positions", "events"} <= set(gold), path
        if not gold["text"].startswith("shared:"):
            assert (path.parent / gold["text"]).exists(), path
        for pos in gold["positions"]:
            assert pos["status"] in ("current", "former", "appointed"), path
            assert pos["person"] in gold["persons"], (path, pos)
        for event in gold["events"]:
            for part in event["participants"]:
                assert part["role"] in ("chair", "attendee", "speaker"), path
                assert part["person"] in gold["persons"], (path, part)


@pytest.mark.parametrize("gold_set", sorted(FLOORS))
def test_quality_floors(gold_set):
    folder = GOLD / gold_set
    report = evaluate([str(folder)])
    if report["skipped"]:
        pytest.skip(f"texts not found: {report['skipped'][:2]}")
    scores = report["scores"]
    floors = FLOORS[gold_set]
    for fact_type in ("persons", "positions", "participants", "chairs"):
        assert scores[fact_type]["f1"] >= floors[fact_type], (fact_type, format_report(report, True))
    assert report["event_dates"]["accuracy"] >= floors["dates"], format_report(report, True)


def test_evaluate_command_prints_the_table(capsys):
    assert main(["evaluate", str(GOLD / "examples")]) == 0
    out = capsys.readouterr().out
    for label in ("persons", "positions", "participants", "chairs", "event dates"):
        assert label in out
    assert "P" in out and "F1" in out
    assert main(["evaluate", str(GOLD / "examples"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 5 and report["scores"]["persons"]["f1"] == 1.0
