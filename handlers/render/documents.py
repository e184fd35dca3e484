"""Documents: the session's list and one document."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Language, escape, kb_html, t
from handlers.render.names import session_params, with_english
from handlers.render.types import Rendered, button, rows, text_blocks, text_lines
from knowledge.models import AgendaItem, Document, KnowledgeBase
from knowledge.views import current_documents, current_session_number, document_item


def render_documents(kb: KnowledgeBase, lang: Language) -> Rendered:
    session = current_session_number(kb)
    lines = []
    for document in current_documents(kb):
        item = document_item(kb, document)
        where = (
            f" <i>({t(lang, 'docs.item', number=item.number)})</i>"
            if isinstance(item, AgendaItem)
            else ""
        )
        title = with_english(kb, lang, document.title, title=True)
        lines.append(f"<b>{escape(document.symbol)}</b> {title}{where}")
    return Rendered(text_blocks(t(lang, "docs.title", **session_params(lang, session)), *lines))


def render_document(
    kb: KnowledgeBase, lang: Language, document: Document, cited_in: Sequence[str] = ()
) -> Rendered:
    lines: list[str | None] = [
        f"<b>{escape(document.symbol)}</b>",
        with_english(kb, lang, document.title, title=True),
    ]
    item = document_item(kb, document)
    if item is not None:
        title = with_english(kb, lang, item.title, title=True)
        lines.append(f"{t(lang, 'docs.item', number=item.number)}: {title}")
    if document.note:
        lines.append(kb_html(lang, document.note))
    if document.symbols:
        lines.append(t(lang, "docs.also", symbols=", ".join(document.symbols)))
    if cited_in:
        lines.append(t(lang, "docs.cited_in", ids=", ".join(cited_in)))
    keyboard = rows([button(item.number, "r", item.id)] if item is not None else [], 1)
    keyboard += rows((button(f"¶ {i}", "r", i) for i in cited_in[:6]), 3)
    return Rendered(text_lines(*lines), keyboard)
