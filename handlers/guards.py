"""Checks that run before any feature handler (group -1): flood control and group manners."""

from __future__ import annotations

from telegram import Bot, Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.ext import ApplicationHandlerStop

from bot.i18n import plain
from bot.ratelimit import Verdict
from handlers.common import answer_query, send
from handlers.context import BotContext
from handlers.render.start import render_flood_note


def addressed_text(message: Message, bot: Bot) -> str | None:
    """The text a message asks the bot, or None if it is not for the bot.

    In a private chat every text is for the bot. In a group only a message that mentions the
    bot (the mention is removed from the text) or replies to one of its messages is.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return text
    username = (bot.username or "").lower()
    if not username:
        return None
    mentions = message.parse_entities([MessageEntityType.MENTION])
    for mention in mentions.values():
        if mention.lstrip("@").lower() == username:
            return text.replace(mention, " ", 1).strip()
    return None


def _counts_towards_flood(update: Update, bot: Bot) -> bool:
    if update.callback_query is not None:
        return True
    message = update.message or update.edited_message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    return text.startswith("/") or addressed_text(message, bot) is not None


async def flood_guard(update: object, context: BotContext) -> None:
    """Let a user's updates through while they stay within their allowance.

    The first update over it gets one polite note (or a note on the button); the following ones
    are dropped without a reply until the pause is over. Inline queries are not counted:
    Telegram sends one per keystroke and debounces them itself.
    """
    if not isinstance(update, Update):
        return
    gate = context.flood
    user = update.effective_user
    if gate is None or user is None or not _counts_towards_flood(update, context.bot):
        return
    verdict = gate.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    lang = await context.language(update)
    seconds = round(gate.policy.window)
    if update.callback_query is not None:
        note = plain(lang, "flood.slow_down", seconds=seconds)
        await answer_query(update.callback_query, note if verdict is Verdict.WARN else None)
    elif verdict is Verdict.WARN:
        await send(update, context, render_flood_note(lang, seconds))
    raise ApplicationHandlerStop
