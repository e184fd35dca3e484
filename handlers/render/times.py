"""Times in the reader's words: a timezone's name, a span that crosses midnight, and a
meeting's time in its own timezone and in the reader's."""

from __future__ import annotations

import datetime as dt
from typing import Final

from bot.i18n import Language, format_date, format_time, plain, t
from knowledge.models import KnowledgeBase, Meeting
from knowledge.schema import iana_time_zone
from knowledge.timezones import timezone_of

#: Geneva's IANA zone (there is no Europe/Geneva).
GENEVA: Final = "Europe/Zurich"


def zone_label(lang: Language, name: str) -> str:
    """A timezone as the reader knows it: Geneva for Geneva's zone (IANA calls it
    Europe/Zurich), any other by its IANA name."""
    return plain(lang, "kb.zone_geneva") if iana_time_zone(name) == GENEVA else name


def _on_day(lang: Language, text: str, days: int) -> str:
    """A time and the day it falls on, if not the meeting's: 次日 01:00, 01:00 next day."""
    if days == 1:
        return plain(lang, "time.next_day", time=text)
    if days == -1:
        return plain(lang, "time.previous_day", time=text)
    return text


def time_span(lang: Language, start: dt.datetime, end: dt.datetime, day: dt.date) -> str:
    """``01:00–03:00`` with the day said where it is not ``day`` (``次日 01:00–03:00``)."""
    start_days, end_days = (start.date() - day).days, (end.date() - day).days
    if abs(start_days) > 1 or abs(end_days) > 1:
        return f"{format_date(lang, start.date())} {format_time(start)}–{format_time(end)}"
    if start_days == end_days:
        return _on_day(lang, f"{format_time(start)}–{format_time(end)}", start_days)
    return (
        f"{_on_day(lang, format_time(start), start_days)}–"
        f"{_on_day(lang, format_time(end), end_days)}"
    )


def meeting_time_lines(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> list[str]:
    """The meeting's time in its own timezone and, if the user set another one, in theirs."""
    session = kb.session(meeting.session)
    zone_name = session.timezone if session else "Europe/Geneva"
    if meeting.start is None:
        return [t(lang, "meeting.time_unknown")]
    end = meeting.end or meeting.start
    lines: list[str] = [
        t(
            lang,
            "meeting.time_geneva",
            start=format_time(meeting.start),
            end=format_time(end),
            zone=zone_label(lang, zone_name),
        )
    ]
    home = timezone_of(zone_name)
    mine = timezone_of(user_tz)
    same = user_tz is not None and iana_time_zone(user_tz) == iana_time_zone(zone_name)
    if home is not None and mine is not None and user_tz is not None and not same:
        start_at = dt.datetime.combine(meeting.date, meeting.start, home).astimezone(mine)
        end_at = dt.datetime.combine(meeting.date, end, home).astimezone(mine)
        span = time_span(lang, start_at, end_at, meeting.date)
        lines.append(t(lang, "meeting.time_user", zone=user_tz, span=span))
    return lines
