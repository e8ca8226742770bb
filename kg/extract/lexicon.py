"""Domain lexicons, loaded from the data files in ``kg/data/`` and compiled once.

The files are the place to extend kg's vocabulary (a new title, board or
honorific is a new line, not new code). Abbreviations from
``abbreviations.tsv`` are turned into extra surface forms of every role and
organization whose expansion they abbreviate, so "UBND huyện" and "Ủy ban
nhân dân huyện" match the same entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .normalize import UPPER, match_key, modern_tones

__all__ = ["RoleEntry", "OrgEntry", "Lexicon", "lexicon", "phrase_regex"]


@dataclass(frozen=True)
class RoleEntry:
    role: str
    org_head: str | None  # organization head shared with the title ("Ban" for "Trưởng ban")
    implied_org: str | None  # organization named inside the title ("Tỉnh ủy" in "Tỉnh ủy viên")
    swallows_head: bool  # the surface form ends with the shared head ("Trưởng ban")


@dataclass(frozen=True)
class OrgEntry:
    name: str
    kind: str
    level: str | None
    attach: str  # name | place | parent | free | none


_CONJUNCTION = re.compile(r"\s*[&–-]\s*")
_DASH = re.compile(r"\s*-\s*")


class Forms(dict):
    """Surface forms (by match key) → entries, where a dash is a dash however it is spaced:
    the patterns match "Khoa học-Công nghệ" and "Khoa học - Công nghệ" alike, so must the
    lookup of what they matched."""

    @staticmethod
    def key(text: str) -> str:
        return _DASH.sub("-", text)

    def __getitem__(self, k):
        return super().__getitem__(self.key(k))

    def __contains__(self, k):
        return super().__contains__(self.key(k))

    def get(self, k, default=None):
        return super().get(self.key(k), default)

    def setdefault(self, k, default=None):
        return super().setdefault(self.key(k), default)


def _rows(name: str) -> list[list[str]]:
    text = files("kg.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([modern_tones(c.strip()) for c in line.split("\t")])
    return rows


def _words(name: str) -> list[str]:
    return [r[0] for r in _rows(name)]


def phrase_regex(phrases: list[str], case_sensitive: set[str] = frozenset()) -> str:
    """One alternation over ``phrases``, longest first, spaces and dashes flexible.

    Phrases in ``case_sensitive`` (abbreviations) match only as written.
    """
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = ""
        for ch in phrase:
            if ch == " ":
                body += r"\s+"
            elif ch in "-–—":
                body += r"\s*[-–—]\s*"
            else:
                body += re.escape(ch)
        parts.append(f"(?-i:{body})" if phrase in case_sensitive else body)
    return "(?:" + "|".join(parts) + r")(?![\w])"


def first_tokens(phrases) -> frozenset[str]:
    """The lower-cased first token (a word, or one punctuation mark) of each phrase."""
    return frozenset(m.group().lower() for p in phrases if (m := _FIRST.match(p.strip())))


_FIRST = re.compile(r"\w+|[^\w\s]")


class Lexicon:
    def __init__(self) -> None:
        self.abbreviations = [(a, e) for a, e in _rows("abbreviations.tsv")]
        self._expansion = dict(self.abbreviations)
        self._abbr_re: re.Pattern | None = None
        self.cues = _words("cues.txt")
        self.surnames = {match_key(s) for s in _words("surnames.txt")}
        self.not_persons = {match_key(s) for s in _words("not_persons.txt")}
        self.namesake_re = re.compile(
            r"(?:^|\s)" + phrase_regex(_words("namesake_words.txt")).replace(r"(?![\w])", "")
            + r"\s+$", re.IGNORECASE)
        self.level_words = {match_key(w): lv for w, lv in _rows("places.tsv")}
        self.event_triggers = Forms((Forms.key(match_key(r[0])), r[1]) for r in _rows("events.tsv"))
        self.event_acts = {match_key(r[0]) for r in _rows("events.tsv") if r[2:3] == ["act"]}
        self.furniture = [re.compile(f"(?:{p})", re.IGNORECASE) for p in _words("furniture.txt")]
        # countries: every form → the common short name
        self.countries: dict[str, str] = {}
        self.ruling_parties = {row[0]: row[2] for row in _rows("countries.tsv") if len(row) > 2 and row[2]}
        for row in _rows("countries.tsv"):
            for form in [row[0]] + (row[1].split("|") if len(row) > 1 and row[1] else []):
                self.countries[match_key(form)] = row[0]
        self.country_re = re.compile(phrase_regex(
            [f for row in _rows("countries.tsv") for f in [row[0]] + (row[1].split("|") if len(row) > 1 and row[1] else [])],
            case_sensitive={f for row in _rows("countries.tsv") for f in row[1:2] for f in f.split("|")
                            if f.isupper()}))
        # ministries: every form (without "Bộ") → the canonical name, with its years
        self.ministries: dict[str, list[str]] = {}
        self.ministry_years: dict[str, tuple[int | None, int | None]] = {}
        ministry_forms = []
        for row in _rows("ministries.tsv"):
            name, forms = row[0], row[1].split("|") if len(row) > 1 else []
            for form in [name[len("Bộ "):] if name.startswith("Bộ ") else name] + forms:
                if name not in self.ministries.setdefault(match_key(form), []):
                    self.ministries[match_key(form)].append(name)
                ministry_forms.append(form)
                if " và " in form:  # "Kế hoạch & Đầu tư": the press writes "và" as "&" too
                    ministry_forms.append(form.replace(" và ", " & "))
            years = row[2].split("-") if len(row) > 2 else ["", ""]
            self.ministry_years[name] = (int(years[0]) if years[0] else None,
                                         int(years[1]) if years[1] else None)
        self.ministry_re = re.compile(
            phrase_regex(ministry_forms, {f for f in ministry_forms if f.isupper() or "&" in f}), re.IGNORECASE)
        self.not_bodies_re = re.compile(phrase_regex(_words("not_bodies.txt")))

        self.roles: dict[str, RoleEntry] = Forms()  # match key of a surface form → entry
        role_forms: set[str] = set()
        for row in _rows("roles.tsv"):
            role, forms = row[0], row[1].split("|")
            head = row[2] if len(row) > 2 and row[2] not in ("", "-") else None
            implied = row[3] if len(row) > 3 and row[3] else None
            for form in self._with_abbreviations(forms):
                swallows = bool(head) and match_key(form).endswith(" " + match_key(head))
                # the bare form ("Trưởng") needs its head after it; only the fused one stands alone
                self.roles.setdefault(match_key(form), RoleEntry(role, head, implied, swallows))
                role_forms.add(form)

        # canonical role → the organization head it shares ("Trưởng đoàn" → "Đoàn")
        self.role_heads = {e.role: e.org_head for e in self.roles.values() if e.org_head}
        self.orgs: dict[str, OrgEntry] = Forms()
        org_forms: set[str] = set()
        for name, forms, kind, level, attach in _rows("organizations.tsv"):
            entry = OrgEntry(name, kind, None if level == "-" else level, attach)
            self.orgs.setdefault(match_key(name), entry)
            if forms == "-":
                continue  # named only by a title that implies it ("Chủ tịch nước" → Nhà nước)
            for form in self._with_abbreviations(forms.split("|")):
                self.orgs.setdefault(match_key(form), entry)
                org_forms.add(form)

        for name in self.ministry_years:  # a title can imply a ministry ("Ngoại trưởng" → Bộ Ngoại giao)
            self.orgs.setdefault(match_key(name), OrgEntry(name, "ministry", "national", "none"))

        abbrs = {a for a, _ in self.abbreviations}
        sensitive = {f for f in role_forms | org_forms if f in abbrs or f.isupper()
                     or any(w in abbrs for w in f.split())}
        self.role_re = re.compile(phrase_regex(sorted(role_forms), sensitive), re.IGNORECASE)
        self.org_re = re.compile(phrase_regex(sorted(org_forms), sensitive), re.IGNORECASE)
        cue_sensitive = {c for c in self.cues if any(ch.isupper() for ch in c[1:])}
        self.cue_re = re.compile(phrase_regex(self.cues, cue_sensitive) + r"\.?", re.IGNORECASE)
        # level words the press abbreviates, glued to the name: "P.Hương Xuân", "Q.1", "TX. Sơn Tây"
        self.level_abbr = {"TP": "thành phố", "TP.": "thành phố", "TX.": "thị xã", "TT.": "thị trấn",
                           "P.": "phường", "Q.": "quận", "X.": "xã"}
        self.level_re = re.compile(
            phrase_regex(list(self.level_words) + ["TP"], {"TP"})
            + rf"|(?-i:(?:TP|TX|TT|P|Q|X)\.)(?=\s*(?:{UPPER}|\d))", re.IGNORECASE)
        self.event_re = re.compile(phrase_regex(list(self.event_triggers)), re.IGNORECASE)
        # The first token each pattern can start with: the scanner tries a pattern at a
        # token only if the token is one of them, which spares most regex calls (the
        # scanner is kg's slowest stage; benchmarks/build_scale.py)
        # (keyed by id: hashing a compiled pattern hashes its whole text, every time)
        self.heads = {id(regex): first_tokens(phrases) for regex, phrases in (
            (self.role_re, role_forms), (self.org_re, org_forms), (self.cue_re, self.cues),
            (self.level_re, list(self.level_words) + ["TP", "TX", "TT", "P", "Q", "X"]),
            (self.event_re, self.event_triggers), (self.country_re, list(self.countries)),
            (self.ministry_re, list(self.ministries)))}

    def _with_abbreviations(self, forms: list[str]) -> list[str]:
        """The forms with their words abbreviated, one and two abbreviations at a time ("UB TƯ
        MTTQ" of "Ủy ban Trung ương Mặt trận Tổ quốc")."""
        out = list(forms)
        for _ in range(2):
            more = []
            for form in out:
                for abbr, expansion in self.abbreviations:
                    if match_key(expansion) in match_key(form) and len(abbr) > 1:
                        start = match_key(form).index(match_key(expansion))
                        more.append(form[:start] + abbr + form[start + len(expansion):])
            out = list(dict.fromkeys(out + more))
        return out

    @property
    def _abbreviation_re(self) -> re.Pattern:
        # one pass, longest abbreviation first (a sub per abbreviation was a hot path)
        if self._abbr_re is None:
            alternation = "|".join(re.escape(a) for a, _ in sorted(self.abbreviations, key=lambda p: -len(p[0])))
            self._abbr_re = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")
        return self._abbr_re

    def ministry(self, name: str, era: str = "legacy") -> str | None:
        """The canonical ministry a short form or abbreviation names: "GD-ĐT" → "Bộ Giáo dục
        và Đào tạo"; where the 2025 government merged ministries, the one of the article's
        era: "Bộ Nông nghiệp" is "… và Phát triển nông thôn" before, "… và Môi trường" since."""
        key = match_key(name)
        names = self.ministries.get(key) or self.ministries.get(_CONJUNCTION.sub(" và ", key))
        if not names:
            return None
        if len(names) == 1:
            return names[0]
        since_2025 = [n for n in names if (self.ministry_years[n][0] or 0) >= 2025]
        before = [n for n in names if n not in since_2025]
        return ((since_2025 or before) if era == "2025" else (before or since_2025))[0]

    def level_of(self, word: str) -> str:
        word = self.level_word(word)
        return "city" if word == "thành phố" else self.level_words[match_key(word)]

    def level_word(self, written: str) -> str:
        """The level word in full, lower case: "P." → "phường", "TP" → "thành phố"."""
        return self.level_abbr.get(written.strip(), " ".join(written.lower().split()))

    def expand(self, text: str) -> str:
        """Expand abbreviations word by word: "HĐND huyện" → "Hội đồng nhân dân huyện"."""
        return self._abbreviation_re.sub(lambda m: self._expansion[m.group()], text)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
