"""Status and participation phrases: the verbs and markers that say what a person did at an
event ("chủ trì", "dự", "phát biểu") or what became of a post ("được bầu", "nguyên",
"miễn nhiệm"). recognize.py asks :func:`status_or_part` at each word of a sentence;
relate.py reads the items it returns."""

from __future__ import annotations

import re

from .normalize import UPPER

__all__ = ["FIRST_WORDS", "status_or_part"]

# Participation: verb → part. Checked on the lower-cased text at a word start. A part
# "host/guest" gives the subject the first and the persons after the verb the second
# ("Bí thư Tỉnh ủy X tiếp Đại sứ Y"); relate.py decides who the subject is.
_PARTS = [
    ("đồng chủ trì", "chair"), ("chủ trì", "chair"), ("chủ tọa", "chair"), ("điều hành", "chair"),
    ("về dự", "attendee"), ("đến dự", "attendee"), ("tham dự", "attendee"), ("cùng dự", "attendee"),
    ("có mặt", "attendee"), ("dự", "attendee"),
    ("phát biểu chỉ đạo", "speaker"), ("phát biểu kết luận", "speaker"),
    ("phát biểu", "speaker"), ("kết luận", "speaker"), ("trình bày", "speaker"),
    ("báo cáo", "speaker"),
    ("tiếp đón", "host/guest"), ("đón tiếp", "host/guest"), ("tiếp", "host/guest"), ("đón", "host/guest"),
    ("thăm và làm việc", "guest"), ("thăm, làm việc", "guest"), ("đến thăm", "guest"), ("thăm", "guest"),
    ("dẫn đầu", "guest"), ("làm việc với", "attendee"),
    # a visitor pays a courtesy call on the hosts: "chào xã giao Tổng Bí thư X" (not "hội kiến":
    # it names the event, and who calls on whom it does not say)
    ("chào xã giao", "guest/host"),
] + [(verb, "said") for verb in (
    "cho biết", "khẳng định", "nhấn mạnh", "cho rằng", "nhận xét", "đề nghị", "yêu cầu", "chỉ đạo",
    "nêu rõ", "chia sẻ", "bày tỏ", "thông tin", "giải trình", "đánh giá cao", "đề xuất", "kiến nghị",
    "thông báo", "trả lời", "giải thích", "lưu ý", "biểu dương", "ghi nhận", "đồng tình", "nói",
    "lập luận", "phân tích", "nêu ý kiến", "góp ý", "băn khoăn", "nhận định", "cảnh báo", "thừa nhận")]
# "said" is a speaker's verb when its subject is at the event: the nearest person before it.
# "dự án", "dự kiến" … are not attendance; "tiếp tục", "đón nhận" … are no reception.
_NOT_ATTEND = re.compile(r"dự\s+(án|kiến|báo|thảo|toán|bị|định|trữ|phòng|đoán|thi|tính|luật|khuyết)\b")
_NOT_PART = re.compile(r"(?:tiếp\s+(?:xúc|tục|thu|nhận|cận|theo|giáp|sức|diễn|viên|tế|quản|nối|tay|đà|"
                       r"thị|vận|liệu|đến|cho|đó|sau)|đón\s+(?:nhận|tết|xuân|đầu|bắt|đợi|chào)|"
                       r"thăm\s+(?:dò|khám|quan)|điều hành\s+(?:của|giá|kinh|ngân))\b")
_NOUN_BEFORE = {"trực", "kế", "ban", "đội", "sự", "buổi", "lễ", "cuộc", "việc", "chuyến", "đợt", "lượt", "liên",
                "đón", "tiếp", "chào"}
_NOT_SAID_BEFORE = {"theo", "được", "bị", "các", "những", "có", "ban", "sự", "lời"}
_STATUS = [
    ("được bầu giữ chức", "appointed"), ("được bầu làm", "appointed"), ("được bầu là", "appointed"),
    ("được bầu", "appointed"), ("được bổ nhiệm giữ chức", "appointed"),
    ("được bổ nhiệm làm", "appointed"), ("được bổ nhiệm", "appointed"),
    ("được điều động giữ chức", "appointed"), ("được điều động", "appointed"),
    ("được phân công giữ chức", "appointed"), ("được chỉ định giữ chức", "appointed"),
    ("được chỉ định", "appointed"), ("trúng cử", "appointed"), ("tân", "appointed"),
    ("thôi giữ chức", "former"), ("thôi làm", "former"), ("thôi tham gia", "former"),
    ("nguyên là", "former"), ("nguyên", "former"), ("cựu", "former"),
    ("nghỉ hưu", "former"), ("từng là", "former"), ("từng giữ chức", "former"),
    ("từng đảm nhiệm các chức vụ", "former"), ("từng đảm nhiệm", "former"), ("từng giữ các chức vụ", "former"),
    ("được bầu bổ sung", "appointed"), ("được hiệp thương cử", "appointed"), ("được luân chuyển", "appointed"),
    ("hiện là", "current"), ("hiện giữ chức", "current"), ("đương nhiệm", "current"),
    ("nay là", "current"), ("hiện nay là", "current"),
] + [(verb, "elect") for verb in (
    # an active election or appointment: the person named next takes the post named after
    # "làm"/"giữ chức", or the post named before "đối với" (relate.py)
    "bầu bổ sung", "bầu", "bổ nhiệm lại", "bổ nhiệm", "điều động, bổ nhiệm", "điều động và bổ nhiệm",
    "điều động", "luân chuyển", "hiệp thương cử", "cử", "phân công", "chỉ định")] + [
    (verb, "dismiss") for verb in (
    # "miễn nhiệm chức vụ … đối với ông X": the post named before the person ends
    "miễn nhiệm chức vụ", "miễn nhiệm", "cho thôi giữ chức vụ", "cho thôi giữ chức", "cho thôi làm",
    "cách tất cả các chức vụ", "cách chức", "bãi nhiệm chức vụ", "bãi nhiệm")] + [
    (verb, "to_post") for verb in ("giữ chức vụ", "giữ chức", "giữ cương vị", "vào chức vụ", "vào vị trí")]
# an active verb elects someone only when that someone follows: "bầu ông X", "bổ nhiệm bà Y";
# "bầu cử", "cử tri", "bổ nhiệm cán bộ" are no election
_ELECT_NEXT = re.compile(rf"\s+(?:(?:các\s+)?(?:ông|bà|đồng chí|đ/c)\b|chức danh\b|{UPPER})")
# "cử Phó Chủ tịch UBND tỉnh X dẫn đầu đoàn" gives a task, not a post: these verbs elect only
# the person a cue names ("cử ông X giữ chức …")
_TASK_VERBS = {"cử", "phân công", "chỉ định", "điều động", "luân chuyển"}
_PERSON_NEXT = re.compile(r"\s+(?:các\s+)?(?:ông|bà|đồng chí|đ/c)\b")


def _phrase_table(pairs: list[tuple[str, str]]) -> tuple[re.Pattern, dict[str, str]]:
    alternation = "|".join(re.escape(p) for p, _ in sorted(pairs, key=lambda x: -len(x[0])))
    return re.compile(rf"(?:{alternation})(?!\w)"), dict(pairs)


_STATUS_RE, _STATUS_OF = _phrase_table(_STATUS)
_PART_RE, _PART_OF = _phrase_table(_PARTS)
# the first words of every status and part phrase: most tokens start none, and a set lookup
# spares them the two long alternations
FIRST_WORDS = frozenset(p.split()[0].rstrip(",") for p, _ in _STATUS + _PARTS)


# a career recap with words between "từng" and its verb: "từng có nhiều năm làm Chủ tịch",
# "từng được phân công giữ chức", "từng hai lần đảm nhiệm": the post named next is a past one
_RECAP = re.compile(r"từng\s+(?:(?:có|nhiều|năm|một|hai|ba|lần|thời|gian|được|phân|công|tham|gia)\s+){1,4}?"
                    r"(?:làm|là|giữ\s+chức(?:\s+vụ)?|giữ\s+cương\s+vị|đảm\s+nhiệm(?:\s+chức\s+vụ)?|đảm\s+nhận)(?!\w)")


def status_or_part(low: str, pos: int, end: int, text: str) -> tuple[str, int, str, str] | None:
    """The status or part phrase at ``pos`` of the lower-cased text: ("status" or "part",
    where it ends, the phrase, what it marks), or None."""
    m = _RECAP.match(low, pos, end)
    if m:
        return "status", m.end(), m.group(), "former"
    m = _STATUS_RE.match(low, pos, end)
    if m:
        kind = _STATUS_OF[m.group()]
        next_ok = (_PERSON_NEXT if m.group() in _TASK_VERBS else _ELECT_NEXT).match(text, m.end())
        if kind == "elect" and not next_ok:
            m = None
        else:
            return "status", m.end(), m.group(), kind
    m = _PART_RE.match(low, pos, end)
    if m:
        before = low[max(0, pos - 8):pos].split()[-1:]
        if m.group() == "dự" and (_NOT_ATTEND.match(low, pos) or before in (["tham"], ["vinh"], ["can"])):
            return None
        if _NOT_PART.match(low, pos) or before and before[0] in _NOUN_BEFORE:
            return None  # "tiếp tục", "trực tiếp", "ban điều hành", "sự đón tiếp"
        part = _PART_OF[m.group()]
        if part == "said" and (before and before[0] in _NOT_SAID_BEFORE
                               or low.startswith(" của", m.end())):
            return None  # "theo đề nghị của", "được yêu cầu": a noun, not someone speaking
        return "part", m.end(), m.group(), part
    return None
