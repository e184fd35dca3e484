"""/meetings (alias /dates) and /meetings 2."""

from __future__ import annotations

import re

from telegram import Update

from bot.i18n import t
from handlers.common import args_of, send
from handlers.context import BotContext
from handlers.render.meetings import render_meeting, render_meetings
from handlers.render.start import render_problem
from knowledge.models import KnowledgeBase, Meeting
from knowledge.normalize import chinese_to_int
from knowledge.views import current_meetings

_NUMBER = re.compile(
    r"^(?:m|第)?\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:次会议|次會議|次)?$", re.I
)


def find_meeting(kb: KnowledgeBase, text: str) -> Meeting | None:
    """A meeting of the current session by number (``2``, ``M2``, ``第二次会议``)."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    raw = match.group(1)
    number = int(raw) if raw.isdigit() else chinese_to_int(raw)
    return next((m for m in current_meetings(kb) if m.number == number), None)


async def meetings(update: Update, context: BotContext) -> None:
    lang = await context.language(update)
    profile = await context.profile(update)
    tz = profile.timezone if profile else None
    kb = context.live.kb
    args = args_of(context)
    if not args:
        await send(update, context, render_meetings(kb, lang, tz))
        return
    meeting = find_meeting(kb, " ".join(args))
    if meeting is not None:
        await send(update, context, render_meeting(kb, lang, meeting, tz))
        return
    numbers = [m.number for m in current_meetings(kb)]
    problem = t(lang, "meetings.no_meeting", number=" ".join(args)[:40])
    await send(
        update,
        context,
        render_problem(
            lang,
            problem,
            "usage.meetings",
            first=min(numbers, default=1),
            last=max(numbers, default=1),
        ),
    )
