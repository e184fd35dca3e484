"""/calendar, /calendar 2 and the "Add to calendar" buttons: meetings as an ``.ics`` file.

Buttons carry ``v1|cal|<meeting id>`` (one meeting) or ``v1|cal|all`` (the session's
meetings); everything is in the data, so a button still works after a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from telegram import Update
from telegram.constants import ParseMode

from bot.i18n import Language, plain, t
from handlers import callbacks as cb
from handlers.common import answer_query, args_of, send
from handlers.context import BotContext
from handlers.meetings import find_meeting
from handlers.render.calendar import render_calendar, render_calendar_caption
from handlers.render.start import render_problem
from handlers.render.types import Rendered
from knowledge.models import KnowledgeBase, Meeting
from knowledge.views import current_meetings

CALLBACK_PATTERN: Final = r"^v1\|cal\|"
ALL: Final = "all"


def _meetings_named(kb: KnowledgeBase, data: str | None) -> list[Meeting] | None:
    """The meetings a button names; None when it names nothing (anymore)."""
    decoded = cb.decode(data)
    if decoded is None or decoded.action != "cal":
        return None
    wanted = decoded.arg(0)
    if wanted == ALL:
        return current_meetings(kb) or None
    record = kb.get(wanted)
    return [record] if isinstance(record, Meeting) else None


async def _send_file(
    update: Update, context: BotContext, lang: Language, meetings: Sequence[Meeting]
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    kb = context.live.kb
    calendar = render_calendar(kb, lang, meetings, dt.datetime.now(dt.UTC))
    await context.bot.send_document(
        chat.id,
        document=calendar.content,
        filename=calendar.file_name,
        caption=render_calendar_caption(kb, lang, meetings),
        parse_mode=ParseMode.HTML,
    )


async def calendar_command(update: Update, context: BotContext) -> None:
    """/calendar: every meeting of the session; /calendar 2: one."""
    lang = await context.language(update)
    kb = context.live.kb
    args = args_of(context)
    meetings = current_meetings(kb)
    if not meetings:
        await send(update, context, Rendered(t(lang, "cal.none")))
        return
    if args:
        meeting = find_meeting(kb, " ".join(args))
        if meeting is None:
            numbers = [m.number for m in meetings]
            problem = t(lang, "meetings.no_meeting", number=" ".join(args)[:40])
            hint = render_problem(
                lang, problem, "usage.calendar", first=min(numbers), last=max(numbers)
            )
            await send(update, context, hint)
            return
        meetings = [meeting]
    await _send_file(update, context, lang, meetings)


async def calendar_button(update: Update, context: BotContext) -> None:
    """An "Add to calendar" button: the file comes as a new message; the press is answered."""
    query = update.callback_query
    if query is None:
        return
    lang = await context.language(update)
    meetings = _meetings_named(context.live.kb, query.data)
    if meetings is None:
        await answer_query(query, plain(lang, "button.gone"))
        return
    await answer_query(query)
    await _send_file(update, context, lang, meetings)
