"""The agenda: the current session's items, the next session's provisional agenda, one item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from bot.i18n import Html, Language, escape, format_date, join, kb_text, plain, t
from handlers.render.names import session_params, source_buttons, sources_line, with_english
from handlers.render.types import Rendered, button, clip, rows, text_blocks, text_lines
from knowledge.models import AgendaItem, Document, KnowledgeBase, Meeting
from knowledge.views import (
    agenda_items,
    current_session,
    current_session_number,
    next_session_number,
    subitems,
)

ACTION_CHARS: Final = 160


def _meeting_labels(kb: KnowledgeBase, lang: Language, meeting_ids: Sequence[str]) -> str:
    labels = []
    for meeting_id in meeting_ids:
        meeting = kb.get(meeting_id)
        if isinstance(meeting, Meeting):
            labels.append(
                plain(lang, "meeting.label", number=meeting.number)
                + f" ({format_date(lang, meeting.date)})"
            )
        else:
            labels.append(meeting_id)
    return join(lang, labels)


def _considered(kb: KnowledgeBase, lang: Language, item: AgendaItem) -> list[str]:
    """At which meetings an item was taken up, or that it was not (nothing when unknown)."""
    if item.meetings:
        meetings = _meeting_labels(kb, lang, item.meetings)
        return [t(lang, "agenda.considered_at", meetings=meetings)]
    if item.considered is False:
        return [t(lang, "agenda.not_considered")]
    return []


def _item_line(kb: KnowledgeBase, lang: Language, item: AgendaItem, *, brief: bool) -> Html:
    indent = "    " if item.parent else ""
    number = f"{item.number}." if item.number.isdigit() else item.number
    head = f"{indent}<b>{escape(number)}</b> {with_english(kb, lang, item.title, title=True)}"
    details = _considered(kb, lang, item)
    if item.action:
        action = clip(item.action, ACTION_CHARS) if brief else item.action
        details.append(t(lang, "agenda.action", action=kb_text(lang, action)))
    if not details:
        return Html(head)
    return Html(head + "\n" + "\n".join(f"{indent}    {d}" for d in details))


def render_agenda(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = current_session_number(kb)
    items = agenda_items(kb, session, provisional=False)
    current = current_session(kb)
    intro: list[str] = []
    if current is not None and current.agenda_adopted is not None:
        intro.append(t(lang, "agenda.adopted" if current.agenda_adopted else "agenda.not_adopted"))
    text = text_blocks(
        t(lang, "agenda.title", **session_params(lang, session)),
        text_lines(*intro),
        *(_item_line(kb, lang, item, brief=True) for item in items),
    )
    buttons = [button(item.number, "r", item.id) for item in items if not item.parent]
    nav = (
        [button(plain(lang, "agenda.button_next"), "l", "next", 0)]
        if next_session_number(kb)
        else []
    )
    return Rendered(text, rows(buttons, 7) + rows(nav, 1))


def render_agenda_next(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = next_session_number(kb)
    if session is None:
        return Rendered(t(lang, "agenda.no_next"))
    items = agenda_items(kb, session, provisional=True)
    text = text_blocks(
        t(lang, "agenda.title_next", **session_params(lang, session)),
        *(_item_line(kb, lang, item, brief=False) for item in items),
    )
    nav = [button(plain(lang, "agenda.button_current"), "l", "agenda", 0)]
    return Rendered(text, rows(nav, 1))


def render_agenda_item(kb: KnowledgeBase, lang: Language, item: AgendaItem) -> Rendered:
    heading = t(lang, "agenda.item_title", number=item.number)
    if item.provisional:
        heading = Html(heading + t(lang, "agenda.provisional"))
    title = with_english(kb, lang, item.title, title=True)
    parts: list[str | None] = [Html(f"{heading}\n{title}")]
    parts.append(text_lines(*_considered(kb, lang, item)))
    if item.action:
        parts.append(t(lang, "agenda.action", action=kb_text(lang, item.action)))
    children = subitems(kb, item)
    if children:
        parts.append(
            text_lines(
                t(lang, "agenda.subitems"),
                *(
                    f"<b>{escape(s.number)}</b> {with_english(kb, lang, s.title, title=True)}"
                    for s in children
                ),
            )
        )
    if item.documents or item.document_notes:
        doc_lines: list[str] = [t(lang, "agenda.documents")]
        for symbol in item.documents:
            document = kb.get(symbol)
            named = (
                f" — {with_english(kb, lang, document.title, title=True)}"
                if isinstance(document, Document)
                else ""
            )
            # with its amendments, as annex I lists them
            symbols = document.symbols if isinstance(document, Document) else ()
            doc_lines.append(f"• {escape(', '.join(symbols) or symbol)}{named}")
        doc_lines.extend(
            f"• {with_english(kb, lang, note, title=True)}" for note in item.document_notes
        )
        parts.append(text_lines(*doc_lines))
    parts.append(sources_line(kb, lang, item.source))
    keyboard = (
        rows(
            [
                button(plain(lang, "meeting.label", number=m.removeprefix("M")), "r", m)
                for m in item.meetings
            ]
            + [button(s.number, "r", s.id) for s in children],
            4,
        )
        + rows(source_buttons(kb, lang, item.source), 4)
        + rows(
            [
                button(
                    plain(lang, "agenda.button_current"),
                    "l",
                    "next" if item.provisional else "agenda",
                    0,
                )
            ],
            1,
        )
    )
    return Rendered(text_blocks(*parts), keyboard)
