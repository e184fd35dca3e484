"""/start (with deep links such as ``?start=R1_24``) and /help.

/help adds the secretariat's and the admins' commands for those who hold the role; /start of
someone with a role sets their own command menu (they may not have written to the bot when it
started, and Telegram refuses a menu for a chat the bot has never seen).
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Html, Language, t
from bot.roles import Access, Capability, access_of
from handlers.callbacks import payload_candidates
from handlers.commands import publish_staff_menu
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render.records import render_record
from handlers.render.start import render_help, render_start
from handlers.render.types import Rendered


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
    access = await _access(update, context)
    chat = update.effective_chat
    if access is not None and access.roles and chat is not None and chat.type == "private":
        await publish_staff_menu(context.bot, access.user_id, access.roles)
    if payload and payload[0].lower() == "help":
        welcome = render_staff_help(lang, render_help(lang, context.bot.username), access)
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
    access = await _access(update, context)
    rendered = render_staff_help(lang, render_help(lang, context.bot.username), access)
    await send(update, context, rendered)


async def _access(update: Update, context: BotContext) -> Access | None:
    user = update.effective_user
    if user is None:
        return None
    return await access_of(context.store, context.settings, user.id)


def render_staff_help(lang: Language, rendered: Rendered, access: Access | None) -> Rendered:
    """The help, with the secretariat's and the admins' commands for those who hold them."""
    blocks = [str(rendered.text)]
    if access is not None and access.can(Capability.SEND_NOTICES):
        blocks.append(t(lang, "help.secretariat"))
    if access is not None and access.can(Capability.MANAGE_ROLES):
        blocks.append(t(lang, "help.admin"))
    return Rendered(Html("\n\n".join(blocks)), rendered.keyboard)
