"""kg's person recognition beside off-the-shelf underthesea NER, on the gold set.

    python benchmarks/ner_baseline.py [GOLD ...]     (default: tests/gold)

underthesea's ``ner`` runs sentence by sentence on the whole page text (as a
user would run it), its PER spans become names; kg runs as usual. Both are
scored on the gold persons with the same matching (docs/annotation.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.evaluate import _gold_files, _load, _text_path, evaluate
from kg.extract.pipeline import extract_document
from kg.extract.read import iter_documents


def ner_persons(text: str) -> list[str]:
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
    return sorted(names)


def _documents(paths: list[str]) -> dict[tuple[Path, str | None], object]:
    """The gold's documents, each text file read once."""
    wanted: dict[Path, set[str | None]] = {}
    for gold_file in _gold_files(paths):
        gold = _load(gold_file)
        path = _text_path(gold_file, gold["text"])
        if path.exists():
            wanted.setdefault(path, set()).add(gold.get("record"))
    docs = {}
    for path, records in wanted.items():
        for doc in iter_documents([str(path)]):
            key = None if None in records else getattr(doc, "id", None)
            if key in records and (path, key) not in docs:
                docs[(path, key)] = doc
                if all((path, r) in docs for r in records):
                    break
    return docs


def _ner_facts(doc) -> dict:
    names = ner_persons(doc.text)
    return {"persons": [{"id": f"p{k}", "name": n} for k, n in enumerate(names)],
            "organizations": [], "positions": [], "events": []}


def main() -> None:
    paths = sys.argv[1:] or [str(Path(__file__).resolve().parent.parent / "tests" / "gold")]
    docs = _documents(paths)
    systems = {"underthesea ner": _ner_facts, "kg": lambda doc: extract_document(doc).as_dict()}
    print(f"persons on {len(docs)} gold documents (distinct names per document)")
    print(f"{'system':<18}{'P':>7}{'R':>7}{'F1':>7}{'s/doc':>8}")
    for name, run in systems.items():
        t = time.perf_counter()
        facts = {key: run(doc) for key, doc in docs.items()}
        seconds = time.perf_counter() - t
        report = evaluate(paths, extractor=lambda path, record: facts[(path, record)])
        s = report["scores"]["persons"]
        print(f"{name:<18}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
              f"{seconds / max(len(docs), 1):>8.2f}")


if __name__ == "__main__":
    main()
