"""/subscribe [topic] and /unsubscribe [topic]: which notices a chat wants.

Topics: ``all``, ``bureau``, a meeting (``M2``) or an agenda item (``A23.3``, ``A23.3a``).
``/subscribe`` alone subscribes a chat that has nothing to all notices, then offers the topics
to narrow it down (``bot.subscriptions``), whose buttons subscribe to or unsubscribe from one
topic and show the list again. Delivering notices is the notices service's job.
"""

from __future__ import annotations

from typing import Final

from telegram import Update

from bot.i18n import Language, plain, t
from bot.notices import TopicError, resolve_topic
from bot.subscriptions import Picked, pick_topic, start_subscribing
from handlers import callbacks as cb
from handlers.common import args_of, edit_or_send, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.preferences import render_subscriptions, topic_name
from handlers.render.start import render_problem
from handlers.render.types import Rendered
from knowledge.models import KnowledgeBase

TOPIC_PATTERN: Final = cb.READER.pattern("sub", "unsub")


def find_topic(kb: KnowledgeBase, text: str) -> str | None:
    """The topic a user typed, spelled as stored (``m2`` → ``M2``), or None if unknown.

    The same audiences the secretariat addresses notices to, so a subscription always matches.
    """
    try:
        return resolve_topic(kb, text)
    except TopicError:
        return None


async def _typed_topic(
    update: Update,
    context: BotContext,
    lang: Language,
    kb: KnowledgeBase,
    text: str,
    usage_key: str,
) -> str | None:
    """The topic typed after the command, or None once the user is told it is unknown."""
    topic = find_topic(kb, text)
    if topic is None:
        problem = t(lang, "sub.unknown_topic", value=text[:40])
        await send(update, context, render_problem(lang, problem, usage_key))
    return topic


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
    topic = await _typed_topic(update, context, lang, kb, args[0], "usage.subscribe")
    if topic is None:
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
    topic = await _typed_topic(update, context, lang, kb, args[0], "usage.unsubscribe")
    if topic is None:
        return
    removed = await context.store.unsubscribe(chat.id, topic)
    key = "sub.removed" if removed else "sub.not_subscribed"
    await send(update, context, Rendered(t(lang, key, topic=topic_name(kb, lang, topic))))


@on_press
async def topic_button(update: Update, context: BotContext, press: Press) -> None:
    """A topic under the subscriptions: subscribe to it, or unsubscribe from it."""
    lang = await context.language(update)
    data = await press.decode(cb.READER, lang, "sub", "unsub")
    if data is None:
        return
    kb = context.live.kb
    chat = update.effective_chat
    topic = find_topic(kb, data.arg(0))
    if topic is None or chat is None:
        await press.answer(plain(lang, "button.gone"))
        return
    name = topic_name(kb, lang, topic)
    picked = await pick_topic(context.store, chat.id, topic, on=data.action == "sub")
    keys = {Picked.ADDED: "sub.done", Picked.NARROWED: "sub.narrowed"}
    await press.answer(plain(lang, keys.get(picked, "sub.removed"), topic=name))
    current = await context.store.subscriptions(chat.id)
    await edit_or_send(press.query, update, context, render_subscriptions(kb, lang, current))
