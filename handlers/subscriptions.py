"""/subscribe [topic] and /unsubscribe [topic]: which notices a chat wants.

Topics: ``all``, ``bureau``, a meeting (``M2``) or an agenda item (``A23.3``, ``A23.3a``).
``/subscribe`` alone subscribes a chat that has nothing to all notices, then offers the topics
to narrow it down (``bot.subscriptions``). Delivering notices is the notices service's job.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import t
from bot.notices import TopicError, resolve_topic
from bot.subscriptions import start_subscribing
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render.preferences import render_subscriptions, topic_name
from handlers.render.start import render_problem
from handlers.render.types import Rendered
from knowledge.models import KnowledgeBase


def find_topic(kb: KnowledgeBase, text: str) -> str | None:
    """The topic a user typed, spelled as stored (``m2`` → ``M2``), or None if unknown.

    The same audiences the secretariat addresses notices to, so a subscription always matches.
    """
    try:
        return resolve_topic(kb, text)
    except TopicError:
        return None


async def subscribe(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    chat = update.effective_chat
    if chat is None:
        return
    args = args_of(context)
    if not args:
        current, just_all = await start_subscribing(context.store, chat.id)
        await send(update, context, render_subscriptions(kb, lang, current, just_all=just_all))
        return
    topic = find_topic(kb, args[0])
    if topic is None:
        problem = t(lang, "sub.unknown_topic", value=args[0][:40])
        await send(update, context, render_problem(lang, problem, "usage.subscribe"))
        return
    added = await context.store.subscribe(chat.id, topic)
    key = "sub.done" if added else "sub.already"
    await send(update, context, Rendered(t(lang, key, topic=topic_name(kb, lang, topic))))


async def unsubscribe(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    chat = update.effective_chat
    if chat is None:
        return
    args = args_of(context)
    if not args:
        removed = await context.store.unsubscribe(chat.id, None)
        key = "sub.removed_all" if removed else "sub.nothing_to_remove"
        await send(update, context, Rendered(t(lang, key, count=removed)))
        return
    topic = find_topic(kb, args[0])
    if topic is None:
        problem = t(lang, "sub.unknown_topic", value=args[0][:40])
        await send(update, context, render_problem(lang, problem, "usage.unsubscribe"))
        return
    removed = await context.store.unsubscribe(chat.id, topic)
    key = "sub.removed" if removed else "sub.not_subscribed"
    await send(update, context, Rendered(t(lang, key, topic=topic_name(kb, lang, topic))))
