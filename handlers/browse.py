"""Browsing buttons: the records, pages and listings a reader's button names.

Pages (paragraph lists, sections, listings) and previous/next replace the pressed message;
a record chosen from a list or a "did you mean" opens in a new message so the list stays.
Every press is answered, even when the data is stale or the record is gone. (The language and
subscription buttons are handled with /lang and /subscribe, the rest of the reader's buttons
with their features; see ``handlers.callbacks``.)
"""

from __future__ import annotations

from typing import Final

from telegram import Update

from bot.i18n import plain
from handlers import callbacks as cb
from handlers.common import edit_or_send, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.agenda import render_agenda, render_agenda_next
from handlers.render.bureau import render_bureau
from handlers.render.meetings import render_meetings
from handlers.render.paragraphs import (
    render_paragraph_list,
    render_paragraph_original,
    render_section,
)
from handlers.render.records import render_record
from handlers.render.resolutions import render_resolutions
from knowledge.models import Paragraph
from knowledge.views import cited_in

CALLBACK_PATTERN: Final = cb.READER.pattern("r", "p", "orig", "o", "s", "l", "n")


@on_press
async def browse_button(update: Update, context: BotContext, press: Press) -> None:
    query = press.query
    lang = await context.language(update)
    data = await press.decode(cb.READER, lang)
    if data is None:
        return
    kb = context.live.kb
    profile = await context.profile(update)
    user_tz = profile.timezone if profile else None
    action = data.action

    if action == "n":
        await press.answer()
        return
    if action in ("r", "p"):
        record = kb.get(data.arg(0))
        if record is None:
            await press.answer(plain(lang, "button.gone"))
            return
        await press.answer()
        rendered = render_record(kb, lang, record, user_tz=user_tz, cited_in=cited_in(kb, record))
        if action == "p":
            await edit_or_send(query, update, context, rendered)
        else:
            await send(update, context, rendered)
        return
    if action == "orig":
        paragraph = kb.get(data.arg(0))
        if not isinstance(paragraph, Paragraph):
            await press.answer(plain(lang, "button.gone"))
            return
        await press.answer()
        await edit_or_send(query, update, context, render_paragraph_original(kb, lang, paragraph))
        return
    if action == "o":
        resolution = kb.resolution(data.arg(0))
        if resolution is None:
            await press.answer(plain(lang, "button.gone"))
            return
        await press.answer()
        rendered = render_paragraph_list(kb, lang, resolution, data.int_arg(1))
        await edit_or_send(query, update, context, rendered)
        return
    if action == "s":
        resolution = kb.resolution(data.arg(0))
        section = (
            render_section(kb, lang, resolution, data.arg(1), data.int_arg(2))
            if resolution
            else None
        )
        if section is None:
            await press.answer(plain(lang, "button.gone"))
            return
        await press.answer()
        await edit_or_send(query, update, context, section)
        return
    if action == "l":
        view = data.arg(0)
        listings = {
            "agenda": lambda: render_agenda(kb, lang),
            "next": lambda: render_agenda_next(kb, lang),
            "bureau": lambda: render_bureau(kb, lang),
            "meetings": lambda: render_meetings(kb, lang, user_tz),
            "res": lambda: render_resolutions(kb, lang),
        }
        make = listings.get(view)
        if make is None:
            await press.stale(lang)
            return
        await press.answer()
        await send(update, context, make())
        return
    await press.stale(lang)
