"""Inline mode: ``@bot 数字鸿沟`` in any chat offers paragraphs to share."""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from bot.i18n import plain
from handlers.common import clean_text
from handlers.context import BotContext
from handlers.doclinks import link_documents
from handlers.render.inline import MAX_INLINE_RESULTS, render_inline

CACHE_SECONDS = 300


async def inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    lang = await context.language(update)
    text = clean_text(query.query)
    if not text:
        await query.answer(
            [],
            cache_time=CACHE_SECONDS,
            button=InlineQueryResultsButton(
                plain(lang, "inline.help_title"), start_parameter="help"
            ),
        )
        return
    snapshot, result = await context.live.search(text, limit=MAX_INLINE_RESULTS)
    records = [m.record for m in result.matches]
    articles = render_inline(snapshot.kb, lang, records)
    results = [
        InlineQueryResultArticle(
            id=article.id,
            title=article.title,
            description=article.description,
            input_message_content=InputTextMessageContent(
                link_documents(article.text, lang), parse_mode=ParseMode.HTML
            ),
        )
        for article in articles
    ]
    button = None
    if not results:
        button = InlineQueryResultsButton(plain(lang, "inline.none"), start_parameter="help")
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False, button=button)
