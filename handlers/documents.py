"""/docs and /docs <symbol>: the documents before the session.

Every symbol in these answers is a link to the document in the UN Official Document System
(``handlers.doclinks``); ``/docs SYMBOL`` also offers that link as a button, for a symbol the
knowledge base lists and for any other well-formed symbol, such as the report's own.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Html, Language, plain, t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.doclinks import is_document_symbol, undocs_url
from handlers.render.documents import render_document, render_documents
from handlers.render.search import choice_keyboard
from handlers.render.start import render_problem
from handlers.render.types import Button, Keyboard, Rendered
from knowledge.models import Document, KnowledgeBase, Record
from knowledge.references import resolve_reference
from knowledge.views import cited_in, current_documents


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


def open_button(lang: Language, symbol: str) -> Keyboard:
    """One row: the document in the UN Official Document System."""
    label = plain(lang, "docs.open_button", symbol=symbol)
    return ((Button(label, "", undocs_url(symbol, lang)),),)


def _with_report_note(kb: KnowledgeBase, lang: Language, rendered: Rendered) -> Rendered:
    note = t(lang, "docs.official_report", symbol=kb.source.symbol)
    return Rendered(Html(f"{rendered.text}\n\n<i>{note}</i>"), rendered.keyboard)


async def docs(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    args = args_of(context)
    if not args:
        await send(update, context, _with_report_note(kb, lang, render_documents(kb, lang)))
        return
    symbol = " ".join(args)
    document, nearest = find_document(kb, symbol)
    if document is not None:
        rendered = render_document(kb, lang, document, cited_in(kb, document))
        keyboard = open_button(lang, document.symbol) + rendered.keyboard
        await send(update, context, Rendered(rendered.text, keyboard))
        return
    if symbol.upper() == kb.source.symbol.upper():
        text = t(lang, "docs.is_report", symbol=kb.source.symbol)
        report = _with_report_note(kb, lang, Rendered(text))
        await send(update, context, Rendered(report.text, open_button(lang, kb.source.symbol)))
        return
    example = current_documents(kb)[0].symbol if kb.documents else "E/CN.16/2020/2"
    problem = t(lang, "docs.no_document", symbol=symbol[:60])
    hint = render_problem(lang, problem, "usage.docs", example=example)
    link = open_button(lang, symbol) if is_document_symbol(symbol) else ()
    await send(update, context, Rendered(hint.text, link + choice_keyboard(kb, lang, nearest)))
