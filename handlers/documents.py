"""/docs and /docs <symbol>: the documents before the session."""

from __future__ import annotations

from telegram import Update

from bot.i18n import t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render import (
    Rendered,
    choice_keyboard,
    current_documents,
    render_document,
    render_documents,
    render_problem,
)
from knowledge.models import Document, KnowledgeBase, Record
from knowledge.references import reference_tables, resolve_reference


def find_document(kb: KnowledgeBase, symbol: str) -> tuple[Document | None, tuple[Record, ...]]:
    """The document with this symbol (spelling folded), or None and the nearest symbols."""
    resolution = resolve_reference(kb, symbol)
    if resolution is None:
        return None, ()
    for reference in resolution.references:
        if reference.kind != "document":
            continue
        found = [r for r in reference.records if isinstance(r, Document)]
        if found:
            return found[0], ()
        return None, reference.suggestions
    return None, ()


def cited_in(kb: KnowledgeBase, record: Record) -> list[str]:
    """Ids of the records whose text cites a document, in the knowledge base's order."""
    related = reference_tables(kb).related.get(record.id, frozenset())
    return [r.id for r in kb.records() if r.id in related]


async def docs(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    args = args_of(context)
    if not args:
        await send(update, context, render_documents(kb, lang))
        return
    symbol = " ".join(args)
    document, nearest = find_document(kb, symbol)
    if document is not None:
        await send(update, context, render_document(kb, lang, document, cited_in(kb, document)))
        return
    example = current_documents(kb)[0].symbol if kb.documents else "E/CN.16/2020/2"
    problem = t(lang, "docs.no_document", symbol=symbol[:60])
    hint = render_problem(lang, problem, "usage.docs", example=example)
    await send(update, context, Rendered(hint.text, choice_keyboard(kb, lang, nearest)))
