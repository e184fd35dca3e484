"""Button presses: every press is answered exactly once, whatever its handler does.

The press helper is tested at python-telegram-bot's network seam (a ``BaseRequest`` that records
the calls), then every namespace's buttons — current, stale, refused — through the real bot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from telegram import Bot, CallbackQuery, Update, User
from telegram.request import BaseRequest, RequestData

from bot import i18n
from handlers import callbacks as cb
from handlers.context import BotContext
from handlers.press import Press, on_press
from tests.support.app import ADMIN_ID, BotFactory
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import TIMEOUT, Person


class Recorder(BaseRequest):
    """Telegram's side of the seam: every call is recorded and succeeds."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        parameters = request_data.parameters if request_data is not None else {}
        self.calls.append((url.rsplit("/", 1)[-1], dict(parameters)))
        return 200, json.dumps({"ok": True, "result": True}).encode()


def pressed(data: str = "v1|n") -> tuple[Update, Recorder]:
    recorder = Recorder()
    bot = Bot("123:TEST", request=recorder)
    user = User(7, "Ana", is_bot=False)
    query = CallbackQuery("q1", user, chat_instance="1", data=data)
    query.set_bot(bot)
    return Update(1, callback_query=query), recorder


def answers(recorder: Recorder) -> list[str | None]:
    return [p.get("text") for method, p in recorder.calls if method == "answerCallbackQuery"]


async def run(handle: Callable[[Update, BotContext, Press], Any], update: Update) -> None:
    await on_press(handle)(update, None)  # type: ignore[arg-type]  # the context is unused here


async def test_a_press_the_handler_answers_is_not_answered_again() -> None:
    async def handle(update: Update, context: BotContext, press: Press) -> None:
        await press.answer("first")
        await press.answer("second")

    update, recorder = pressed()
    await run(handle, update)
    assert answers(recorder) == ["first"]


async def test_a_press_the_handler_did_not_answer_is_answered_without_a_note() -> None:
    seen: list[str | None] = []

    async def handle(update: Update, context: BotContext, press: Press) -> None:
        seen.append(press.data)

    update, recorder = pressed("v1|r|R1.24")
    await run(handle, update)
    assert seen == ["v1|r|R1.24"] and answers(recorder) == [None]


async def test_a_press_whose_handler_raises_is_answered_once_and_the_error_goes_on() -> None:
    async def handle(update: Update, context: BotContext, press: Press) -> None:
        raise RuntimeError("boom")

    update, recorder = pressed()
    with pytest.raises(RuntimeError, match="boom"):
        await run(handle, update)
    assert answers(recorder) == [None]

    async def answers_then_raises(update: Update, context: BotContext, press: Press) -> None:
        await press.answer("noted")
        raise RuntimeError("boom")

    update, recorder = pressed()
    with pytest.raises(RuntimeError, match="boom"):
        await run(answers_then_raises, update)
    assert answers(recorder) == ["noted"]


async def test_an_answer_is_cut_to_what_telegram_shows() -> None:
    async def handle(update: Update, context: BotContext, press: Press) -> None:
        await press.answer("x" * 300)

    update, recorder = pressed()
    await run(handle, update)
    assert answers(recorder) == ["x" * 200]


@pytest.mark.parametrize(
    ("data", "actions", "decoded"),
    [
        ("kb1|x|3", (), ("x", ("3",))),
        ("v1|fb|4|u", ("fb", "pick"), ("fb", ("4", "u"))),
        ("v1|r|R1.24", ("fb", "pick"), None),  # the namespace's, but not an action asked for
        ("nv1|send|3", (), None),  # another namespace
        ("kb1|x|three", (), None),  # malformed
    ],
)
async def test_decode_reads_the_namespace_or_answers_that_the_button_is_out_of_date(
    data: str, actions: tuple[str, ...], decoded: tuple[str, tuple[str, ...]] | None
) -> None:
    namespace = cb.READER if data.startswith("v1|") else cb.KB_ADMIN
    seen: list[object] = []

    async def handle(update: Update, context: BotContext, press: Press) -> None:
        result = await press.decode(namespace, "en", *actions)  # type: ignore[arg-type]
        seen.append(None if result is None else (result.action, result.args))

    update, recorder = pressed(data)
    await run(handle, update)
    assert seen == [decoded]
    assert answers(recorder) == [None if decoded else i18n.plain("en", "button.stale")]


async def test_an_update_without_a_press_is_left_alone() -> None:
    called: list[bool] = []

    async def handle(update: Update, context: BotContext, press: Press) -> None:
        called.append(True)

    await on_press(handle)(Update(1), None)  # type: ignore[arg-type]
    assert called == []


# == Through the bot =============================================================================

STALE, GONE = "button.stale", "button.gone"

#: (data, what a user without any role is told). The data is pressed as if it were under an
#: old message, so stale and foreign data is answered like any other.
PRESSES: list[tuple[str, str | None]] = [
    ("v1|n", None),
    ("v1|r|R9.99", GONE),
    ("v0|r|R1.24", STALE),
    ("nonsense", STALE),
    ("v1|r", STALE),
    ("v1|lang|xx", STALE),
    ("v1|sub|nonsense", GONE),
    ("v1|cal|M99", GONE),
    ("v1|cal", STALE),
    ("v1|fb|999|u", GONE),
    ("v1|fb|x|u", STALE),
    ("v1|pick|999|R9.9", GONE),
    ("kb1|a|1", STALE),
    ("kb1|a|1|0", "kb.denied_short"),
    ("nv1|send|1", "access.denied"),
    ("nv1|stop|²", "access.denied"),
    ("in1|a|1|R1.24", "kb.denied_short"),
]


async def press_all(person: Person, server: FakeBotApi, presses: list[str]) -> list[str]:
    """Press each data under the person's last message; the query ids, once all are done."""
    last = server.sent(person.id)[-1]
    ids: list[str] = []
    for data in presses:
        update = server.press_button(person.id, last, data, check_keyboard=False)
        assert update.callback_query_id is not None
        ids.append(update.callback_query_id)
    # One user's updates are handled in order: once /help is answered, every press has been.
    await person.one("/help")
    await server.wait_for(lambda: all(i in server.callback_answers for i in ids), TIMEOUT)
    return ids


def answered_once(server: FakeBotApi, ids: list[str]) -> None:
    calls = [r.params.get("callback_query_id") for r in server.calls("answerCallbackQuery")]
    refused = [r for r in server.refused if r.method == "answerCallbackQuery"]
    assert refused == []
    for query_id in ids:
        assert calls.count(query_id) == 1, query_id


async def test_every_press_is_answered_once_stale_gone_or_refused(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    stranger = Person(server, 5101, "en")
    async with start_bot():
        await stranger.one("/agenda")
        ids = await press_all(stranger, server, [data for data, _ in PRESSES])
        answered_once(server, ids)
        for query_id, (data, key) in zip(ids, PRESSES, strict=True):
            expected = i18n.plain("en", key) if key else None
            assert server.callback_answers[query_id].text == expected, data


async def test_buttons_that_work_are_answered_once_too(
    server: FakeBotApi, start_bot: BotFactory
) -> None:
    admin = Person(server, ADMIN_ID, "en")
    async with start_bot():
        await admin.one("/res 1")
        await admin.one("/subscribe")
        ids = await press_all(
            admin,
            server,
            ["v1|o|R1|²", "v1|r|R1.24", "v1|sub|bureau", "v1|lang|en", "nv1|stop|²", "kb1|c|1"],
        )
        answered_once(server, ids)
        texts = [server.callback_answers[i].text for i in ids]
        assert texts[:2] == [None, None]  # a garbled page is the first page; the record opens
        assert texts[4] == i18n.plain("en", STALE)  # a notice number int() cannot read
