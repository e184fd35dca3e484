"""Annex II: the meetings, what was held within them and who spoke.

Annex II tells each meeting in sentences of a few fixed shapes, which this module reads one
sentence at a time: "宣布第1次会议开幕" (a meeting opens), "在 … 第 3 次虚拟会议上审议了议程项目 2"
(a meeting takes up an item), "举行了主题为“…”的高级别部分会议" / "举行了…圆桌会议" /
"进行了一般性讨论" (a segment starts), "由副主席(匈牙利)主持" (who presided), and the speakers —
either a list after a colon ("下列人士作了发言: A; B; …") or the subject of a speaking verb
("… 也作了发言").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from knowledge.extract.errors import ExtractError
from knowledge.extract.states import split_states, state_prefix
from knowledge.extract.text import quoted, sentences
from knowledge.models import Meeting, Segment, Speaker


@dataclass(frozen=True, slots=True)
class ItemRef:
    """What the annex needs to know of an agenda item: its id, title and sub-items."""

    id: str
    title: str
    sub_items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Consideration:
    """An agenda item taken up at a meeting, in the report's own sentence."""

    item: str
    meeting: str
    paragraph: str
    sentence: str


@dataclass(frozen=True, slots=True)
class AnnexParagraph:
    id: str
    text: str
    section: str


@dataclass(frozen=True, slots=True)
class Proceedings:
    meetings: tuple[Meeting, ...]
    considerations: tuple[Consideration, ...]
    # round tables on a sub-item: sub-item id → the paragraph that tells it
    round_tables: dict[str, AnnexParagraph]


_SAME_MEETING = re.compile(r"^在同(?:一)?次会议上[,，]\s*")
_MEETING = re.compile(r"第\s*(\d+)\s*次(?:虚拟)?会议")
_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ITEM_IN_HEADING = re.compile(r"\(议程项目\s*(\d+)\)")
_CONSIDERED = re.compile(r"审议了议程项目\s*(\d+)")
_OPENING = re.compile(r"(?P<who>副?主席[^,，。]*?\([^)]+\))宣布(?P<title>第\s*\d+\s*次会议开幕)")
_HIGH_LEVEL = re.compile(r"主题为“(?P<title>[^”]+)”的高级别部分会议")
_ROUND_TABLE = "圆桌会议"
_GENERAL_DISCUSSION = "一般性讨论"
_PRESIDED = re.compile(r"由(?P<who>[^,，。]+?)主持")
_LISTED_SPEAKERS = re.compile(r"^(?P<lead>[^:：]*(?:发言|参加了会议)[^:：]*)[:：]\s*(?P<list>.+)$")
_SPEAKING_VERB = re.compile(r"^(?P<who>.+?)(?:也)?(?:作了发言|发了言|作了介绍|发表了演讲|介绍了)")
_ON_BEHALF = re.compile(
    r"在(?P<date>[^，,]+?)的虚拟会议上[，,]\s*(?P<role>副主席)\((?P<country>[^)]+)\)代表主席发言"
)

# Offices, longest first where one ends another (副秘书长 before 秘书长).
TITLES = (
    "副部长助理", "副秘书长", "秘书长", "常务秘书", "副部长", "部长", "副总统", "主任", "主席",
    "司长", "院长", "教授", "负责人", "首席执行官", "总裁", "核心成员", "特别顾问", "代表",
)  # fmt: skip
# Words that end the name of a body: the organization is what precedes the office.
_BODY_ENDINGS = (
    "办公室", "委员会", "基金会", "银行", "联盟", "会议", "中心", "学会", "群体",
    "部", "处", "厅", "局", "组", "司", "院", "所",
)  # fmt: skip
_HONORIFIC = "教授"
_LATIN_NAME = re.compile(
    r"^(?P<desc>.*?)\s*(?P<name>[A-Z][^\u4e00-\u9fff()]*?[A-Za-z])\s*(?:\((?P<country>[^)]+)\))?$"
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,}$")


@dataclass
class _MeetingBuilder:
    number: int
    date: dt.date
    paragraphs: list[str] = field(default_factory=list)
    agenda_items: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    opened_by: str = ""

    def add_paragraph(self, pid: str) -> None:
        if pid not in self.paragraphs:
            self.paragraphs.append(pid)

    def presider(self) -> str:
        presiders = {s.presided_by for s in self.segments if s.presided_by}
        return presiders.pop() if len(presiders) == 1 else ""

    def build(self, session: int, meeting_format: str) -> Meeting:
        return Meeting(
            id=f"M{self.number}",
            session=session,
            number=self.number,
            date=self.date,
            format=meeting_format,
            agenda_items=tuple(self.agenda_items),
            presided_by=self.presider(),
            opened_by=self.opened_by,
            segments=tuple(self.segments),
            speakers=tuple(self.speakers),
            source=tuple(self.paragraphs),
        )


@dataclass
class _Reader:
    """Reading state while going through annex II sentence by sentence."""

    year: int
    items: dict[str, ItemRef]
    meetings: dict[int, _MeetingBuilder] = field(default_factory=dict)
    considerations: list[Consideration] = field(default_factory=list)
    round_tables: dict[str, AnnexParagraph] = field(default_factory=dict)
    meeting: _MeetingBuilder | None = None
    item: ItemRef | None = None
    round_tables_in_item: int = 0
    segment_agenda_item: str | None = None

    def start_meeting(self, number: int, sentence: str) -> None:
        day = _DAY.search(sentence)
        if number not in self.meetings:
            if not day:
                raise ExtractError(f"meeting {number} is opened without a date")
            year = int(day.group(1)) if day.group(1) else self.year
            date = dt.date(year, int(day.group(2)), int(day.group(3)))
            self.meetings[number] = _MeetingBuilder(number, date)
        self.meeting = self.meetings[number]

    def current(self, where: str) -> _MeetingBuilder:
        if self.meeting is None:
            raise ExtractError(f"{where}: text before any meeting is named")
        return self.meeting

    def add_segment(self, segment: Segment, where: str) -> None:
        self.current(where).segments.append(segment)

    def set_presider(self, who: str, where: str) -> None:
        segments = self.current(where).segments
        if not segments:
            raise ExtractError(f"{where}: a presiding officer with nothing to preside")
        segments[-1] = replace(segments[-1], presided_by=who)

    def segment_title(self) -> str:
        segments = self.meeting.segments if self.meeting else []
        return segments[-1].title if segments else ""


def read_annex(
    paragraphs: Sequence[AnnexParagraph],
    *,
    items: dict[str, ItemRef],
    year: int,
    session: int,
    meeting_format: str,
) -> Proceedings:
    """Meetings in the order of their numbers, and the items each took up."""
    reader = _Reader(year, items)
    for paragraph in paragraphs:
        _enter_section(reader, paragraph)
        for sentence in sentences(paragraph.text):
            _read_sentence(reader, paragraph, _SAME_MEETING.sub("", sentence))
    meetings = tuple(
        reader.meetings[n].build(session, meeting_format) for n in sorted(reader.meetings)
    )
    return Proceedings(meetings, tuple(reader.considerations), reader.round_tables)


def _enter_section(reader: _Reader, paragraph: AnnexParagraph) -> None:
    match = _ITEM_IN_HEADING.search(paragraph.section)
    item = reader.items.get(match.group(1)) if match else None
    if match and item is None:
        raise ExtractError(f"{paragraph.id}: heading names agenda item {match.group(1)}")
    if item is not reader.item:
        reader.item, reader.round_tables_in_item = item, 0
        reader.segment_agenda_item = item.id if item else None


def _read_sentence(reader: _Reader, paragraph: AnnexParagraph, sentence: str) -> None:
    where = paragraph.id
    meeting = _MEETING.search(sentence)
    if meeting and ("开幕" in sentence or "会议上" in sentence):
        reader.start_meeting(int(meeting.group(1)), sentence)
    builder = reader.current(where)
    builder.add_paragraph(paragraph.id)
    considered = _CONSIDERED.search(sentence)
    if considered:
        item = reader.items.get(considered.group(1))
        if item is None:
            raise ExtractError(f"{where}: agenda item {considered.group(1)} is not known")
        if item.id not in builder.agenda_items:
            builder.agenda_items.append(item.id)
        reader.considerations.append(
            Consideration(item.id, f"M{builder.number}", paragraph.id, sentence)
        )
    _read_segment(reader, paragraph, sentence)
    presided = _PRESIDED.search(sentence)
    if presided:
        reader.set_presider(presided.group("who"), where)
    for speaker in _speakers(sentence, reader.segment_title(), paragraph.id):
        builder.speakers.append(speaker)


def _read_segment(reader: _Reader, paragraph: AnnexParagraph, sentence: str) -> None:
    where = paragraph.id
    opening = _OPENING.search(sentence)
    if opening:
        builder = reader.current(where)
        builder.opened_by = opening.group("who")
        reader.add_segment(Segment("opening", opening.group("title"), source=where), where)
        return
    high_level = _HIGH_LEVEL.search(sentence)
    if high_level:
        segment = Segment(
            "high-level segment",
            high_level.group("title"),
            reader.segment_agenda_item,
            source=where,
        )
        reader.add_segment(segment, where)
        return
    if _ROUND_TABLE in sentence:
        item = reader.item
        themes = quoted(sentence)
        agenda_item = item.id if item else None
        if item and item.sub_items:
            if reader.round_tables_in_item >= len(item.sub_items):
                raise ExtractError(f"{where}: more round tables than sub-items of {item.id}")
            agenda_item = item.sub_items[reader.round_tables_in_item]
            reader.round_tables[agenda_item] = paragraph
        reader.round_tables_in_item += 1
        title = themes[0] if themes else (item.title if item else "")
        reader.segment_agenda_item = agenda_item
        reader.add_segment(Segment("round table", title, agenda_item, source=where), where)
        return
    if _GENERAL_DISCUSSION in sentence:
        segment = Segment(
            "general discussion", _GENERAL_DISCUSSION, reader.segment_agenda_item, source=where
        )
        reader.add_segment(segment, where)


def speakers_on_behalf_of_chair(
    paragraphs: Sequence[tuple[str, str]], meetings: Sequence[Meeting]
) -> dict[str, list[Speaker]]:
    """Chapter paragraphs where a vice-chair spoke for the chair at a meeting of a given day."""
    by_date = {meeting.date: meeting.id for meeting in meetings}
    found: dict[str, list[Speaker]] = {}
    for pid, text in paragraphs:
        match = _ON_BEHALF.search(text)
        if not match:
            continue
        day = _DAY.search(match.group("date"))
        if not day or not day.group(1):
            raise ExtractError(f"{pid}: a meeting without a full date")
        date = dt.date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
        if date not in by_date:
            raise ExtractError(f"{pid}: no meeting was held on {date}")
        speaker = Speaker("", match.group("role"), country=match.group("country"), source=pid)
        found.setdefault(by_date[date], []).append(speaker)
    return found


def _speakers(sentence: str, segment: str, source: str) -> list[Speaker]:
    listed = _LISTED_SPEAKERS.match(sentence)
    if listed:
        text = listed.group("list")
    else:
        verb = _SPEAKING_VERB.match(sentence)
        if not verb or verb.group("who").startswith("委员会"):
            return []
        text = verb.group("who")
    speakers: list[Speaker] = []
    for piece in re.split(r"[;；]", text.strip().rstrip("。.")):
        speakers.extend(_piece_speakers(piece.strip(), segment, source))
    return speakers


def _piece_speakers(piece: str, segment: str, source: str) -> list[Speaker]:
    piece = piece.removeprefix("以及").strip()
    if not piece:
        return []
    representatives = re.fullmatch(r"(?:来自)?(?P<states>.+)的代表", piece)
    states = split_states(representatives.group("states")) if representatives else None
    if states:
        return [Speaker("", "代表", country=s, segment=segment, source=source) for s in states]
    entries = [e for part in piece.split("以及") for e in _split_conjoined(part.strip())]
    return [_speaker(entry, segment, source) for entry in entries if entry]


def _split_conjoined(text: str) -> list[str]:
    """Split "A和B" where A is a whole entry (it ends with a name or an office)."""
    entries: list[str] = []
    start = 0
    for at in (m.start() for m in re.finditer("和", text)):
        left = text[start:at]
        if _ends_entry(left):
            entries.append(left.strip())
            start = at + 1
    entries.append(text[start:].strip())
    return entries


def _ends_entry(text: str) -> bool:
    if text.endswith(TITLES):
        return True
    name = _name_after_office(text)
    return "·" in name


def _last_office_end(text: str, before: int | None = None) -> int:
    """Where the last office word ends (0 if none), looking only before ``before``."""
    limit = len(text) if before is None else before
    ends = [text.rfind(t, 0, limit) + len(t) for t in TITLES if text.rfind(t, 0, limit) >= 0]
    return max(ends, default=0)


def _name_after_office(text: str) -> str:
    end = _last_office_end(text)
    tail = text[end:].strip() if end else ""
    return tail if _CJK_NAME.match(tail) else ""


def _speaker(entry: str, segment: str, source: str) -> Speaker:
    entry = entry.strip().removesuffix("也").strip()
    name, descriptor, country = _person(entry)
    role, organization, country = _office(descriptor, country)
    return Speaker(name, role, organization, country, segment, source)


def _person(entry: str) -> tuple[str, str, str]:
    """(name, the words before it, a country printed after it in parentheses)."""
    latin = _LATIN_NAME.match(entry)
    if latin:
        return latin.group("name"), latin.group("desc").strip(), latin.group("country") or ""
    end = _last_office_end(entry)
    if end == len(entry) and entry.endswith(_HONORIFIC):
        # "中国科学院院长白春礼教授": the honorific follows the name.
        office_end = _last_office_end(entry, before=len(entry) - len(_HONORIFIC))
        name = entry[office_end : -len(_HONORIFIC)]
        if office_end and _CJK_NAME.match(name):
            return name, entry[:office_end], ""
    name = _name_after_office(entry)
    if name:
        return name, entry[: -len(name)].strip(), ""
    return "", entry, ""


def _office(descriptor: str, country: str) -> tuple[str, str, str]:
    """(role, organization, country) of a descriptor such as "赞比亚高等教育部常务秘书"."""
    state = state_prefix(descriptor)
    country = country or state
    split = _body_and_office(descriptor)
    if split:
        organization, role = split
        return role, organization, country
    return descriptor[len(state) :] if state else descriptor, "", country


def _body_and_office(descriptor: str) -> tuple[str, str] | None:
    """Split at the last body ending that leaves a bare office after it."""
    for end in sorted(_body_ending_positions(descriptor), reverse=True):
        body, office = descriptor[:end], descriptor[end:].removeprefix("的")
        title = next((t for t in TITLES if office.endswith(t)), None)
        if title is None or any(t in body for t in TITLES) or body.endswith("届会议"):
            continue
        if any(e in office[: -len(title)] for e in _BODY_ENDINGS):
            continue
        return body, office
    return None


def _body_ending_positions(text: str) -> set[int]:
    return {m.end() for e in _BODY_ENDINGS for m in re.finditer(re.escape(e), text)}
