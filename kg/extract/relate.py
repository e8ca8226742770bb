"""Relation: items of each sentence → person mentions with their titles and
parts in the meeting, and the events the article reports or mentions.

Titles attach to names in both orders the genre uses:

- after the name, as an apposition chain: "Phùng Thành Vinh – Ủy viên BCH
  Đảng bộ tỉnh, Bí thư Huyện ủy" (a ";" ends the chain, as in lists);
- before it, glued to the name: "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà
  Nội Hoàng Trung Hải".

A title with "đồng chí" and no name ("Đồng chí Bí thư Huyện ủy yêu cầu…") is a
reference by role, resolved later to the person who holds it. A participation
verb applies to the persons named since the previous verb ("A; B; C đồng chủ
trì"), or, when it opens the clause ("Về dự có đồng chí…", "Kết luận hội
nghị, đồng chí…"), to the persons after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .dates import find_dates
from .lexicon import lexicon
from .model import Document, Sentence, Span
from .normalize import UPPER, match_key
from .recognize import Item, OrgPhrase, PlacePhrase, RoleMention, scan

__all__ = ["PersonMention", "EventMention", "Relations", "relate"]


@dataclass
class PersonMention:
    name: str | None  # None for a reference by role
    span: Span
    sentence: int
    roles: list[RoleMention] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    short: bool = False  # a given name alone: "ông Hùng"
    vouched: bool = False  # a cue or a title says this is a person


@dataclass
class EventMention:
    name: str
    kind: str
    span: Span  # the sentence that states it
    reported: bool
    date: str | None = None
    organizers: list[OrgPhrase] = field(default_factory=list)
    place: PlacePhrase | None = None


@dataclass
class Relations:
    persons: list[PersonMention]
    orgs: list[OrgPhrase]  # organizations named outside titles
    places: list[PlacePhrase]
    events: list[EventMention]
    sentences: list[Sentence]


_PERSONISH = {"name", "shortname", "role"}  # the items a person mention is made of
_CHAIN_SEPS = {",", "-", "–", "—", "(", ")"}
_APPOSITION_WORDS = {"tuổi", "sinh", "năm"}
_PREFIX_STATUS = {"nguyên", "cựu", "tân", "nguyên là"}
_CARRY_WORDS = {"đối", "với", "chức", "danh", "vụ", "các", "chức vụ", ",", "và", "cho"}
# a verb that opens its clause hands its part to the persons after it, if "có" or a comma
# introduces them: "Về dự có đồng chí …", "Phát biểu tại hội nghị, đồng chí …"
_OPENERS = {"cùng", "đến", "về", "tới", "tham", "có", "đồng", "thời"}
_EVENT_END = re.compile(r"[,.;:(]|\s(?:do|tại|với|vào|nhằm|để|và|đã|được|sẽ|diễn ra|đi|"
                        r"tổ chức|có sự|dưới sự|theo|đề ra|đã đề ra)\s", re.IGNORECASE)
_ORGANIZE = re.compile(r"\b(?:tổ chức|khai mạc|họp|tiến hành|diễn ra|long trọng)\b", re.IGNORECASE)
# a named congress or session: capitalized, with what makes it one ("Đại hội Đảng bộ huyện lần thứ 28")
_MENTIONED = re.compile(r"^(?:Đại hội|Kỳ họp)\s+(?:(?:đại biểu\s+)?Đảng bộ|lần thứ|Đảng|\w+\s+lần thứ|"
                        rf"{UPPER}|thứ)")


def relate(doc: Document, sentences: list[Sentence]) -> Relations:
    persons: list[PersonMention] = []
    orgs: list[OrgPhrase] = []
    places: list[PlacePhrase] = []
    scanned: list[list[Item]] = []
    for k, sent in enumerate(sentences):
        items = scan(doc.text, sent.start, sent.end, doc.era)
        scanned.append(items)
        found = _group_persons(items, k)
        _check_unvouched(doc.text, sent, found)
        if sent.zone == "body":
            _assign_parts(items, found)
        persons.extend(found)
        orgs.extend(it.data for it in items if it.kind == "org")
        places.extend(it.data for it in items if it.kind == "place")
        for it in items:
            # every place a body names counts, its parent's too ("Ban Thường vụ Tỉnh ủy Thanh Hóa")
            org = it.data if it.kind == "org" else it.data.org if it.kind == "role" else None
            while org:
                if org.place:
                    places.append(org.place)
                org = org.parent
    # a name the article once gives a street ("đường Hoàng Minh Giám") is the street's wherever
    # it stands alone ("hướng từ Nguyễn Kiệm - Hoàng Minh Giám")
    namesakes = {match_key(it.text) for items in scanned for it in items
                 if it.kind == "notperson" and it.data == "street"}
    persons = [p for p in persons if p.vouched or p.roles or p.name is None
               or match_key(p.name) not in namesakes]
    events = _events(doc, sentences, scanned)
    return Relations(persons, orgs, places, events, sentences)


def _group_persons(items: list[Item], sentence: int) -> list[PersonMention]:
    if not any(it.kind in _PERSONISH for it in items):
        return []  # most sentences name no one: no state machine to run
    found: list[PersonMention] = []
    pending: list[RoleMention] = []
    cue: Item | None = None
    owner: PersonMention | None = None  # the person whose apposition chain is open
    status: str | None = None
    clause_start = True
    # "bầu ông X làm …", "miễn nhiệm chức vụ … đối với ông X": an active verb gives the
    # post to the person named after it (carry), before or after the post itself
    carry: str | None = None  # "elect" | "dismiss" while the verb's person is still to come
    elected: PersonMention | None = None  # the person an "elect" verb named
    giving = False  # titles after "giữ chức", until the chain ends
    electing = False  # an election verb opened the clause: each person named may be given a post
    broken = True  # a word (not "và") came since the last person was named: a new clause
    carried_to = False  # "… chức danh X đối với ông Y": the posts before the person are the ones carried
    shared: list[RoleMention] = []  # "các Ủy viên Bộ Chính trị: A, B, C": a title every name of the list holds
    shared_cued: bool | None = None  # whether the list's first name came with a cue
    for idx, it in enumerate(items):
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        prev = items[idx - 1] if idx else None
        low = it.text.lower() if it.kind == "word" else ""  # the text is normalized: lower case is its key
        if it.kind == "cue" and carry:
            cue = it  # the person the carried posts wait for
        elif it.kind == "cue" and shared and (shared_cued is False or prev is not None and prev.text.lower() == "và"):
            shared, shared_cued = [], None  # "…; và ông C, Chủ tịch UBND tỉnh": past the list
            cue, owner, pending, status = it, None, [], None
        elif it.kind == "cue" and pending and prev is not None and prev.kind == "sep" \
                and prev.text in ("-", "–") and idx >= 2 and items[idx - 2].kind == "role":
            cue = it  # "Giám đốc Công an tỉnh - Thiếu tướng Đặng Trần Chiêu": the titles are his
        elif it.kind == "cue":
            cue, owner, pending, status = it, None, [], None
        elif it.kind == "status" and it.data in ("elect", "dismiss"):
            carry, elected, owner, pending = it.data, None, None, []
            status = "appointed" if it.data == "elect" else "former"
        elif it.kind == "status" and it.data == "to_post" \
                or low in ("làm", "là") and nxt is not None and nxt.kind == "role" and (elected or owner):
            # "… giữ chức Chủ tịch", "… làm Trưởng đoàn": the post goes to the elected person,
            # else to the subject whose chain is still open
            if elected is not None:
                owner, status = elected, "appointed"
            elif owner is None and found and not broken:
                owner = found[-1]  # "A được chỉ định làm X và giữ chức Y": the same clause's subject
            # "giữ chức A, B" at a ceremony gives the posts; "là" only says what one is
            giving = low != "là" and (it.kind == "status" or elected is not None or status == "appointed")
        elif it.kind == "status":
            status = it.data
            if owner is None and found and it.text not in _PREFIX_STATUS:
                owner = found[-1]  # "A, Chánh Văn phòng … được bầu giữ chức Phó Chủ tịch …"
        elif it.kind == "role":
            role = it.data
            role.given = giving
            if status:
                role.status = status
            if prev is not None and prev.kind == "status" and prev.text in _PREFIX_STATUS:
                status = None  # "nguyên Bí thư Huyện ủy, Trưởng ban …": "nguyên" is this title's only
            glued = nxt is not None and nxt.kind in ("name", "shortname") and nxt.start == it.end + 1
            if owner is not None and not glued:
                owner.roles.append(role)
            else:
                pending.append(role)
        elif it.kind == "sep" and it.text == ":" and prev is not None and prev.kind == "role" and pending \
                or low == "như" and prev is not None and prev.kind == "role" \
                and pending:
            shared, pending, shared_cued = pending, [], None
        elif it.kind in ("name", "shortname"):
            if shared and it.kind == "name":
                pending = [replace(r) for r in shared] + pending
                shared_cued = bool(cue) if shared_cued is None else shared_cued
            owner = PersonMention(it.text, Span(it.start, it.end), sentence, roles=pending,
                                  short=it.kind == "shortname", vouched=bool(cue or pending))
            if owner.short and not cue:
                owner = None
            else:
                found.append(owner)
            pending, cue = [], None
            if carry or electing:
                # "bầu ông A làm X và ông B làm Y": each person named is the one the next "làm" gives to
                elected = owner if carry == "elect" or electing else None
                electing = electing or carry == "elect"
                if carry and not carried_to:
                    for r in owner.roles:  # "bổ nhiệm Phó Giám đốc Sở X Nguyễn Văn A giữ chức …":
                        if r.status in ("appointed", "former"):  # a title glued to the name is his own
                            r.status = "current"
                carry, status, carried_to = None, None, False  # his titles in apposition are his current ones
        elif it.kind == "sep" and it.text in _CHAIN_SEPS or low == "kiêm":
            pass  # "Bí thư Quận ủy kiêm Chủ tịch UBND quận X": one chain
        elif owner is not None and (it.text.isdigit() or low in _APPOSITION_WORDS):
            pass  # "ông Lê Đình Xuân, 96 tuổi, nguyên Bí thư …"
        elif it.kind == "sep" and it.text == ":" and cue is not None:
            pass  # "Các đồng chí: A, …"
        elif carry and (low or it.text) in _CARRY_WORDS:
            carried_to = carried_to or low in ("đối", "với", "cho", "chức", "danh")
            # "bầu bổ sung chức danh Phó Chủ tịch … đối với ông X"
        elif pending and low == "là" and nxt is not None \
                and nxt.kind in ("cue", "name"):
            carry = "copula"  # "Bí thư Đảng ủy xã Hoằng Thanh là đồng chí Phạm Bá Duy": the titles are his
        else:
            if pending and (cue is not None and match_key(cue.text).endswith("đồng chí")
                            or clause_start):
                start = cue.start if cue else pending[0].start
                found.append(PersonMention(None, Span(start, pending[-1].end), sentence,
                                           roles=pending, vouched=True))
            pending, cue, owner, status = [], None, None, None
        if shared and (it.kind == "part" or low and low not in ("và", "như")):
            shared = []
        if it.kind in ("word", "part", "name", "cue", "status") and not (
                it.kind == "status" and it.data == "to_post" or low in ("làm", "là")):
            giving = False
        if it.kind == "sep" and it.text in ";.":
            electing = False
        if it.kind == "name":
            broken = False
        elif it.kind == "part" or it.kind == "sep" and it.text in ";." or low and low not in ("và", "đồng", "thời"):
            broken = True
        if it.kind == "word" or it.kind == "part":
            clause_start = False
        if it.kind == "sep" and it.text in ",;:":
            clause_start = it.text == ";" or not found and idx < 4
    if pending and cue is not None:
        found.append(PersonMention(None, Span(cue.start, pending[-1].end), sentence,
                                   roles=pending, vouched=True))
    return found


def _check_unvouched(text: str, sent: Sentence, found: list[PersonMention]) -> None:
    """Keep a name no cue or title vouches for only if underthesea tags it a proper noun.

    The tagger sees the clause around the name, not the whole sentence: its
    feature extraction grows faster than linearly with length, and the tag of a
    name depends on its neighbours, not on the far end of a long sentence.
    """
    doubtful = [p for p in found if not p.vouched and not p.roles and p.name]
    if not doubtful:
        return
    from underthesea import pos_tag

    for p in doubtful:
        left = max(text.rfind(c, sent.start, p.span.start) for c in ",;:(") + 1
        left = max(left, sent.start)
        rights = [i for c in ",;:)." if (i := text.find(c, p.span.end, sent.end)) >= 0]
        right = min(rights) if rights else sent.end
        proper, pos = set(), left
        for word, tag in pos_tag(text[left:right]):
            at = text.find(word, pos, right)
            if at < 0:
                continue
            pos = at + len(word)
            if tag == "Np":
                proper.add((at, pos))
        if (p.span.start, p.span.end) not in proper:
            found.remove(p)


def _assign_parts(items: list[Item], found: list[PersonMention]) -> None:
    order = {id(p): p.span.start for p in found}
    markers = [it for it in items if it.kind == "part"]
    last_group: list[PersonMention] = []
    last_objects: list[PersonMention] = []  # whom the previous verb received or called on
    prev_end = -1
    for k, marker in enumerate(markers):
        next_start = markers[k + 1].start if k + 1 < len(markers) else 10**12
        before = [p for p in found if prev_end <= order[id(p)] < marker.start]
        if before and last_objects and all(p in last_objects for p in before) \
                and any(it.kind == "sep" and it.text in ";," and before[-1].span.end <= it.start < marker.start
                        for it in items):
            # "X chào xã giao A; chào xã giao B": the objects of one verb are not the subject of the next
            before = []
        after = [p for p in found if marker.end <= order[id(p)] < next_start]
        between = [it for it in items if prev_end <= it.start < marker.start]
        joined = bool(last_group) and all(it.kind == "sep" or it.text.lower() in ("và", "rồi")
                                          for it in between)
        subject_part, _, object_part = marker.data.partition("/")
        if subject_part == "said":
            # "ông X, Giám đốc Sở Y, cho biết": the one who speaks is the nearest name before
            group = before[-1:] if before and not _quoted_source(items, before[-1], marker) else []
            subject_part = "speaker"
        else:
            group = before or (last_group if joined else _opened(items, marker, after))
            listed = group and any(it.text.lower() in (":", "gồm") for it in items
                                   if marker.end <= it.start < group[0].span.start)
            if not before and not joined and subject_part in ("speaker", "chair") and not listed:
                group = group[:1]  # "Phát biểu tại hội nghị, đồng chí X …": one speaker opens the clause
        for p in group:
            if subject_part not in p.parts:
                p.parts.append(subject_part)
        last_objects = []
        if object_part:  # "tiếp Đại sứ Y", "đón đoàn có …": the persons received are guests
            last_objects = list(after)
            hosts: list[PersonMention] = []
            if not before:
                # "Đón Chủ tịch nước X tại sân bay có Bộ trưởng A, Đại sứ B": the verb opens the
                # clause; who follows "có" welcomes
                has = next((it.start for it in items if marker.end <= it.start < next_start
                            and it.text.lower() == "có"), None)
                if has is not None:
                    hosts = [p for p in after if order[id(p)] > has]
            for p in after:
                part = subject_part if p in hosts else object_part
                if part not in p.parts:
                    p.parts.append(part)
        last_group, prev_end = group, marker.end


def _quoted_source(items: list[Item], person: PersonMention, marker: Item) -> bool:
    """ "Theo ông X, …" names where a statement comes from, not someone at the event."""
    k = next(i for i, it in enumerate(items) if it.start >= person.span.start)
    lead = [it for it in items[:k] if it.kind != "cue" and it.kind != "role"][-1:]
    return bool(lead) and match_key(lead[0].text) == "theo"


def _opened(items: list[Item], marker: Item, after: list[PersonMention]) -> list[PersonMention]:
    """The persons after a clause-opening verb, or none if the verb is not one."""
    if not after:
        return []
    k = items.index(marker)
    prev = items[k - 1] if k else None
    clause = 0  # items between the clause start and the verb: "Xúc động phát biểu …, ông X"
    while k - clause - 1 >= 0 and items[k - clause - 1].kind != "sep" and items[k - clause - 1].text != ".":
        clause += 1
    if prev is not None and prev.kind != "sep" and prev.text.lower() not in _OPENERS \
            and clause > 2:
        return []
    first = after[0].span.start
    lead = [it for it in items[k + 1:] if it.start < first]
    if any(it.text.lower() in ("có", ",", ":", "gồm") for it in lead):
        return after  # "Về dự có …", "Đoàn Chủ tịch điều hành đại hội gồm các đồng chí: …"
    return []


def _event_name(text: str, after: int = 3) -> str:
    """The event's name: its trigger and what follows up to a clause word (searched from
    ``after``, so a trigger that holds one, "thảo luận tại tổ", stays whole)."""
    m = _EVENT_END.search(text, max(3, after))
    name = text[: m.start()] if m else text
    words = name.split()
    name = " ".join(words[:16]).strip(" -–")
    return name[:1].upper() + name[1:]


def _events(doc: Document, sentences: list[Sentence],
            scanned: list[list[Item]]) -> list[EventMention]:
    body = [k for k, s in enumerate(sentences) if s.zone == "body"]
    title = [k for k, s in enumerate(sentences) if s.zone == "title"]
    main_k, trigger = None, None
    for k in body[:4]:
        sent = sentences[k]
        # the verb that holds the meeting stands near its noun: "tổ chức Hội nghị …", "Đại hội …
        # đã khai mạc"; "các tổ chức" two clauses away, or "Nghị quyết Đại hội" are no meeting
        triggers = [it for it in scanned[k] if it.kind == "event"
                    and not _FUTURE.search(doc.text[sent.start:it.start])
                    and not _DOCUMENT_OF.search(doc.text[max(sent.start, it.start - 14):it.start])
                    and _ORGANIZE.search(doc.text[max(sent.start, it.start - 60):min(sent.end, it.end + 90)])]
        if triggers:
            main_k, trigger = k, triggers[0]
            break
    if main_k is None:
        for k in title + body[:2]:
            # a congress named in passing ("Đại hội … lần thứ I đã đề ra") is not the news
            attended = any(x.kind == "part" for x in scanned[k])  # "A dự Đại hội … lần thứ XXVI"
            triggers = [it for it in scanned[k] if it.kind == "event"
                        and (sentences[k].zone == "title" or attended
                             or not _MENTIONED.match(doc.text[it.start:sentences[k].end]))
                        and not _FUTURE.search(doc.text[sentences[k].start:it.start])
                        and not _DOCUMENT_OF.search(doc.text[max(sentences[k].start, it.start - 14):it.start])]
            if triggers:
                main_k, trigger = k, triggers[0]
                break
    events: list[EventMention] = []
    if main_k is None:
        visit = _verb_event(doc, sentences, scanned, title + body[:3])
        if visit is not None:
            events.append(visit)
    if main_k is None and not events:
        # words that are the act itself ("khi Quốc hội thảo luận tại tổ về …", "hai bên hội đàm"),
        # when no meeting is said to be held: the act is the news
        for k in body[:4]:
            acts = [it for it in scanned[k] if it.kind == "event" and match_key(it.text) in lexicon().event_acts
                    and not _FUTURE.search(doc.text[sentences[k].start:it.start])]
            if acts:
                main_k, trigger = k, acts[0]
                break
    if main_k is not None:
        sent = sentences[main_k]
        name_source, name_text = trigger, None
        if not title and doc.title:
            m = lexicon().event_re.search(doc.title)
            if m and lexicon().event_triggers[match_key(m.group())] == trigger.data:
                name_text = doc.title[m.start():]
        for k in title:
            title_triggers = [it for it in scanned[k] if it.kind == "event" and it.data == trigger.data]
            if title_triggers:
                name_source = title_triggers[0]
        name = _event_name(name_text or
                           doc.text[name_source.start:_sentence_of(sentences, name_source).end],
                           0 if name_text else name_source.end - name_source.start)
        event = EventMention(name, trigger.data, Span(sent.start, sent.end), True)
        event.date = _event_date(doc, sentences, main_k, body)
        before = [it for it in scanned[main_k] if it.start < trigger.start]
        event.organizers = [it.data for it in before if it.kind == "org"]
        if not event.organizers:
            for k in title:
                event.organizers = [it.data for it in scanned[k] if it.kind == "org"][:1]
        places = [it.data for it in scanned[main_k] if it.kind == "place"]
        event.place = places[0] if places else None
        events.append(event)
    seen = {match_key(e.name) for e in events}
    for k in body:
        for it in scanned[k]:
            if it.kind != "event" or it.data not in ("congress", "session"):
                continue
            sent = sentences[k]
            rest = doc.text[it.start:sent.end]
            if not _MENTIONED.match(rest):
                continue
            name = _event_name(rest)
            key = match_key(name)
            if key in seen or len(name.split()) < 3:
                continue
            seen.add(key)
            events.append(EventMention(name, it.data, Span(sent.start, sent.end), False))
    return events


# A visit, a reception or a working session is often reported by its verb alone: "Bí thư
# Tỉnh ủy làm việc với huyện …", "Chủ tịch nước tiếp Đại sứ …".
_VERB_EVENTS = {"làm việc với": "working_session", "thăm và làm việc": "visit", "thăm, làm việc": "visit",
                "đến thăm": "visit", "thăm": "visit", "dẫn đầu": "visit", "tiếp": "reception",
                "tiếp đón": "reception", "đón tiếp": "reception", "đón": "reception", "chủ trì": "meeting",
                "chủ tọa": "meeting"}
_FUTURE = re.compile(r"\b(?:sẽ|dự kiến|sắp(?!\s+xếp))\b", re.IGNORECASE)
_HISTORY = re.compile(r"\bnăm\s+19\d\d\b|\btrước đây\b|\bkhi còn sống\b", re.IGNORECASE)
_DOCUMENT_OF = re.compile(r"\b(?:nghị quyết|văn kiện|tinh thần|kết luận)\s*$", re.IGNORECASE)


# … and a ceremony or a session by what it does: "trao quyết định bổ nhiệm", "biểu quyết thông qua"
_DEED_EVENTS = re.compile(r"\b(?:(?P<ceremony>(?:trao|công bố|trao tặng)\s+(?:các\s+)?quyết định)"
                          r"|(?P<session>biểu quyết thông qua|bỏ phiếu (?:kín\s+)?(?:bầu|miễn nhiệm)))\b",
                          re.IGNORECASE)


def _verb_event(doc: Document, sentences: list[Sentence], scanned: list[list[Item]],
                candidates: list[int]) -> EventMention | None:
    for k in candidates:
        sent = sentences[k]
        deeds = [Item("deed", m.start(), m.end(), m.group(), m.lastgroup)
                 for m in _DEED_EVENTS.finditer(doc.text, sent.start, sent.end)]
        for it in [x for x in scanned[k] if x.kind == "part"] + deeds:
            kind = it.data if it.kind == "deed" else _VERB_EVENTS.get(" ".join(it.text.lower().split()))
            if kind is None or _FUTURE.search(doc.text[sent.start:it.start]) \
                    or _HISTORY.search(sent.text) \
                    or not any(x.kind in ("name", "role", "org") for x in scanned[k]):
                continue  # a visit by no one named, or one of history ("đã đến thăm … năm 1957")
            clause = re.split(r"[,.;:(]", doc.text[it.start:sent.end], maxsplit=1)[0]
            name = " ".join(clause.split()[:12])
            name = name[:1].upper() + name[1:]
            body = [b for b, s in enumerate(sentences) if s.zone == "body"]
            event = EventMention(name, kind, Span(sent.start, sent.end), True)
            event.date = _event_date(doc, sentences, k, body)
            before = [x for x in scanned[k] if x.start < it.start]
            event.organizers = [x.data for x in before if x.kind == "org"][:1]
            places = [x.data for x in scanned[k] if x.kind == "place"]
            event.place = places[0] if places else None
            return event
    return None


def _plausible(value: str | None, published: str | None, before: str) -> bool:
    """An event date is near its report, and not an anniversary's "(18.11.1930 – …)"."""
    if value is None or "(" in before or "kỷ niệm" in before.lower():
        return False
    if published:
        gap = (date.fromisoformat(published) - date.fromisoformat(value)).days
        return -31 <= gap <= 366
    return True


def _sentence_of(sentences: list[Sentence], item: Item) -> Sentence:
    return next(s for s in sentences if s.start <= item.start < s.end)


def _year_hint(doc: Document, sentences: list[Sentence]) -> int | None:
    """The year a day and month without one belong to: the title's, else the latest year of
    the article's full dates (a birth date and a document's date are left out; an
    anniversary's span "(1947 – 2017)" ends in the year of its ceremony), when there is no
    publication date to go by."""
    if doc.title:
        # a term "nhiệm kỳ 2025 - 2030" is held from its first year: its congress is then
        title = _YEAR_RANGE.sub(lambda m: m.group(1), doc.title)
        years = re.findall(r"\b(20\d\d|19\d\d)\b", title)
        if years:
            return int(years[-1])
    years = []
    for sent in sentences:
        if sent.zone != "body":
            continue
        for m in _YEAR_OF_DAY.finditer(doc.text, sent.start, sent.end):
            before = doc.text[max(sent.start, m.start() - 80):m.start()].lower()
            if "sinh" in before[-12:] or m.group("span") and "kỷ niệm" not in before:
                continue  # a birth date; a span in brackets that is a plan's, not an anniversary's
            years.append(int(next(g for g in m.groups() if g)))
    return max(years) if years else None


_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*(?:19|20)\d\d\b")
# a full date's year, the year of a Tết or of a year's name, the end of an anniversary's span:
# "12/1/2021", "Xuân Đinh Dậu 2017", "Đinh Dậu 2017", "(6/1967 - 6/2017)"
_YEAR_OF_DAY = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*((?:19|20)\d\d)\b"
                          r"|\b(?:Xuân|Tết)\s+\w+\s+\w+\s+(20\d\d)\b"
                          r"|\b(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)\s+(?:Tý|Sửu|Dần|Mão|Thìn|Tỵ|Tị|Ngọ"
                          r"|Mùi|Thân|Dậu|Tuất|Hợi)\s+(20\d\d)\b"
                          r"|\(\s*(?:\d{1,2}/)?(?:19|20)\d\d\s*[-–—]\s*(?:\d{1,2}/)?(?P<span>(?:19|20)\d\d)\s*\)")


def _in_brackets(text: str, start: int, pos: int) -> bool:
    """pos lies inside a parenthesis opened after ``start``: "(20/5/1947 – 20/5/2017)"."""
    span = text[start:pos]
    return span.rfind("(") > span.rfind(")")


def _event_date(doc: Document, sentences: list[Sentence], main_k: int, body: list[int]) -> str | None:
    year_hint = None if doc.published else _year_hint(doc, sentences)
    for k in [main_k] + [b for b in body[:2] if b != main_k]:
        sent = sentences[k]
        dates = [d for d in find_dates(doc.text, sent.start, sent.end, doc.published, year_hint)
                 if _plausible(d.value, doc.published, doc.text[max(sent.start, d.start - 12):d.start])
                 and not _in_brackets(doc.text, sent.start, d.start)]
        # a day the sentence marks as one ("tối 19/5") before a bare full date
        dates.sort(key=lambda d: not d.cued)
        if dates:
            return dates[0].value
    return None
