"""/insights for administrators: questions without a confident answer, and the fix.

    /insights [days]                 the most frequent of them, counted, with buttons
    /insights add ID question…       make the question a way to ask for the record ID
    (button) Add as a way to ask …   the same for a question of the list

The fix is a new knowledge-base version, previewed with the upload's Activate button
(``handlers.kbadmin`` handles that press); nothing is live before it is pressed. Anyone else is
refused with one line, and the attempt is logged and audited.
"""

from __future__ import annotations

from typing import Final

from telegram import Update

from bot.i18n import plain, t
from bot.insights import AliasRefusedError
from handlers import callbacks as cb
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.kbadmin import admin_or_refuse
from handlers.press import Press, on_press
from handlers.render.insights import (
    parse_add_alias,
    render_alias_proposal,
    render_alias_refused,
    render_insights,
)
from handlers.render.types import Rendered

CALLBACK_PATTERN: Final = cb.INSIGHTS.pattern()
MAX_DAYS: Final = 366


async def _is_admin(
    update: Update, context: BotContext, attempt: str, press: Press | None = None
) -> bool:
    """True for an admin; anyone else gets one line (or a toast), logged and audited."""
    admin = await admin_or_refuse(
        update, context, f"insights: {attempt}", reply_key="insights.denied", press=press
    )
    return admin is not None


async def insights_command(update: Update, context: BotContext) -> None:
    args = args_of(context)
    if not await _is_admin(update, context, f"/insights {' '.join(args)}".strip()):
        return
    lang = await context.language(update)
    if args and args[0].lower() == "add" and len(args) >= 3:
        await _propose(update, context, " ".join(args[2:]), args[1])
        return
    if len(args) > 1 or (args and not (args[0].isdigit() and 1 <= int(args[0]) <= MAX_DAYS)):
        await send(update, context, Rendered(t(lang, "insights.usage")))
        return
    days = int(args[0]) if args else None
    report = await context.insights.report(context.live.kb, days)
    await send(update, context, render_insights(lang, report))


@on_press
async def insights_button(update: Update, context: BotContext, press: Press) -> None:
    """ "Add as a way to ask for R1.24" under an insight; the press is always answered."""
    if not await _is_admin(update, context, f"button {press.data}", press):
        return
    lang = await context.language(update)
    parsed = parse_add_alias(press.data)
    if parsed is None:
        await press.stale(lang)
        return
    question_id, record_id = parsed
    question = await context.insights.question(question_id)
    if question is None:
        await press.answer(plain(lang, "insights.gone"))
        return
    await press.answer()
    await _propose(update, context, question, record_id)


async def _propose(update: Update, context: BotContext, question: str, record_id: str) -> None:
    lang = await context.language(update)
    user = update.effective_user
    admin = context.kb_admin
    try:
        proposal = await context.insights.propose_alias(
            admin, question, record_id, user.id if user else None
        )
    except AliasRefusedError as exc:
        await send(update, context, render_alias_refused(lang, exc.reason, question, record_id))
        return
    live_file = context.settings.knowledge_base_path.name
    await send(update, context, render_alias_proposal(lang, proposal, live_file))
