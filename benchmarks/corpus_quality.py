"""Quality signals over a real corpus, no gold needed (issue 13's corpus figures).

    python benchmarks/corpus_quality.py [CORPUS ...] [--limit N] [--examples K]

Prints, over every article: articles without any person (and how many of those
plainly name an official: a title followed by a capitalised name), posts without
an organization or with only a bare head, Party committees "Tỉnh ủy" of a
centrally-run city, places or countries extracted as persons, names that run into
the next clause ("… Chiều", "… Tại"), and reported events without participants or
without a date. ``--examples K`` lists K of each, to read.
Default corpus: ../shared/corpus/baomoi-party-dev.jsonl.gz.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from kg.errors import InputError
from kg.evaluate import shared_dir
from kg.extract.gazetteer import gazetteer
from kg.extract.pipeline import extract_document
from kg.extract.read import iter_documents

CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
BARE_HEADS = {"đảng ủy", "ban", "thành ủy", "tỉnh ủy", "huyện ủy", "quận ủy", "thị ủy", "bộ", "sở",
              "ủy ban nhân dân", "hội đồng nhân dân", "ban thường vụ", "ủy ban", "phòng", "ban chấp hành"}
CLAUSE_WORDS = {"Chiều", "Sáng", "Tối", "Trưa", "Tại", "Ông", "Bà", "Theo", "Trong", "Sau", "Khi", "Với",
                "Đây", "Hiện", "Ngày", "Còn", "Cùng", "Đồng", "Nhưng", "Và", "Về", "Thay", "Đến"}
COUNTRIES = {"Việt Nam", "Trung Quốc", "Lào", "Campuchia", "Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Singapore",
             "Thái Lan", "Ấn Độ", "Liên bang Nga", "Pháp", "Đức", "Cuba", "Australia", "Triều Tiên"}
OFFICIAL = re.compile(r"(?:Bí thư|Chủ tịch|Bộ trưởng|Thứ trưởng|Thủ tướng|Giám đốc|Trưởng ban)"
                      r"[^.;:\n]{0,40}? [A-ZĐ]\w+ [A-ZĐ]\w+ [A-ZĐ]\w+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*",
                        default=[str(shared_dir() / "corpus" / "baomoi-party-dev.jsonl.gz")])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--examples", type=int, default=0, help="print K examples of each signal")
    args = parser.parse_args()
    for c in args.corpus:
        if not Path(c).exists():
            sys.exit(f"benchmark: {c}: no such corpus")
    gaz = gazetteer()
    counts: dict[str, int] = defaultdict(int)
    examples: dict[str, list[str]] = defaultdict(list)

    def note(kind: str, text: str) -> None:
        counts[kind] += 1
        examples[kind].append(text)

    for n, doc in enumerate(iter_documents(args.corpus), 1):
        if args.limit and n > args.limit:
            break
        if isinstance(doc, InputError):
            counts["unreadable"] += 1
            continue
        counts["articles"] += 1
        facts = extract_document(doc)
        names = {p.id: p.name for p in facts.persons}
        orgs = {o.id: o for o in facts.organizations}
        if not facts.persons:
            note("articles without a person", doc.id)
            if OFFICIAL.search(doc.text):
                note("… of them naming an official", doc.id)
        for p in facts.persons:
            if gaz.lookup(p.name, "province") or p.name in COUNTRIES or p.name in CENTRAL_CITIES:
                note("places as persons", f"{doc.id}: {p.name}")
            if p.name.split()[-1] in CLAUSE_WORDS:
                note("names running into the next clause", f"{doc.id}: {p.name}")
        for o in facts.organizations:
            if o.name.startswith("Tỉnh ủy ") and o.name[len("Tỉnh ủy "):] in CENTRAL_CITIES:
                note("Tỉnh ủy of a centrally-run city", f"{doc.id}: {o.name}")
        for pos in facts.positions:
            counts["posts"] += 1
            org = orgs.get(pos.organization)
            if org is None:
                note("posts without organization", f"{doc.id}: {names[pos.person]} | {pos.surface}")
            elif org.name.lower() in BARE_HEADS:
                note("posts with a bare head only", f"{doc.id}: {names[pos.person]} | {org.name}")
        for ev in facts.events:
            if not ev.reported:
                continue
            counts["reported events"] += 1
            if not ev.participants:
                note("events without participants", f"{doc.id}: {ev.name}")
            elif not ev.date:
                note("events with participants, no date", f"{doc.id}: {ev.name}")

    total = counts["articles"]
    print(f"{total} articles ({counts['unreadable']} unreadable)")
    rows = [("articles without a person", total), ("… of them naming an official", total),
            ("posts without organization", counts["posts"]), ("posts with a bare head only", counts["posts"]),
            ("Tỉnh ủy of a centrally-run city", None), ("places as persons", None),
            ("names running into the next clause", None),
            ("events without participants", counts["reported events"]),
            ("events with participants, no date",
             counts["reported events"] - counts["events without participants"])]
    print(f"{'posts':<40}{counts['posts']:>7}")
    print(f"{'reported events':<40}{counts['reported events']:>7}")
    for kind, base in rows:
        share = f"{counts[kind] / base:>8.1%}" if base else ""
        print(f"{kind:<40}{counts[kind]:>7}{share}")
    if args.examples:
        rng = random.Random(1)
        for kind, _ in rows:
            if examples[kind]:
                print(f"\n{kind}:")
                for e in rng.sample(examples[kind], min(args.examples, len(examples[kind]))):
                    print("  ", e)


if __name__ == "__main__":
    main()
