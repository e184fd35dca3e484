"""A meeting's start in a recipient's own timezone, for reminders and notices timed to it.

A reminder's text is written once per language, in the meeting's timezone; the line added here
is written for each recipient at delivery, from the timezone they set with /tz.
"""

from __future__ import annotations

import datetime as dt

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_date, format_time, t
from knowledge.schema import iana_time_zone
from knowledge.timezones import timezone_of

__all__ = ["reader_time_line"]


def reader_time_line(
    language: str, start: dt.datetime, reader_zone: str | None, home_zone: str | None
) -> str | None:
    """ "Your time (Asia/Shanghai): Friday, 12 June 2020 02:30", or None when the reader set no
    timezone or the meeting's own."""
    zone = timezone_of(reader_zone)
    if zone is None or reader_zone is None:
        return None
    if home_zone is not None and iana_time_zone(reader_zone) == iana_time_zone(home_zone):
        return None
    lang = next((code for code in LANGUAGES if code == language), DEFAULT_LANGUAGE)
    local = start.astimezone(zone)
    when = f"{format_date(lang, local.date(), weekday=True)} {format_time(local)}"
    return str(t(lang, "notice.your_time", zone=reader_zone, when=when))
