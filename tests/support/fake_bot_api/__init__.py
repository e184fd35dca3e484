"""A strict fake Telegram Bot API server over real HTTP on 127.0.0.1.

The bot under test talks to it exactly as it talks to Telegram::

    async with FakeBotApi() as server:
        app = (
            Application.builder()
            .token(server.token)
            .base_url(server.base_url)
            .base_file_url(server.base_file_url)
            .build()
        )
        server.add_user(42, first_name="Ana")
        server.send_message(42, "/start")
        ...
        replies = await server.wait_for_messages(42, 1)

What it does, in four parts:

* **Bot API methods** the bot uses (``getMe``, ``getUpdates`` long polling, ``sendMessage``,
  edits, deletes, callback and inline answers, commands, webhook settings, ``getFile`` with
  downloads, ``sendDocument`` uploads, ``getChat``, ``sendChatAction``, ``close``, ``logOut``).
  Requests are read the way Telegram reads them: form-urlencoded, multipart or JSON bodies, or a
  query string; form values that are objects (``reply_markup``, ``commands`` …) are JSON text.
* **Strictness**: what Telegram refuses is refused here with Telegram's status code and
  description (see ``ApiError`` call sites): HTML/MarkdownV2 parsing, text and caption length
  counted on the text after parsing (``len()`` of the decoded text, i.e. code points; entity
  offsets are reported in UTF-16 code units as Telegram does), keyboard limits, 64-byte callback
  data, unchanged edits, unknown chats, messages and queries, command rules, file sizes, and the
  polling/webhook conflict.
* **Fault injection**: blocked chats (403), programmed failures (429 with ``retry_after``, 5xx,
  dropped connections) per method and chat, added latency, and an optional flood-limit enforcer
  (paid broadcasts — ``allow_paid_broadcast`` — have their own, higher overall limit).
* **Playing the user and reading the result**: ``add_user``, ``send_message``, ``press_button``
  … enqueue updates; ``messages``, ``sent``, ``documents``, ``errors`` … show what the bot did.

Refused requests are kept in ``refused``; the subset a correct bot never causes (malformed or
invalid requests: 400, 401, 404, 409 and 413) is ``errors``, which a test asserts is empty.

Run it alone for manual use and benchmarks::

    python -m tests.support.fake_bot_api --port 9000 --token 123456:TEST

Besides the Bot API it then answers ``POST /fake/<action>`` with a JSON object of keyword
arguments (``add_user``, ``send_message``, ``press_button``, ``block_bot`` …, see
``_CONTROL_ACTIONS``) and ``GET /fake/stats``, so a benchmark in another process can play users.
"""

from __future__ import annotations

from tests.support.fake_bot_api.formatting import EntityParseError, parse_html, parse_markdown_v2
from tests.support.fake_bot_api.server import FakeBotApi
from tests.support.fake_bot_api.values import (
    CONFLICT_POLLING,
    CONFLICT_WEBHOOK,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    BotMessage,
    CallbackAnswer,
    Chat,
    InlineAnswer,
    RefusedRequest,
    RequestRecord,
    SentDocument,
    UserUpdate,
)

__all__ = [
    "CONFLICT_POLLING",
    "CONFLICT_WEBHOOK",
    "NOT_MODIFIED",
    "QUERY_TOO_OLD",
    "ApiError",
    "BotMessage",
    "CallbackAnswer",
    "Chat",
    "EntityParseError",
    "FakeBotApi",
    "InlineAnswer",
    "RefusedRequest",
    "RequestRecord",
    "SentDocument",
    "UserUpdate",
    "parse_html",
    "parse_markdown_v2",
]
