"""How the real gold articles were chosen (run once; kept so the choice can be checked).

Random records, not picked by hand: 45 of the 600 baomoi records (bodies up to
8,000 characters, so that one annotator can read each closely), 15 of the VNTC
records that are of the genre (at least two official titles followed by a
name, a meeting or visit word, 800-8,000 characters), and the three sample pages. The split into a dev half
and a held-out half is drawn here too, once, before any annotation was read.

    python tests/gold/real/select.py ../shared   # prints the ids and their half
    python tests/gold/real/select.py ../shared --more   # … with the second draw
"""

import gzip
import json
import random
import re
import sys
from pathlib import Path

SEED = 20261201
# An official's title followed by a capitalised name: the genre's mark.
TITLED_NAME = re.compile(r"(?:Bí thư|Chủ tịch|Bộ trưởng|Thứ trưởng|Thủ tướng|Giám đốc|Trưởng ban)"
                         r"[^.;:\n]{0,60}? (?:ông |bà |đồng chí )?[A-ZĐ]\w+ [A-ZĐ]\w+")
EVENT = re.compile(r"hội nghị|đại hội|kỳ họp|buổi lễ|làm việc với|tiếp|thăm")


def records(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def choose(shared: Path) -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    baomoi = [r["id"] for r in records(shared / "corpus/baomoi-party-dev.jsonl.gz") if len(r["text"]) <= 8000]
    vntc = [r["id"] for r in records(shared / "corpus/vntc-chinh-tri-xa-hoi.jsonl.gz")
            if 800 <= len(r["text"]) <= 8000 and len(TITLED_NAME.findall(r["text"])) >= 2
            and EVENT.search(r["text"])]
    picked = ([("shared:corpus/baomoi-party-dev.jsonl.gz", i) for i in rng.sample(sorted(baomoi), 45)]
              + [("shared:corpus/vntc-chinh-tri-xa-hoi.jsonl.gz", i) for i in rng.sample(sorted(set(vntc)), 15)]
              + [(f"shared:samples/{p.name}", None) for p in sorted((shared / "samples").glob("*.txt"))])
    # Split each source in two halves, so both halves hold the same mix.
    out = []
    def source(src: str) -> str:
        return "samples" if src.startswith("shared:samples/") else src

    for name in sorted({source(s) for s, _ in picked}):
        group = [p for p in picked if source(p[0]) == name]
        rng.shuffle(group)
        for n, (src, rid) in enumerate(group):
            out.append((src, rid, "dev" if n % 2 == 0 else "heldout"))
    return out


def choose_more(shared: Path) -> list[tuple[str, str, str]]:
    """A second draw, made once the first round's 63 had been annotated: 36 more baomoi
    records and 12 more VNTC ones under the same rules, none of the first, split in two
    halves the same way. More held-out articles make its figures steadier; more dev
    articles show more of what kg gets wrong."""
    taken = {rid for _, rid, _ in choose(shared)}
    rng = random.Random(SEED + 2)
    baomoi = [r["id"] for r in records(shared / "corpus/baomoi-party-dev.jsonl.gz")
              if len(r["text"]) <= 8000 and r["id"] not in taken]
    vntc = sorted({r["id"] for r in records(shared / "corpus/vntc-chinh-tri-xa-hoi.jsonl.gz")
                   if 800 <= len(r["text"]) <= 8000 and len(TITLED_NAME.findall(r["text"])) >= 2
                   and EVENT.search(r["text"]) and r["id"] not in taken})
    out = []
    for name, ids in (("shared:corpus/baomoi-party-dev.jsonl.gz", rng.sample(sorted(baomoi), 36)),
                      ("shared:corpus/vntc-chinh-tri-xa-hoi.jsonl.gz", rng.sample(vntc, 12))):
        rng.shuffle(ids)
        out.extend((name, rid, "dev" if n % 2 == 0 else "heldout") for n, rid in enumerate(ids))
    return out


def choose_third(shared: Path) -> list[tuple[str, str, str]]:
    """A third draw, for the dev half only, made once the held-out figures stopped following
    the dev ones: 24 more baomoi records, none of the first two draws, to show kg more of
    what real news says that the dev half did not. The held-out half is not touched."""
    taken = {rid for _, rid, _ in choose(shared) + choose_more(shared)}
    rng = random.Random(SEED + 3)
    baomoi = [r["id"] for r in records(shared / "corpus/baomoi-party-dev.jsonl.gz")
              if 600 <= len(r["text"]) <= 8000 and r["id"] not in taken]
    return [("shared:corpus/baomoi-party-dev.jsonl.gz", rid, "dev") for rid in rng.sample(sorted(baomoi), 24)]


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    for src, rid, half in (choose(shared) + (choose_more(shared) if "--more" in sys.argv else [])
                           + (choose_third(shared) if "--third" in sys.argv else [])):
        print(half, src, rid or "")
