"""Dates and times: when meetings were held, the next meeting, what time one starts."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.answers.question import (
    _CLOCK,
    _MEETINGS,
    _NOW,
    _WHEN,
    _YES_NO,
    _content_free,
    _current,
    _evidence,
    _Question,
)
from knowledge.answers.values import Composed, Fact
from knowledge.models import (
    AgendaItem,
    KnowledgeBase,
    Meeting,
)

# --- time ------------------------------------------------------------------------------------


def _meeting_fact(key: str, meeting: Meeting) -> Fact:
    return Fact(
        key,
        (
            ("meeting", meeting.number),
            ("date", meeting.date.isoformat()),
            ("start", meeting.start.strftime("%H:%M") if meeting.start else ""),
            ("end", meeting.end.strftime("%H:%M") if meeting.end else ""),
            ("cancelled", int(meeting.cancelled)),
        ),
        meeting,
    )


# the time zone a time is asked in: "geneva time", "日内瓦时间"
_ZONE = re.compile(
    r"\b(?:geneva|local|cet|cest|utc|gmt)\b|\btime\b|(?:日内瓦|当地|北京|本地)?时间"
)


def _times(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    relative = q.has(_NOW)
    clock = q.has(_CLOCK)
    if not (relative or clock):
        return None
    if not (q.has(_MEETINGS) or q.referenced(Meeting) or q.has(re.compile(r"\bon\b|安排|议程"))):
        return None
    rest = q.rest(_ZONE, _NOW, _CLOCK, _WHEN, _MEETINGS, re.compile(r"安排|\bon\b|\bschedul\w*"))
    if not _content_free(rest):
        return None
    meetings = [m for m in kb.meetings if not m.cancelled]
    named = q.referenced(Meeting)
    if (named or meetings) and not relative:
        # the meetings named, or all of them ("what time did the meetings start")
        asked = named or meetings
        facts = [_meeting_fact("meeting_time", m) for m in asked]
        unpublished = clock and all(m.start is None for m in asked)
        return Composed("time", "unknown" if unpublished else "", tuple(facts))
    if not meetings:
        return None
    moment = now or dt.datetime.now(dt.UTC)
    session = _current(kb)
    zone = _zone(session.timezone)
    today = moment.astimezone(zone).date() if zone else moment.date()
    upcoming = [m for m in meetings if m.date >= today]
    if not upcoming:
        last = max(meetings, key=lambda m: (m.date, m.number))
        facts = [
            Fact(
                "session_over",
                (
                    ("session", session.number),
                    ("start", (session.start or last.date).isoformat()),
                    ("end", (session.end or last.date).isoformat()),
                ),
                session,
            ),
            _meeting_fact("last_meeting", last),
        ]
        return Composed("time", "", tuple(facts))
    today_meetings = [m for m in upcoming if m.date == today]
    key = "today" if today_meetings else "next_meeting"
    chosen = today_meetings or [min(upcoming, key=lambda m: (m.date, m.number))]
    return Composed("time", "", tuple(_meeting_fact(key, m) for m in chosen))


def _zone(name: str) -> dt.tzinfo | None:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo("Europe/Zurich" if name == "Europe/Geneva" else name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# "item 3 taken up at which meeting": a meeting's date and number answer it as "when" does
_WHICH_MEETING = re.compile(
    r"哪一?[次场个]会(?!员)|第几次会|第几场|\b(?:which|what) (?:meeting|sitting)\b"
)


def _dates(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    if not (q.has(_WHEN) or (q.has(_WHICH_MEETING) and q.referenced(AgendaItem))):
        return None
    if re.search(r"(?<!\d)(?:19|20)\d\d\s*[/ ]\s*\d{1,3}(?!\d)(?!\s*[年月日])", q.text):
        return None  # "ECOSOC decision 2020/206 date": another body's decision, not the session
    meetings = q.referenced(Meeting)
    rest = q.rest(
        _WHEN,
        _MEETINGS,
        _YES_NO,
        re.compile(
            r"举行|召开|开幕|开始|结束|开|审议|讨论|预计|\bheld\b|\btake place\b|\bconsider\w*"
            r"|\btaken up\b|\btook up\b|\btake up\b|\bat\b|哪一?[次场个]|第几次|第几场|会上"
            r"|\bwhich\b|\bwhat\b"
            r"|\bdiscuss\w*|\bstarts?\b|\bbegins?\b|\bopens?\b|\bends?\b|\bwill\b|\bbe\b"
            # "从哪天到哪天", "how many days did it last", "how many days did it run"
            r"|到|\blast(?:ed)?\b|\br[au]n\b"
        ),
    )
    if not _content_free(rest):
        return None
    items = q.referenced(AgendaItem)
    if not meetings and items:
        meetings = [m for m in kb.meetings if any(i.id in m.agenda_items for i in items)]
        if meetings:
            facts_items = tuple(_meeting_fact("meeting_time", m) for m in meetings)
            return Composed("dates", "", facts_items, _evidence(kb, items[0].source, 1))
    if meetings:
        # with the report's account of each meeting ("委员会在2020年6月11日第2次虚拟会议上审议了
        # 议程项目3"): its date in the report's words, and what it took up
        accounts = [p for m in meetings for p in _evidence(kb, m.source, 1)]
        facts_meetings = tuple(_meeting_fact("meeting_time", m) for m in meetings)
        return Composed("dates", "", facts_meetings, tuple(accounts))
    sessions = [s for s in (kb.session(n) for n in q.sessions) if s is not None]
    if q.sessions and not sessions:
        return None  # "专家组第三届会议": a session of another body, or one not covered
    chosen = sessions or [_current(kb)]
    facts: list[Fact] = []
    for session in chosen:
        if session.start is None:
            facts.append(Fact("session_undated", (("session", session.number),), session))
            continue
        facts.append(
            Fact(
                "session_dates",
                (
                    ("session", session.number),
                    ("start", session.start.isoformat()),
                    ("end", (session.end or session.start).isoformat()),
                    ("format", session.format),
                ),
                session,
            )
        )
        if session.number == _current(kb).number:
            facts.extend(_meeting_fact("meeting_time", m) for m in kb.meetings)
    if all(f.key == "session_undated" for f in facts):
        # "when does the 24th session start": the report does not say, and says what it covers
        facts.extend(Fact("covers", (("session", s.number),), s) for s in kb.sessions)
        return Composed("dates", "unknown", tuple(facts), subject=str(chosen[0].number))
    return Composed("dates", "", tuple(facts), _evidence(kb, ("P18",)))


_WHERE = re.compile(r"在哪里?|在哪儿|地点|哪个城市|哪座城市|\bwhere\b|\bvenue\b|\bwhich city\b")


def _place(kb: KnowledgeBase, q: _Question, now: dt.datetime | None) -> Composed | None:
    """Where a session is held: the report gives the format of the one it covers (virtual),
    and no place for a planned one."""
    if not q.has(_WHERE):
        return None
    sessions = [s for s in (kb.session(n) for n in q.sessions) if s is not None]
    if not sessions:
        return None
    rest = q.rest(
        _WHERE,
        _WHEN,
        _YES_NO,
        re.compile(
            # the session named ("第24届会议"), then what holding it is called
            r"第\s*\d+\s*届(?:会议|会)?|举行|召开|开幕|开|预计|将|会议|届会|城市|哪天"
            r"|\bheld\b|\bhold\b|\btake place\b|\bwill\b|\bbe\b"
            r"|\bsession\b|\bcommission\b|\bor\b|日内瓦|纽约|\bgeneva\b|\bnew york\b"
            # "venue 是 Geneva 还是 online": the choices the asker offers
            r"|\bcstd\b|还是|线上|虚拟|面对面|\bonline\b|\bvirtual\w*|\bin person\b"
        ),
    )
    if not _content_free(rest):
        return None
    planned = [s for s in sessions if s.start is None]
    if not planned:
        return None  # the session the report covers: its dates and format answer
    facts = [Fact("session_unplaced", (("session", s.number),), s) for s in planned]
    facts.extend(Fact("covers", (("session", s.number),), s) for s in kb.sessions)
    return Composed("dates", "unknown", tuple(facts), subject=str(planned[0].number))
