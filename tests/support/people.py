"""People using the bot on the fake Bot API: they write, press buttons and read the answers."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import BotApplication
from tests.support.app import store_of
from tests.support.fake_bot_api import BotMessage, CallbackAnswer, FakeBotApi

#: Seconds a person waits for the bot's answer.
TIMEOUT = 5.0


class Person:
    """A user of the fake Telegram: writes, presses buttons, reads the bot's answers."""

    def __init__(
        self, server: FakeBotApi, user_id: int, language_code: str = "zh-hans", name: str = "Ana"
    ) -> None:
        self.server = server
        self.id = user_id
        server.add_user(user_id, name, language_code=language_code)

    async def say(
        self,
        text: str,
        replies: int = 1,
        *,
        chat_id: int | None = None,
        reply_to: int | None = None,
    ) -> list[BotMessage]:
        """Send a message and wait for ``replies`` new bot messages in that chat."""
        chat = chat_id if chat_id is not None else self.id
        before = len(self.server.sent(chat))
        self.server.send_message(self.id, text, chat_id=chat_id, reply_to=reply_to)
        await self.server.wait_for(
            lambda: len(self.server.sent(chat)) >= before + replies, TIMEOUT
        )
        return self.server.sent(chat)[before:]

    async def one(self, text: str, **kwargs: int) -> BotMessage:
        replies = await self.say(text, **kwargs)
        return replies[-1]

    async def press(
        self, message: BotMessage, data: str, *, check_keyboard: bool = True
    ) -> CallbackAnswer:
        update = self.server.press_button(
            self.id, message, data, chat_id=message.chat_id, check_keyboard=check_keyboard
        )
        query_id = update.callback_query_id
        assert query_id is not None
        await self.server.wait_for(lambda: query_id in self.server.callback_answers, TIMEOUT)
        return self.server.callback_answers[query_id]

    def current(self, message: BotMessage) -> BotMessage:
        """The message as it is now (edits applied)."""
        return next(
            m for m in self.server.messages(message.chat_id) if m.message_id == message.message_id
        )

    async def press_and_wait_edit(self, message: BotMessage, data: str) -> BotMessage:
        edits = self.current(message).edits
        await self.press(message, data)
        await self.server.wait_for(lambda: self.current(message).edits > edits, TIMEOUT)
        return self.current(message)


def button_data(message: BotMessage, predicate: Callable[[str], bool]) -> str:
    return next(d for d in message.callback_data if predicate(d))


def assert_buttons_fit(message: BotMessage) -> None:
    for data in message.callback_data:
        assert 1 <= len(data.encode("utf-8")) <= 64, data


async def subscribers(
    server: FakeBotApi, app: BotApplication, chats: range, topic: str = "all"
) -> list[int]:
    store = store_of(app)
    for chat in chats:
        server.add_user(chat, f"Delegate {chat}", language_code="en", started=True)
        await store.subscribe(chat, topic)
    return list(chats)


def current(server: FakeBotApi, message: BotMessage) -> BotMessage:
    return next(m for m in server.messages(message.chat_id) if m.message_id == message.message_id)


def data_for(message: BotMessage, action: str) -> str:
    return next(d for d in message.callback_data if d.startswith(f"nv1|{action}|"))
