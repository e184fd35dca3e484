"""/search <text>, and any text sent to the bot: the search engine answers."""

from __future__ import annotations

from telegram import Update

from bot.i18n import Html, t
from bot.live import MAX_QUERY_CHARS
from handlers.common import args_of, clean_text, send, usage
from handlers.context import BotContext
from handlers.feedback import follow_up
from handlers.guards import addressed_text
from handlers.render.answers import render_composed, render_small_talk
from handlers.render.search import render_search_result
from handlers.render.start import render_help
from handlers.render.types import Rendered


async def answer_question(update: Update, context: BotContext, query: str) -> None:
    lang = await context.language(update)
    profile = await context.profile(update)
    snapshot, result = await context.live.search(query)
    if context.bot_data.metrics is not None:
        context.bot_data.metrics.answered(result.status)
    kb = snapshot.kb
    if result.small_talk is not None:
        rendered = render_small_talk(kb, lang, result.small_talk, context.bot.username)
    elif result.composed is not None:
        rendered = render_composed(
            kb, lang, result.composed, profile.timezone if profile else None
        )
    else:
        rendered = render_search_result(
            kb,
            lang,
            query,
            result,
            user_tz=profile.timezone if profile else None,
            citations=True,
        )
    if len(query) > MAX_QUERY_CHARS:
        note = t(lang, "search.truncated", limit=MAX_QUERY_CHARS)
        rendered = Rendered(Html(rendered.text + "\n\n<i>" + note + "</i>"), rendered.keyboard)
    # kept for the admins' insights; 👍/👎 and pick buttons (handlers.feedback)
    rendered = await follow_up(update, context, lang, query, result, rendered)
    await send(update, context, rendered)


async def search_command(update: Update, context: BotContext) -> None:
    query = " ".join(args_of(context))
    if not query:
        await usage(update, context, "usage.search")
        return
    await answer_question(update, context, query)


async def text_message(update: Update, context: BotContext) -> None:
    """Plain text: in a private chat always; in a group only when it is for the bot."""
    message = update.effective_message
    if message is None:
        return
    text = addressed_text(message, context.bot)
    if text is None:
        return
    query = clean_text(text)
    if not query:
        lang = await context.language(update)
        await send(update, context, render_help(lang, context.bot.username))
        return
    await answer_question(update, context, query)
