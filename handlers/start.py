"""/start (with deep links such as ``?start=R1_24``) and /help."""

from __future__ import annotations

from telegram import Update

from bot.i18n import Html, t
from handlers.callbacks import payload_candidates
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render import Rendered, render_help, render_record, render_start


async def start(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    payload = args_of(context)
    if payload and payload[0].lower() != "help":
        for record_id in payload_candidates(payload[0]):
            record = kb.get(record_id)
            if record is not None:
                profile = await context.profile(update)
                tz = profile.timezone if profile else None
                await send(update, context, render_record(kb, lang, record, user_tz=tz))
                return
    user = update.effective_user
    welcome = render_start(kb, lang, user.first_name if user else "", context.bot.username)
    if payload and payload[0].lower() == "help":
        welcome = render_help(lang, context.bot.username)
    elif payload:
        note = t(lang, "start.bad_payload")
        welcome = Rendered(Html(f"{note}\n\n{welcome.text}"), welcome.keyboard)
    if lang == "en" and not (payload and payload[0].lower() == "help"):
        # the knowledge base is the Chinese text; the official English one is a link away
        note = t(lang, "docs.official_report", symbol=kb.source.symbol)
        welcome = Rendered(Html(f"{welcome.text}\n\n<i>{note}</i>"), welcome.keyboard)
    await send(update, context, welcome)


async def help_command(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    await send(update, context, render_help(lang, context.bot.username))
