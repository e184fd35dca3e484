"""Meetings: the session's list and one meeting, with times in the meeting's own timezone
and in the reader's.
"""

from __future__ import annotations

import datetime as dt

from bot.i18n import Language, escape, format_date, format_time, join, plain, t
from handlers.render.names import session_params, sources_line, structured_text, with_english
from handlers.render.types import Button, Rendered, button, rows, text_blocks, text_lines
from knowledge.models import AgendaItem, KnowledgeBase, Meeting, Segment, Speaker
from knowledge.schema import iana_time_zone
from knowledge.timezones import timezone_of
from knowledge.views import current_meetings, current_session_number, speakers_by_segment


def _zone_label(lang: Language, name: str) -> str:
    if iana_time_zone(name) == "Europe/Zurich":
        return {"zh-Hans": "日内瓦", "zh-Hant": "日內瓦", "en": "Geneva"}[lang]
    return name


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
            zone=_zone_label(lang, zone_name),
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


def _meeting_items(kb: KnowledgeBase, lang: Language, meeting: Meeting) -> str:
    numbers = []
    for item_id in meeting.agenda_items:
        item = kb.get(item_id)
        numbers.append(item.number if isinstance(item, AgendaItem) else item_id)
    return join(lang, numbers)


def _meeting_head(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> list[str]:
    day = escape(format_date(lang, meeting.date, weekday=True))
    head = f"{t(lang, 'meeting.title', number=meeting.number)} · {day}"
    if meeting.cancelled:
        head += f" · <b>{t(lang, 'meeting.cancelled')}</b>"
    lines: list[str] = [head, *meeting_time_lines(kb, lang, meeting, user_tz)]
    if meeting.agenda_items:
        lines.append(t(lang, "meeting.items", items=_meeting_items(kb, lang, meeting)))
    if meeting.presided_by:
        lines.append(
            t(lang, "meeting.presided", who=structured_text(kb, lang, meeting.presided_by))
        )
    return lines


def calendar_button(lang: Language, meeting_id: str | None = None) -> Button | None:
    """The button that sends one meeting (or, with None, every meeting) as an .ics file."""
    if meeting_id is None:
        return button(plain(lang, "cal.button_all"), "cal", "all")
    return button(plain(lang, "cal.button"), "cal", meeting_id)


def render_meetings(kb: KnowledgeBase, lang: Language, user_tz: str | None) -> Rendered:
    session = current_session_number(kb)
    meetings = current_meetings(kb)
    blocks: list[str | None] = [t(lang, "meetings.title", **session_params(lang, session))]
    blocks.extend(text_lines(*_meeting_head(kb, lang, m, user_tz)) for m in meetings)
    if not user_tz:
        blocks.append(f"<i>{t(lang, 'meeting.tz_hint')}</i>")
    keyboard = rows(
        (button(plain(lang, "meeting.label", number=m.number), "r", m.id) for m in meetings), 3
    )
    if meetings:
        keyboard += rows([calendar_button(lang)], 1)
    return Rendered(text_blocks(*blocks), keyboard)


def _segment_name(
    kb: KnowledgeBase, lang: Language, segment: Segment, *, item: bool = False
) -> str:
    """A segment's title (in English where known), with its agenda item if asked."""
    name = structured_text(kb, lang, segment.title, title=True)
    if lang == "en" and name == segment.title and segment.kind == "opening":
        name = plain(lang, "meeting.opening")
    record = kb.get(segment.agenda_item) if item and segment.agenda_item else None
    if isinstance(record, AgendaItem):
        name += f" · {plain(lang, 'docs.item', number=record.number)}"
    return name


def _speaker_line(kb: KnowledgeBase, lang: Language, speaker: Speaker) -> str:
    details = [
        with_english(kb, lang, x)
        for x in (speaker.role, speaker.organization, speaker.country)
        if x
    ]
    described = ", ".join(details)
    if speaker.name:
        return f"• {with_english(kb, lang, speaker.name)}" + (f" ({described})" if details else "")
    return f"• {described}"


def render_meeting(
    kb: KnowledgeBase, lang: Language, meeting: Meeting, user_tz: str | None
) -> Rendered:
    blocks: list[str | None] = [text_lines(*_meeting_head(kb, lang, meeting, user_tz))]
    facts: list[str] = []
    if meeting.format:
        facts.append(t(lang, "meeting.format", format=structured_text(kb, lang, meeting.format)))
    if meeting.opened_by:
        facts.append(t(lang, "meeting.opened", who=structured_text(kb, lang, meeting.opened_by)))
    if meeting.link:
        facts.append(f'<a href="{escape(meeting.link)}">{t(lang, "meeting.link")}</a>')
    blocks.append(text_lines(*facts))
    items = [kb.get(i) for i in meeting.agenda_items]
    blocks.append(
        text_lines(
            *(
                f"<b>{escape(i.number)}.</b> {with_english(kb, lang, i.title, title=True)}"
                for i in items
                if isinstance(i, AgendaItem)
            )
        )
    )
    if meeting.segments:
        segment_lines: list[str] = [t(lang, "meeting.segments")]
        for segment in meeting.segments:
            line = f"• {escape(_segment_name(kb, lang, segment))}"
            if segment.presided_by:
                who = structured_text(kb, lang, segment.presided_by)
                line += " — " + t(lang, "meeting.presided", who=who)
            segment_lines.append(line)
        blocks.append(text_lines(*segment_lines))
    if meeting.speakers:
        speaker_lines: list[str] = [t(lang, "meeting.speakers")]
        for spoken_in, speakers in speakers_by_segment(meeting):
            if spoken_in is not None:
                speaker_lines.append(
                    f"<b>{escape(_segment_name(kb, lang, spoken_in, item=True))}</b>"
                )
            speaker_lines.extend(dict.fromkeys(_speaker_line(kb, lang, s) for s in speakers))
        blocks.append(text_lines(*speaker_lines))
    else:
        blocks.append(t(lang, "meeting.no_speakers"))
    blocks.append(sources_line(kb, lang, meeting.source))
    others = [m for m in current_meetings(kb) if m.id != meeting.id]
    keyboard = rows(
        [button(item.number, "r", item.id) for item in items if isinstance(item, AgendaItem)], 6
    ) + rows([button(plain(lang, "meeting.label", number=m.number), "r", m.id) for m in others], 3)
    keyboard += rows([calendar_button(lang, meeting.id)], 1)
    return Rendered(text_blocks(*blocks), keyboard)
