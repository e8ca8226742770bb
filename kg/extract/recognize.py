"""Recognition: one sentence → a flat list of typed items.

The scanner walks the sentence word by word and, at each word, tries the
domain lexicons longest-first: honorifics and ranks (cues), titles (roles,
each with the organization phrase that completes it), organizations, places
(a level word and a name the gazetteer knows), person names (a run of
capitalized syllables that starts with a family name), and the trigger words
the relation stage needs (participation verbs, status markers, event nouns).
Everything else is a plain word or a separator.

Names that no cue or title vouches for are checked against underthesea's
part-of-speech tags: they must be proper nouns (``Np``) with the same
boundaries. That is the one place kg pays for a tagger, and only for the few
sentences that need it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import NAMED_IN_FULL, Place, gazetteer
from .lexicon import OrgEntry, lexicon
from .normalize import match_key
from .verbs import FIRST_WORDS, status_or_part

__all__ = ["Item", "OrgPhrase", "PlacePhrase", "RoleMention", "scan"]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SEPARATORS = {",", ";", ":", "-", "–", "—", "(", ")", "/"}

# words that end an organization's own name ("Sở Y tế tỉnh", "… Đảng ủy đã …")
_NAME_STOP = {"của", "tại", "về", "đã", "đang", "sẽ", "cùng", "với", "trong", "cho", "để",
              "nhằm", "có", "là", "được", "thì", "do", "theo", "các", "những", "này", "đó",
              "nhiệm", "khóa", "lần", "và", "năm", "ngày", "tháng", "vào", "từ", "đến", "như",
              "trên", "dưới", "khi", "sau", "trước", "đề", "yêu", "nhấn", "đánh", "chỉ", "thăm",
              "tặng", "trao", "làm", "tiếp", "dự", "chủ", "phát", "kết", "báo", "trình", "nêu",
              "chưa", "không", "cũng", "vẫn", "đều", "luôn", "phải", "cần", "rất", "còn", "mới",
              "bị", "hoặc", "trực", "thuộc", "cấp", "các", "vừa", "hãy", "liền", "ngay", "kiêm"}
_ANAPHORA = "nhà trường"
_FORMER = re.compile(r"\s*\(?cũ\)?(?!\w)|\s+trước (?:khi )?sáp nhập\b", re.IGNORECASE)
_LOWER_NAMED = {"hospital", "school", "center", "company", "branch", "trade_union", "management_board",
                "steering_committee"}
_STEMS = {"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
_BRANCHES = {"Tý", "Sửu", "Dần", "Mão", "Mẹo", "Thìn", "Tỵ", "Tị", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
# Words that open a clause when a name runs into them (recognize.opens_clause).
_TIME_WORDS = {"Chiều", "Sáng", "Tối", "Trưa", "Đêm", "Ngày", "Hôm", "Năm", "Tháng", "Đầu", "Cuối"}
# (never words that are also given names: "Phạm Minh Chính", "Nguyễn Thị Như", "Lê Văn Tiếp")
_CLAUSE_WORDS = {"Theo", "Tại", "Trong", "Sau", "Khi", "Với", "Về", "Từ", "Nhưng", "Còn", "Cùng", "Thay",
                 "Đây", "Để", "Nếu", "Do", "Vì", "Bên", "Trước", "Qua", "Riêng", "Ngoài", "Tuy",
                 "Đến", "Cũng", "Ngay", "Đó", "Này", "Và", "Hoặc", "Lúc", "Suốt", "Giữa"}
_LONG_NAME_PREFIXES = {"Y", "Ksor", "Siu", "Rơ", "Kpă", "Nay", "Rah"}
# a word that ends a body's name, but not before these: "Công ty Phát điện 1", "Chi nhánh cấp nước"
_TRADES = {"cấp": {"nước", "thoát", "điện"}, "phát": {"điện", "triển", "thanh", "hành", "hình"}}
# the settlements of a commune, which have a Party cell but no unit in the gazetteer:
# "chi bộ thôn Đồng Lư", "Chi bộ ấp 3"
SETTLEMENTS = frozenset({"thôn", "ấp", "bản", "xóm", "buôn", "làng", "khóm", "khu", "tổ", "sóc", "phum"})
# the words of namesake_words.txt that name a street: a name once given one is the street's
# throughout the article (relate.py), since a person is rarely named the way a street is
_STREET_WORDS = frozenset({"đường", "phố", "ngõ", "hẻm", "nút giao", "giao lộ", "vòng xoay", "ngã tư",
                           "ngã ba", "đại lộ", "quốc lộ"})
_SCHOOL_TYPES = {"thpt", "thcs", "ptth", "ptcs", "th", "mầm", "tiểu"}
# after these a capitalized run is a namesake only if it reads as a person's name: "Đại học
# Bách khoa" is a field, "Đại học Tôn Đức Thắng" a namesake, "Tiểu học Kim Đồng" too
_HIGHER_TYPES = {"đh", "học", "đẳng"}
_COMMITTEE_KINDS = {"party_committee", "people_council", "people_committee", "central_committee",
                    "fatherland_front", "national_assembly", "government", "party_organization",
                    "mass_organization", "youth_union"}
# Units named with the body they belong to: "Cục Kinh tế Bộ Quốc phòng", "Phòng Tài nguyên
# nước Sở TN&MT tỉnh X", "Ban cán sự đảng Bộ Tư pháp", "Văn phòng UBND tỉnh".
_UNIT_KINDS = {"department_unit", "general_department", "office", "center", "branch", "board",
               "committee", "party_cadre_committee", "management_board", "steering_committee",
               "military_unit", "faculty"}
_UNIT_PARENT_KINDS = frozenset(_COMMITTEE_KINDS | {"ministry", "general_department", "department",
                                                   "government_office", "government_inspectorate",
                                                   "state_bank", "company", "department_unit",
                                                   "military_region", "military_command", "hospital",
                                                   "university", "academy"})


@dataclass
class PlacePhrase:
    start: int
    end: int
    level_word: str | None  # "huyện", "tỉnh" … as a level name: province | district | city | commune
    name: str | None  # short name, None for a bare "huyện"
    places: list[Place] = field(default_factory=list)
    word: str = ""  # the level word as written, lower case: "xã", "thị trấn", "thành phố"


@dataclass
class OrgPhrase:
    start: int
    end: int
    entry: OrgEntry
    place: PlacePhrase | None = None
    parent: OrgPhrase | None = None
    free: str | None = None  # the organization's own name after its head ("Y tế" in "Sở Y tế")
    co_parent: OrgPhrase | None = None  # "Văn phòng HĐND và UBND huyện": the second body
    anaphor: bool = False  # "nhà trường": the body of that kind the article names elsewhere


@dataclass
class RoleMention:
    start: int
    end: int
    role: str
    org: OrgPhrase | None
    implied: str | None  # organization named inside the title ("Tỉnh ủy" of "Tỉnh ủy viên")
    status: str = "current"
    country: str | None = None  # a foreign state the title belongs to ("Thủ tướng Lào")
    host: str | None = None  # for an ambassador: the country posted to ("Đại sứ Việt Nam tại Nhật Bản")
    given: bool = False  # named after "giữ chức", "làm": the post a ceremony or session gives


@dataclass
class Item:
    kind: str  # cue name shortname notperson role org place part status event sep word
    start: int
    end: int
    text: str
    data: Any = None


@lru_cache(maxsize=2)
def _lower(text: str) -> str:
    # scan() runs once per sentence over the whole document's text: lower-case it once
    # per document, not once per sentence (that was quadratic in the article's length)
    return text.lower()


class _Scanner:
    def __init__(self, text: str, start: int, end: int, era: str = "legacy"):
        self.lex = lexicon()
        self.gaz = gazetteer(era)
        self.text = text
        self.low = _lower(text)
        self.end = end
        self.tokens = [(m.start(), m.end(), m.group())
                       for m in _TOKEN.finditer(text, start, end)]
        self.lows = [t[2].lower() for t in self.tokens]
        self.starts = [t[0] for t in self.tokens]

    # -- helpers over tokens -------------------------------------------------
    def index_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def is_cap(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i][2][0].isupper() and self.tokens[i][2].isalpha()

    def adjacent(self, i: int) -> bool:
        """Token i follows token i-1 after exactly one space (no line break, no punctuation)."""
        return self.text[self.tokens[i - 1][1]:self.tokens[i][0]] == " "

    def match(self, regex: re.Pattern, i: int) -> re.Match | None:
        if i >= len(self.tokens):
            return None
        heads = self.lex.heads.get(id(regex))
        if heads is not None and self.lows[i] not in heads:
            return None
        return regex.match(self.text, self.tokens[i][0], self.end)

    def cap_run(self, i: int, allow_digits: bool = False, limit: int = 6) -> int:
        """Index after the run of capitalized words starting at i."""
        j = i
        while j < len(self.tokens) and j - i < limit:
            tok = self.tokens[j][2]
            ok = self.is_cap(j) or (allow_digits and tok.isdigit())
            if not ok or (j > i and not self.adjacent(j)):
                break
            j += 1
        return j

    def words(self, i: int, j: int) -> str:
        j = min(j, len(self.tokens))
        return self.text[self.tokens[i][0]:self.tokens[j - 1][1]] if j > i else ""

    # -- places ----------------------------------------------------------------
    def place_name(self, i: int, level: str | None) -> tuple[int, list[Place]]:
        """Longest capitalized run at i that the gazetteer knows (at ``level``)."""
        levels = {"province": ["province"], "district": ["district"], "commune": ["commune"],
                  "city": ["province", "district"], None: ["province", "district", "commune"]}[level]
        j = self.cap_run(i, allow_digits=True, limit=self.gaz.max_words)
        for k in range(j, i, -1):
            name = self.words(i, k)
            found = [p for lv in levels for p in self.gaz.lookup(name, lv)]
            if level == "city":
                # "TP Yên Bái" is the city under tỉnh Yên Bái; "TP Đà Nẵng" the centrally-run city
                found = [p for p in found if p.kind == "thành phố"] or found
            if found:
                return k, found
        return i, []

    def parse_place(self, i: int) -> PlacePhrase | None:
        m = self.match(self.lex.level_re, i)
        if not m:
            return None
        level = self.lex.level_of(m.group())
        word = self.lex.level_word(m.group())
        j = self.index_at(m.end())
        # "TP.HCM", "TP. Hồ Chí Minh"
        rest = self.text[m.start():self.end]
        for abbr, expansion in self.lex.abbreviations:
            if expansion == "Thành phố Hồ Chí Minh" and rest.startswith(abbr):
                stop = m.start() + len(abbr)
                return PlacePhrase(m.start(), stop, "province", "Hồ Chí Minh",
                                   self.gaz.lookup("Hồ Chí Minh", "province"))
        if j < len(self.tokens) and self.tokens[j][2] == ".":
            j += 1
        k, places = self.place_name(j, level)
        if places:
            same_kind = [p for p in places if p.kind == word]  # "thị trấn Chợ Gạo", not "xã Chợ Gạo"
            places = same_kind or places
            end = self.tokens[k - 1][1]
            former = _FORMER.match(self.text, end, self.end)
            if former:
                # "huyện Phù Cừ cũ", "xã Tam Đa (cũ)": a unit that ended, from the old table
                old = [p for p in gazetteer("legacy").lookup(self.words(j, k), places[0].level)
                       if p.kind == word] or [p for p in places if p.era == "legacy"]
                places, end = old or places, former.end()
            return PlacePhrase(m.start(), end, level, self.words(j, k), places, word)
        run = self.cap_run(j, allow_digits=True, limit=3)
        if j < len(self.tokens) and self.tokens[j][2].isdigit():
            run = j + 1  # "Q.1 Nguyễn Văn An", "phường 5": the number is the unit's whole name
        if run > j and self.starts_person(j) and not self.tokens[j][2].isdigit():
            run = j  # "Chủ tịch HĐND phường Nguyễn Thành Trung": the ward is the article's, the name a person's
        if run > j and level == "commune" or (run > j and self.tokens[j][2].isdigit()):
            # a commune or numbered ward the gazetteer lacks: keep the name as written
            return PlacePhrase(m.start(), self.tokens[run - 1][1], level, self.words(j, run), [], word)
        return PlacePhrase(m.start(), m.end(), level, None, [], word)

    # -- organizations ---------------------------------------------------------
    def parse_org(self, i: int, head: str | None = None, parent_only: bool = False,
                  kinds: frozenset[str] | None = None) -> OrgPhrase | None:
        if i >= len(self.tokens):
            return None
        start = self.tokens[i][0]
        if head:
            # "Trưởng ban Nội chính": the title swallowed "ban"; look the board up as "Ban Nội chính"
            entry, j = self.fused_org(i, head)
        else:
            m = self.match(self.lex.org_re, i)
            if not m:
                return None
            entry, j = self.lex.orgs[match_key(m.group())], self.index_at(m.end())
        if parent_only and entry.kind not in (kinds or _COMMITTEE_KINDS):
            return None
        not_body = self.lex.not_bodies_re.match(self.text, start, self.end)
        if not_body and not_body.end() > (self.tokens[j - 1][1] if j > i else start):
            return None  # "Bộ Luật Hình sự", "Bộ Quy tắc ứng xử" (but "Bộ đội Biên phòng" is a body)
        org = OrgPhrase(start, self.tokens[j - 1][1] if j > i else start, entry)
        if entry.attach == "name":
            level = entry.level if entry.name != "Thành ủy" else "city"
            k, places = self.place_name(j, level)
            if places:
                org.place = PlacePhrase(self.tokens[j][0], self.tokens[k - 1][1], level,
                                        self.words(j, k), places)
                j = k
            else:
                # "Thành ủy TP.HCM", "Thành ủy thành phố Hội An": the place with its level word
                place = self.parse_place(j)
                if place and place.places:
                    org.place, j = place, self.index_at(place.end)
        elif entry.attach in ("place", "parent", "free"):
            if entry.attach == "parent":
                unit = entry.kind in _UNIT_KINDS
                parent = self.parse_org(j, parent_only=True, kinds=_UNIT_PARENT_KINDS if unit else None)
                if parent:
                    org.parent, j = parent, self.index_at(parent.end)
                    if j < len(self.tokens) and self.tokens[j][2].lower() == "và":
                        second = self.parse_org(j + 1, parent_only=True)
                        if second:
                            org.co_parent, j = second, self.index_at(second.end)
            ministry = self.match(self.lex.ministry_re, j) \
                if entry.kind in ("ministry", "department", "office") else None
            if ministry and self.index_at(ministry.end()) < self.free_name(j, province_named=True):
                ministry = None  # "Sở Khoa học Công nghệ và Môi trường": a longer, older name
            if ministry:  # "Bộ NN&PTNT", "Sở GD-ĐT": an abbreviation the word scanner would split
                org.free, j = ministry.group(), self.index_at(ministry.end())
            elif entry.attach == "free" or (entry.attach == "place" and entry.kind.startswith("party")):
                # "Đảng ủy cơ quan chính quyền", "Bệnh viện đa khoa huyện X", "Tổng công ty cấp nước
                # Sài Gòn": a capitalized head whose own name starts in lower case
                k = self.free_name(j, lowercase_ok=self.is_cap(i) and (entry.kind.startswith("party")
                                                                        or entry.kind in _LOWER_NAMED)
                                   or (entry.kind == "party_cell" and j < len(self.tokens)
                                       and self.lows[j] in SETTLEMENTS),
                                   company=entry.kind in ("company", "bank", "bus_station", "port"),
                                   province_named=entry.level == "province")
                if k > j:
                    org.free, j = self.words(j, k), k
                if entry.kind in _UNIT_KINDS:
                    # "Ban Tư tưởng - Văn hóa T.Ư", "Ủy ban Đối ngoại của QH", "Cục Kinh tế Bộ Quốc phòng"
                    at = j + 1 if j < len(self.tokens) and self.tokens[j][2] == "của" else j
                    parent = self.parse_org(at, parent_only=True, kinds=_UNIT_PARENT_KINDS)
                    if parent:
                        org.parent, j = parent, self.index_at(parent.end)
            if not org.parent:
                place = self.parse_place(j)
                parent = None if place or entry.kind != "inspectorate" else \
                    self.parse_org(j, parent_only=True, kinds={"ministry"})
                if parent:  # "Thanh tra Bộ Công an": a ministry's inspectorate
                    org.parent, j = parent, self.index_at(parent.end)
                elif place:
                    org.place, j = place, self.index_at(place.end)
                elif entry.attach in ("place", "free") and entry.level == "province" and self.adjacent(j) \
                        if 0 < j < len(self.tokens) else False:
                    # "Đoàn ĐBQH Đồng Nai", "Sở TN&MT Yên Bái": a province's body may name it bare
                    k, places = self.place_name(j, "province")
                    if places:
                        org.place = PlacePhrase(self.tokens[j][0], self.tokens[k - 1][1], "province",
                                                self.words(j, k), places)
                        j = k
        org.end = max(org.end, self.tokens[j - 1][1]) if j > i else org.end
        return org

    def fused_org(self, i: int, head: str) -> tuple[OrgEntry, int]:
        probe = head + " " + self.text[self.tokens[i][0]:self.end]
        m = self.lex.org_re.match(probe)
        entry = self.lex.orgs.get(match_key(m.group())) if m else None
        if entry and match_key(m.group()) != match_key(head):
            consumed = len(m.group()) - len(head) - 1
            return entry, self.index_at(self.tokens[i][0] + consumed)
        generic = self.lex.orgs[match_key(head)]
        return generic, i  # the board's own name is read as a free name

    def free_name(self, i: int, lowercase_ok: bool = False, company: bool = False,
                  province_named: bool = False) -> int:
        """Index after an organization's own name: "Y tế", "Giáo dục và Đào tạo"; for a
        provincial body (``province_named``) the name ends where a province's name starts."""
        j, lower_run = i, 0
        while j < len(self.tokens) and j - i < 10:
            tok = self.tokens[j][2]
            low = tok.lower()
            if tok == "," and j > i and self.lows[j - 1] == "phòng" and j + 1 < len(self.tokens) \
                    and self.lows[j + 1] == "chống":
                j += 1  # "Cục Phòng, chống tham nhũng": prevention and combat, one name
                continue
            if j > i and not self.adjacent(j) and tok not in "-–&":
                break
            school_name = j > i and self.lows[j - 1] in _SCHOOL_TYPES
            if school_name and self.is_cap(j):
                j = self.cap_run(j, limit=3)  # "Trường THPT Lê Lợi": a namesake, part of the name
                break
            if j == i + 1 and self.lows[i] in SETTLEMENTS and self.is_cap(j):
                j = self.cap_run(j, limit=3)  # "thôn Đồng Lư": a settlement's name, whatever it is
                break
            if j > 0 and j - i <= 2 and self.lows[j - 1] in _HIGHER_TYPES:
                # "Trường ĐH Y Hà Nội", "Đại học Y khoa Phạm Ngọc Thạch": medicine, no Ê Đê name
                if tok == "Y":
                    j += 1 + (j + 1 < len(self.tokens) and self.lows[j + 1] in ("khoa", "dược"))
                if self.starts_person(j):  # "Trường ĐH Tôn Đức Thắng": a namesake, part of the name
                    j = self.cap_run(j, limit=4)
                    break
                if tok == "Y":
                    continue
            if company and self.starts_person(j) and self.cap_run(j, limit=3) - j <= 2 \
                    and not self.is_cap(self.cap_run(j, limit=3)):
                j = self.cap_run(j, limit=2)  # "Công ty Cổ phần Xây dựng Hoàng Phát": a brand
                break
            # "Tài nguyên", "Khai tân": inside a name, "nguyên" and "tân" mark no status
            if (not self.is_cap(j) and not (j > i and low in ("nguyên", "tân", "cựu"))
                    and low in FIRST_WORDS
                    and status_or_part(self.low, self.tokens[j][0], self.end, self.text)) \
                    or self.match(self.lex.level_re, j) or self.match(self.lex.role_re, j) \
                    or self.match(self.lex.cue_re, j) or self.match(self.lex.event_re, j) \
                    or self.starts_person(j):
                break
            if j > i and (head := self.match(self.lex.org_re, j)) and self.is_cap(j) \
                    and not self.place_name(j - 1, "province")[0] > j \
                    and self.lex.orgs[match_key(head.group())].kind != "university" \
                    and not (j + 1 < len(self.tokens) and self.lows[j + 1] == "học"):
                # a body starts here (not the second word of a province: "Cảng Hải Phòng"; not
                # a level of education, which no unit belongs to: "Vụ Giáo dục Đại học"; not
                # a science: "Đại học Khoa học Tự nhiên")
                break
            if j > i and province_named and self.is_cap(j) and (found := self.place_name(j, "province")[1]) \
                    and found[0].name not in NAMED_IN_FULL:
                break  # "Sở Tài nguyên và Môi trường Yên Bái": the province ends a provincial body's name
            if self.is_cap(j) or tok.isdigit():
                lower_run = 0
            elif tok in "-–&" or low == "và":
                if not self.is_cap(j + 1):
                    break
            elif tok.isalpha() and (low not in _NAME_STOP or self._trade(j)) and (j > i or lowercase_ok):
                lower_run += 1
                if lower_run > (4 if lowercase_ok else 3):
                    break
            else:
                break
            j += 1
        while j > i and self.tokens[j - 1][2].lower() in ("và", "-", "–", "&"):
            j -= 1  # "Bộ Công an và PGS.TS …": the conjunction joins persons, not the name
        return j

    def _trade(self, j: int) -> bool:
        """ "cấp nước", "phát điện", "phát triển": a body's trade, inside its name, though the
        word alone ends one ("UBND các cấp", "… phát biểu")."""
        return j + 1 < len(self.tokens) and self.lows[j + 1] in _TRADES.get(self.lows[j], ())

    def country_at(self, i: int) -> tuple[str | None, int]:
        """(country, token index after it) if a country's name starts at token i.

        A one-word country that is also a given name ("Đức", "Anh", "Nga", "Mỹ") counts only
        before a name that is not Vietnamese ("Bộ trưởng Quốc phòng Mỹ James Mattis"), since
        "Bộ trưởng Đức" is also how the press refers to a minister called Đức.
        """
        m = self.match(self.lex.country_re, i)
        if not m:
            return None, i
        j = self.index_at(m.end())
        if " " not in m.group() and "-" not in m.group() and len(m.group()) <= 4:
            if not (self.is_cap(j) and match_key(self.tokens[j][2]) not in self.lex.surnames):
                return None, i
        return self.lex.countries[match_key(m.group())], j

    # -- persons ---------------------------------------------------------------
    def starts_person(self, i: int) -> bool:
        return bool(self.is_cap(i) and match_key(self.tokens[i][2]) in self.lex.surnames
                    and self.is_cap(i + 1) and self.adjacent(i + 1)
                    and not self.gaz.lookup(self.words(i, self.cap_run(i, limit=4)), "province"))

    def parse_name(self, i: int) -> tuple[str, int] | None:
        if not self.is_cap(i):
            return None
        j = self.cap_run(i, limit=5)
        m = self.match(self.lex.country_re, i)
        if m and self.index_at(m.end()) >= j and j - i >= 2:
            return "notperson", j  # "Mông Cổ", "Trung Quốc": a country, however it is spelled
        # a place name glued before a name: "Thành ủy Hà Nội Hoàng Trung Hải" is parsed
        # by the organization; here only the name itself is left.
        for k in range(min(j, i + 4), i + 1, -1):
            key = match_key(self.words(i, k))
            if key in self.lex.not_persons:
                return "notperson", k
        if match_key(self.tokens[i][2]) not in self.lex.surnames or j - i < 2:
            return None
        # Ê Đê and Jarai names run to five syllables after their prefix: "Y Thanh Hà Niê Kđăm"
        end = min(j, i + (5 if self.tokens[i][2] in _LONG_NAME_PREFIXES else 4))
        while end - i > 2 and self.opens_clause(end - 1):
            end -= 1  # "Đinh La Thăng Chiều 5/2 …", "Nguyễn Văn A Theo ông …": the name ends before
        if end - i == 2 and self.tokens[i][2] in _STEMS and self.tokens[i + 1][2] in _BRANCHES:
            return "notperson", end  # "Đinh Dậu", "Bính Thân": a year of the sexagenary cycle
        for k in range(min(j, i + 3), i + 1, -1):
            if self.gaz.lookup(self.words(i, k), "province"):
                return "notperson", k  # "Hà Nội", "Đồng Nai" are never persons, even after a title
        return "name", end

    def opens_clause(self, k: int) -> bool:
        """Token k, capitalised, starts the next clause rather than ending a name.

        Scraped bodies run sentences and captions together without a stop: "… Đinh La
        Thăng Chiều 5/2, …". A given name can be "Sáng" or "Đồng", so the word alone does not
        decide; what follows it does.
        """
        word, after = self.tokens[k][2], self.tokens[k + 1][2] if k + 1 < len(self.tokens) else ""
        if self.match(self.lex.cue_re, k) and match_key(word) not in ("anh", "chị", "em", "cụ"):
            cue = self.match(self.lex.cue_re, k)
            nxt = self.index_at(cue.end())
            return self.is_cap(nxt)  # "… Hội Đồng chí Đỗ Kim Hội", "… Nhân Ông Thăng"
        if word in _TIME_WORDS:
            return after[:1].isdigit() or after.lower() in ("nay", "qua", "mai", "ngày", "hôm", "tới")
        if word in _CLAUSE_WORDS:
            return bool(after) and (after[:1].islower() or after[:1].isdigit())
        return word == "Hiện" and after.lower() in ("nay", "tại", "là", "đang")


def scan(text: str, start: int, end: int, era: str = "legacy") -> list[Item]:
    """Items of the sentence ``text[start:end]``, with document offsets; places are read
    against the gazetteer of ``era`` (gazetteer.era_of)."""
    sc = _Scanner(text, start, end, era)
    lex = sc.lex
    items: list[Item] = []
    i, n = 0, len(sc.tokens)
    low = sc.low
    # a lower-case word that starts no phrase of any lexicon is a plain word: most words are
    starters = _starters(lex)
    while i < n:
        s, e, tok = sc.tokens[i]
        if sc.lows[i] not in starters and not tok[0].isupper():
            items.append(Item("sep" if tok in _SEPARATORS else "word", s, e, tok))
            i += 1
            continue
        found = status_or_part(low, s, end, text) if sc.lows[i] in FIRST_WORDS else None
        if found:
            item = Item(found[0], s, found[1], found[2], found[3])
            items.append(item)
            i = sc.index_at(item.end)
            continue
        m = sc.match(lex.cue_re, i)
        if m and (sc.is_cap(sc.index_at(m.end())) or match_key(m.group()).startswith(("đồng chí", "các đồng chí", "đ/c"))):
            items.append(Item("cue", s, m.end(), m.group()))
            i = sc.index_at(m.end())
            continue
        m = sc.match(lex.role_re, i)
        if m:
            role = _role(sc, i, m)
            if role:
                items.append(Item("role", s, role.end, text[s:role.end], role))
                i = sc.index_at(role.end)
                continue
        org = sc.parse_org(i) if sc.match(lex.org_re, i) else None
        if org and org.entry.attach == "free" and not sc.is_cap(i):
            org = None  # "cơ sở", "ban hành": a generic head in lower case is not a body
        if org and org.entry.attach == "free" and sc.starts_person(i) and not org.place \
                and not org.parent:
            org = None  # "Đoàn Xuân Trường": a family name that is also a generic head
        if org and (org.entry.attach != "free" or org.free or org.place):
            items.append(Item("org", s, org.end, text[s:org.end], org))
            i = sc.index_at(org.end)
            continue
        place = sc.parse_place(i)
        if place and place.name:
            items.append(Item("place", s, place.end, text[s:place.end], place))
            i = sc.index_at(place.end)
            continue
        m = sc.match(lex.event_re, i)
        if m:
            items.append(Item("event", s, m.end(), m.group(), lex.event_triggers[match_key(m.group())]))
            i = sc.index_at(m.end())
            continue
        named = sc.parse_name(i)
        if items and items[-1].kind == "role" and items[-1].data.country and sc.is_cap(i) \
                and items[-1].end < s:
            # after a foreign title the name is foreign: "Thủ tướng Lào Thongloun Sisoulith"
            named = ("name", sc.cap_run(i, limit=4))
        elif not named and items and items[-1].kind == "cue" and items[-1].end < s:
            # after "ông", "bà", "ngài" a name in Latin letters alone is a foreigner's:
            # "ông Tony Williams", "ngài Mahn Win Khaing Than"
            k = sc.cap_run(i, limit=5)
            if k - i >= 2 and all(sc.tokens[x][2].isascii() for x in range(i, k)):
                named = ("name", k)

        if named:
            kind, k = named
            street = None
            if kind == "name" and not (items and items[-1].kind in ("cue", "role")):
                namesake = lex.namesake_re.search(text[max(start, s - 25):s])
                # "nút giao Nguyễn Thái Sơn – Nguyễn Kiệm": a street listed after a street
                listed = items and items[-1].kind == "notperson" and items[-1].data == "street" \
                    and text[items[-1].end:s].strip() in ("-", "–", "—", ",", "và")
                if namesake and match_key(namesake.group()) in _STREET_WORDS or listed:
                    kind, street = "notperson", "street"
                elif namesake or sc.gaz.is_place(sc.words(i, k)) \
                        or i > 0 and sc.tokens[i - 1][2].isdigit():  # "35 Lê Thánh Tôn"
                    kind = "notperson"  # "Trường Nguyễn Trãi", "tại Cao Bằng"
            items.append(Item(kind, s, sc.tokens[k - 1][1], sc.words(i, k), street))
            i = k
            continue
        if sc.is_cap(i) and items and items[-1].kind == "cue" and items[-1].end <= s:
            items.append(Item("shortname", s, e, tok))  # "ông Hùng"
            i += 1
            continue
        items.append(Item("sep" if tok in _SEPARATORS else "word", s, e, tok))
        i += 1
    return items


@lru_cache(maxsize=1)
def _starters(lex) -> frozenset[str]:
    """Every lower-cased token a cue, title, organization, place, event, status or part can start with."""
    return frozenset().union(FIRST_WORDS, *(lex.heads[id(r)] for r in (
        lex.cue_re, lex.role_re, lex.org_re, lex.level_re, lex.event_re)))


def _role(sc: _Scanner, i: int, m: re.Match) -> RoleMention | None:
    entry = sc.lex.roles[match_key(m.group())]
    j = sc.index_at(m.end())
    org = None
    if entry.implied_org:
        implied = sc.lex.orgs[match_key(entry.implied_org)]
        parent = sc.parse_org(j, parent_only=True) if implied.attach == "parent" else None
        if parent:  # "UVBTV Tỉnh ủy": the title's own board, and whose it is
            return RoleMention(sc.tokens[i][0], parent.end, entry.role,
                               OrgPhrase(sc.tokens[i][0], parent.end, implied, parent=parent), None)
        return _foreign(sc, RoleMention(sc.tokens[i][0], m.end(), entry.role, None, entry.implied_org))
    if entry.org_head and entry.swallows_head:
        org = sc.parse_org(j, head=entry.org_head)
        if org and org.entry.name == entry.org_head and not org.free and not org.parent and not org.place:
            org = None  # (a bare "Trưởng ban"; but "Chánh Thanh tra tỉnh X" names its body)
    elif entry.org_head:
        org = sc.parse_org(j)
        if entry.org_head == "Bộ" and (not org or org.entry.name != "Bộ"):
            ministry = sc.match(sc.lex.ministry_re, j)
            if ministry:  # "Bộ trưởng Giáo dục", "Thứ trưởng NN&PTNT": the ministry without "Bộ"
                org = OrgPhrase(ministry.start(), ministry.end(), sc.lex.orgs[match_key("Bộ")],
                                free=ministry.group())
            elif org is None:
                # "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ": a minister's rank; the chain's next title is the post
                # and "Thứ trưởng Nguyễn Văn A" alone is a deputy minister, of the article's ministry
                return RoleMention(sc.tokens[i][0], m.end(), entry.role, None, None) \
                    if entry.role in ("Bộ trưởng", "Thứ trưởng") else None
        if not org or not match_key(org.entry.name).startswith(match_key(entry.org_head)):
            return None  # a bare "Trưởng" with no board after it is not a title
    else:
        org = sc.parse_org(j)
        if org is None and entry.role in _PLACE_TITLES:
            org = _place_title(sc, j, entry.role)
        if org is None and entry.role in _BRAND_TITLES:
            org = _brand(sc, j)
        if org is None and sc.low.startswith(_ANAPHORA, sc.tokens[j][0] if j < len(sc.tokens) else 0):
            # "Hiệu trưởng nhà trường": the school the article is about, resolved later
            start = sc.tokens[j][0]
            org = OrgPhrase(start, start + len(_ANAPHORA), sc.lex.orgs[match_key("Trường")], anaphor=True)
    if org is not None:
        _separated_parent(sc, org)
    end = org.end if org else m.end()
    if org and entry.org_head and entry.swallows_head:
        org.start = sc.tokens[i][0] + len(m.group()) - len(entry.org_head)
    return _foreign(sc, RoleMention(sc.tokens[i][0], end, entry.role, org, None))


# the bodies a unit of a title may name after a comma or in brackets ("Vụ trưởng Vụ Tổ chức cán
# bộ, Bộ Nội vụ", "Cục trưởng Cục Chống tham nhũng (Thanh tra Chính phủ)"): never a committee,
# which a chain names as its next post's ("Trưởng Ban Tuyên giáo, Tỉnh ủy viên")
_SEPARATED_PARENT_KINDS = frozenset({"ministry", "general_department", "department", "government_office",
                                     "government_inspectorate", "state_bank", "hospital", "institute",
                                     "university", "academy", "inspectorate", "state_audit", "military_region",
                                     "military_command"})


def _separated_parent(sc: _Scanner, org: OrgPhrase) -> None:
    """A unit in a title whose parent follows after a comma, a dash or in brackets."""
    if org.entry.kind not in _UNIT_KINDS or org.entry.kind == "party_cadre_committee" \
            or org.parent is not None or org.place is not None:
        return  # (a cadre committee's body is the chain's next post: "Bí thư Ban cán sự đảng, Bộ trưởng …")
    k = sc.index_at(org.end)
    if k + 1 >= len(sc.tokens) or sc.tokens[k][2] not in (",", "(", "-", "–") \
            or sc.match(sc.lex.role_re, k + 1):
        return  # "Trưởng ban X, Viện trưởng …": the chain goes on
    parent = sc.parse_org(k + 1, parent_only=True, kinds=_SEPARATED_PARENT_KINDS)
    if parent is None:
        return
    end = parent.end
    if sc.tokens[k][2] == "(":
        close = sc.index_at(parent.end)
        if close >= len(sc.tokens) or sc.tokens[close][2] != ")":
            return
        end = sc.tokens[close][1]
    org.parent, org.end = parent, end


# A firm or a chamber is often named by its brand alone, an acronym with or without more words:
# "Giám đốc VCCI Cần Thơ", "Tổng giám đốc Becamex IDC". Only managers' titles take one, since
# after "Bí thư" or "Chủ tịch" a capitalized run is a place or a person.
_BRAND_TITLES = frozenset({"Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc"})
_BRAND = OrgEntry("", "organization", None, "free")  # no head: the brand is the whole name


def _brand(sc: _Scanner, j: int) -> OrgPhrase | None:
    """An organization named by a brand that holds an acronym, right after a manager's title."""
    if sc.starts_person(j) or sc.match(sc.lex.org_re, j) or sc.match(sc.lex.role_re, j):
        return None
    k = sc.cap_run(j, allow_digits=True, limit=4)
    k = next((x for x in range(j + 1, k) if sc.starts_person(x)), k)  # "… FPT Trương Gia Bình"
    if k == j:
        return None
    words = [sc.tokens[x][2] for x in range(j, k)]
    if not any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words):
        return None  # a Title Case run after "Giám đốc" is a name: "Giám đốc Nguyễn Văn A"
    return OrgPhrase(sc.tokens[j][0], sc.tokens[k - 1][1], _BRAND, free=" ".join(words))


# "Bí thư Hà Nội", "Chủ tịch TP.HCM": headlines name a province's first posts by its place.
_PLACE_TITLES = {"Bí thư": "Tỉnh ủy", "Phó Bí thư": "Tỉnh ủy", "Phó Bí thư Thường trực": "Tỉnh ủy",
                 "Chủ tịch": "Ủy ban nhân dân", "Phó Chủ tịch": "Ủy ban nhân dân",
                 "Phó Chủ tịch Thường trực": "Ủy ban nhân dân"}


def _place_title(sc: _Scanner, j: int, role: str) -> OrgPhrase | None:
    """The body of "Bí thư Hà Nội" (Thành ủy Hà Nội) or "Chủ tịch Đà Nẵng" (its People's Committee)."""
    if j == 0 or j >= len(sc.tokens) or not sc.adjacent(j):
        return None
    place = sc.parse_place(j) if sc.match(sc.lex.level_re, j) else None
    if place and place.places and place.places[0].level == "province":
        end, places = place.end, place.places
    else:
        k, places = sc.place_name(j, "province")
        if not places or sc.is_cap(k) and not sc.starts_person(k) or places[0].name in NAMED_IN_FULL:
            # "Chủ tịch Hà Nội Xuân …" is no place title; "Chủ tịch Hồ Chí Minh" is a person
            return None
        end = sc.tokens[k - 1][1]
    start = sc.tokens[j][0]
    entry = sc.lex.orgs[match_key(_PLACE_TITLES[role])]
    phrase = PlacePhrase(start, end, "province", places[0].name, places, places[0].kind)
    return OrgPhrase(start, end, entry, place=phrase)


def _foreign(sc: _Scanner, role: RoleMention) -> RoleMention:
    """A title followed by a country belongs to it: "Thủ tướng Lào", "Đại sứ Việt Nam tại Nhật Bản"."""
    j = sc.index_at(role.end)
    if role.role == "Đại sứ":
        home, k = (("Việt Nam", j + 2) if sc.words(j, j + 2) == "Việt Nam" else sc.country_at(j))
        if home and k < len(sc.tokens) and sc.tokens[k][2] == "tại":
            host, k2 = (("Việt Nam", k + 3) if sc.words(k + 1, k + 3) == "Việt Nam" else sc.country_at(k + 1))
            if host:
                role.country, role.host, role.end = home, host, sc.tokens[k2 - 1][1]
                return role
        if home and home != "Việt Nam":
            role.country, role.host, role.end = home, "Việt Nam", sc.tokens[k - 1][1]
        return role
    if role.role in ("Tổng Lãnh sự", "Lãnh sự"):
        # "Tổng Lãnh sự Campuchia tại TP.HCM": a consulate is in a city of the host country
        home, k = sc.country_at(j)
        if home and k + 1 < len(sc.tokens) and sc.tokens[k][2] == "tại":
            place = sc.parse_place(k + 1)
            if place and place.places:
                role.country, role.host, role.end = home, place.places[0].full_name, place.end
                return role
    if role.implied == "Chính phủ" and match_key(sc.words(j, j + 3)) == "quốc vụ viện":
        j += 3  # "Phó Thủ tướng Quốc vụ viện Trung Quốc": China's government by its own name
    country, k = sc.country_at(j)
    if not country and role.org is not None:
        country, k = _ruling_party(sc, j, role)
    if country:
        role.country, role.end = country, sc.tokens[k - 1][1]
    return role


def _ruling_party(sc: _Scanner, j: int, role: RoleMention) -> tuple[str | None, int]:
    """(country, token index after it) when a ruling party's name follows a title's body:
    "Ủy viên Bộ Chính trị Đảng Cộng sản Trung Quốc", "Bí thư Ban Bí thư Trung ương Đảng Cộng
    sản Trung Quốc" (where the body's own name took the word "Đảng")."""
    if j >= len(sc.tokens):
        return None, j
    at = sc.tokens[j][0]
    took_party = match_key(sc.text[role.start:role.end]).endswith(" đảng")
    for country, party in sc.lex.ruling_parties.items():
        for name in (party, party.split(" ", 1)[1] if took_party else None):
            if name and match_key(sc.text[at:at + len(name)]) == match_key(name):
                return country, sc.index_at(at + len(name))
    return None, j
