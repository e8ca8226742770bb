"""Career: what a sentence says about the course of a post and about the person holding it.

Runs after resolve, on the facts and the sentences, and adds what tenures and
identity across articles need (kg.graph.tenure, kg.graph.identity):

- ``Position.change`` and ``change_date``: the post starts ("được bầu giữ chức",
  "được bổ nhiệm", "được điều động giữ chức") or ends ("nghỉ hưu", "thôi giữ
  chức", "miễn nhiệm", "cách chức", the post left by a transfer), and the date the
  sentence gives for it (a day, or a month: "tháng 8/2020");
- ``Position.acting``: "Quyền Chủ tịch UBND huyện" (the acting head);
- ``Position.term``: "khóa XXV, nhiệm kỳ 2015–2020";
- ``Person.born`` and ``Person.home``: "sinh năm 1972", "quê xã …, tỉnh Hải Dương".

The phrases are data (``kg/data/career.tsv``). "Quyền" before a title hides the
title from the recognizer, which reads it as part of a name; :func:`unmask_acting`
blanks it for the recognizer with spaces of the same length, so every offset
stays true and the post is found, then :func:`annotate` marks it as acting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from .dates import find_dates
from .lexicon import lexicon, phrase_regex
from .model import ENDS, STARTS, Facts, Position, Sentence

__all__ = ["annotate", "unmask_acting", "changes"]

# a start phrase reaches the title after it across at most these few words ("giữ chức vụ")
_REACH = 24
_ACTING = re.compile(r"(?<![\w])(quyền|q\.)\s+", re.IGNORECASE)
_NOT_ACTING_BEFORE = re.compile(r"(?:chính|thẩm|nhân|đồng chí|ông|bà)\s+$", re.IGNORECASE)
_TERM = re.compile(r"(?:(khóa|khoá)\s+([IVXLC]+|\d{1,3})\b)?[\s,]*"
                   r"(?:nhiệm\s+kỳ\s+(\d{4})\s*[-–—]\s*(\d{4}))?", re.IGNORECASE)
_BORN = re.compile(r"(?:sinh\s+năm|sinh\s+ngày\s+\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*|\bSN)\s*"
                   r"((?:19|20)\d\d)\b", re.IGNORECASE)
# "Nguyễn Văn A (1965)": a bare year in brackets is a birth year only right after the name
# (elsewhere it dates a decision, a term, a congress)
_BORN_BRACKET = re.compile(r"\s*\(\s*((?:19|20)\d\d)\s*\)")
# "quê xã …", "quê quán:", "quê ở", "quê tại" — not "quê hương" (a homeland praised), "quê nhà"
_HOME = re.compile(r"\bquê(?!\s*(?:hương|nhà|mẹ|cha|ngoại|nội)\b)\s*(?:quán|ở|tại)?\s*[:,]?\s*",
                   re.IGNORECASE)
_ADULT = 18
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:[/-]|\s+năm\s+)\s*(\d{4})", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;.)]")


@lru_cache(maxsize=1)
def changes() -> tuple[re.Pattern, dict[str, str]]:
    """The change phrases of kg/data/career.tsv: one pattern, and phrase key → change."""
    rows = []
    for line in files("kg.data").joinpath("career.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, kind = (c.strip() for c in line.split("\t")[:2])
            rows.append((phrase, kind))
    kinds = {" ".join(p.lower().split()): k for p, k in rows}
    return re.compile(r"(?<![\w])" + phrase_regex([p for p, _ in rows]), re.IGNORECASE), kinds


def unmask_acting(text: str) -> tuple[str, list[int]]:
    """The text with "Quyền " before a title blanked (same length), and where each one was."""
    roles = lexicon().role_re
    out, where = text, []
    for m in _ACTING.finditer(text):
        if not roles.match(text, m.end()) or _NOT_ACTING_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if m.start() and text[m.start() - 1].isalpha():
            continue
        out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
        where.append(m.start())
    return out, where


def annotate(facts: Facts, sentences: list[Sentence], acting_at: list[int]) -> Facts:
    """Add the career facts of each sentence to ``facts`` (in place) and return it."""
    text = facts.document.text
    spans = [(s.start, s.end) for s in sentences]
    for position in facts.positions:
        start, end = position.evidence.start, position.evidence.end
        at = _surface_at(text, position, facts)
        if at is None:
            continue
        if any(at - 12 <= a < at for a in acting_at):
            position.acting = True
        position.change = _change(text, start, end, at, at + len(position.surface), facts, position)
        if position.change:
            position.change_date = _date(text, start, end, facts.document.published)
            if position.status == "appointed" and _long_before(position.change_date, _reference_date(facts)):
                # "được chỉ định giữ chức Bí thư từ ngày 1/7/2025" in a report of 2026: a post
                # given long ago that the person still holds is current; the news is elsewhere
                position.status = "current"
        position.term = _term(text, start, end, at + len(position.surface), position.change)
    appointed = {p.person for p in facts.positions if p.status == "appointed"}
    for event in facts.events:
        event.participants = [x for x in event.participants
                              if x.role != "appointee" or x.person in appointed]
    for person in facts.persons:
        for mention in sorted(person.mentions):
            clause = _clause(text, spans, mention.end)
            if person.born is None:
                person.born = _born(text, facts, person, mention.end, clause)
            if person.home is None:
                person.home = _home(text, facts, person, mention.end, clause)
    return facts


def _surface_at(text: str, position: Position, facts: Facts) -> int | None:
    """Where the post's title is written in its sentence: after the holder's name if it can."""
    start, end = position.evidence.start, position.evidence.end
    sentence = text[start:end].lower()
    surface = position.surface.lower()
    person = next((p for p in facts.persons if p.id == position.person), None)
    names = [m.start - start for m in person.mentions if start <= m.start < end] if person else []
    # "Chủ tịch UBND huyện" is also written inside "Phó Chủ tịch UBND huyện": not that one
    longer = [(m.start(), m.end()) for o in facts.positions
              if o.evidence == position.evidence and len(o.surface) > len(surface)
              and surface in o.surface.lower()
              for m in re.finditer(re.escape(o.surface.lower()), sentence)]
    hits = [m.start() for m in re.finditer(re.escape(surface), sentence)
            if not any(a <= m.start() and m.end() <= b for a, b in longer)]
    if not hits:
        return None
    after = [h for h in hits if names and h >= names[0]]
    return start + (after[0] if after else hits[0])


def _change(text: str, start: int, end: int, at: int, stop: int, facts: Facts,
            position: Position) -> str | None:
    pattern, kinds = changes()
    owner_from = _owner_start(facts, position, start, at)
    for m in pattern.finditer(text, start, end):
        kind = kinds[" ".join(m.group().lower().split())]
        if m.end() <= at <= m.end() + _REACH and not _post_between(facts, position, m.end(), at):
            # the title follows the phrase: its start, or its end ("thôi giữ chức Chủ tịch")
            return "transferred_in" if kind == "transferred" else kind
        if stop <= m.start() and owner_from <= at and kind in ENDS + ("transferred",) \
                and not _text_between_is_other_clause(text, stop, m.start()) \
                and (kind == "transferred" or not _title_right_after(text, m.end())):
            return "transferred_out" if kind == "transferred" else kind
    return None


def _owner_start(facts: Facts, position: Position, start: int, at: int) -> int:
    """The holder's mention nearest before the title (the title's owner in "X, Bí thư …")."""
    person = next((p for p in facts.persons if p.id == position.person), None)
    before = [m.start for m in person.mentions if start <= m.start <= at] if person else []
    return max(before) if before else start


def _post_between(facts: Facts, position: Position, a: int, b: int) -> bool:
    """Another title of the sentence lies between the phrase and this one."""
    for other in facts.positions:
        if other is position or other.evidence != position.evidence:
            continue
        where = facts.document.text.find(other.surface, a, b)
        if where >= 0:
            return True
    return False


def _text_between_is_other_clause(text: str, a: int, b: int) -> bool:
    """A verb phrase of its own (a full stop, a semicolon, "và" + a name) separates the two."""
    between = text[a:b]
    return bool(re.search(r"[;.]|\bvà\s+(?:đồng chí|ông|bà)\b", between)) or len(between) > 60


def _title_right_after(text: str, at: int) -> bool:
    """The phrase governs a title written right after it, not the one before it."""
    m = re.match(r"\s*(?:các\s+)?(?:chức\s+vụ|chức|giữ\s+chức|làm)?\s*", text[at:at + 20])
    return bool(lexicon().role_re.match(text, at + (m.end() if m else 0)))


# a post given this many days or more before the article's own date was not given by it
_RECAP_DAYS = 60


def _reference_date(facts: Facts) -> str | None:
    """The day the article speaks from: its reported event's, else its publication's."""
    reported = [e.date for e in facts.events if e.reported and e.date and len(e.date) == 10]
    return reported[0] if reported else facts.document.published


def _long_before(when: str | None, reference: str | None) -> bool:
    if not when or not reference or len(reference) < 10:
        return False
    from datetime import date

    try:
        day = date.fromisoformat(when if len(when) == 10 else f"{when[:7]}-28" if len(when) == 7 else "")
        return (date.fromisoformat(reference[:10]) - day).days >= _RECAP_DAYS
    except ValueError:
        return False


def _date(text: str, start: int, end: int, published: str | None) -> str | None:
    dates = [d for d in find_dates(text, start, end, published) if d.value]
    if dates:
        return dates[0].value
    m = _MONTH.search(text, start, end)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return None


def _term(text: str, start: int, end: int, after: int, change: str | None) -> str | None:
    """The term written after the title in its clause, or anywhere in a sentence of election."""
    for m in re.finditer(r"khóa|khoá|nhiệm\s+kỳ", text[start:end], re.IGNORECASE):
        at = start + m.start()
        if not (after <= at <= after + 40 or change in STARTS):
            continue
        t = _TERM.match(text, at)
        if not t or not (t.group(2) or t.group(3)):
            continue
        parts = []
        if t.group(2):
            parts.append(f"khóa {t.group(2).upper()}")
        if t.group(3):
            parts.append(f"nhiệm kỳ {t.group(3)}–{t.group(4)}")
        return ", ".join(parts)
    return None


def _clause(text: str, spans: list[tuple[int, int]], at: int) -> int:
    """Where the sentence holding ``at`` ends."""
    for s, e in spans:
        if s <= at < e:
            return e
    return min(len(text), at + 200)


def _other_person_between(facts: Facts, person, a: int, b: int) -> bool:
    return any(p is not person and any(a <= m.start < b for m in p.mentions) for p in facts.persons)


def _born(text: str, facts: Facts, person, after: int, stop: int) -> int | None:
    """The birth year said right after a mention: "sinh năm 1972", "SN 1972", "(1972)"."""
    m = _BORN_BRACKET.match(text, after, stop) or _BORN.match(text, after, stop) or _BORN.search(
        text, after, min(stop, after + 40))
    if not m or _other_person_between(facts, person, after, m.start()):
        return None
    year = int(m.group(1))
    published = facts.document.published
    if published and published[:4].isdigit() and year > int(published[:4]) - _ADULT:
        return None  # an official born after that year would not have been an adult
    return year


def _home(text: str, facts: Facts, person, after: int, stop: int) -> str | None:
    """The province of "quê …" said of the person (the last place of the phrase: its province)."""
    m = _HOME.search(text, after, min(stop, after + 80))
    if not m or _other_person_between(facts, person, after, m.start()):
        return None
    end = _CLAUSE_END.search(text, m.end(), stop)
    phrase_end = end.start() if end else stop
    places = [(loc, s) for loc in facts.locations for s in loc.mentions
              if m.end() <= s.start < phrase_end and loc.province]
    if not places:
        return None
    return max(places, key=lambda p: p[1].start)[0].id
