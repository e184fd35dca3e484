"""A button press: answered exactly once, whatever the handler does or raises.

Telegram keeps a pressed button spinning until the press is answered, and accepts one answer.
A handler written as ``@on_press async def x(update, context, press)`` answers with
``press.answer(note)`` where it has something to say; a press it did not answer (it had
nothing to say, or it raised) is answered without a note when it returns. ``press.decode``
reads the button's data in the handler's namespace, answering "this button is out of date"
itself when it cannot.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.i18n import Language, plain
from handlers.callbacks import Callback, Namespace
from handlers.context import BotContext

A = TypeVar("A", bound=str)

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

    async def stale(self, lang: Language) -> None:
        """Answer that the button is out of date (another version's, or garbled)."""
        await self.answer(plain(lang, "button.stale"))

    async def decode(
        self, namespace: Namespace[A], lang: Language, *actions: A
    ) -> Callback[A] | None:
        """The button's data read in ``namespace`` (one of ``actions``, when given); None,
        once the press is answered as out of date, for data that is not."""
        data = namespace.decode(self.data)
        if data is None or (actions and data.action not in actions):
            await self.stale(lang)
            return None
        return data


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
