"""Lookup: the one resolver for every parameter that names an entity.

``kg query --person/--org/--role``, ``kg viz --focus/--org``, ``kg merges --name``
and ``kg serve`` all turn what a person typed into entity IRIs here, in the same
order of steps, so a name found by one is found by all:

1. an IRI (``kgr:person/…`` or in full) names its entity;
2. the name exactly as stored (an index lookup on the name itself);
3. the **fold key**: case, spacing, tone placement and accents ignored
   ("bui van thang", "Lê Đình  Tuấn", "BÙI VĂN THĂNG"); where several names fold
   alike, those spelled as typed (accents kept) win, so "Bùi Văn Thăng" is not
   confused with "Bùi Văn Thắng";
4. the **abbreviation keys**: abbreviations expanded ("HU Nam Sách", "UBND huyện
   X", "hdnd huyen gia loc") and "Ban Chấp hành Đảng bộ huyện X" read as "Huyện ủy X".

One step's matches must carry one name (up to case): namesakes with the same name
(kept apart by province) are resolved together and reported as such; different
names are :class:`Ambiguous`, listing the candidates. Nothing found is
:class:`NotFound`, with close names suggested. Both are ``KGError``s, so the CLI
prints one line and exits non-zero.

Keys are stored with the entities (``kg:nameKey``, written by kg.graph.rdf, and
back-filled by a build into stores made before them), so steps 2–4 are index
lookups, not a scan of every name. A store without keys is read once into a
:class:`NameIndex`, the same index ``kg serve`` keeps in memory for search.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import KGError
from ..extract.normalize import fold, match_key
from .rdf import KGR, NS

__all__ = ["KINDS", "Resolved", "Ambiguous", "NotFound", "Resolver", "NameIndex",
           "name_keys", "abbreviation_keys", "backfill_keys", "NAME_KEY"]

NAME_KEY = NS["kg"] + "nameKey"


@dataclass(frozen=True)
class Kind:
    cls: str  # the RDF class, prefixed
    label: str  # the property holding its name
    tagged: bool  # names are @vi literals
    word: str  # how messages call it


KINDS = {
    "person": Kind("sdo:Person", "sdo:name", False, "person"),
    "org": Kind("org:Organization", "skos:prefLabel", True, "organization"),
    "role": Kind("org:Role", "skos:prefLabel", True, "role"),
    "place": Kind("sdo:Place", "rdfs:label", True, "place"),
}
# Folded abbreviations not expanded when typed in lower case: they are ordinary
# syllables ("tu" is tư, tự, từ far more often than Tỉnh ủy).
_COMMON_SYLLABLES = {"tu"}
# "Ban Chấp hành Đảng bộ huyện X" is how articles name "Huyện ủy X" (folded forms)
_COMMITTEE = [(re.compile(rf"\bban chap hanh dang bo {level} "), f"{head} ")
              for level, head in (("tinh", "tinh uy"), ("huyen", "huyen uy"),
                                  ("thanh pho", "thanh uy"), ("quan", "quan uy"),
                                  ("thi xa", "thi uy"), ("xa", "dang uy xa"))]


@lru_cache(maxsize=1)
def _folded_abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    from ..extract.lexicon import lexicon

    table = {}
    for abbr, expansion in lexicon().abbreviations:
        key = fold(abbr).rstrip(".")
        if len(key) > 1 and key not in _COMMON_SYLLABLES and key not in table:
            table[key] = fold(expansion)
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, words)) + r")\.?(?!\w)"), table


def abbreviation_keys(text: str) -> set[str]:
    """Fold keys of ``text`` with abbreviations expanded: as written (the lexicon's
    case-sensitive expansion) and as typed in lower case."""
    from ..extract.lexicon import lexicon

    pattern, table = _folded_abbreviations()
    out = set()
    for key in (fold(lexicon().expand(text)), pattern.sub(lambda m: table[m.group(1)], fold(text))):
        for rule, head in _COMMITTEE:
            key = rule.sub(head, key)
        out.add(" ".join(key.split()))
    return out


@lru_cache(maxsize=65536)
def name_keys(label: str) -> tuple[str, ...]:
    """The keys stored for a name: its fold key, and its abbreviation keys when they differ."""
    first = fold(label)
    return (first, *sorted(abbreviation_keys(label) - {first}))


def _clean(text: str) -> str:
    """What was typed, as kg stores names: NFC, modern tones, single spaces (case kept)."""
    from ..extract.normalize import normalize_text

    return " ".join(normalize_text(text).split())


# -- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolved:
    kind: str
    text: str  # what was typed
    name: str  # the name found
    iris: tuple[str, ...]  # one entity, or namesakes with that name
    how: str  # iri | exact | case | accents | abbreviation

    @property
    def note(self) -> str | None:
        """A line for people when the match was not exact or is several entities."""
        word = KINDS[self.kind].word
        parts = []
        if self.how in ("accents", "abbreviation", "case"):
            why = {"accents": "ignoring accents and case", "case": "ignoring case and spacing",
                   "abbreviation": "abbreviations expanded"}[self.how]
            parts.append(f"{self.text!r} read as {self.name!r} ({why})")
        if len(self.iris) > 1:
            from .store import shorten

            parts.append(f"{len(self.iris)} {word}s are called {self.name!r} (namesakes kept apart: "
                         f"{', '.join(shorten(i) for i in self.iris)}); answering for all, "
                         "give one IRI to choose")
        return "; ".join(parts) or None


class Ambiguous(KGError):
    def __init__(self, kind: str, text: str, candidates: list[tuple[str, list[str]]]):
        from .store import shorten

        self.kind, self.text, self.candidates = kind, text, candidates
        listed = "; ".join(f"{name} ({', '.join(shorten(i) for i in iris)})"
                           for name, iris in candidates[:8])
        more = f"; … {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"{text!r} matches {len(candidates)} {KINDS[kind].word}s: {listed}{more}; "
                         "type the name with its accents, or give an IRI")


class NotFound(KGError):
    def __init__(self, kind: str, text: str, suggestions: list[str]):
        self.kind, self.text, self.suggestions = kind, text, suggestions
        hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no {KINDS[kind].word} called {text!r} in the store{hint}")


# -- the in-memory index ---------------------------------------------------------------------
@dataclass
class _Entry:
    iri: str
    kind: str
    name: str
    weight: int = 0


@dataclass
class NameIndex:
    """Match keys → entities, and folded words → entities, held in memory.

    Used where the whole index is wanted anyway (``kg serve``'s search, close-match
    suggestions, a graph already in memory, a store without stored keys).
    """

    entries: list[_Entry] = field(default_factory=list)
    by_key: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)  # sorted, for prefix search
    by_iri: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str] | tuple[str, str, str, int]]) -> "NameIndex":
        """(iri, kind, name[, weight]) rows; an entity with several names is indexed under each."""
        index = cls()
        for row in rows:
            iri, kind, name = row[0], row[1], row[2]
            weight = row[3] if len(row) > 3 else 0
            at = index.by_iri.get(iri)
            if at is None:
                at = index.by_iri[iri] = len(index.entries)
                index.entries.append(_Entry(iri, kind, name, weight or 0))
            for key in name_keys(name):
                ids = index.by_key.setdefault((kind, key), [])
                if at not in ids:
                    ids.append(at)
                for word in key.split():
                    ids = index.by_word.setdefault(word, [])
                    if not ids or ids[-1] != at:
                        ids.append(at)
        index.words = sorted(index.by_word)
        return index

    @classmethod
    def from_store(cls, store, kinds: Iterable[str] = tuple(KINDS)) -> "NameIndex":
        rows = []
        for kind in kinds:
            k = KINDS[kind]
            _, found = store.select(f"SELECT ?x ?n WHERE {{ ?x a {k.cls} ; {k.label} ?n }}")
            rows += [(x.value, kind, n.value) for x, n in found]
        return cls.from_rows(rows)

    # what Resolver asks of a backend
    def exact(self, kind: str, names: list[str]) -> list[tuple[str, str]]:
        keys = {fold(n) for n in names}
        return [(e.iri, e.name) for key in keys for e in self._at(kind, key) if e.name in names]

    def keyed(self, kind: str, keys: Iterable[str]) -> list[tuple[str, str]]:
        return [(e.iri, e.name) for key in set(keys) for e in self._at(kind, key)]

    def has(self, kind: str, iri: str) -> str | None:
        at = self.by_iri.get(iri)
        return self.entries[at].name if at is not None and self.entries[at].kind == kind else None

    def _at(self, kind: str, key: str) -> list[_Entry]:
        return [self.entries[i] for i in self.by_key.get((kind, key), [])]

    def _with_prefix(self, prefix: str, cap: int) -> set[int]:
        out: set[int] = set()
        at = bisect_left(self.words, prefix)
        while at < len(self.words) and self.words[at].startswith(prefix) and len(out) < cap:
            out.update(self.by_word[self.words[at]])
            at += 1
        return out

    def search(self, text: str, kinds: Iterable[str] | None = None, limit: int = 20) -> list[_Entry]:
        """Entities whose name holds every word typed (the last one may be cut short),
        accents optional, abbreviations expanded; whole-name matches first, then by weight."""
        wanted = set(kinds) if kinds else None
        typed = match_key(_clean(text))
        best: dict[int, tuple] = {}
        for key in [fold(text)] + sorted(abbreviation_keys(text) - {fold(text)}):
            words = key.split()
            if not words:
                continue
            sets = [set(self.by_word.get(w, ())) for w in words[:-1]]
            sets.append(self._with_prefix(words[-1], 50_000))
            sets.sort(key=len)
            hits = set.intersection(*sets) if sets else set()
            for i in hits:
                e = self.entries[i]
                if wanted and e.kind not in wanted:
                    continue
                own = fold(e.name)
                rank = (0 if match_key(e.name) == typed else 1 if own == key
                        else 2 if own.startswith(key) else 3 if key in own else 4,
                        -e.weight, len(e.name), e.name)
                best[i] = min(best.get(i, rank), rank)
        order = sorted(best, key=lambda i: best[i])
        return [self.entries[i] for i in order[:limit]]

    def suggest(self, kind: str, text: str, n: int = 5) -> list[str]:
        """Names close to ``text``: candidates share a word (rare words first), ranked by
        similarity of their fold keys."""
        key = fold(text)
        pool: set[int] = set()
        for word in sorted(set(key.split()), key=lambda w: len(self.by_word.get(w, ()))):
            pool.update(self.by_word.get(word, ())[:5000])
            if len(pool) > 5000:
                break
        if not pool:  # every word misspelt: words that start alike
            for word in key.split():
                pool |= self._with_prefix(word[:3], 2000) if len(word) >= 3 else set()
        scored = {}
        for i in pool:
            e = self.entries[i]
            if e.kind != kind:
                continue
            own = fold(e.name)
            score = difflib.SequenceMatcher(None, key, own).ratio() + (0.3 if key and key in own else 0)
            if score >= 0.5:
                scored[own] = max(scored.get(own, (0, "")), (score, e.name))
        return [name for _, name in sorted(scored.values(), key=lambda s: (-s[0], s[1]))[:n]]


# -- the store as a backend -------------------------------------------------------------------
class _StoreKeys:
    """Exact names and stored ``kg:nameKey``s, looked up through the store's indexes."""

    def __init__(self, store):
        self.store = store
        self._index: dict[str, NameIndex] = {}

    def _select(self, kind: str, where: str, bindings: dict) -> list[tuple[str, str]]:
        k = KINDS[kind]
        _, rows = self.store.select(f"SELECT DISTINCT ?x ?n WHERE {{ {where} ?x a {k.cls} ; "
                                    f"{k.label} ?n }}", bindings)
        return [(x.value, n.value) for x, n in rows]

    def exact(self, kind: str, names: list[str]) -> list[tuple[str, str]]:
        from pyoxigraph import Literal

        k = KINDS[kind]
        values = [Literal(n, language="vi") if k.tagged else Literal(n) for n in names]
        return self._select(kind, f"?x {k.label} ?q .", {"q": values})

    def keyed(self, kind: str, keys: Iterable[str]) -> list[tuple[str, str]]:
        from pyoxigraph import Literal

        keys = sorted(set(keys))
        if not keys:
            return []
        return self._select(kind, "?x kg:nameKey ?k .", {"k": [Literal(k) for k in keys]})

    def has(self, kind: str, iri: str) -> str | None:
        from pyoxigraph import NamedNode

        rows = self._select(kind, "", {"x": NamedNode(iri)})
        return rows[0][1] if rows else None

    def suggest(self, kind: str, text: str, n: int = 5) -> list[str]:
        # only on a miss: reading this kind's names once is the price of good suggestions
        if kind not in self._index:
            self._index[kind] = NameIndex.from_store(self.store, (kind,))
        return self._index[kind].suggest(kind, text, n)


def has_keys(store) -> bool:
    _, rows = store.select("SELECT ?x WHERE { ?x kg:nameKey ?k } LIMIT 1")
    return bool(rows)


class Resolver:
    """Resolve typed names against a store (``Resolver(store)``) or an index in memory
    (``Resolver(index=NameIndex…)``)."""

    def __init__(self, store=None, index: NameIndex | None = None):
        if index is None and store is not None and not has_keys(store):
            index = NameIndex.from_store(store)  # a store built before keys were stored
        self.backend = index if index is not None else _StoreKeys(store)

    def resolve(self, kind: str, text: str) -> Resolved:
        if kind not in KINDS:
            raise KGError(f"cannot look up a {kind!r}; kinds: {', '.join(KINDS)}")
        typed = (text or "").strip()
        if not typed:
            raise KGError(f"give a {KINDS[kind].word}'s name")
        iri = _as_iri(typed)
        if iri:
            name = self.backend.has(kind, iri)
            if name is None:
                raise NotFound(kind, typed, [])
            return Resolved(kind, typed, name, (iri,), "iri")
        clean = _clean(typed)
        rows = self.backend.exact(kind, sorted({typed, clean}))
        if rows:
            return self._pick(kind, typed, rows, "exact")
        rows = self.backend.keyed(kind, [fold(typed)])
        if rows:
            spelled = [r for r in rows if match_key(r[1]) == match_key(clean)]
            return self._pick(kind, typed, spelled or rows, "case" if spelled else "accents")
        rows = self.backend.keyed(kind, abbreviation_keys(typed) - {fold(typed)})
        if rows:
            return self._pick(kind, typed, rows, "abbreviation")
        raise NotFound(kind, typed, self.backend.suggest(kind, typed))

    @staticmethod
    def _pick(kind: str, typed: str, rows: list[tuple[str, str]], how: str) -> Resolved:
        groups: dict[str, tuple[str, set[str]]] = {}
        for iri, name in sorted(rows):
            label, iris = groups.setdefault(match_key(name), (name, set()))
            iris.add(iri)
            if label.isupper() and not name.isupper():  # "PHAN DIỄN" / "Phan Diễn": the latter
                groups[match_key(name)] = (name, iris)
        if len(groups) > 1:
            raise Ambiguous(kind, typed, sorted((n, sorted(i)) for n, i in groups.values()))
        (name, iris), = groups.values()
        return Resolved(kind, typed, name, tuple(sorted(iris)), how)


def _as_iri(text: str) -> str | None:
    if text.startswith(KGR):
        return text
    if text.startswith("kgr:"):
        return KGR + text[4:]
    if text.startswith("<") and text.endswith(">") and text[1:-1].startswith(KGR):
        return text[1:-1]
    return None


def backfill_keys(store) -> int:
    """Add ``kg:nameKey`` to entities that lack one (stores built before keys existed);
    returns how many entities got keys. Keys go into the shared entities graph."""
    from pyoxigraph import Literal, NamedNode, Quad

    from .rdf import ENTITIES

    quads = []
    for kind, k in KINDS.items():
        _, rows = store.select(f"SELECT ?x ?n WHERE {{ ?x a {k.cls} ; {k.label} ?n "
                               "FILTER NOT EXISTS { ?x kg:nameKey ?any } }")
        quads += [Quad(x, NamedNode(NAME_KEY), Literal(key), ENTITIES)
                  for x, n in rows for key in name_keys(n.value)]
    if quads:
        store.write([], quads)
    return len({q.subject for q in quads})
