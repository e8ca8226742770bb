"""How the identity gold's mention pairs were chosen (run once; kept so the choice can be checked).

A pair is two articles that name the same full name (three syllables or more,
a common family name first, a title within 60 characters before or after it),
drawn at random from the shared corpora, not from kg's output: half of the
pairs from names written in many articles (the famous, mostly one person), half
from names written in few (the ordinary, where namesakes live), so both kinds of
answer are common. Annotators then judge each pair blind: same person, or not.

A second round draws pairs whose mentions sit near different places
(``choose_apart``), because the first gave too few namesakes.

    python tests/gold/identity/select.py ../shared > pairs.json
"""

import gzip
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261202
SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương "
            "Đào Lương Mai Tô Hà Lâm Trịnh Đoàn Cao Thái Lưu Tạ Chu Vương Phùng Kiều Triệu Nông").split()
NAME = re.compile(r"\b(?:" + "|".join(SURNAMES) + r")(?: [A-ZĐ][^\s,.;:()\"“”]{0,7}){2,3}\b")
# Names that start like a person's but are places or historical figures (street, school names).
NOT_NAMES = re.compile(r"^(?:Hà (?:Nội|Tĩnh|Nam|Giang)|Cao Bằng|Lâm Đồng|Thái (?:Bình|Nguyên)|Hồ Chí Minh"
                       r"|Lê Quý Đôn|Nguyễn Trãi|Trần Hưng Đạo|Lê Lợi|Nguyễn Du|Trần Phú|Lý Thường Kiệt)")
TITLE = re.compile(r"Bí thư|Chủ tịch|Bộ trưởng|Thứ trưởng|Thủ tướng|Giám đốc|Trưởng ban|Phó|Ủy viên|"
                   r"Tổng|Đại biểu|Chánh|Viện trưởng|Cục trưởng|Vụ trưởng|Tư lệnh|Chính ủy")


def records(shared: Path):
    for name in ("baomoi-party-dev.jsonl.gz", "vntc-chinh-tri-xa-hoi.jsonl.gz"):
        with gzip.open(shared / "corpus" / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield f"shared:corpus/{name}", r["id"], r["text"]


def mentions(shared: Path) -> dict[str, list[tuple[str, str, int]]]:
    seen_text: set[int] = set()  # VNTC repeats articles: a copy is not a second mention
    found: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for source, rid, text in records(shared):
        if hash(text) in seen_text:
            continue
        seen_text.add(hash(text))
        for m in NAME.finditer(text):
            window = text[max(0, m.start() - 60):m.end() + 60]
            if TITLE.search(window) and not NOT_NAMES.match(m.group(0)):
                found[m.group(0)].setdefault((source, rid), m.start())
    return {name: [(s, r, o) for (s, r), o in arts.items()] for name, arts in found.items() if len(arts) >= 2}


PLACE = re.compile(r"(?:tỉnh|thành phố|TP\.?|huyện|quận) ([A-ZĐ]\w+(?: [A-ZĐ]\w+)?)")


def places_near(text: str, start: int) -> set[str]:
    return set(PLACE.findall(text[max(0, start - 300):start + 300]))


def choose_apart(shared: Path, n: int = 40, taken: set[str] = frozenset()) -> list[dict]:
    """Second round: pairs whose two mentions sit near different places, where namesakes are likely.

    The first round (``choose``) gave 70 same-person pairs of 76: too few namesakes to
    measure over-merging. This round draws, at random, pairs of mentions of a name whose
    surroundings name places and share none of them.
    """
    rng = random.Random(SEED + 1)
    texts = {(s, r): t for s, r, t in records(shared)}
    names = mentions(shared)
    candidates = []
    for name in sorted(names):
        if name in taken:
            continue
        arts = sorted(names[name])
        apart = [(a, b) for i, a in enumerate(arts) for b in arts[i + 1:]
                 if (pa := places_near(texts[a[:2]], a[2])) and (pb := places_near(texts[b[:2]], b[2]))
                 and not pa & pb]
        if apart:
            candidates.append((name, rng.choice(apart)))
    pairs = []
    for name, (a, b) in rng.sample(candidates, min(n, len(candidates))):
        pairs.append({"name": name,
                      "a": {"text": a[0], "record": a[1], "start": a[2], "end": a[2] + len(name)},
                      "b": {"text": b[0], "record": b[1], "start": b[2], "end": b[2] + len(name)}})
    return pairs


def choose(shared: Path, n: int = 80) -> list[dict]:
    rng = random.Random(SEED)
    names = mentions(shared)
    many = sorted(k for k, v in names.items() if len(v) >= 6)
    few = sorted(k for k, v in names.items() if len(v) < 6)
    pairs = []
    for group in (many, few):
        for name in rng.sample(group, min(n // 2, len(group))):
            a, b = rng.sample(sorted(names[name]), 2)
            pairs.append({"name": name,
                          "a": {"text": a[0], "record": a[1], "start": a[2], "end": a[2] + len(name)},
                          "b": {"text": b[0], "record": b[1], "start": b[2], "end": b[2] + len(name)}})
    rng.shuffle(pairs)
    for i, p in enumerate(pairs, 1):
        p["pair"] = f"pair-{i:03d}"
    return pairs


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    first = choose(shared)
    second = choose_apart(shared, taken={p["name"] for p in first})
    for i, p in enumerate(second, len(first) + 1):
        p["pair"] = f"pair-{i:03d}"
    json.dump(first + second, sys.stdout, ensure_ascii=False, indent=1)
