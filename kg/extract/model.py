"""The data model that flows through kg's stages.

read → :class:`Document` → normalize → segment (:class:`Sentence`) →
recognize / relate / resolve → :class:`Facts`, which serializes to the
JSON contract documented in the README.

Offsets are always ``start``/``end``, half-open, into ``Document.text``: the
text as kg holds it after decoding and normalization. Nothing downstream of
normalization changes the text, so every offset stays true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A post's change, as kg.extract.career reads it: the start of a tenure (elected, appointed,
# transferred in) or its end (transferred out, retired, relieved, dismissed, removed).
STARTS = ("elected", "appointed", "transferred_in")
ENDS = ("transferred_out", "retired", "relieved", "dismissed", "removed")
CHANGES = STARTS + ENDS

__all__ = [
    "STARTS", "ENDS", "CHANGES", "Span", "Document", "Paragraph", "Sentence",
    "Person", "Organization", "Location", "Position", "Participant", "Event", "Facts",
]


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass
class Document:
    """One article: decoded, normalized text plus what the source said about it."""

    id: str
    source: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    authors: list[str] = field(default_factory=list)
    # "text" for text copies of pages (kg finds the page furniture itself),
    # "html" or "record" when a library or the record already gave clean text.
    origin: str = "text"
    # the administration the article is read against: "legacy" (three levels, before
    # 2025-07-01) or "2025" (two levels); set by the pipeline (gazetteer.era_of)
    era: str = "legacy"
    # fields of the source left out because they were unusable (InputErrors naming file and
    # line): the article is kept, the caller reports them
    warnings: list = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    """A block of text and what it is on the page."""

    start: int
    end: int
    # title | dateline | published | furniture | caption | credit | byline | body
    zone: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    zone: str


@dataclass
class Person:
    id: str
    name: str
    mentions: list[Span] = field(default_factory=list)
    # what the article states about the person (kg.extract.career): "sinh năm 1972", "quê …"
    born: int | None = None  # year of birth
    home: str | None = None  # the location id of the home town ("quê")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name,
                               "mentions": [m.as_dict() for m in sorted(self.mentions)]}
        if self.born:
            out["born"] = self.born
        if self.home:
            out["home"] = self.home
        return out


@dataclass
class Organization:
    id: str
    name: str
    kind: str
    level: str | None = None  # national | province | district | commune | None
    place: str | None = None  # the location id the name is anchored to
    parent: str | None = None  # the organization id it belongs to
    mentions: list[Span] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "level": self.level,
                "location": self.place, "parent": self.parent,
                "mentions": [m.as_dict() for m in sorted(self.mentions)]}


@dataclass
class Location:
    id: str
    name: str
    level: str  # province | district | commune
    province: str | None
    code: str | None = None  # the administrative unit code of the gazetteer
    mentions: list[Span] = field(default_factory=list)
    era: str = "legacy"  # the gazetteer table the unit is from: "legacy" or "2025"
    former: bool = False  # a unit that had ended when the article was written ("huyện X cũ")

    def as_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "name": self.name, "level": self.level,
               "province": self.province, "code": self.code, "era": self.era,
               "mentions": [m.as_dict() for m in sorted(self.mentions)]}
        if self.former:
            out["former"] = True
        return out


@dataclass
class Position:
    person: str
    role: str
    organization: str | None
    status: str  # current | former | appointed ("acting" is a flag below, not a status)
    evidence: Span
    surface: str  # the title as written, e.g. "Trưởng ban Nội chính tỉnh ủy"
    # where the organization came from: "stated" (the title names it), "person" (the same
    # person's fuller post in the article), "context" (the article's own place), or
    # "unresolved" (organization is None; ``reason`` says why)
    basis: str = "stated"
    reason: str | None = None
    # the career facts of the sentence (kg.extract.career), left out of the record when unset:
    acting: bool = False  # "Quyền Chủ tịch"
    change: str | None = None  # what the sentence says happened to the post: CHANGES
    change_date: str | None = None  # when, as the sentence dates it: YYYY-MM-DD or YYYY-MM
    term: str | None = None  # "khóa XXV, nhiệm kỳ 2015–2020"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"person": self.person, "role": self.role,
                               "organization": self.organization, "status": self.status,
                               "surface": self.surface, "organization_basis": self.basis,
                               "evidence": self.evidence.as_dict()}
        if self.reason:
            out["organization_reason"] = self.reason
        if self.acting:
            out["acting"] = True
        for key in ("change", "change_date", "term"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass
class Participant:
    person: str
    role: str  # chair | attendee | speaker
    evidence: Span

    def as_dict(self) -> dict[str, Any]:
        return {"person": self.person, "role": self.role, "evidence": self.evidence.as_dict()}


@dataclass
class Event:
    id: str
    name: str
    kind: str
    date: str | None
    reported: bool  # the event the article reports, not one it only mentions
    evidence: Span
    location: str | None = None
    organizers: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "date": self.date,
                "reported": self.reported, "location": self.location,
                "organizers": list(self.organizers),
                "participants": [p.as_dict() for p in self.participants],
                "evidence": self.evidence.as_dict()}


@dataclass
class Facts:
    """Everything kg extracted from one document."""

    document: Document
    persons: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # location ids of the article's own commune, district and province, when known, and the
    # gazetteer it was read against
    context: dict[str, str | None] = field(default_factory=dict)
    # what a reader should know about how the document was read ("no body text …")
    notes: list[str] = field(default_factory=list)

    def as_dict(self, with_text: bool = False) -> dict[str, Any]:
        doc = self.document
        out: dict[str, Any] = {
            "id": doc.id, "source": doc.source, "title": doc.title,
            "published": doc.published, "authors": list(doc.authors),
            "persons": [p.as_dict() for p in self.persons],
            "organizations": [o.as_dict() for o in self.organizations],
            "locations": [loc.as_dict() for loc in self.locations],
            "positions": [p.as_dict() for p in self.positions],
            "events": [e.as_dict() for e in self.events],
            "context": dict(self.context),
        }
        if self.notes:
            out["notes"] = list(self.notes)
        if with_text:
            out["text"] = doc.text
        return out
