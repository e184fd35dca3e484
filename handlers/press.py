"""A button press: answered exactly once, whatever the handler does or raises.

Telegram keeps a pressed button spinning until the press is answered, and accepts one answer.
A handler written as ``@on_press async def x(update, context, press)`` answers with
``press.answer(note)`` where it has something to say; a press it did not answer (it had
nothing to say, or it raised) is answered without a note when it returns.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from handlers.context import BotContext

#: Telegram shows at most this many characters of an answer.
ANSWER_CHARS = 200


async def answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (a press answered already, or too old, is no error)."""
    with contextlib.suppress(BadRequest):
        await query.answer(text[:ANSWER_CHARS] if text else None)


class Press:
    """One button press; :meth:`answer` reaches Telegram the first time only."""

    def __init__(self, query: CallbackQuery) -> None:
        self.query = query
        self.answered = False

    @property
    def data(self) -> str | None:
        return self.query.data

    async def answer(self, text: str | None = None) -> None:
        if not self.answered:
            self.answered = True
            await answer_query(self.query, text)


PressHandler = Callable[[Update, BotContext, Press], Awaitable[None]]


def on_press(
    handle: PressHandler,
) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """The ``CallbackQueryHandler`` callback that hands ``handle`` the press and answers it
    at the end if ``handle`` did not."""

    @functools.wraps(handle)
    async def callback(update: Update, context: BotContext) -> None:
        query = update.callback_query
        if query is None:
            return
        press = Press(query)
        try:
            await handle(update, context, press)
        finally:
            await press.answer()

    return callback
