"""kg's person recognition beside off-the-shelf underthesea NER, on the gold set.

    python benchmarks/ner_baseline.py [GOLD ...]     (default: tests/gold)

underthesea's ``ner`` runs sentence by sentence on the whole page text (as a
user would run it), its PER spans become names; kg runs as usual. Both are
scored on the gold persons with the same matching (docs/annotation.md).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from kg.evaluate import PRF, _gold_files, _text_path
from kg.extract.normalize import match_key
from kg.extract.pipeline import extract
from kg.extract.read import iter_documents


def ner_persons(text: str) -> Counter:
    from underthesea import ner, sent_tokenize

    names: set[str] = set()
    for line in text.split("\n"):
        for sentence in sent_tokenize(line) if line.strip() else []:
            current: list[str] = []
            for word, _pos, _chunk, tag in ner(sentence) + [("", "", "", "O")]:
                if tag == "B-PER" or (tag == "I-PER" and not current):
                    if current:
                        names.add(" ".join(current))
                    current = [word]
                elif tag == "I-PER":
                    current.append(word)
                else:
                    if current:
                        names.add(" ".join(current))
                    current = []
    return Counter(match_key(n) for n in names)


def main() -> None:
    paths = sys.argv[1:] or [str(Path(__file__).resolve().parent.parent / "tests" / "gold")]
    scores = {"underthesea ner": PRF(), "kg": PRF()}
    seconds = {"underthesea ner": 0.0, "kg": 0.0}
    docs = 0
    for gold_file in _gold_files(paths):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        path = _text_path(gold_file, gold["text"])
        if not path.exists():
            continue
        truth = Counter(match_key(p) for p in set(gold.get("persons", [])))
        record = gold.get("record")
        [doc] = [d for d in iter_documents([str(path)]) if record in (None, d.id)]
        t = time.perf_counter()
        scores["underthesea ner"].add(truth, ner_persons(doc.text))
        seconds["underthesea ner"] += time.perf_counter() - t
        t = time.perf_counter()
        [facts] = [f for f in extract([str(path)]) if record in (None, f.document.id)]
        seconds["kg"] += time.perf_counter() - t
        scores["kg"].add(truth, Counter(match_key(p) for p in {p.name for p in facts.persons}))
        docs += 1
    print(f"persons on {docs} gold documents (distinct names per document)")
    print(f"{'system':<18}{'P':>7}{'R':>7}{'F1':>7}{'s/doc':>8}")
    for name, s in scores.items():
        print(f"{name:<18}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{seconds[name] / max(docs, 1):>8.2f}")


if __name__ == "__main__":
    main()
