"""Meetings: the session's list and one meeting (times: :mod:`handlers.render.times`)."""

from __future__ import annotations

from bot.i18n import Language, escape, format_date, join, plain, t
from handlers.render.names import session_params, sources_line, structured_text, with_english
from handlers.render.times import meeting_time_lines
from handlers.render.types import Button, Rendered, button, rows, text_blocks, text_lines
from knowledge.models import AgendaItem, KnowledgeBase, Meeting, Segment, Speaker
from knowledge.views import current_meetings, current_session_number, speakers_by_segment


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
