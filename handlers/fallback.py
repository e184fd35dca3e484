"""What nothing else answered: unknown commands, messages without text, stale buttons."""

from __future__ import annotations

from telegram import Update

from handlers.common import is_private, usage
from handlers.context import BotContext
from handlers.press import Press, on_press


async def unknown_command(update: Update, context: BotContext) -> None:
    """A one-line hint. In groups only for commands addressed to this bot by name, since
    ``/something`` may be meant for another bot in the group."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    name, _, target = command.partition("@")
    if not is_private(update) and target.lower() != (context.bot.username or "").lower():
        return
    await usage(update, context, "usage.unknown", command=name[:40])


async def not_text(update: Update, context: BotContext) -> None:
    """A sticker, photo or voice message in a private chat."""
    if is_private(update):
        await usage(update, context, "usage.not_text")


@on_press
async def stale_button(update: Update, context: BotContext, press: Press) -> None:
    """A button no feature knows (another version's, or garbled): it is out of date."""
    await press.stale(await context.language(update))
