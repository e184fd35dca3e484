"""/agenda, /agenda 3, /agenda 3(a), /agenda next."""

from __future__ import annotations

from telegram import Update

from bot.i18n import join, t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render import (
    agenda_items,
    current_session_number,
    render_agenda,
    render_agenda_item,
    render_agenda_next,
    render_problem,
    session_params,
)
from knowledge.models import AgendaItem, KnowledgeBase
from knowledge.normalize import agenda_key

NEXT_WORDS = frozenset({"next", "下届", "下屆", "下一届", "下一屆", "临时", "臨時"})


def find_agenda_item(kb: KnowledgeBase, text: str) -> AgendaItem | None:
    """The current session's item a user named: ``3``, ``3(a)``, ``3 a``, or an id ``A23.3a``."""
    record = kb.get(text.strip())
    if isinstance(record, AgendaItem):
        return record
    wanted = agenda_key(text.removeprefix("A").removeprefix("a"))
    session = current_session_number(kb)
    for item in agenda_items(kb, session, provisional=False):
        if agenda_key(item.number) == wanted:
            return item
    return None


async def agenda(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    kb = context.live.kb
    args = args_of(context)
    if not args:
        await send(update, context, render_agenda(kb, lang))
        return
    text = " ".join(args)
    if text.lower() in NEXT_WORDS:
        await send(update, context, render_agenda_next(kb, lang))
        return
    item = find_agenda_item(kb, text)
    if item is not None:
        await send(update, context, render_agenda_item(kb, lang, item))
        return
    session = current_session_number(kb)
    numbers = [i.number for i in agenda_items(kb, session, provisional=False) if not i.parent]
    problem = t(
        lang,
        "agenda.no_item",
        item=text[:40],
        items=join(lang, numbers),
        **session_params(lang, session),
    )
    await send(update, context, render_problem(lang, problem, "usage.agenda"))
