"""An article's own places: the context a bare "Huyện ủy" or "xã" is read in.

- The article's commune, district and province are the places it names most (the title
  counts three times), completed from the gazetteer.
- A sentence that names one commune gives a bare "Đảng ủy xã" in it that commune.
- A place name the gazetteer knows in several provinces is the one in the article's own.

Sentences are indexed once (:class:`BySentence`), so what a sentence names is found
without walking the whole article for every title.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Place, gazetteer
from .recognize import PlacePhrase
from .relate import Relations

__all__ = ["BySentence", "Context", "article_context", "pick"]


class BySentence:
    """The sentence of an offset, and the items (places, organizations) each sentence holds."""

    def __init__(self, rel: Relations):
        self.starts = [s.start for s in rel.sentences]
        self.sentences = rel.sentences
        self.places = self._group(rel.places)
        self.orgs = self._group(rel.orgs)

    def index(self, at: int) -> int | None:
        k = bisect_right(self.starts, at) - 1
        return k if k >= 0 and at < self.sentences[k].end else None

    def _group(self, items) -> dict[int, list]:
        groups: dict[int, list] = {}
        for item in items:
            k = self.index(item.start)
            if k is not None:
                groups.setdefault(k, []).append(item)
        return groups

    def places_at(self, at: int) -> list[PlacePhrase]:
        k = self.index(at)
        return self.places.get(k, []) if k is not None else []

    def orgs_at(self, at: int) -> list:
        k = self.index(at)
        return self.orgs.get(k, []) if k is not None else []


@dataclass
class Context:
    district: Place | None
    province: Place | None
    commune: Place | None = None  # an article about one commune, ward or special zone
    # a bare level word ("Đảng ủy xã") → the one unit of that level its sentence names
    nearby: dict[int, Place] = field(default_factory=dict)

    def default(self, level: str | None) -> Place | None:
        if level == "commune":
            return self.commune
        if level == "district":
            return self.district
        if level == "province":
            return self.province
        if level == "city":
            if self.district and self.district.kind == "thành phố":
                return self.district
            if self.province and self.province.kind == "thành phố":
                return self.province
        return None


def pick(phrase: PlacePhrase | None, ctx: Context) -> Place | None:
    if not phrase:
        return None
    if not phrase.name:
        return ctx.nearby.get(id(phrase)) or ctx.default(phrase.level_word)
    if not phrase.places:
        return None
    # the article's district, else its province (an article's commune lies in its province);
    # a unit that had ended lies in one of the provinces the article's 2025 province was formed from
    for anchor in (ctx.district, ctx.province):
        if anchor:
            provinces = {anchor.province}
            if anchor.era == "2025" and anchor.level == "province" and phrase.places[0].era == "legacy":
                provinces |= {q.name for q in gazetteer("legacy").predecessors(anchor)}
            for p in phrase.places:
                if p.province in provinces and (p.level != "commune" or not ctx.district
                                                or p.district == ctx.district.name):
                    return p
    if ctx.province and phrase.level_word == "commune" and phrase.places[0].era == "2025":
        # "các xã Tam Đa, Nguyên Hòa" in a 2026 article about Hưng Yên: the old communes of
        # that province, not the new xã Tam Đa of another one
        legacy = gazetteer("legacy")
        named = legacy.lookup(phrase.name, "commune")
        merged = {q.name for q in legacy.predecessors(ctx.province)} if ctx.province.era == "2025" else set()
        old = [p for p in named if p.province == ctx.province.name] or [p for p in named if p.province in merged]
        if len({p.key for p in old}) == 1:
            return old[0]
    current = [p for p in phrase.places if p.era == phrase.places[0].era]
    return current[0] if len(current) == 1 or current[0].level == "province" else None


def article_context(rel: Relations, title_span: tuple[int, int] | None, era: str,
                    index: BySentence) -> Context:
    """The article's own commune, district and province: the places it names most (the
    title counts three times), completed from the gazetteer ("xã Tống Trân" lies in Hưng
    Yên even if the article never says so)."""
    communes: Counter[str] = Counter()  # by place key: two communes may share a name
    commune_at: dict[str, Place] = {}
    districts: Counter[tuple[str, str]] = Counter()
    provinces: Counter[str] = Counter()
    in_title: set[tuple[str, str]] = set()
    for phrase in rel.places:
        titled = bool(title_span and title_span[0] <= phrase.start < title_span[1])
        weight = 3 if titled else 1
        for p in phrase.places[:1] if len(phrase.places) == 1 else phrase.places:
            if p.era != era:
                continue  # a unit that had ended is a mention, not the article's place
            if p.level == "commune" and phrase.level_word == "commune":
                communes[p.key] += weight / len(phrase.places)
                commune_at[p.key] = p
                if titled:
                    in_title.add(p.key)
            if p.level == "district" and (phrase.level_word in ("district", "city", None)):
                districts[(p.name, p.province)] += weight / len(phrase.places)
            if p.level == "province" and phrase.level_word in ("province", "city", None):
                provinces[p.name] += weight / len(phrase.places)
    gaz = gazetteer(era)
    province = provinces.most_common(1)[0][0] if provinces else None
    district = None
    if districts:
        ranked = sorted(districts.items(), key=lambda kv: (-kv[1], kv[0][1] != province))
        name, prov = ranked[0][0]
        candidates = [p for p in gaz.lookup(name, "district") if province in (None, p.province)
                      and p.era == era]
        if len({p.province for p in candidates}) == 1:
            district = candidates[0]
            province = province or district.province
    commune = None
    if communes:
        ranked = sorted(communes.items(), key=lambda kv: (-kv[1], commune_at[kv[0]].province != province))
        top = commune_at[ranked[0][0]]
        clear = len(ranked) == 1 or ranked[0][1] > ranked[1][1]
        # since 2025 the commune is the unit under the province, so the one the article names
        # most is its own, unless it names its province more; before, only one its title
        # names (a district article names many)
        if clear and (era == "2025" and ranked[0][1] >= max(provinces.values(), default=0)
                      or top.key in in_title) and province in (None, top.province) \
                and (district is None or top.district == district.name):
            commune = top
            province = province or commune.province
    prov_places = [p for p in gaz.lookup(province, "province") if p.era == era] if province else []
    ctx = Context(district, prov_places[0] if prov_places else None, commune)
    # "Tại xã Hoằng Hóa, đồng chí X giữ chức Bí thư Đảng ủy xã": the sentence names its commune
    for inside in index.places.values():
        for phrase in inside:
            if phrase.name or phrase.level_word not in ("commune", "district"):
                continue
            # (a unit that had ended is no bare "xã" of a newer article: "Chủ tịch HĐND xã,
            # nguyên Chủ tịch UBND xã Nhật Quang" in 2026 is the chairman of the new commune)
            named = {p.key: p for ph in inside if ph.name and ph.level_word == phrase.level_word
                     and (p := pick(ph, ctx)) is not None and p.era == era}
            if len(named) == 1:
                ctx.nearby[id(phrase)] = next(iter(named.values()))
    return ctx


