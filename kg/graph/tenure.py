"""Tenures: the attestations of a post, across articles, turned into one interval each.

An article attests that a person holds (or held, or was just given) a post on
a date: the event it reports, else its publication. A tenure gathers every
attestation of one person (after identity across articles, kg.graph.identity),
role, organization, and whether acting ("Quyền"), and dates it:

- start: *stated* when an article reports the election, appointment or
  transfer with its date; else *attested*, the first article that shows the
  person in the post; unknown when only "nguyên" (former) attestations exist;
- end: *stated* when an article reports the retirement, relief, dismissal,
  removal or transfer away with its date; *inferred* when a successor took
  the same one-holder office (kg/data/offices.tsv), or when an article calls
  the person "nguyên" (former) holder at its date; else the end is open and
  the tenure keeps its last attestation.

Each bound keeps its precision (day, month, year) and its basis. For one-holder
offices, tenures in order replace one another; two holders known to hold the
office on the same day are a conflict, reported, never resolved by dropping one.

Everything here is plain data in, plain data out; kg.graph.careers reads the
store and writes the results.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from ..extract.model import ENDS, STARTS
from .offices import holders

__all__ = ["Attestation", "OrgInfo", "article_local", "Bound", "Tenure", "Conflict", "tenures", "lower", "upper",
           "precision"]


class Attestation(NamedTuple):
    """One article's post (an org:Membership of an article graph)."""

    post: str  # its IRI
    person: str  # the person node of the article
    role: str  # IRI
    org: str  # IRI
    status: str  # current | former | appointed
    attested: str | None  # the article's event or publication date, YYYY-MM-DD
    article: str  # IRI
    evidence: str  # the sentence IRI
    acting: bool = False
    change: str | None = None  # kg.extract.model.CHANGES
    change_date: str | None = None  # YYYY-MM-DD or YYYY-MM
    term: str | None = None

    @property
    def date(self) -> str | None:
        """When this attestation speaks of: the date a change is stated for, else the article's."""
        return (self.change_date if self.change else None) or self.attested

    @property
    def holding(self) -> bool:
        """It shows the person in the post (not a former holder, not leaving it)."""
        return self.status != "former" and self.change not in ENDS


class OrgInfo(NamedTuple):
    label: str
    kind: str | None
    province: str | None  # the province of its place, when it has one
    local: bool  # its IRI is the article's own (the article does not say where it is)


def article_local(iri: str) -> bool:
    """An IRI kg minted for one article ("--a" and its hash): an organization or person the
    article does not place, which no other article shares."""
    return bool(re.search(r"--a[0-9a-f]{8}$", iri))


def precision(value: str) -> str:
    return {10: "day", 7: "month", 4: "year"}[len(value)]


def lower(value: str) -> str:
    """The first day a date of any precision can mean."""
    return value + {10: "", 7: "-01", 4: "-01-01"}[len(value)]


def upper(value: str) -> str:
    """The last day a date of any precision can mean."""
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:])
        return f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    return value


@dataclass
class Bound:
    """A tenure's start or end: a date with its precision, its basis, and what it rests on."""

    date: str  # YYYY-MM-DD, YYYY-MM or YYYY
    basis: str  # stated | inferred | attested
    cause: str | None = None  # a change (elected, retired, …), "succeeded" or "former"
    source: Attestation | None = None  # the attestation that gives it

    @property
    def precision(self) -> str:
        return precision(self.date)


@dataclass
class Tenure:
    iri: str
    person: str  # the person (canonical node, kg.graph.identity)
    role: str
    org: str
    acting: bool
    attestations: list[Attestation]
    start: Bound | None = None
    end: Bound | None = None
    first: str | None = None  # first and last dates it is shown held
    last: str | None = None
    term: str | None = None
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)

    @property
    def begin(self) -> str | None:
        """The earliest day it is known to be held: its start, else its first attestation."""
        if self.start:
            return lower(self.start.date)
        return lower(self.first) if self.first else None

    def held_on(self, day: str) -> bool:
        """The holders policy (README): started on or before ``day`` and not ended before it;
        an open end holds until an end or a successor is known."""
        begin = self.begin
        return bool(begin) and begin <= day and (self.end is None or upper(self.end.date) >= day)


@dataclass
class Conflict:
    """Two holders of a one-holder office known to hold it on the same days."""

    role: str
    org: str
    tenures: tuple[Tenure, Tenure]
    since: str  # the overlap, YYYY-MM-DD
    until: str


def tenure_iri(base: str, person: str, role: str, org: str, acting: bool) -> str:
    digest = hashlib.sha256("\x1f".join((person, role, org, "acting" if acting else ""))
                            .encode("utf-8")).hexdigest()[:20]
    return f"{base}tenure/{digest}"


def tenures(attestations: list[Attestation], canonical: dict[str, str], roles: dict[str, str],
            orgs: dict[str, OrgInfo], base: str) -> tuple[list[Tenure], list[Conflict]]:
    """Tenures and conflicts from every attestation of the store.

    ``canonical`` maps a person node to the node standing for its person (identity
    across articles); ``roles`` and ``orgs`` give labels and kinds; ``base`` is the
    IRI namespace tenures are minted in.
    """
    groups: dict[tuple[str, str, str, bool], list[Attestation]] = defaultdict(list)
    for a in attestations:
        groups[(canonical.get(a.person, a.person), a.role, a.org, a.acting)].append(a)
    out: list[Tenure] = []
    for (person, role, org, acting), atts in sorted(groups.items()):
        atts.sort(key=lambda a: (a.date or "", a.post))
        out.append(_dated(Tenure(tenure_iri(base, person, role, org, acting), person, role, org,
                                 acting, atts)))
    conflicts: list[Conflict] = []
    offices: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for t in out:
        info = orgs.get(t.org)
        if holders(roles.get(t.role, ""), info.kind if info else None) == "one":
            offices[(t.role, t.org)].append(t)
    for (role, org), held in offices.items():
        conflicts += _succession(role, org, held)
    return out, conflicts


def _dated(t: Tenure) -> Tenure:
    atts = t.attestations
    t.term = next((a.term for a in atts if a.term), None)
    holding = [a.date for a in atts if a.holding and a.date]
    starts = [a for a in atts if a.date and (a.change in STARTS or
                                              (a.status == "appointed" and not a.change))]
    if starts:
        first = min(starts, key=lambda a: lower(a.date))
        t.start = Bound(first.date, "stated", first.change or "appointed", first)
    elif holding:
        first = next(a for a in atts if a.holding and a.date == min(holding, key=lower))
        t.start = Bound(first.date, "attested", None, first)
    if holding:
        t.first, t.last = min(holding, key=lower), max(holding, key=upper)
    begin = t.begin or ""
    ends = [a for a in atts if a.date and a.change in ENDS and upper(a.date) >= begin]
    if ends:
        end = min(ends, key=lambda a: upper(a.date))
        t.end = Bound(end.date, "stated", end.change, end)
        return t
    # "nguyên Bí thư" in an article of date D: held before D, ended by D
    formers = [a for a in atts if a.date and a.status == "former"
               and (t.last is None or lower(a.date) > upper(t.last))]
    if formers:
        end = min(formers, key=lambda a: lower(a.date))
        t.end = Bound(end.date, "inferred", "former", end)
    return t


def _hold(t: Tenure) -> tuple[str, str, bool] | None:
    """Days the tenure is known held, from its own articles: (from, to, to is exclusive)."""
    begin = t.begin
    if not begin:
        return None
    if t.end is not None and t.end.basis == "stated":
        return begin, lower(t.end.date), True
    return begin, upper(t.last) if t.last else begin, False


def _succession(role: str, org: str, held: list[Tenure]) -> list[Conflict]:
    """Order the holders of a one-holder office, infer ends from successors, find overlaps."""
    placed = sorted((t for t in held if t.begin), key=lambda t: (t.begin, t.iri))
    conflicts, overlapping = [], set()
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            overlap = _overlap(a, b)
            if overlap:
                conflicts.append(Conflict(role, org, (a, b), *overlap))
                overlapping.update({(a.iri, b.iri), (b.iri, a.iri)})
    for a, b in zip(placed, placed[1:]):
        if (a.iri, b.iri) in overlapping:
            continue
        a.replaced_by.append(b.iri)
        b.replaces.append(a.iri)
        if a.end is None or lower(a.end.date) > b.begin:
            source = b.start.source if b.start else None
            a.end = Bound(b.start.date if b.start else b.first, "inferred", "succeeded", source)
    return conflicts


def _overlap(a: Tenure, b: Tenure) -> tuple[str, str] | None:
    """The days both are known to hold the office, if any (a handover day does not count)."""
    ha, hb = _hold(a), _hold(b)
    if not ha or not hb:
        return None
    since = max(ha[0], hb[0])
    until_a, until_b = ha[1], hb[1]
    if (ha[2] and since >= until_a) or (hb[2] and since >= until_b):
        return None
    until = min(until_a, until_b)
    if since > until:
        return None
    later = b if hb[0] >= ha[0] else a
    if since == until and later.start is not None and later.start.basis == "stated" \
            and lower(later.start.date) == since:
        return None  # elected on the day the predecessor was last shown in office
    return since, until
