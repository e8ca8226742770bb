"""Resolution: mentions → the document's entities, with canonical names.

- The article's own district and province come from the places it names (the
  title counts three times) and the gazetteer, so "Huyện ủy" in an article
  about Đô Lương is Huyện ủy Đô Lương and "tỉnh ủy" is Tỉnh ủy Nghệ An.
- Organization names are rebuilt from the lexicon's canonical heads:
  "HĐND huyện" → "Hội đồng nhân dân huyện Nam Sách", "BCH Đảng bộ tỉnh" → "Tỉnh ủy Nghệ An".
- A board without its parent ("UVBTV, Trưởng ban Nội chính tỉnh ủy") takes the
  committee of its neighbour in the same title chain, else the article's own.
- Mentions of one name are one person unless their posts put them in
  different provinces; "ông Hùng" is the last named person called … Hùng; a
  reference by role is the one person holding that role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import BySentence, Context, article_context, pick
from .gazetteer import COMMITTEE_BY_KIND, Place, gazetteer
from .lexicon import lexicon
from .model import (Document, Event, Facts, Location, Organization, Participant, Person,
                    Position, Span)
from .normalize import UPPER, canonical_case, match_key
from .recognize import SETTLEMENTS, OrgPhrase, PlacePhrase, RoleMention
from .relate import Relations

__all__ = ["resolve"]

# bodies whose own Party committee a title chain names bare: "Bí thư Đảng ủy, Giám đốc Sở …"
_BODIES_WITH_PARTY_COMMITTEES = {"company", "bank", "hospital", "school", "department", "ministry",
                                 "general_department", "department_unit", "institute", "center",
                                 "academy", "branch", "office"}
# the bodies a Ban cán sự đảng leads: ministries and People's Committees
_CADRE_PARENTS = {"ministry", "people_committee", "government_office", "government_inspectorate",
                  "state_bank", "court", "procuracy", "general_department"}
_BARE_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã", "city": "thành phố"}


@dataclass(frozen=True)
class _Org:
    name: str
    kind: str
    level: str | None
    place: Place | None
    parent: "_Org | None" = None


# the central organs of a ruling party, which a foreign title names with the party's name
_PARTY_ORGANS = frozenset({"politburo", "secretariat", "central_committee"})


class _Builder:
    def __init__(self, doc: Document, rel: Relations, ctx: Context, index: BySentence):
        self.doc, self.rel, self.ctx, self.index = doc, rel, ctx, index
        self._low = doc.text.lower()
        # "Chi cục Kiểm lâm" → "Chi cục Kiểm lâm TP Đà Nẵng": the first mention of a body with its place
        self._placed: dict[tuple[int, str], OrgPhrase] = {}
        for o in rel.orgs:
            if o.place is not None and o.free:
                self._placed.setdefault((id(o.entry), match_key(o.free)), o)
        self.lex = lexicon()
        self.orgs: dict[str, Organization] = {}
        self.locations: dict[str, Location] = {}
        self.org_info: dict[str, _Org] = {}

    # -- places and organizations -------------------------------------------
    def location(self, place: Place | None, span: tuple[int, int] | None = None) -> str | None:
        if place is None:
            return None
        key = place.key
        loc = self.locations.get(key)
        if loc is None:
            loc = Location(f"l{len(self.locations) + 1}", place.full_name, place.level,
                           place.province, place.code, era=place.era, former=place.era != self.doc.era)
            self.locations[key] = loc
        if span and Span(*span) not in loc.mentions:
            loc.mentions.append(Span(*span))
        return loc.id

    def canonical(self, org: OrgPhrase, fallback_parent: _Org | None = None) -> _Org:
        if org.anaphor:
            named = [o for o in self.rel.orgs if o.entry is org.entry and o.free]
            if len({match_key(o.free) for o in named}) == 1:
                return self.canonical(named[0])  # the one school the article names
        e = org.entry
        free = self.lex.expand(org.free) if org.free else None
        if free and free.split(" ", 1)[0] not in SETTLEMENTS:
            free = free[:1].upper() + free[1:]  # (a settlement keeps its word: "Chi bộ thôn Đồng Lư")
        if e.name == "Bộ" and org.free:
            ministry = self.lex.ministry(org.free, self.doc.era) or self.lex.ministry(free, self.doc.era)
            if ministry:  # "Bộ GD-ĐT", "Bộ Giáo dục – Đào tạo" → "Bộ Giáo dục và Đào tạo"
                return _Org(ministry, e.kind, "national", None)
        if e.name in ("Sở", "Phòng") and org.free and len(org.free.split()) > 1 or \
                e.name in ("Sở", "Phòng") and org.free and not org.free.istitle():
            # a department names its field as its ministry does: "Sở TN&MT", "Phòng GD&ĐT",
            # "Sở Tài nguyên - Môi trường" → "… Tài nguyên và Môi trường"
            ministry = self.lex.ministry(org.free, self.doc.era) or self.lex.ministry(free, self.doc.era)
            if ministry:
                free = ministry[len("Bộ "):] if ministry.startswith("Bộ ") else ministry
        if e.attach == "none":
            return _Org(e.name, e.kind, e.level, None)
        if e.attach == "name":
            level = "city" if e.name == "Thành ủy" else e.level
            place = pick(org.place, self.ctx) if org.place else self.ctx.default(level)
            if place and e.kind == "party_committee":
                return _Org(place.committee_name, e.kind, place.level, place)
            return _Org(f"{e.name} {place.name}" if place else e.name, e.kind,
                        place.level if place else e.level, place)
        if e.attach == "parent":
            parent = self.canonical(org.parent) if org.parent else fallback_parent
            if parent and org.co_parent:
                # "Văn phòng HĐND và UBND huyện": both bodies, the place named once at the end
                second = self.canonical(org.co_parent)
                return _Org(f"{e.name} {org.parent.entry.name} và {second.name}", e.kind,
                            second.level, second.place, second)
            label = parent and ("Trung ương" if parent.kind == "central_committee" else parent.name)
            return _Org(f"{e.name} {label}" if parent else e.name, e.kind,
                        parent.level if parent else None, parent.place if parent else None, parent)
        if org.parent is not None:  # "Ban Tư tưởng - Văn hóa T.Ư", "Ủy ban Đối ngoại của QH"
            parent = self.canonical(org.parent)
            label = "Trung ương" if parent.kind == "central_committee" else parent.name
            return _Org(" ".join(p for p in (e.name, free, label) if p), e.kind, parent.level,
                        parent.place, parent)
        if org.place is None and org.parent is None and org.free and e.attach == "free":
            # "Chi cục Kiểm lâm" after "Chi cục Kiểm lâm TP Đà Nẵng": the body the article named in full
            fuller = self._placed.get((id(e), match_key(org.free)))
            if fuller:
                org = OrgPhrase(org.start, org.end, e, fuller.place, None, org.free)
        place = pick(org.place, self.ctx)
        if org.place is None and e.attach == "free" and e.level in ("province", "district") and free:
            place = self.ctx.default(e.level)  # "Sở Y tế" is the article's province's
        if place is None and org.place is None and e.attach == "place" and e.level == "commune":
            # "Bí thư Đảng ủy" in a sentence, else an article, about xã Tống Trân
            place = self.sentence_commune(org.start) or self.ctx.commune
        if e.name == "Ban Chấp hành Đảng bộ" and not free:
            return self._committee(org, place)
        if e.name == "Đảng ủy" and place and place.level == "district":
            return self._committee(org, place)
        if e.name in ("Đảng ủy", "Chi bộ") and free and org.place is None:
            # "Bí thư Đảng ủy cơ quan chính quyền" in an article about "Đảng bộ Cơ quan chính
            # quyền huyện": the committee leads that party organization, so it has its place
            org = self._place_from_organization(org, free)
            place = pick(org.place, self.ctx)
        parts = [e.name] + ([free] if free else [])
        if place:
            parts += [place.kind, place.name]
        elif org.place and org.place.name:  # a unit the gazetteer cannot place: as written
            parts += [org.place.word, org.place.name]
        elif org.place and org.place.level_word:
            parts.append(org.place.word or _BARE_WORD.get(org.place.level_word, ""))
        return _Org(" ".join(p for p in parts if p), e.kind, place.level if place else e.level, place)

    def _place_from_organization(self, org: OrgPhrase, free: str) -> OrgPhrase:
        for other in self.rel.orgs:
            if other.entry.name == "Đảng bộ" and other.free and other.place \
                    and match_key(self.lex.expand(other.free)) == match_key(free):
                return OrgPhrase(org.start, org.end, org.entry, other.place, None, org.free)
        return org

    def _committee(self, org: OrgPhrase, place: Place | None) -> _Org:
        if place is None:
            word = _BARE_WORD.get(org.place.level_word if org.place else "", "")
            name = COMMITTEE_BY_KIND.get(word, "Đảng ủy")
            return _Org(name, "party_committee", None, None)
        return _Org(place.committee_name, "party_committee", place.level, place)

    def org_id(self, info: _Org, span: tuple[int, int] | None = None) -> str:
        key = match_key(info.name)
        org = self.orgs.get(key)
        if org is None:
            parent_id = self.org_id(info.parent) if info.parent else None
            org = Organization(f"o{len(self.orgs) + 1}", info.name, info.kind,
                               "national" if info.level is None and info.kind in
                               ("politburo", "central_committee", "secretariat", "government",
                                "national_assembly", "ministry") else
                               ("province" if info.level == "city" else info.level),
                               self.location(info.place), parent_id)
            self.orgs[key] = org
            self.org_info[org.id] = info
        if span and Span(*span) not in org.mentions:
            org.mentions.append(Span(*span))
        return org.id

    def role_org(self, role: RoleMention, chain: list[RoleMention]) -> _Org | None:
        if role.country:
            return self.foreign_org(role)
        country = next((r.country for r in chain[chain.index(role) + 1:]
                        if r.country and r.role != "Đại sứ"), None)
        if country and role.role != "Đại sứ":
            # "Tổng Bí thư, Chủ tịch nước Trung Quốc Tập Cận Bình": the chain's country is every title's
            return self.foreign_org(RoleMention(role.start, role.end, role.role, role.org, role.implied,
                                                role.status, country))
        if role.implied:
            entry = self.lex.orgs[match_key(role.implied)]
            phrase = OrgPhrase(role.start, role.end, entry)
            return self.canonical(phrase, self._neighbour_committee(role, chain))
        if role.org is None:
            if role.role in ("Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"):
                # "Bí thư kiêm Chủ tịch UBND phường X": the Party committee of the chain's place
                return self._chain_committee(role, chain)
            return None
        org = role.org
        if org.anaphor and not any(o.entry is org.entry and o.free for o in self.rel.orgs):
            return None  # "nhà trường" with no school named in the article
        if org.entry.kind == "party_cadre_committee" and org.parent is None:
            body = self._neighbour_body(role, chain, _CADRE_PARENTS)
            if body is not None:
                # "Bí thư Ban cán sự đảng, Bộ trưởng Bộ KH&ĐT": the cadre committee of that ministry
                return _Org(f"{org.entry.name} {body.name}", org.entry.kind, body.level, body.place, body)
        if org.entry.name in ("Đảng ủy", "Chi bộ") and not (org.place or org.free or org.parent):
            committee = self._chain_committee(role, chain)
            if committee is not None:  # "Phó Bí thư Đảng ủy, Chủ tịch UBND xã X"
                return committee
            body = self._neighbour_body(role, chain)
            if body is not None:
                # "Bí thư Đảng ủy, Phó Tổng Giám đốc Tập đoàn X": the Party committee of that body
                return _Org(f"{org.entry.name} {body.name}", "party_committee", body.level, body.place, body)
        if org.entry.attach == "name" and org.place is None:
            # "Phó Bí thư Huyện ủy, Chủ tịch UBND huyện Cẩm Xuyên": one place for the chain
            place = self._neighbour_place(role, chain, org.entry.level)
            if place:
                org = OrgPhrase(org.start, org.end, org.entry, place)
        return self.canonical(org, self._neighbour_committee(role, chain))

    def foreign_org(self, role: RoleMention) -> _Org:
        """A foreign body, named with its country and never placed in Vietnam's context."""
        country = role.country
        if role.role == "Đại sứ":
            return _Org(f"Đại sứ quán {country} tại {role.host}", "embassy", None, None)
        if role.role in ("Tổng Lãnh sự", "Lãnh sự") and role.host:
            return _Org(f"{role.role} quán {country} tại {role.host}", "consulate", None, None)
        if role.org is not None:
            # a foreign ministry as the article names it: "Bộ Văn hóa Trung Quốc", never Vietnam's
            e = role.org.entry
            party = self.lex.ruling_parties.get(country)
            if e.kind in _PARTY_ORGANS and party:
                # "Ủy viên Bộ Chính trị Đảng Cộng sản Trung Quốc": an organ of that country's party
                head = e.name[:-len(" Đảng")] if e.name.endswith(" Đảng") else e.name
                return _Org(f"{head} {party}", "foreign", None, None)
            free = self.lex.expand(role.org.free) if role.org.free else None
            base = " ".join(p for p in (e.name, free) if p)
        elif role.implied == "Ban Chấp hành Trung ương Đảng" and country in self.lex.ruling_parties:
            return _Org(f"Ban Chấp hành Trung ương {self.lex.ruling_parties[country]}", "foreign", None, None)
        elif role.implied and role.implied != "Nhà nước":
            base = role.implied  # "Thủ tướng Lào" → Chính phủ Lào
        else:
            return _Org(country, "foreign_state", None, None)  # "Tổng thống Hoa Kỳ"
        return _Org(f"{base} {country}", "foreign", None, None)

    def _chain_committee(self, role: RoleMention, chain: list[RoleMention]) -> _Org | None:
        """The Party committee of the place the chain's next People's Committee or Council names."""
        k = chain.index(role)
        for other in chain[k + 1:]:
            if other.org is None:
                continue
            info = self.canonical(other.org)
            if info.kind not in ("people_committee", "people_council"):
                return None
            if info.place is not None:
                return _Org(info.place.committee_name, "party_committee", info.place.level, info.place)
            phrase = other.org.place
            if phrase is not None and phrase.name and phrase.level_word == "commune":
                # a ward the gazetteer lacks: named as written
                return _Org(f"Đảng ủy {phrase.word} {phrase.name}", "party_committee", "commune", None)
            return None
        return None

    def _neighbour_body(self, role: RoleMention, chain: list[RoleMention],
                        kinds: frozenset[str] | set[str] = frozenset()) -> _Org | None:
        """The body named by the next title of the chain, if it is of ``kinds`` (by default
        one with a Party committee of its own: no Party or State committee)."""
        k = chain.index(role)
        for other in chain[k + 1:]:
            if other.org is not None:
                if other.org.entry.kind in (kinds or _BODIES_WITH_PARTY_COMMITTEES):
                    return self.canonical(other.org)
                return None
        return None

    def _neighbour_place(self, role: RoleMention, chain: list[RoleMention],
                         level: str | None) -> PlacePhrase | None:
        k = chain.index(role)
        for other in chain[k + 1:]:
            org = other.org
            while org is not None:
                if org.place and org.place.name and org.place.level_word == level:
                    return org.place
                org = org.parent
        return None

    def _neighbour_committee(self, role: RoleMention, chain: list[RoleMention]) -> _Org | None:
        k = chain.index(role)
        for other in chain[k + 1:] + chain[:k][::-1]:
            org = other.org
            while org is not None:
                if org.entry.kind == "party_committee" and org.entry.attach == "name":
                    return self.canonical(org)
                org = org.parent
            if other.implied and other.implied.endswith("ủy"):
                entry = self.lex.orgs[match_key(other.implied)]
                return self.canonical(OrgPhrase(other.start, other.end, entry))
        return self.home_committee()

    def sentence_commune(self, at: int) -> Place | None:
        """The one commune the sentence around offset ``at`` names."""
        named = {p.key: p for ph in self.index.places_at(at) if ph.name and ph.level_word == "commune"
                 and (p := pick(ph, self.ctx)) is not None and p.era == self.doc.era}
        return next(iter(named.values())) if len(named) == 1 else None

    def sentence_org(self, role: RoleMention, sentence: Span) -> _Org | None:
        """The one body of the title's own kind the sentence names: "Trưởng đoàn" → its Đoàn."""
        head = self.lex.role_heads.get(role.role)
        if not head:
            return None
        found = {self.canonical(o, self.home_committee()) for o in self.index.orgs_at(sentence.start)
                 if o.entry.name.startswith(head)}
        return next(iter(found)) if len(found) == 1 else None

    def article_org(self, role: RoleMention) -> _Org | None:
        """The one body of the title's own kind the whole article names: "Bộ trưởng Nguyễn Thị
        Hằng" in an article about one ministry is its minister."""
        head = self.lex.role_heads.get(role.role)
        entry = self.lex.orgs.get(match_key(head)) if head else None
        if entry is None:
            return None
        found = {self.canonical(o, self.home_committee()) for o in self.rel.orgs if o.entry is entry}
        found = {o for o in found if o.name != head}  # a bare "Bộ", "Ban" names none of them
        return next(iter(found)) if len(found) == 1 else None

    def context_org(self, role: str, sentence: Span | None = None) -> _Org | None:
        """The body a bare title means in an article about one place: its People's Committee
        for a chairman, its Party committee for a secretary; None elsewhere."""
        if role == "Đại biểu":
            # "đại biểu Hồ Văn Năm (Đồng Nai)" at a session of the National Assembly, or in a
            # sentence that names it, is one of its deputies; at a council's session, the council's
            sessions = [e for e in self.rel.events if e.reported and e.kind == "session"]
            near = [o.entry.name for o in self.index.orgs_at(sentence.start)] if sentence else []
            # … or in an article that speaks of the Assembly's deputies ("các đại biểu Quốc hội")
            low = self._low
            # … or in a report of the Assembly's own work: it is named again and again, no council is
            assembly = low.count("quốc hội") >= 3 and "hội đồng nhân dân" not in low and "hđnd" not in low
            if "Quốc hội" in near or "đại biểu quốc hội" in low or "đbqh" in low or assembly \
                    or any("Quốc hội" in self.doc.text[e.span.start:e.span.end] for e in sessions):
                return _Org("Quốc hội", "national_assembly", "national", None)
            councils = [o for e in sessions for o in e.organizers if o.entry.name == "Hội đồng nhân dân"]
            return self.canonical(councils[0]) if councils else None
        place = self.ctx.commune or self.ctx.district or self.ctx.province
        if place is None:
            return None
        if role in ("Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực"):
            return _Org(f"Ủy ban nhân dân {place.kind} {place.name}", "people_committee", place.level, place)
        if role in ("Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"):
            return self.home_committee()
        return None

    def home_committee(self) -> _Org | None:
        """The party committee of the article's own commune or district, else of its province."""
        place = self.ctx.commune or self.ctx.district or self.ctx.province
        if place:
            return _Org(place.committee_name, "party_committee", place.level, place)
        return None


_APPOINTING_KINDS = {"ceremony", "session", "conference", "meeting", "congress"}


def _one_status(positions: list[Position]) -> list[Position]:
    """One status per post: an article that reports a post newly given ("được bổ nhiệm",
    "làm Bí thư") names it as held elsewhere too, and one that ends it ("cho thôi …",
    "nguyên …") names it as held too: the news is the appointment, else the end."""
    by_post: dict[tuple, list[Position]] = {}
    for p in positions:
        by_post.setdefault((p.person, p.role, p.organization), []).append(p)
    keep = set()
    for posts in by_post.values():
        if len({p.status for p in posts}) == 1:
            keep.update(id(p) for p in posts)
            continue
        rank = {"appointed": 0, "former": 1}
        keep.add(id(min(posts, key=lambda p: (rank.get(p.status, 2), p.evidence.start))))
    return [p for p in positions if id(p) in keep]


_NEXT_WORD = re.compile(rf" ({UPPER}\w*)")


def _names_a_body(text: str, role: RoleMention) -> bool:
    """ "Chủ tịch Câu lạc bộ X": the title goes on into a body's name kg does not know (a
    capitalised word that starts no person's name), so it is no bare title of the article's body."""
    m = _NEXT_WORD.match(text, role.end, role.end + 30)
    return bool(m) and match_key(m.group(1)) not in lexicon().surnames


def _province_now(place: Place, era: str) -> str:
    """The province a post's place lies in, as of the article's era: in a 2026 article a
    post in the old tỉnh Bà Rịa – Vũng Tàu and one in TP Hồ Chí Minh are in one province
    (the old one merged into it), so they do not split a person in two."""
    if era == "2025" and place.era == "legacy":
        province = next(iter(gazetteer("legacy").lookup(place.province, "province")), None)
        successors = gazetteer("legacy").successors(province) if province else []
        if len(successors) == 1:
            return successors[0].name
    return place.province


def _family(role: str) -> str:
    return role.removeprefix("Phó ").removesuffix(" Thường trực").replace("Thứ trưởng", "Bộ trưởng")


def _coordinated(text: str, previous: tuple, role: RoleMention) -> "_Org | None":
    """ "Chủ tịch UBND tỉnh A và Phó Chủ tịch B": a bare title joined to the one before it
    shares its body when the two are of one family (chairman and deputy, minister and
    vice-minister)."""
    _, prev_role, prev_info, _ = previous
    if prev_info is None or _family(prev_role.role) != _family(role.role):
        return None
    between = text[prev_role.end:role.start]
    return prev_info if len(between) < 40 and re.search(r"(?:^|\s)(?:và|,|;)\s", between) else None


def resolve(doc: Document, rel: Relations) -> Facts:
    title = next(((s.start, s.end) for s in rel.sentences if s.zone == "title"), None)
    index = BySentence(rel)
    ctx = article_context(rel, title, doc.era, index)
    b = _Builder(doc, rel, ctx, index)
    facts = Facts(doc)
    sentence_span = {k: Span(s.start, s.end) for k, s in enumerate(rel.sentences)}

    # persons: one entity per name, split when posts disagree on the province
    people: list[tuple[Person, set[str]]] = []
    mention_owner: dict[int, Person] = {}
    for m in rel.persons:
        if m.name is None or m.short or len(m.name) < 2:  # "G" of "G. Bush" is no name
            continue
        provinces = {_province_now(info.place, doc.era) for r in m.roles
                     if (info := b.role_org(r, m.roles)) and info.place}
        match = None
        for person, provs in people:
            if match_key(person.name) == match_key(m.name) and (not provs or not provinces
                                                               or provs & provinces):
                match = (person, provs)
                break
        if match is None:
            person = Person(f"p{len(people) + 1}", m.name)
            people.append((person, set(provinces)))
        else:
            person = match[0]
            match[1].update(provinces)
        person.mentions.append(m.span)
        mention_owner[id(m)] = person
    # given names alone ("ông Hùng") and references by role
    holders: dict[tuple[str, str | None], set[str]] = {}
    by_id = {p.id: p for p, _ in people}
    for m in rel.persons:
        person = mention_owner.get(id(m))
        if person is None:
            continue
        for r in m.roles:
            if r.status == "former":
                continue  # "đồng chí Bí thư Huyện ủy" is the one in post, not a predecessor
            info = b.role_org(r, m.roles)
            holders.setdefault((r.role, info.name if info else None), set()).add(person.id)
    for m in rel.persons:
        if id(m) in mention_owner:
            continue
        person = None
        if m.short and m.name:
            before = [mention_owner[id(o)] for o in rel.persons
                      if id(o) in mention_owner and o.span.start < m.span.start
                      and mention_owner[id(o)].name.split()[-1] == m.name]
            person = before[-1] if before else None
        elif m.name is None:
            ids: set[str] = set()
            for r in m.roles:
                info = b.role_org(r, m.roles)
                ids |= holders.get((r.role, info.name if info else None), set())
            person = by_id[next(iter(ids))] if len(ids) == 1 else None
        if person is not None:
            person.mentions.append(m.span)
            mention_owner[id(m)] = person
    facts.persons = [p for p, _ in people]
    for person in facts.persons:  # "PHAN DIỄN" of a headline is Phan Diễn
        person.name = canonical_case(person.name)

    # positions: every title of every mention. A bare title ("Chủ tịch Nguyễn Văn A") is the
    # same post as the person's fuller one in the article, or else the article's own body.
    stated: list[tuple[Person, RoleMention, _Org | None, Span]] = []
    for m in rel.persons:
        person = mention_owner.get(id(m))
        if person is None or m.name is None:
            continue
        stated.extend((person, r, b.role_org(r, m.roles), sentence_span[m.sentence]) for r in m.roles)
    fuller: dict[tuple[str, str], set[str]] = {}
    infos: dict[str, _Org] = {}
    for person, r, info, _ in stated:
        if info is not None:
            fuller.setdefault((person.id, r.role), set()).add(info.name)
            infos[info.name] = info
    seen: set[tuple] = set()
    # at a ceremony or session that gives posts, "X giữ chức Bí thư" is the post given
    appointing = any(em.reported and em.kind in _APPOINTING_KINDS for em in rel.events)
    for k, (person, r, info, span) in enumerate(stated):
        basis, reason = "stated", None
        if info is not None and info.kind != "foreign" and r.org is None and r.country is None and any(
                infos[name].kind == "foreign" for name in fuller.get((person.id, r.role), ())):
            continue  # "Phó Thủ tướng Uông Dương" after "Phó Thủ tướng Trung Quốc Uông Dương"
        if appointing and r.given and r.status == "current":
            r.status = "appointed"
        if info is None and k and (shared := _coordinated(doc.text, stated[k - 1], r)) is not None:
            info, basis = shared, "context"
        if info is None:
            own = fuller.get((person.id, r.role), set())
            if any(role.startswith(r.role + " ") for pid, role in fuller if pid == person.id):
                continue  # "Phó Chủ tịch X" after "Phó Chủ tịch Thường trực UBND …": the same post
            if len(own) == 1:
                info, basis = infos[next(iter(own))], "person"
            elif (info := b.sentence_org(r, span)) is not None:
                basis = "context"  # "Đoàn ĐBQH TP.HCM đã bầu ông X làm trưởng đoàn"
            elif _names_a_body(doc.text, r):
                basis, reason = "unresolved", ("the title is followed by a body kg does not know: "
                                               f"{doc.text[r.end:r.end + 40].strip()!r}")
            elif (info := b.context_org(r.role, span)) is not None:
                basis = "context"
            elif (info := b.article_org(r)) is not None:
                basis = "context"
            else:
                basis = "unresolved"
                reason = ("the title names no body, and neither the person's other posts in the article "
                          "nor the article's own place give one")
        org_id = b.org_id(info, (r.org.start, r.end) if r.org and basis == "stated" else None) if info else None
        key = (person.id, r.role, org_id, r.status)
        if key in seen:
            continue
        seen.add(key)
        facts.positions.append(Position(person.id, r.role, org_id, r.status, span,
                                        doc.text[r.start:r.end], basis, reason))
    facts.positions = _one_status(facts.positions)
    for phrase in rel.orgs:
        b.org_id(b.canonical(phrase, b.home_committee()), (phrase.start, phrase.end))
    for phrase in rel.places:
        place = pick(phrase, ctx)
        if place and phrase.name:
            b.location(place, (phrase.start, phrase.end))
    facts.context = {"commune": b.location(ctx.commune), "district": b.location(ctx.district),
                     "province": b.location(ctx.province), "era": doc.era}

    # events
    for k, em in enumerate(rel.events, start=1):
        organizers = [b.org_id(b.canonical(o, b.home_committee()), (o.start, o.end))
                      for o in em.organizers]
        place = pick(em.place, ctx) if em.place else None
        if place is None and em.organizers:
            place = b.org_info[organizers[0]].place
        event = Event(f"e{k}", em.name, em.kind, em.date, em.reported, em.span,
                      b.location(place), list(dict.fromkeys(organizers)))
        if em.reported:
            done: set[tuple[str, str]] = set()
            # at a working session or visit, the head of a delegation is its guest, not one more
            # attendee ("Đoàn kiểm tra … do đồng chí X làm Trưởng đoàn đã làm việc với …")
            heads = {p.person for p in facts.positions if p.role in ("Trưởng đoàn", "Phó Trưởng đoàn")} \
                if em.kind in ("working_session", "visit") else set()
            for m in rel.persons:
                person = mention_owner.get(id(m))
                for part in m.parts if person else []:
                    if part == "attendee" and person.id in heads:
                        part = "guest"
                    if (person.id, part) not in done:
                        done.add((person.id, part))
                        event.participants.append(
                            Participant(person.id, part, sentence_span[m.sentence]))
            if em.kind in _APPOINTING_KINDS:
                # the person a session elects or a ceremony appoints ("được bầu giữ chức …")
                for post in facts.positions:
                    if post.status == "appointed" and rel.sentences[index.index(post.evidence.start)].zone == "body" \
                            and (post.person, "appointee") not in done:
                        done.add((post.person, "appointee"))
                        event.participants.append(Participant(post.person, "appointee", post.evidence))
        facts.events.append(event)
    facts.organizations = list(b.orgs.values())
    facts.locations = list(b.locations.values())
    return facts
