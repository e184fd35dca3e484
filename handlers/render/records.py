"""Any record in full (what a button ``r|<id>`` or an exact answer shows), and sessions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Language, escape, format_date, kb_html, t
from handlers.render.agenda import render_agenda_item
from handlers.render.bureau import render_bureau_member
from handlers.render.documents import render_document
from handlers.render.meetings import render_meeting
from handlers.render.names import (
    alternative_buttons,
    session_name,
    source_buttons,
    sources_line,
    with_english,
)
from handlers.render.paragraphs import render_paragraph
from handlers.render.resolutions import render_resolution
from handlers.render.types import Rendered, rows, text_blocks, text_lines
from knowledge.models import (
    AgendaItem,
    BureauMember,
    Document,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Record,
    Resolution,
    Session,
)


def render_session(kb: KnowledgeBase, lang: Language, session: Session) -> Rendered:
    lines: list[str | None] = [f"<b>{escape(session_name(lang, session))}</b>"]
    if session.start and session.end:
        lines.append(
            escape(f"{format_date(lang, session.start)} – {format_date(lang, session.end)}")
        )
    if session.format:
        lines.append(with_english(kb, lang, session.format, title=True))
    if session.format_reason:
        lines.append(kb_html(lang, session.format_reason))
    if session.procedure:
        title = session.procedure.title
        lines.append(
            escape(f"{session.procedure.symbol} ({format_date(lang, session.procedure.date)})")
            + (f" {with_english(kb, lang, title, title=True)}" if title else "")
        )
    lines.extend(
        f"• {with_english(kb, lang, theme, title=True)}" for theme in session.priority_themes
    )
    if session.agenda_adopted is not None:
        lines.append(t(lang, "agenda.adopted" if session.agenda_adopted else "agenda.not_adopted"))
    return Rendered(
        text_blocks(text_lines(*lines), sources_line(kb, lang, session.source)),
        rows(source_buttons(kb, lang, session.source), 4),
    )


def render_record(
    kb: KnowledgeBase,
    lang: Language,
    record: Record,
    *,
    user_tz: str | None = None,
    alternatives: Sequence[Record] = (),
    cited_in: Sequence[str] = (),
) -> Rendered:
    """The full view of any record (what a button ``r|<id>`` or an exact answer shows)."""
    if isinstance(record, Paragraph):
        return render_paragraph(kb, lang, record, alternatives)
    if isinstance(record, Resolution):
        rendered = render_resolution(kb, lang, record)
    elif isinstance(record, AgendaItem):
        rendered = render_agenda_item(kb, lang, record)
    elif isinstance(record, Meeting):
        rendered = render_meeting(kb, lang, record, user_tz)
    elif isinstance(record, Document):
        rendered = render_document(kb, lang, record, cited_in)
    elif isinstance(record, BureauMember):
        rendered = render_bureau_member(kb, lang, record)
    else:
        rendered = render_session(kb, lang, record)
    extra = rows(alternative_buttons(kb, lang, alternatives, record.id), 1)
    return Rendered(rendered.text, rendered.keyboard + extra) if extra else rendered
