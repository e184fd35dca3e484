"""/bureau: the officers of the sessions the report names."""

from __future__ import annotations

from telegram import Update

from handlers.common import send
from handlers.context import BotContext
from handlers.render.bureau import render_bureau


async def bureau(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    await send(update, context, render_bureau(context.live.kb, lang))
