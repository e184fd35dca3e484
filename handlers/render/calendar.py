"""Meetings as an iCalendar file (RFC 5545) that any calendar application imports.

Pure: knowledge-base meetings, the reader's language and the current time in; a file name and
its bytes out. The file is written by the ``icalendar`` package, which takes care of what is
easy to get subtly wrong by hand: CRLF line endings, folding lines at 75 octets without
splitting a UTF-8 character, escaping commas, semicolons and newlines in text, and a VTIMEZONE
built from the zone database for the meeting's timezone (Geneva: ``Europe/Zurich``).

Each meeting is one VEVENT:

- ``UID`` is derived from the body, the session and the meeting number only
  (``cstd-23-meeting-2@delegate-bot.invalid``), so importing the file again after a change
  (a start time published, a meeting moved or cancelled) updates the event instead of adding a
  second one; ``DTSTAMP`` is when the file was made;
- ``DTSTART``/``DTEND`` carry the meeting's local times with their ``TZID``; a meeting whose
  time was not published is an all-day event on its date (and one with a start but no end
  has no ``DTEND``: the end is not invented);
- ``SUMMARY`` names the session and the meeting; ``DESCRIPTION`` lists the agenda items, who
  presided, the link to the meeting and the report it all comes from; ``URL`` and
  ``LOCATION`` carry the meeting's link; a cancelled meeting has ``STATUS:CANCELLED``.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import icalendar

from bot.i18n import Html, Language, format_date, format_time, kb_text, plain, t
from handlers.doclinks import undocs_url
from handlers.english import english_name
from handlers.render.names import session_params, session_title
from handlers.render.times import zone_label
from knowledge.models import AgendaItem, KnowledgeBase, Meeting
from knowledge.schema import iana_time_zone

#: The domain-like end of every UID: ``.invalid`` is reserved, so it can name no real host.
UID_DOMAIN: Final = "delegate-bot.invalid"
DEFAULT_ZONE: Final = "Europe/Zurich"
MEDIA_TYPE: Final = "text/calendar"
_PRODUCT: Final = "-//delegate-bot//meetings//EN"
_LANGUAGE_TAGS: Final = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


@dataclass(frozen=True, slots=True)
class CalendarFile:
    file_name: str
    content: bytes


def body_slug(kb: KnowledgeBase, session: int) -> str:
    """A short name of the body for file names and UIDs: the initials of the capitalised words
    of its English name ("Commission on Science and Technology for Development" → ``cstd``)."""
    found = kb.session(session)
    words = re.findall(r"[A-Za-z]+", found.body_en if found else "")
    initials = "".join(word[0] for word in words if word[0].isupper()).lower()
    return initials or "session"


def meeting_uid(kb: KnowledgeBase, meeting: Meeting) -> str:
    """Stable across re-imports and knowledge-base versions: body, session and number only."""
    return (
        f"{body_slug(kb, meeting.session)}-{meeting.session}-meeting-{meeting.number}@{UID_DOMAIN}"
    )


def _zone_name(kb: KnowledgeBase, meeting: Meeting) -> str:
    session = kb.session(meeting.session)
    return iana_time_zone(session.timezone if session else DEFAULT_ZONE) or DEFAULT_ZONE


def _item_line(kb: KnowledgeBase, lang: Language, item_id: str) -> str:
    item = kb.get(item_id)
    if not isinstance(item, AgendaItem):
        return f"• {item_id}"
    line = f"• {item.number}. {kb_text(lang, item.title)}"
    english = english_name(kb, item.title) if lang == "en" else None
    return f"{line} ({english})" if english else line


def _description(kb: KnowledgeBase, lang: Language, meeting: Meeting, zone: str) -> str:
    lines = [session_title(kb, lang), plain(lang, "meeting.label", number=meeting.number)]
    if meeting.cancelled:
        lines.append(plain(lang, "cal.cancelled"))
    if meeting.start is None:
        lines.append(plain(lang, "cal.time_unknown"))
    else:
        end = format_time(meeting.end) if meeting.end else "…"
        label = zone_label(lang, zone)
        lines.append(
            plain(
                lang, "meeting.time_geneva", start=format_time(meeting.start), end=end, zone=label
            )
        )
    if meeting.format:
        lines.append(plain(lang, "meeting.format", format=kb_text(lang, meeting.format)))
    if meeting.agenda_items:
        lines.append("")
        lines.append(plain(lang, "cal.agenda"))
        lines.extend(_item_line(kb, lang, item_id) for item_id in meeting.agenda_items)
    if meeting.presided_by:
        lines.append(plain(lang, "meeting.presided", who=kb_text(lang, meeting.presided_by)))
    if meeting.link:
        lines.append("")
        lines.append(plain(lang, "cal.link", link=meeting.link))
    symbol = kb.source.symbol
    lines.append("")
    lines.append(plain(lang, "cal.source", symbol=symbol, url=undocs_url(symbol, lang)))
    return "\n".join(lines)


def _event(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, now: dt.datetime
) -> icalendar.Event:
    zone = _zone_name(kb, meeting)
    event = icalendar.Event()
    event.add("uid", meeting_uid(kb, meeting))
    event.add("dtstamp", now.astimezone(dt.UTC))
    summary = f"{session_title(kb, lang)} · {plain(lang, 'meeting.label', number=meeting.number)}"
    event.add("summary", summary)
    if meeting.start is None:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        tz = zoneinfo.ZoneInfo(zone)
        event.add("dtstart", dt.datetime.combine(meeting.date, meeting.start, tz))
        if meeting.end is not None:
            event.add("dtend", dt.datetime.combine(meeting.date, meeting.end, tz))
    event.add("description", _description(kb, lang, meeting, zone))
    if meeting.link:
        event.add("url", meeting.link)
        event.add("location", meeting.link)
    elif meeting.format:
        event.add("location", kb_text(lang, meeting.format))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def render_calendar(
    kb: KnowledgeBase, lang: Language, meetings: Sequence[Meeting], now: dt.datetime
) -> CalendarFile:
    """The meetings as one ``.ics`` file (one meeting, or a session's meetings)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", _PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    title = session_title(kb, lang)
    calendar.add("x-wr-calname", title)
    for meeting in meetings:
        event = _event(kb, lang, meeting, now)
        event["summary"].params["LANGUAGE"] = _LANGUAGE_TAGS[lang]
        calendar.add_component(event)
    if meetings:
        # A VTIMEZONE covering the meetings' years, from the zone database.
        first = min(m.date for m in meetings)
        last = max(m.date for m in meetings)
        calendar.add_missing_timezones(
            first_date=dt.date(first.year - 1, 1, 1), last_date=dt.date(last.year + 1, 12, 31)
        )
    session = meetings[0].session if meetings else 0
    slug = body_slug(kb, session)
    if len(meetings) == 1:
        name = f"{slug}-{session}-meeting-{meetings[0].number}.ics"
    else:
        name = f"{slug}-{session}-meetings.ics"
    return CalendarFile(name, calendar.to_ical())


def render_calendar_caption(
    kb: KnowledgeBase, lang: Language, meetings: Sequence[Meeting]
) -> Html:
    """What the file's message says: what it holds, and that importing it again updates it."""
    if len(meetings) == 1:
        meeting = meetings[0]
        day = format_date(lang, meeting.date, weekday=True)
        text = t(lang, "cal.caption_one", number=meeting.number, date=day)
    else:
        session = meetings[0].session if meetings else 0
        text = t(lang, "cal.caption_all", count=len(meetings), **session_params(lang, session))
    if any(meeting.start is None for meeting in meetings):
        text = Html(f"{text}\n<i>{t(lang, 'cal.all_day')}</i>")
    return text
