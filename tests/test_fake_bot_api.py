"""The fake Bot API refuses what Telegram refuses and serves what the bot needs.

Driven with python-telegram-bot's real ``telegram.Bot`` and with a raw aiohttp client, over
HTTP on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from tests.support.fake_bot_api import (
    CONFLICT_POLLING,
    CONFLICT_WEBHOOK,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    BotMessage,
    Chat,
    FakeBotApi,
    parse_html,
    parse_markdown_v2,
)

ROOT = Path(__file__).resolve().parent.parent
USER = 42
OTHER_USER = 43
GROUP = -100123


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        fake.add_user(USER, "Ana", username="ana", started=True)
        fake.add_user(OTHER_USER, "Ben", started=True)
        yield fake


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    client = Bot(server.token, base_url=server.base_url, base_file_url=server.base_file_url)
    async with client:
        yield client


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, server: FakeBotApi, method: str, **params: Any
) -> tuple[int, dict[str, Any]]:
    """POST form-encoded parameters the way python-telegram-bot encodes them."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with http.post(f"{server.base_url}{server.token}/{method}", data=form) as response:
        return response.status, await response.json()


def last_error(server: FakeBotApi) -> str:
    assert server.errors, "expected a refused request"
    return server.errors[-1].description


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


# ---- identity, token, unknown methods -------------------------------------------------------


async def test_get_me_returns_the_bot_user(bot: Bot, server: FakeBotApi) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "delegate_test_bot"
    assert me.id == int(server.token.partition(":")[0])
    assert server.errors == []


async def test_wrong_token_is_unauthorized(
    server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{server.base_url}999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    wrong = Bot("999:WRONG", base_url=server.base_url)
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()  # the failed initialize leaves its connections open


async def test_unknown_method_is_not_found(
    server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    status, body = await call(http, server, "sendTelepathy", chat_id=USER)
    assert (status, body["description"]) == (404, "Not Found")
    status, body = await call(http, server, "getme")  # method names are case-insensitive
    assert status == 200 and body["result"]["is_bot"] is True


async def test_json_and_query_string_requests_are_read_like_forms(
    server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    url = f"{server.base_url}{server.token}/sendMessage"
    async with http.post(url, json={"chat_id": USER, "text": "from json"}) as response:
        assert response.status == 200
    async with http.get(url, params={"chat_id": str(USER), "text": "from query"}) as response:
        assert response.status == 200
    assert [m.text for m in server.messages(USER)] == ["from json", "from query"]


# ---- text rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n "])
async def test_empty_text_is_refused(bot: Bot, server: FakeBotApi, text: str) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, text)
    assert last_error(server) == "Bad Request: message text is empty"
    assert server.messages(USER) == []


async def test_text_length_is_counted_after_parsing(bot: Bot, server: FakeBotApi) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "a" * 4097)
    assert last_error(server) == "Bad Request: message is too long"
    await bot.send_message(USER, "a" * 4096)
    # 4096 visible characters, far more in the source: accepted
    await bot.send_message(USER, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "<i>" + "&lt;" * 4097 + "</i>", parse_mode="HTML")
    assert last_error(server) == "Bad Request: message is too long"
    assert [len(m.text or "") for m in server.messages(USER)] == [4096, 4096]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("1 < 2", 'Character "<" at byte offset 2 must be escaped as "&lt;"'),
        ("2 > 1", 'Character ">" at byte offset 2 must be escaped as "&gt;"'),
        ("R&D", 'Character "&" at byte offset 1 must be escaped as "&amp;"'),
        ("a&nbsp;b", 'Unsupported HTML entity "&nbsp;" at byte offset 1'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("议程<br>", 'Unsupported start tag "br" at byte offset 6'),
    ],
)
async def test_invalid_html_is_refused(
    bot: Bot, server: FakeBotApi, source: str, reason: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, source, parse_mode="HTML")
    assert last_error(server) == f"Bad Request: can't parse entities: {reason}"


async def test_valid_html_is_accepted_with_entities(bot: Bot, server: FakeBotApi) -> None:
    source = (
        "<b>决议</b> <strong>s</strong> <i>i</i><em>e</em> <u>u</u><ins>n</ins> "
        '<s>s</s><strike>k</strike><del>d</del> <span class="tg-spoiler">p</span>'
        '<tg-spoiler>q</tg-spoiler> <a href="https://unctad.org/?a=1&amp;b=2">link</a> '
        '<code>c</code> <pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>quote</blockquote> &lt;&gt;&amp;&quot;&#39;&#x4E2D;"
    )
    message = await bot.send_message(USER, source, parse_mode="HTML")
    assert message.text is not None
    assert message.text.endswith("quote <>&\"'中")
    kinds = [entity.type for entity in message.entities]
    assert kinds[0] == "bold"
    assert {"italic", "underline", "strikethrough", "spoiler", "text_link", "code", "pre"} <= set(
        kinds
    )
    assert "expandable_blockquote" in kinds
    link = next(entity for entity in message.entities if entity.type == "text_link")
    assert link.url == "https://unctad.org/?a=1&b=2"
    pre = next(entity for entity in message.entities if entity.type == "pre")
    assert pre.language == "python"
    assert server.errors == []


def test_html_entity_offsets_are_utf16() -> None:
    text, entities = parse_html("🎉 <b>中文</b> <i>x</i>")
    assert text == "🎉 中文 x"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 2},
        {"type": "italic", "offset": 6, "length": 1},
    ]


async def test_markdown_v2_reserved_characters_must_be_escaped(
    bot: Bot, server: FakeBotApi
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "Session 23.", parse_mode="MarkdownV2")
    assert last_error(server) == (
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
        "with the preceding '\\'"
    )
    message = await bot.send_message(USER, "*Session* 23\\.", parse_mode="MarkdownV2")
    assert message.text == "Session 23."
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 7)]
    text, entities = parse_markdown_v2("[E/2020/31](https://undocs.org/E/2020/31) ||s||")
    assert text == "E/2020/31 s"
    assert entities[0]["url"] == "https://undocs.org/E/2020/31"
    assert entities[1]["type"] == "spoiler"


async def test_unknown_parse_mode_is_refused(bot: Bot, server: FakeBotApi) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "x", parse_mode="BBCode")
    assert last_error(server) == "Bad Request: unsupported parse_mode"


async def test_leading_and_trailing_whitespace_is_trimmed(bot: Bot, server: FakeBotApi) -> None:
    message = await bot.send_message(USER, "\n  <b>x</b> y \n", parse_mode="HTML")
    assert message.text == "x y"
    assert [(e.offset, e.length) for e in message.entities] == [(0, 1)]


# ---- keyboards ------------------------------------------------------------------------------


async def test_keyboard_limits(bot: Bot, server: FakeBotApi) -> None:
    full = [[(f"b{r}{c}", f"d{r}.{c}") for c in range(5)] for r in range(20)]  # 100 buttons
    await bot.send_message(USER, "100 buttons", reply_markup=keyboard(*full))
    too_many = [*full, [("one more", "x")]]
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "101 buttons", reply_markup=keyboard(*too_many))
    assert last_error(server) == "Bad Request: reply markup is too long"
    with pytest.raises(BadRequest):
        await bot.send_message(
            USER, "9 in a row", reply_markup=keyboard([(str(i), str(i)) for i in range(9)])
        )
    assert last_error(server) == "Bad Request: reply markup is too long"
    await bot.send_message(
        USER, "8 in a row", reply_markup=keyboard([(str(i), str(i)) for i in range(8)])
    )
    assert len(server.messages(USER)) == 2


async def test_callback_data_is_limited_to_64_bytes(bot: Bot, server: FakeBotApi) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard([("a", "决" * 21)]))  # 63 bytes
    await bot.send_message(USER, "ok", reply_markup=keyboard([("a", "x" * 64)]))
    for data in ["决" * 22, "x" * 65]:  # 66 and 65 bytes
        with pytest.raises(BadRequest):
            await bot.send_message(USER, "too long", reply_markup=keyboard([("a", data)]))
        assert last_error(server) == "Bad Request: BUTTON_DATA_INVALID"
    assert len(server.messages(USER)) == 2


async def test_text_only_inline_button_is_refused(
    server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    markup = {"inline_keyboard": [[{"text": "no action"}]]}
    status, body = await call(
        http, server, "sendMessage", chat_id=USER, text="x", reply_markup=markup
    )
    assert status == 400
    assert body["description"] == (
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard"
    )


# ---- edits and deletes ----------------------------------------------------------------------


async def test_edits_apply_and_unchanged_edits_are_refused(bot: Bot, server: FakeBotApi) -> None:
    markup = keyboard([("More", "more:1")])
    sent = await bot.send_message(USER, "<b>R1</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest):
        await bot.edit_message_text(
            "<b>R1</b>", USER, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    assert last_error(server) == NOT_MODIFIED
    with pytest.raises(BadRequest):
        await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=markup)
    assert last_error(server) == NOT_MODIFIED

    edited = await bot.edit_message_text(
        "<b>R1</b> (1/2)", USER, sent.message_id, parse_mode="HTML", reply_markup=markup
    )
    assert not isinstance(edited, bool)
    assert edited.text == "R1 (1/2)"
    assert edited.edit_date is not None
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=keyboard([("x", "y")]))
    # an edit without reply_markup removes the keyboard, as on Telegram
    await bot.edit_message_text("plain", USER, sent.message_id)

    [now] = server.messages(USER)
    assert (now.text, now.source, now.parse_mode, now.reply_markup, now.edits) == (
        "plain",
        "plain",
        None,
        None,
        3,
    )
    [original] = server.sent(USER)
    assert original.text == "R1"
    assert original.callback_data == ["more:1"]


async def test_edit_of_unknown_or_user_message_is_refused(bot: Bot, server: FakeBotApi) -> None:
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", USER, 999)
    assert last_error(server) == "Bad Request: message to edit not found"
    incoming = server.send_message(USER, "hello")
    assert incoming.message_id is not None
    with pytest.raises(BadRequest):
        await bot.edit_message_text("x", USER, incoming.message_id)
    assert last_error(server) == "Bad Request: message can't be edited"


async def test_delete_flags_the_message(bot: Bot, server: FakeBotApi) -> None:
    sent = await bot.send_message(USER, "temporary")
    assert await bot.delete_message(USER, sent.message_id) is True
    [message] = server.messages(USER)
    assert message.deleted
    with pytest.raises(BadRequest):
        await bot.delete_message(USER, sent.message_id)
    assert last_error(server) == "Bad Request: message to delete not found"
    with pytest.raises(BadRequest):
        await bot.edit_message_text("again", USER, sent.message_id)
    assert last_error(server) == "Bad Request: message to edit not found"


async def test_reply_to_a_missing_message_is_refused(bot: Bot, server: FakeBotApi) -> None:
    incoming = server.send_message(USER, "question")
    assert incoming.message_id is not None
    reply = await bot.send_message(
        USER, "answer", reply_parameters=ReplyParameters(incoming.message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "question"
    with pytest.raises(BadRequest):
        await bot.send_message(USER, "answer", reply_parameters=ReplyParameters(999))
    assert last_error(server) == "Bad Request: message to be replied not found"


# ---- chats ------------------------------------------------------------------------------------


async def test_unknown_chat_and_unstarted_user(bot: Bot, server: FakeBotApi) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(999, "hello")
    assert last_error(server) == "Bad Request: chat not found"
    server.add_user(7, "Never wrote")
    with pytest.raises(Forbidden, match="initiate conversation"):
        await bot.send_message(7, "hello")
    server.send_message(7, "/start")
    await bot.send_message(7, "welcome")
    assert [m.text for m in server.messages(7)] == ["welcome"]


async def test_message_ids_dates_and_sender(bot: Bot, server: FakeBotApi) -> None:
    before = time.time()
    server.send_message(USER, "/start")  # message 1 in the user's chat
    first = await bot.send_message(USER, "a")
    second = await bot.send_message(USER, "b")
    other = await bot.send_message(OTHER_USER, "c")
    assert (first.message_id, second.message_id, other.message_id) == (2, 3, 1)
    assert before - 1 <= first.date.timestamp() <= time.time() + 1
    assert first.from_user is not None and first.from_user.is_bot
    assert first.from_user.username == server.bot_username


async def test_group_chat_round_trip(bot: Bot, server: FakeBotApi) -> None:
    server.add_group(GROUP, "CSTD delegates")
    update = server.send_message(USER, "/search@delegate_test_bot 数字鸿沟", chat_id=GROUP)
    [received] = await bot.get_updates()
    assert received.update_id == update.update_id
    assert received.message is not None
    assert received.message.chat.type == "supergroup"
    assert received.message.chat.title == "CSTD delegates"
    assert received.message.entities[0].type == "bot_command"
    assert received.message.entities[0].length == len("/search@delegate_test_bot")
    await bot.send_message(GROUP, "result")
    chat = await bot.get_chat(GROUP)
    assert chat.title == "CSTD delegates"
    assert [m.text for m in server.messages(GROUP)] == ["result"]


async def test_chat_action(bot: Bot, server: FakeBotApi, http: aiohttp.ClientSession) -> None:
    assert await bot.send_chat_action(USER, "typing") is True
    status, body = await call(http, server, "sendChatAction", chat_id=USER, action="dancing")
    assert (status, body["description"]) == (400, "Bad Request: wrong parameter action in request")


# ---- callback and inline queries ------------------------------------------------------------


async def test_callback_query_answers(bot: Bot, server: FakeBotApi) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard([("R1", "r:R1")]))
    [message] = server.messages(USER)
    press = server.press_button(USER, message, "r:R1")
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "r:R1"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == sent.message_id
    query_id = update.callback_query.id
    assert query_id == press.callback_query_id

    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, "x" * 201)
    assert last_error(server) == "Bad Request: MESSAGE_TOO_LONG"
    assert await bot.answer_callback_query(query_id, "Shown R1") is True
    assert server.callback_answers[query_id].text == "Shown R1"
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id)
    assert last_error(server) == QUERY_TOO_OLD
    with pytest.raises(BadRequest):
        await bot.answer_callback_query("no-such-query")
    assert last_error(server) == QUERY_TOO_OLD
    with pytest.raises(ValueError, match="no button"):
        server.press_button(USER, message, "r:R2")


async def test_inline_query_answers(bot: Bot, server: FakeBotApi) -> None:
    query = server.inline_query(USER, "数字")
    assert query.inline_query_id is not None

    def results(count: int) -> list[InlineQueryResultArticle]:
        return [
            InlineQueryResultArticle(
                str(i), f"R{i}", InputTextMessageContent(f"<b>R{i}</b>", "HTML")
            )
            for i in range(count)
        ]

    with pytest.raises(BadRequest):
        await bot.answer_inline_query(query.inline_query_id, results(51))
    assert last_error(server) == "Bad Request: RESULTS_TOO_MUCH"
    bad_html = [InlineQueryResultArticle("1", "t", InputTextMessageContent("<x>", "HTML"))]
    with pytest.raises(BadRequest):
        await bot.answer_inline_query(query.inline_query_id, bad_html)
    assert last_error(server).startswith("Bad Request: can't parse entities: ")
    assert await bot.answer_inline_query(query.inline_query_id, results(50), next_offset="50")
    answer = server.inline_answers[query.inline_query_id]
    assert (len(answer.results), answer.query, answer.next_offset) == (50, "数字", "50")
    with pytest.raises(BadRequest):
        await bot.answer_inline_query(query.inline_query_id, results(1))
    assert last_error(server) == QUERY_TOO_OLD


# ---- commands ---------------------------------------------------------------------------------


async def test_commands_are_stored_per_scope_and_language(bot: Bot, server: FakeBotApi) -> None:
    english = [BotCommand("start", "Start"), BotCommand("search", "Search the report")]
    chinese = [BotCommand("start", "开始")]
    assert await bot.set_my_commands(english)
    assert await bot.set_my_commands(chinese, language_code="zh")
    assert await bot.set_my_commands(chinese, scope=BotCommandScopeAllPrivateChats())
    assert [c.command for c in await bot.get_my_commands()] == ["start", "search"]
    assert [c.description for c in await bot.get_my_commands(language_code="zh")] == ["开始"]
    assert server.commands_for("all_private_chats") == [
        {"command": "start", "description": "开始"}
    ]
    assert set(server.commands) == {("default", ""), ("default", "zh"), ("all_private_chats", "")}
    assert await bot.delete_my_commands(language_code="zh")
    assert await bot.get_my_commands(language_code="zh") == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("x", "y")], scope=BotCommandScopeChat(999))
    assert last_error(server) == "Bad Request: chat not found"


async def test_a_chat_scope_needs_a_chat_the_bot_can_see(bot: Bot, server: FakeBotApi) -> None:
    """As on Telegram: a private chat is "not found" until its user has written to the bot."""
    server.add_user(4242, "Ana")
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("notice", "x")], scope=BotCommandScopeChat(4242))
    assert last_error(server) == "Bad Request: chat not found"
    server.send_message(4242, "/start")
    assert await bot.set_my_commands([BotCommand("notice", "x")], scope=BotCommandScopeChat(4242))
    assert server.commands_for("chat:4242") == [{"command": "notice", "description": "x"}]


async def test_the_menu_a_user_sees_follows_telegrams_scope_order(
    bot: Bot, server: FakeBotApi
) -> None:
    server.add_user(4242, "Ana", language_code="zh-hans", started=True)
    server.add_user(4343, "Ben", language_code="en", started=True)
    assert server.menu_for(4242) == []
    await bot.set_my_commands([BotCommand("start", "Start")])
    assert [c["command"] for c in server.menu_for(4242)] == ["start"]
    await bot.set_my_commands([BotCommand("help", "帮助")], language_code="zh")
    assert [c["command"] for c in server.menu_for(4242)] == ["help"]  # language first
    await bot.set_my_commands(
        [BotCommand("agenda", "Agenda")], scope=BotCommandScopeAllPrivateChats()
    )
    assert [c["command"] for c in server.menu_for(4242)] == ["agenda"]  # narrower scope wins
    await bot.set_my_commands([BotCommand("notice", "Notice")], scope=BotCommandScopeChat(4343))
    assert [c["command"] for c in server.menu_for(4343)] == ["notice"]
    assert [c["command"] for c in server.menu_for(4242)] == ["agenda"]  # only that chat
    await bot.delete_my_commands(scope=BotCommandScopeChat(4343))
    assert [c["command"] for c in server.menu_for(4343)] == ["agenda"]


@pytest.mark.parametrize(
    ("commands", "language", "description"),
    [
        ([{"command": "Start", "description": "x"}], "", "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "a" * 33, "description": "x"}], "", "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "", "description": "x"}], "", "Bad Request: BOT_COMMAND_INVALID"),
        (
            [{"command": "start", "description": ""}],
            "",
            "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
        ),
        (
            [{"command": "start", "description": "d" * 257}],
            "",
            "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
        ),
        (
            [{"command": f"c{i}", "description": "x"} for i in range(101)],
            "",
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        ),
        (
            [{"command": "start", "description": "x"}],
            "zh-hans",
            "Bad Request: invalid language code specified",
        ),
    ],
)
async def test_invalid_commands_are_refused(
    server: FakeBotApi,
    http: aiohttp.ClientSession,
    commands: list[dict[str, str]],
    language: str,
    description: str,
) -> None:
    params: dict[str, Any] = {"commands": commands}
    if language:
        params["language_code"] = language
    status, body = await call(http, server, "setMyCommands", **params)
    assert (status, body["description"]) == (400, description)
    assert server.commands == {}


async def test_valid_command_edge_cases_are_accepted(
    server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    commands = [{"command": "a" * 32, "description": "d" * 256}] + [
        {"command": f"c_{i}", "description": "x"} for i in range(99)
    ]
    status, _ = await call(http, server, "setMyCommands", commands=commands, language_code="en")
    assert status == 200
    assert len(server.commands_for(language_code="en")) == 100


# ---- files ------------------------------------------------------------------------------------


async def test_document_round_trip(bot: Bot, server: FakeBotApi) -> None:
    content = "议程项目 3\n".encode() * 1000
    update = server.send_document(USER, "kb.yaml", content, "application/x-yaml")
    [received] = await bot.get_updates()
    assert received.message is not None and received.message.document is not None
    document = received.message.document
    assert (document.file_name, document.file_size) == ("kb.yaml", len(content))
    assert document.file_id == update.file_id
    telegram_file = await bot.get_file(document.file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == content


async def test_bot_upload_keeps_bytes_and_name(bot: Bot, server: FakeBotApi) -> None:
    payload = b"id,title\nR1,Science\n"
    sent = await bot.send_document(
        USER, payload, filename="export.csv", caption="<b>Export</b>", parse_mode="HTML"
    )
    assert sent.document is not None and sent.caption == "Export"
    [document] = server.documents(USER)
    assert (document.file_name, document.content, document.caption) == (
        "export.csv",
        payload,
        "Export",
    )
    assert server.messages(USER)[0].document == document
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == payload


async def test_get_file_over_20_mb_is_refused(bot: Bot, server: FakeBotApi) -> None:
    big = server.send_document(
        USER, "big.pdf", b"%PDF", "application/pdf", file_size=20 * 2**20 + 1
    )
    small = server.send_document(USER, "ok.pdf", b"%PDF", "application/pdf", file_size=20 * 2**20)
    assert big.file_id is not None and small.file_id is not None
    with pytest.raises(BadRequest):
        await bot.get_file(big.file_id)
    assert last_error(server) == "Bad Request: file is too big"
    assert (await bot.get_file(small.file_id)).file_size == 20 * 2**20


# ---- updates: long polling, offsets, webhook ------------------------------------------------


async def test_long_poll_returns_an_update_sent_during_the_wait(
    bot: Bot, server: FakeBotApi
) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    update = server.send_message(USER, "during the wait")
    [received] = await asyncio.wait_for(poll, 2)
    assert received.update_id == update.update_id
    assert received.message is not None and received.message.text == "during the wait"
    assert time.monotonic() - started < 2


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 3


async def test_offsets_limit_and_allowed_updates(bot: Bot, server: FakeBotApi) -> None:
    ids = [server.send_message(USER, f"m{i}").update_id for i in range(5)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates()] == ids  # nothing confirmed yet
    assert [u.update_id for u in await bot.get_updates(offset=ids[3])] == ids[3:]
    assert [u.update_id for u in await bot.get_updates()] == ids[3:]  # confirmed ones dropped
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[4:]
    assert await bot.get_updates(offset=ids[4] + 1) == ()

    assert await bot.get_updates(allowed_updates=["callback_query"]) == ()
    server.send_message(USER, "filtered out")
    assert await bot.get_updates() == ()
    await bot.get_updates(allowed_updates=[])  # back to the default set
    kept = server.send_message(USER, "kept")
    assert [u.update_id for u in await bot.get_updates()] == [kept.update_id]


async def test_a_second_poller_terminates_the_first(
    bot: Bot, server: FakeBotApi, http: aiohttp.ClientSession
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(call(http, server, "getUpdates", timeout=5))
    with pytest.raises(Conflict):
        await asyncio.wait_for(first, 2)
    assert server.refused[-1].description == CONFLICT_POLLING
    assert server.refused[-1].kind == "conflict"
    update = server.send_message(USER, "to the second")
    status, body = await asyncio.wait_for(second, 2)
    assert status == 200
    assert [u["update_id"] for u in body["result"]] == [update.update_id]


async def test_webhook_excludes_polling(bot: Bot, server: FakeBotApi) -> None:
    assert await bot.set_webhook("http://127.0.0.1:1/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "http://127.0.0.1:1/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert last_error(server) == CONFLICT_WEBHOOK
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_post_update_to_a_webhook(bot: Bot, server: FakeBotApi) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        update = server.send_message(USER, "via webhook")
        assert await server.post_update_to() == [200]
        assert received == [("s3cret", update.update)]
        assert server.pending_updates == []
        with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
            await server.post_update_to("http://192.0.2.1/hook")
    finally:
        await runner.cleanup()


# ---- fault injection --------------------------------------------------------------------------


async def test_429_surfaces_as_retry_after(bot: Bot, server: FakeBotApi) -> None:
    server.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "x")
    assert retry_seconds(caught.value) == 7
    assert server.refused[-1].description == "Too Many Requests: retry after 7"
    assert server.errors == []  # injected faults are not the bot's errors
    await bot.send_message(USER, "x")  # the fault is used up


async def test_blocked_chats_are_forbidden(bot: Bot, server: FakeBotApi) -> None:
    server.block_chat(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "x")
    server.block_chat(OTHER_USER, "user is deactivated")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(OTHER_USER, "x")
    assert [r.description for r in server.refused] == [
        "Forbidden: bot was blocked by the user",
        "Forbidden: user is deactivated",
    ]
    server.unblock_chat(USER)
    await bot.send_message(USER, "back")


async def test_block_bot_sends_my_chat_member_then_forbids(bot: Bot, server: FakeBotApi) -> None:
    server.block_bot(USER)
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    assert update.my_chat_member.old_chat_member.status == "member"
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "still there?")


@pytest.mark.parametrize(
    ("status", "text"), [(500, "Internal Server Error"), (502, "Bad Gateway")]
)
async def test_server_errors_surface_as_network_errors(
    bot: Bot, server: FakeBotApi, status: int, text: str
) -> None:
    server.fail_next(None, status, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match=text):
            await bot.get_me()
    await bot.get_me()


async def test_dropped_connection_surfaces_as_network_error(bot: Bot, server: FakeBotApi) -> None:
    server.fail_next("sendMessage", "drop")
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(USER, "lost")
    assert isinstance(caught.value, NetworkError | TimedOut)
    assert server.messages(USER) == []
    await bot.send_message(USER, "delivered")
    assert [m.text for m in server.messages(USER)] == ["delivered"]


async def test_per_chat_faults(bot: Bot, server: FakeBotApi) -> None:
    server.fail_next("sendMessage", 429, count=2, retry_after=3, chat_id=USER)
    await bot.send_message(OTHER_USER, "unaffected")
    for _ in range(2):
        with pytest.raises(RetryAfter):
            await bot.send_message(USER, "x")
    await bot.send_message(USER, "third time")
    assert [m.text for m in server.messages(USER)] == ["third time"]
    assert [m.text for m in server.messages(OTHER_USER)] == ["unaffected"]


async def test_latency_is_applied_concurrently(bot: Bot, server: FakeBotApi) -> None:
    # ten calls of 0.3 s each: one after the other they would take 3 s; at once, about 0.3 s
    # (the bound leaves a busy machine five times the time it needs)
    server.latency = 0.3
    started = time.monotonic()
    await asyncio.gather(*(bot.get_me() for _ in range(10)))
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.5


async def test_rate_limit_enforcer(bot: Bot, server: FakeBotApi) -> None:
    server.enforce_rate_limits(per_chat_per_second=1, global_per_second=3)
    await bot.send_message(USER, "first")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "second, too soon")
    assert retry_seconds(caught.value) == 1
    await bot.send_message(OTHER_USER, "another chat")
    server.add_user(44, "Cai", started=True)
    await bot.send_message(44, "third send overall")
    server.add_user(45, "Dee", started=True)
    with pytest.raises(RetryAfter):
        await bot.send_message(45, "fourth send within a second")
    assert server.rate_limit_violations == 2
    assert server.errors == []
    await asyncio.sleep(1.05)
    await bot.send_message(USER, "after a second")


async def test_paid_broadcasts_are_recorded_and_have_their_own_overall_limit(
    bot: Bot, server: FakeBotApi
) -> None:
    server.enforce_rate_limits(global_per_second=2, paid_per_second=5)
    chats = range(60, 68)
    for chat in chats:
        server.add_user(chat, f"Delegate {chat}", started=True)
    await bot.send_message(chats[0], "free 1")
    await bot.send_message(chats[1], "free 2")
    with pytest.raises(RetryAfter):
        await bot.send_message(chats[2], "free 3: beyond the free limit")
    for chat in chats[2:7]:  # the paid limit is separate, and higher
        await bot.send_message(chat, "paid", allow_paid_broadcast=True)
    with pytest.raises(RetryAfter):
        await bot.send_message(chats[7], "paid 6: over the paid limit", allow_paid_broadcast=True)
    assert [m.paid_broadcast for m in server.sent(chats[0]) + server.sent(chats[2])] == [
        False,
        True,
    ]
    assert server.paid_messages == 5
    assert server.stats()["paid_messages"] == 5
    assert server.rate_limit_violations == 2
    assert server.errors == []


# ---- recording and waiting ------------------------------------------------------------------


async def test_requests_are_recorded(bot: Bot, server: FakeBotApi) -> None:
    await bot.send_message(USER, "hello")
    [record] = server.calls("sendMessage")
    assert (record.method, record.chat_id, record.params["text"]) == ("sendMessage", USER, "hello")
    assert record.time <= time.monotonic()
    assert server.stats()["requests"]["sendMessage"] == 1


async def test_wait_for_messages_and_timeout(bot: Bot, server: FakeBotApi) -> None:
    async def reply_later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(USER, "one")
        await bot.send_message(USER, "two")

    task = asyncio.create_task(reply_later())
    messages = await server.wait_for_messages(USER, 2, timeout=3)
    await task
    assert [m.text for m in messages] == ["one", "two"]
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await server.wait_for(lambda: server.messages(OTHER_USER), timeout=0.2)
    assert time.monotonic() - started < 1


# ---- a whole Application --------------------------------------------------------------------


async def test_application_polls_replies_and_shuts_down_cleanly(server: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            "<b>Welcome</b>", reply_markup=keyboard([("Agenda", "agenda")])
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Opening")
        await update.callback_query.edit_message_text("Agenda")

    app = (
        Application.builder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        server.send_message(OTHER_USER, "/start")
        [welcome] = await server.wait_for_messages(OTHER_USER, 1)
        assert (welcome.text, welcome.entities[0]["type"]) == ("Welcome", "bold")
        press = server.press_button(OTHER_USER, welcome, "agenda")
        await server.wait_for(lambda: server.messages(OTHER_USER)[0].text == "Agenda")
        assert press.callback_query_id is not None
        await server.wait_for(lambda: press.callback_query_id in server.callback_answers)
        await app.updater.stop()
        await app.stop()
    assert server.callback_answers[press.callback_query_id].text == "Opening"
    assert server.refused == []


# ---- standalone -------------------------------------------------------------------------------


async def test_runs_standalone_with_a_control_api(http: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.fake_bot_api",
        "--port",
        "0",
        "--token",
        "777:STANDALONE",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        assert line.startswith("base_url=http://127.0.0.1:")
        base_url = line.removeprefix("base_url=")
        root = base_url.removesuffix("/bot")
        async with http.post(f"{base_url}777:STANDALONE/getMe") as response:
            assert (await response.json())["result"]["id"] == 777
        async with http.post(f"{root}/fake/add_user", json={"user_id": 5, "first_name": "E"}):
            pass
        async with http.post(f"{root}/fake/send_message", json={"user_id": 5, "text": "hi"}) as r:
            assert (await r.json())["result"]["chat_id"] == 5
        async with http.post(f"{base_url}777:STANDALONE/getUpdates") as response:
            [update] = (await response.json())["result"]
            assert update["message"]["text"] == "hi"
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


# ---- hooks for benchmarks and fault scenarios -------------------------------------------------


class _Recording(FakeBotApi):
    """Notes every accepted message, and refuses sends to one chat from ``before_send``."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[tuple[int, str | None]] = []
        self.refuse_chat: int | None = None

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        self.accepted.append((chat.id, message.text))

    def before_send(self, method: str, chat_id: int, params: dict[str, Any]) -> None:
        if chat_id == self.refuse_chat:
            raise ApiError(503, "Service Unavailable", kind="injected")
        super().before_send(method, chat_id, params)


async def test_hooks_see_accepted_messages_and_may_refuse_a_send() -> None:
    async with _Recording() as server:
        server.add_user(USER, "Ana", started=True)
        server.add_user(OTHER_USER, "Ben", started=True)
        async with Bot(server.token, base_url=server.base_url) as client:
            await client.send_message(USER, "<b>one</b>", parse_mode="HTML")
            server.refuse_chat = OTHER_USER
            with pytest.raises(NetworkError):
                await client.send_message(OTHER_USER, "two")
        assert server.accepted == [(USER, "one")]
        assert [(r.status, r.kind) for r in server.refused] == [(503, "injected")]
        assert server.sent(OTHER_USER) == []


async def test_a_user_marked_as_never_started_cannot_be_written_to(
    bot: Bot, server: FakeBotApi
) -> None:
    assert server.has_user(USER) and not server.has_user(999)
    await bot.send_message(USER, "before")
    server.mark_not_started(USER)
    with pytest.raises(Forbidden, match="initiate conversation"):
        await bot.send_message(USER, "after")
    server.send_message(USER, "/start")  # writing to the bot opens the chat again
    await bot.send_message(USER, "again")
    assert [m.text for m in server.sent(USER)] == ["before", "again"]
