"""Reading what ``/notice`` is given: its options (``topic=``, ``at=``, ``link=``, ``list=``), a
topic, and a time ("in 2h", "14:30", "30m before M2").
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import zoneinfo
from dataclasses import dataclass
from typing import Final

from bot.config import load_timezone, parse_duration
from bot.notices.errors import (
    TimingError,
    TopicError,
)
from bot.storage import TOPIC_ALL
from knowledge.models import KnowledgeBase, Meeting
from knowledge.schema import iana_time_zone

#: A time given to the minute may lie this far in the past (it is "now").
PAST_TOLERANCE: Final = dt.timedelta(minutes=1)

# == Options of /notice: topic=, at=, link= ======================================================

_OPTION = re.compile(
    r"\s*(topic|to|at|when|link|lists?)=(?:\"([^\"]*)\"|“([^”]*)”|(\S+))(?=\s|$)",
    re.IGNORECASE,
)
_OPTION_NAMES: Final = {
    "topic": "topic",
    "to": "topic",
    "at": "at",
    "when": "at",
    "link": "link",
    "list": "lists",
    "lists": "lists",
}


@dataclass(frozen=True, slots=True)
class NoticeOptions:
    """What a ``/notice`` command says besides its text."""

    topic: str | None = None
    at: str | None = None
    link: str | None = None
    lists: str | None = None  # named lists, comma-separated: "bureau,focal"


def parse_notice_options(text: str, *, is_html: bool = False) -> tuple[NoticeOptions, str]:
    """Leading ``topic=M2 list=bureau at=2020-06-11T14:30 link=https://…`` options and the rest
    (the text). Values may be quoted (``at="2020-06-11 14:30 Europe/Paris"``); from an HTML source
    the values are unescaped."""
    found: dict[str, str] = {}
    pos = 0
    while match := _OPTION.match(text, pos):
        value = next(v for v in match.groups()[1:] if v is not None)
        found[_OPTION_NAMES[match.group(1).lower()]] = html.unescape(value) if is_html else value
        pos = match.end()
    return NoticeOptions(**found), text[pos:].strip()


# == Topics ======================================================================================

_TOPIC_WORDS: Final = {
    "全部": TOPIC_ALL,
    "所有": TOPIC_ALL,
    "everyone": TOPIC_ALL,
    "主席团": "bureau",
    "主席團": "bureau",
}


def known_topics(kb: KnowledgeBase) -> list[str]:
    """Every audience one can subscribe to: all, bureau, meetings, agenda items."""
    return [TOPIC_ALL, "bureau", *(m.id for m in kb.meetings), *(a.id for a in kb.agenda)]


def resolve_topic(kb: KnowledgeBase, text: str) -> str:
    """The topic a user typed, spelled as stored (``m2`` → ``M2``); TopicError if unknown."""
    wanted = text.strip()
    wanted = _TOPIC_WORDS.get(wanted.lower(), wanted)
    for topic in known_topics(kb):
        if topic.lower() == wanted.lower():
            return topic
    raise TopicError("topic", value=text.strip()[:40])


# == Time ========================================================================================

_ZONE_WORDS: Final = {
    "geneva": "Europe/Zurich",
    "日内瓦": "Europe/Zurich",
    "日內瓦": "Europe/Zurich",
}
_RELATIVE_TO_MEETING = re.compile(
    r"(?P<amount>[0-9dhms ]+?)\s*(?P<side>before|after|前|后|後)\s*(?P<meeting>\S+(?:\s+\d+)?)",
    re.IGNORECASE,
)
_MEETING_ONLY = re.compile(r"(?:at\s+)?(?P<meeting>m\d+|meeting\s*\d+|第\s*\d+\s*次会议)", re.I)
_IN = re.compile(r"(?:in|\+)\s*(?P<amount>[0-9dhms ]+)", re.IGNORECASE)
_CLOCK = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})")


@dataclass(frozen=True, slots=True)
class Timing:
    """When a notice goes out; for a time relative to a meeting, which one and how long
    before its start (negative: after), so the notice can follow the meeting if it moves."""

    at: dt.datetime
    meeting_id: str | None = None
    lead: dt.timedelta | None = None
    meeting_start: dt.datetime | None = None


def meeting_start(
    kb: KnowledgeBase, meeting: Meeting, default_tz: zoneinfo.ZoneInfo
) -> dt.datetime | None:
    """The meeting's start as an aware UTC time, read in its session's timezone; None when the
    knowledge base gives no start time."""
    if meeting.start is None:
        return None
    session = kb.session(meeting.session)
    zone = default_tz
    if session is not None:
        try:
            zone = load_timezone(session.timezone)
        except ValueError:
            zone = default_tz
    return dt.datetime.combine(meeting.date, meeting.start, zone).astimezone(dt.UTC)


def find_meeting(kb: KnowledgeBase, text: str) -> Meeting:
    """``M2``, ``m2``, ``meeting 2``, ``第2次会议`` → the meeting; TimingError if unknown."""
    digits = re.sub(r"\D", "", text)
    wanted = f"M{digits}" if digits else text.strip().upper()
    for meeting in kb.meetings:
        if meeting.id == wanted:
            return meeting
    raise TimingError("meeting", value=text.strip()[:40])


def parse_when(text: str, *, kb: KnowledgeBase, tz: zoneinfo.ZoneInfo, now: dt.datetime) -> Timing:
    """A time a secretariat member typed, as an aware UTC time (TimingError otherwise).

    Accepted: ``2020-06-11T14:30`` or ``2020-06-11 14:30`` (in ``tz``, the session's time, by
    default), with an offset (``…+02:00``, ``…Z``) or a zone name after it (``2020-06-11 14:30
    Europe/Paris``, ``… UTC``); ``14:30`` (today); ``in 10m`` / ``+1h30m``; and relative to a
    meeting of the knowledge base: ``30m before M2``, ``15m after meeting 2``, ``M2`` (its
    start). The time must not lie in the past.
    """
    cleaned = " ".join(text.replace("　", " ").split())
    if not cleaned:
        raise TimingError("format", value=text)
    timing = _relative_to_meeting(cleaned, kb, tz) or _relative_to_now(cleaned, now)
    if timing is None:
        timing = Timing(_absolute(cleaned, tz, now))
    if timing.at < now - PAST_TOLERANCE:
        raise TimingError("past", value=cleaned[:60])
    return timing


def _relative_to_meeting(text: str, kb: KnowledgeBase, tz: zoneinfo.ZoneInfo) -> Timing | None:
    relative = _RELATIVE_TO_MEETING.fullmatch(text)
    if relative is not None:
        try:
            amount = parse_duration(relative["amount"])
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
        meeting = find_meeting(kb, relative["meeting"])
        lead = amount if relative["side"].lower() in ("before", "前") else -amount
    else:
        only = _MEETING_ONLY.fullmatch(text)
        if only is None:
            return None
        meeting = find_meeting(kb, only["meeting"])
        lead = dt.timedelta(0)
    start = meeting_start(kb, meeting, tz)
    if start is None:
        raise TimingError("no_start", meeting=meeting.number)
    if meeting.cancelled:
        raise TimingError("cancelled", meeting=meeting.number)
    return Timing(start - lead, meeting.id, lead, start)


def _relative_to_now(text: str, now: dt.datetime) -> Timing | None:
    match = _IN.fullmatch(text)
    if match is None:
        return None
    try:
        return Timing(now + parse_duration(match["amount"]))
    except ValueError:
        raise TimingError("format", value=text[:60]) from None


def _absolute(text: str, default_tz: zoneinfo.ZoneInfo, now: dt.datetime) -> dt.datetime:
    head, _, zone_name = text.rpartition(" ")
    zone = _zone(zone_name) if head else None
    body = head if zone is not None else text
    clock = _CLOCK.fullmatch(body)
    if clock is not None:
        local_today = now.astimezone(zone or default_tz).date()
        try:
            moment = dt.datetime.combine(local_today, dt.time(int(clock["h"]), int(clock["m"])))
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
    else:
        try:
            moment = dt.datetime.fromisoformat(body.replace(" ", "T", 1))
        except ValueError:
            raise TimingError("format", value=text[:60]) from None
    if moment.tzinfo is not None:
        if zone is not None:
            raise TimingError("format", value=text[:60])
        return moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=zone or default_tz).astimezone(dt.UTC)


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    word = _ZONE_WORDS.get(name.lower())
    if word is not None:
        return zoneinfo.ZoneInfo(word)
    if name.upper() in ("UTC", "GMT", "Z"):
        return zoneinfo.ZoneInfo("UTC")
    key = iana_time_zone(name) or _zone_keys().get(name.lower())
    return load_timezone(key) if key is not None else None


@functools.cache
def _zone_keys() -> dict[str, str]:
    return {key.lower(): key for key in zoneinfo.available_timezones()}
