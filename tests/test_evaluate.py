"""The evaluation command, and the extraction quality it measures on the gold set."""

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KGError
from kg.evaluate import PARTS, PRF, STATUSES, evaluate, format_report

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
        if path.parent.name == "identity":
            continue  # pairs of mentions, for merges (docs/annotation.md, "Identity pairs")
        assert {"text", "persons", "positions", "events"} <= set(gold), path
        if not gold["text"].startswith("shared:"):
            assert (path.parent / gold["text"]).exists(), path
        names = {p["name"] if isinstance(p, dict) else p for p in gold["persons"]}
        for pos in gold["positions"]:
            assert pos["status"] in STATUSES, path
            assert pos["person"] in names, (path, pos)
        for event in gold["events"]:
            for part in event["participants"]:
                assert part["role"] in PARTS, path
                assert part["person"] in names, (path, part)


@pytest.mark.parametrize("gold_set", sorted(FLOORS))
def test_quality_floors(gold_set):
    folder = GOLD / gold_set
    try:
        report = evaluate([str(folder)])
    except KGError as err:  # nothing scored: the texts are in ../shared, which is not here
        if "nothing scored" not in str(err):
            raise
        pytest.skip(str(err))
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
    assert report["documents"] == 6 and report["scores"]["persons"]["f1"] == 1.0


def test_real_gold_refers_to_records_and_holds_no_article_text():
    # Real articles are read from ../shared/ by id: the gold holds names and offsets only.
    real = sorted((GOLD / "real").rglob("*.json"))
    assert len(real) >= 60
    halves = {p.parent.name for p in real}
    assert halves == {"dev", "heldout"}
    for path in real:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["text"].startswith("shared:"), path
        if gold["text"].endswith(".jsonl.gz"):
            assert gold["record"], path
        for person in gold["persons"]:
            assert {"name", "start", "end"} <= set(person), (path, person)


def test_real_gold_offsets_point_at_the_names(shared):

    texts = {}
    for path in sorted((GOLD / "real").rglob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not gold["text"].endswith(".jsonl.gz"):
            continue
        source = shared / gold["text"][len("shared:"):]
        if source not in texts:
            import gzip
            with gzip.open(source, "rt", encoding="utf-8") as fh:
                texts[source] = {r["id"]: r["text"] for r in map(json.loads, fh)}
        raw = texts[source][gold["record"]]
        # notes and review are the annotators' own words: no run of 20 words of the article (a title phrase is fine, a sentence is not)
        words = raw.split()
        shingles = {" ".join(words[i:i + 20]) for i in range(len(words) - 19)}
        own = " ".join(str(gold.get(k) or "") for k in ("notes", "review")).split()
        assert not any(" ".join(own[i:i + 20]) in shingles for i in range(len(own) - 19)), path
        for person in gold["persons"]:
            written = raw[person["start"]:person["end"]]
            assert " ".join(written.split()).casefold() == " ".join(person["name"].split()).casefold() \
                or person["name"].split()[-1].casefold() in written.casefold(), (path, person, written)


def test_evaluate_scores_each_half_of_a_split_set():
    from kg.evaluate import evaluate_sets

    try:
        reports = evaluate_sets([str(GOLD / "real")])
    except KGError as err:
        if "nothing scored" not in str(err):
            raise
        pytest.skip(str(err))
    if any(r["skipped"] for r in reports.values()):
        pytest.skip("the shared corpora are not here")
    assert sorted(Path(name).name for name in reports) == ["dev", "heldout"]
    for report in reports.values():
        assert report["documents"] >= 30
        assert set(report["scores"]) == {"persons", "positions", "participants", "chairs", "attendees"}
        assert 0 <= report["posts_without_organization"]["share"] <= 1


def test_nothing_scored_is_an_error(tmp_path):
    gold = tmp_path / "a.json"
    gold.write_text(json.dumps({"text": "shared:nowhere/x.txt", "persons": [], "positions": [],
                                "events": []}), encoding="utf-8")
    with pytest.raises(KGError, match="nothing scored"):
        evaluate([str(tmp_path)])
    assert main(["evaluate", str(tmp_path)]) != 0


def test_an_organization_is_the_same_however_its_punctuation_and_cua_are_written():
    from kg.evaluate import _org_key

    assert _org_key("Cục Kinh tế của Bộ Quốc phòng") == _org_key("Cục Kinh tế Bộ Quốc phòng")
    assert _org_key("Bộ Văn hóa, Thể thao và Du lịch") == _org_key("Bộ Văn hóa - Thể thao và Du lịch")
    assert _org_key("Ban Kinh tế Trung ương") != _org_key("Ban Kinh tế")
