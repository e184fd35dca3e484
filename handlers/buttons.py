"""Button presses: decode the versioned callback data and show what it names.

Pages (paragraph lists, sections, listings) and previous/next replace the pressed message;
a record chosen from a list or a "did you mean" opens in a new message so the list stays.
Every press is answered, even when the data is stale or the record is gone.
"""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.i18n import parse_language, plain
from bot.subscriptions import Picked, pick_topic
from handlers import callbacks as cb
from handlers.common import answer_query, edit_or_send, send
from handlers.context import BotContext
from handlers.render.agenda import render_agenda, render_agenda_next
from handlers.render.bureau import render_bureau
from handlers.render.meetings import render_meetings
from handlers.render.paragraphs import (
    render_paragraph_list,
    render_paragraph_original,
    render_section,
)
from handlers.render.preferences import render_language_set, render_subscriptions, topic_name
from handlers.render.records import render_record
from handlers.render.resolutions import render_resolutions
from handlers.subscriptions import find_topic
from knowledge.models import Paragraph
from knowledge.views import cited_in


class _Press:
    """One button press; it is answered exactly once, whatever happens."""

    def __init__(self, query: CallbackQuery) -> None:
        self.query = query
        self.answered = False

    async def answer(self, text: str | None = None) -> None:
        if not self.answered:
            self.answered = True
            await answer_query(self.query, text)


async def button_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    press = _Press(query)
    try:
        await _dispatch(update, context, press)
    finally:
        await press.answer()


async def _dispatch(update: Update, context: BotContext, press: _Press) -> None:
    query = update.callback_query
    assert query is not None
    lang = await context.language(update)
    data = cb.decode(query.data)
    if data is None:
        await press.answer(plain(lang, "button.stale"))
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
            await press.answer(plain(lang, "button.stale"))
            return
        await press.answer()
        await send(update, context, make())
        return
    if action == "lang":
        chosen = parse_language(data.arg(0))
        if chosen is None or profile is None:
            await press.answer(plain(lang, "button.stale"))
            return
        context.remember_profile(await context.profiles.set_language(profile, chosen))
        await press.answer()
        await edit_or_send(query, update, context, render_language_set(chosen))
        return
    if action in ("sub", "unsub"):
        chat = update.effective_chat
        topic = find_topic(kb, data.arg(0))
        if topic is None or chat is None:
            await press.answer(plain(lang, "button.gone"))
            return
        name = topic_name(kb, lang, topic)
        picked = await pick_topic(context.store, chat.id, topic, on=action == "sub")
        keys = {Picked.ADDED: "sub.done", Picked.NARROWED: "sub.narrowed"}
        await press.answer(plain(lang, keys.get(picked, "sub.removed"), topic=name))
        current = await context.store.subscriptions(chat.id)
        await edit_or_send(query, update, context, render_subscriptions(kb, lang, current))
        return
    await press.answer(plain(lang, "button.stale"))
