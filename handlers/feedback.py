"""Under a free-text answer: 👍/👎, and the "did you mean" and choice buttons noted as picks.

:func:`follow_up` keeps the question for the insights (``bot.insights``: its normalised text,
language, outcome and time, never who asked) and puts the buttons on the answer. A 👍/👎 press
is counted once per answer and answered with a short note in Telegram's toast; the 👍/👎 row
then leaves the keyboard, so nothing is added to the chat. A pick shows its record, as the
plain record button does, and is noted for the question.
"""

from __future__ import annotations

import contextlib
from typing import Final

from telegram import Message, Update
from telegram.error import BadRequest

from bot.i18n import Language, plain
from handlers import callbacks as cb
from handlers.common import markup, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.insights import with_feedback, without_votes
from handlers.render.records import render_record
from handlers.render.types import Button, Keyboard, Rendered
from knowledge.search import SearchResult
from knowledge.views import cited_in

CALLBACK_PATTERN: Final = cb.READER.pattern("fb", "pick")


async def follow_up(
    update: Update,
    context: BotContext,
    lang: Language,
    query: str,
    result: SearchResult,
    rendered: Rendered,
) -> Rendered:
    """Keep the question, and give its answer the feedback and pick buttons."""
    question_id = await context.insights.record(query, lang, result)
    if question_id is None:
        return rendered
    return with_feedback(lang, rendered, question_id, result)


def _keyboard_of(message: Message) -> Keyboard:
    reply = message.reply_markup
    if reply is None:
        return ()
    return tuple(
        tuple(Button(b.text, str(b.callback_data or ""), b.url or "") for b in row)
        for row in reply.inline_keyboard
    )


@on_press
async def feedback_button(update: Update, context: BotContext, press: Press) -> None:
    """👍/👎 or a pick; the press is always answered, whatever happens."""
    lang = await context.language(update)
    data = await press.decode(cb.READER, lang, "fb", "pick")
    if data is None:
        return
    question_id = data.int_arg(0)
    if data.action == "pick":
        kb = context.live.kb
        record = kb.get(data.arg(1))
        if record is None:
            await press.answer(plain(lang, "button.gone"))
            return
        await context.insights.pick(question_id, record.id)
        await press.answer()
        profile = await context.profile(update)
        tz = profile.timezone if profile else None
        shown = render_record(kb, lang, record, user_tz=tz, cited_in=cited_in(kb, record))
        await send(update, context, shown)
        return
    up = data.arg(1) == "u"
    outcome = await context.insights.rate(question_id, up=up)
    notes = {
        "gone": "button.gone",
        "already": "fb.already",
        "counted": "fb.thanks_up" if up else "fb.thanks_down",
    }
    await press.answer(plain(lang, notes[outcome]))
    message = press.query.message
    if isinstance(message, Message):
        current = _keyboard_of(message)
        kept = without_votes(current)
        if kept != current:
            with contextlib.suppress(BadRequest):
                await message.edit_reply_markup(markup(kept))
