"""The server: the Bot API methods, fault injection, playing the user and reading the result.

See the package's docstring for what it does; ``FakeBotApi`` is the one class a test uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import math
import mimetypes
import re
import socket
import time
from collections import Counter, deque
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from tests.support.fake_bot_api.formatting import utf16_len
from tests.support.fake_bot_api.params import (
    chat_id_of,
    format_text,
    inline_markup_only,
    is_loopback,
    param_bool,
    param_float,
    param_int,
    param_json,
    param_str,
    recordable,
    scope_key,
    validate_reply_markup,
)
from tests.support.fake_bot_api.values import (
    CONFLICT_POLLING,
    CONFLICT_WEBHOOK,
    DEFAULT_TOKEN,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CAPTION_LENGTH,
    MAX_COMMANDS,
    MAX_DOWNLOAD_BYTES,
    MAX_INLINE_OFFSET_BYTES,
    MAX_INLINE_QUERY_LENGTH,
    MAX_INLINE_RESULTS,
    MAX_TEXT_LENGTH,
    MAX_UPLOAD_BYTES,
    NOT_MODIFIED,
    QUERY_ANSWER_SECONDS,
    QUERY_TOO_OLD,
    ApiError,
    BotMessage,
    Bucket,
    CallbackAnswer,
    Chat,
    Fault,
    InlineAnswer,
    JSONDict,
    PendingQuery,
    Poller,
    RateLimits,
    RefusedRequest,
    RequestRecord,
    SentDocument,
    StoredFile,
    Upload,
    UserUpdate,
    bad_request,
)

T = TypeVar("T")

# Updates a bot gets when it never chose (or chose an empty list of) allowed_updates.
_DEFAULT_EXCLUDED_UPDATES = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_SEND_METHODS = frozenset({"sendMessage", "sendDocument"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")
_SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_USER_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_USER_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{4,31}(?!\w)")

_Handler = Callable[["FakeBotApi", JSONDict, dict[str, Upload]], Any]


class FakeBotApi:
    """A Telegram Bot API look-alike on ``127.0.0.1``; see the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        port: int = 0,
        bot_username: str = "delegate_test_bot",
        bot_first_name: str = "Delegate Test Bot",
        latency: float = 0.0,
        record_requests: bool = True,
    ) -> None:
        self.token = token
        self.latency = latency
        self.record_requests = record_requests
        self._requested_port = port
        bot_id_text = token.partition(":")[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id_text) if bot_id_text.isdigit() else 123456789,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False

        self._users: dict[int, JSONDict] = {}
        self._chats: dict[int, Chat] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_counter = 0

        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 1000
        self._allowed_updates: frozenset[str] | None = None
        self._poller: Poller | None = None
        self._webhook: JSONDict | None = None

        self._callback_queries: dict[str, PendingQuery] = {}
        self._inline_queries: dict[str, PendingQuery] = {}
        self._query_counter = 0
        self._command_lists: dict[tuple[str, str], list[JSONDict]] = {}

        self._faults: list[Fault] = []
        self._rate_limits: RateLimits | None = None

        self.requests: list[RequestRecord] = []
        self.refused: list[RefusedRequest] = []
        self.errors: list[RefusedRequest] = []
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.inline_answers: dict[str, InlineAnswer] = {}
        self.rate_limit_violations = 0
        self.paid_messages = 0  # accepted sends with allow_paid_broadcast
        self.method_counts: Counter[str] = Counter()
        self._changed: asyncio.Event | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        app.router.add_get("/fake/stats", self._handle_stats)
        app.router.add_post("/fake/{action}", self._handle_control)
        # handler_cancellation ends an abandoned long poll as soon as its client goes away
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._requested_port))
        self._port = sock.getsockname()[1]
        await web.SockSite(runner, sock, backlog=1024).start()
        self._runner = runner
        self._closing = False

    async def stop(self) -> None:
        self._closing = True
        if self._poller is not None:
            self._poller.wake.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the server is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url``: the token and method are appended to it."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def bot_username(self) -> str:
        return str(self.bot_user["username"])

    async def another_base_url(self) -> str:
        """The same server on another port of 127.0.0.1, as a ``base_url``: a test gives it
        to one of several bot processes and tells that one's calls by ``request.url.port``."""
        if self._runner is None:
            raise RuntimeError("the server is not started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, backlog=1024).start()
        return f"http://127.0.0.1:{port}/bot"

    # ---- fault injection -------------------------------------------------------------------

    def block_chat(self, chat_id: int, reason: str = "bot was blocked by the user") -> None:
        """From now on sends to ``chat_id`` get ``403 Forbidden: <reason>``."""
        self._known_chat(chat_id).blocked_reason = reason

    def unblock_chat(self, chat_id: int) -> None:
        self._known_chat(chat_id).blocked_reason = None

    def fail_next(
        self,
        method: str | None,
        status: int | Literal["drop"],
        count: int = 1,
        retry_after: int | None = None,
        *,
        chat_id: int | None = None,
        description: str | None = None,
    ) -> None:
        """Refuse the next ``count`` calls of ``method`` (None: any) to ``chat_id`` (None: any).

        ``status`` 429 answers ``Too Many Requests: retry after N`` with
        ``parameters.retry_after`` (``retry_after`` defaults to 1); 5xx answers the status
        phrase; ``"drop"`` closes the connection without any response.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(
            Fault(
                method.lower() if method else None,
                status,
                count,
                retry_after,
                chat_id,
                description,
            )
        )

    def enforce_rate_limits(
        self,
        per_chat_per_second: float = 1.0,
        global_per_second: float = 30.0,
        *,
        per_chat_burst: int = 1,
        per_group_per_minute: int = 20,
        paid_per_second: float = 1000.0,
    ) -> None:
        """Answer sends beyond Telegram's flood limits with 429 and count the violations.

        Token buckets (as aiolimiter meters them): all sends share ``global_per_second`` with a
        burst of as many — except paid broadcasts (``allow_paid_broadcast``), which share
        ``paid_per_second`` instead; a private chat allows ``per_chat_per_second`` with a burst
        of ``per_chat_burst``; a group ``per_group_per_minute`` per minute, bursting as many.
        """
        now = time.monotonic()
        self._rate_limits = RateLimits(
            per_chat_per_second=per_chat_per_second,
            per_chat_burst=per_chat_burst,
            global_per_second=global_per_second,
            per_group_per_minute=per_group_per_minute,
            global_bucket=Bucket(global_per_second, global_per_second, global_per_second, now),
            paid_bucket=Bucket(paid_per_second, paid_per_second, paid_per_second, now),
        )

    def disable_rate_limits(self) -> None:
        self._rate_limits = None

    # ---- playing the user ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        started: bool = False,
    ) -> JSONDict:
        """Register a user and their private chat (chat id == user id).

        Until the user writes to the bot (``send_message``, ``press_button`` …) or ``started``
        is true, sends to them get ``403 Forbidden: bot can't initiate conversation with a
        user``, as on Telegram.
        """
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        self._users[user_id] = user
        chat = self._chats.get(user_id)
        if chat is None:
            self._chats[user_id] = Chat(
                user_id,
                "private",
                first_name=first_name,
                last_name=last_name,
                username=username,
                started=started,
            )
        else:
            chat.first_name, chat.last_name, chat.username = first_name, last_name, username
            chat.started = chat.started or started
        return dict(user)

    def has_user(self, user_id: int) -> bool:
        return user_id in self._users

    def mark_not_started(self, user_id: int) -> None:
        """From now on the user counts as never having written to the bot: sends to them get
        ``403 Forbidden: bot can't initiate conversation with a user`` until they write."""
        self._known_chat(user_id).started = False

    def add_group(self, chat_id: int, title: str, *, supergroup: bool = True) -> JSONDict:
        """Register a group the bot is a member of (group ids are negative)."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = Chat(chat_id, "supergroup" if supergroup else "group", title=title)
        self._chats[chat_id] = chat
        return chat.as_json()

    def send_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        *,
        reply_to: int | None = None,
    ) -> UserUpdate:
        """The user writes ``text`` in their private chat or in group ``chat_id``.

        ``bot_command`` entities are computed for ``/commands`` and ``mention`` entities for
        ``@usernames``, with UTF-16 offsets, as Telegram computes them.
        """
        user = self._known_user(user_id)
        chat = self._user_chat(user_id, chat_id)
        message = self._new_user_message(user, chat, reply_to)
        message["text"] = text
        entities = self._user_entities(text)
        if entities:
            message["entities"] = entities
        return self._enqueue("message", message, chat_id=chat.id, message_id=message["message_id"])

    def send_document(
        self,
        user_id: int,
        file_name: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        *,
        chat_id: int | None = None,
        caption: str | None = None,
        file_size: int | None = None,
    ) -> UserUpdate:
        """The user sends a document; ``file_size`` may claim more than ``content`` holds
        (to test size checks without allocating it)."""
        user = self._known_user(user_id)
        chat = self._user_chat(user_id, chat_id)
        stored = self._store_file(file_name, mime_type, content, file_size)
        message = self._new_user_message(user, chat, None)
        message["document"] = self._document_json(stored)
        if caption:
            message["caption"] = caption
        return self._enqueue(
            "message",
            message,
            chat_id=chat.id,
            message_id=message["message_id"],
            file_id=stored.file_id,
        )

    def press_button(
        self,
        user_id: int,
        message: int | BotMessage,
        callback_data: str,
        *,
        chat_id: int | None = None,
        check_keyboard: bool = True,
    ) -> UserUpdate:
        """The user presses the button carrying ``callback_data`` under a bot message.

        The message must exist and (unless ``check_keyboard`` is false, e.g. to replay stale
        data) show that button. The answer lands in ``callback_answers[callback_query_id]``.
        """
        user = self._known_user(user_id)
        if isinstance(message, BotMessage):
            chat_id, message_id = message.chat_id, message.message_id
        else:
            message_id = message
        chat = self._known_chat(user_id if chat_id is None else chat_id)
        current = chat.bot_messages.get(message_id)
        if current is None or current.deleted:
            raise ValueError(f"no bot message {message_id} in chat {chat.id}")
        if check_keyboard and callback_data not in current.callback_data:
            raise ValueError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"it has {current.callback_data}"
            )
        if chat.type == "private":
            chat.started = True
        self._query_counter += 1
        query_id = f"{user_id}{self._query_counter:08d}"
        self._callback_queries[query_id] = PendingQuery(user_id, time.monotonic())
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": str(abs(chat.id)),
            "data": callback_data,
            "message": self._message_json(current, chat),
        }
        return self._enqueue(
            "callback_query",
            query,
            chat_id=chat.id,
            message_id=message_id,
            callback_query_id=query_id,
        )

    def inline_query(self, user_id: int, query: str, offset: str = "") -> UserUpdate:
        """The user types ``@bot query``; the answer lands in ``inline_answers[query id]``."""
        user = self._known_user(user_id)
        if len(query) > MAX_INLINE_QUERY_LENGTH:
            raise ValueError("an inline query holds at most 256 characters")
        self._query_counter += 1
        query_id = f"{user_id}{self._query_counter:08d}"
        self._inline_queries[query_id] = PendingQuery(user_id, time.monotonic(), query)
        payload = {
            "id": query_id,
            "from": user,
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        return self._enqueue("inline_query", payload, inline_query_id=query_id)

    def block_bot(self, user_id: int) -> UserUpdate:
        """The user blocks the bot: a ``my_chat_member`` update (kicked), then sends get 403."""
        update = self._member_update(user_id, "member", "kicked")
        self._known_chat(user_id).blocked_reason = "bot was blocked by the user"
        return update

    def unblock_bot(self, user_id: int) -> UserUpdate:
        update = self._member_update(user_id, "kicked", "member")
        self._known_chat(user_id).blocked_reason = None
        return update

    async def post_update_to(
        self, url: str | None = None, secret_token: str | None = None
    ) -> list[int]:
        """Deliver the queued updates to a webhook (default: the one set with setWebhook).

        Each update is POSTed as JSON with ``X-Telegram-Bot-Api-Secret-Token`` when a secret is
        known; an update is dropped from the queue once the webhook answers 2xx. Returns the
        HTTP statuses. Only loopback URLs are accepted.
        """
        if url is None:
            if self._webhook is None:
                raise ValueError("no webhook is set and no url was given")
            url = str(self._webhook["url"])
            secret_token = secret_token or self._webhook.get("secret_token")
        if not is_loopback(url):
            raise ValueError("webhook deliveries go to 127.0.0.1 only")
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        statuses: list[int] = []
        async with aiohttp.ClientSession() as session:
            while self._updates:
                update = self._updates[0]
                async with session.post(url, json=update, headers=headers) as response:
                    await response.read()
                    statuses.append(response.status)
                if not 200 <= response.status < 300:
                    break
                self._updates.popleft()
        return statuses

    # ---- reading what the bot did ----------------------------------------------------------

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in the chat, oldest first, as they are now."""
        chat = self._chats.get(chat_id)
        return list(chat.bot_messages.values()) if chat else []

    def sent(self, chat_id: int) -> list[BotMessage]:
        """The bot's sends to the chat in order, each as it was when sent."""
        chat = self._chats.get(chat_id)
        return list(chat.sends) if chat else []

    def documents(self, chat_id: int) -> list[SentDocument]:
        """The documents the bot sent to the chat, with the uploaded bytes."""
        chat = self._chats.get(chat_id)
        return list(chat.documents) if chat else []

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """Command lists by (scope key, language code); see ``commands_for``."""
        return {key: list(value) for key, value in self._command_lists.items()}

    def commands_for(self, scope: str = "default", language_code: str = "") -> list[JSONDict]:
        """The commands set for a scope key (``default``, ``all_private_chats``,
        ``chat:<id>`` …) and language ("" for all languages)."""
        return list(self._command_lists.get((scope, language_code), []))

    def reset_commands(self) -> None:
        """Forget every command list (to see what a bot sets again when it starts)."""
        self._command_lists.clear()

    def menu_for(self, user_id: int) -> list[JSONDict]:
        """The command menu the user sees in their private chat, resolved as Telegram does:
        the chat's own scope, then all private chats, then the default; within each, the
        user's language (its first two letters) before the list for every language."""
        user = self._known_user(user_id)
        language = str(user.get("language_code") or "").split("-")[0].lower()
        for scope in (f"chat:{user_id}", "all_private_chats", "default"):
            for code in (language, "") if language else ("",):
                commands = self._command_lists.get((scope, code))
                if commands:
                    return list(commands)
        return []

    @property
    def webhook(self) -> JSONDict | None:
        return dict(self._webhook) if self._webhook else None

    @property
    def pending_updates(self) -> list[JSONDict]:
        return list(self._updates)

    def calls(self, method: str) -> list[RequestRecord]:
        """Accepted calls of one method (a scan: for tests, not for the request path)."""
        return [record for record in self.requests if record.method == method]

    def stats(self) -> JSONDict:
        return {
            "requests": dict(self.method_counts),
            "refused": len(self.refused),
            "errors": [f"{e.method}: {e.description}" for e in self.errors],
            "rate_limit_violations": self.rate_limit_violations,
            "paid_messages": self.paid_messages,
            "pending_updates": len(self._updates),
        }

    # The waits take a timeout (ASYNC109) because a wait that fails is a test's failure: it
    # says what it waited for, which an outer asyncio.timeout() could not.
    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Wait until ``predicate()`` is truthy and return its value.

        The predicate is re-checked whenever the server's state changes (a call accepted or
        refused, an update queued), never in a busy loop; TimeoutError after ``timeout``,
        naming the last refusals.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"{e.method}: {e.description}" for e in self.refused[-5:]]
                raise TimeoutError(
                    f"condition not met within {timeout} s; last refusals: {recent}"
                )
            if self._changed is None:
                self._changed = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        """Wait until the bot has sent at least ``count`` messages to the chat; return
        ``messages(chat_id)``."""
        chat_sends = lambda: len(self.sent(chat_id)) >= count  # noqa: E731
        await self.wait_for(chat_sends, timeout)
        return self.messages(chat_id)

    # ---- helpers for playing the user ------------------------------------------------------

    def _known_user(self, user_id: int) -> JSONDict:
        user = self._users.get(user_id)
        if user is None:
            raise ValueError(f"unknown user {user_id}: call add_user first")
        return user

    def _known_chat(self, chat_id: int) -> Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}: call add_user or add_group first")
        return chat

    def _user_chat(self, user_id: int, chat_id: int | None) -> Chat:
        chat = self._known_chat(user_id if chat_id is None else chat_id)
        if chat.type == "private":
            if chat.id != user_id:
                raise ValueError("a user writes only in their own private chat")
            chat.started = True
        return chat

    def _new_user_message(self, user: JSONDict, chat: Chat, reply_to: int | None) -> JSONDict:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: JSONDict = {
            "message_id": message_id,
            "from": user,
            "chat": chat.as_json(),
            "date": int(time.time()),
        }
        if reply_to is not None:
            replied = self._find_message_json(chat, reply_to)
            if replied is None:
                raise ValueError(f"no message {reply_to} in chat {chat.id} to reply to")
            message["reply_to_message"] = replied
        chat.user_messages[message_id] = message
        return message

    def _user_entities(self, text: str) -> list[JSONDict]:
        entities: list[JSONDict] = []
        for match in _USER_COMMAND_RE.finditer(text):
            entities.append(
                {
                    "type": "bot_command",
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
        for match in _USER_MENTION_RE.finditer(text):
            entities.append(
                {
                    "type": "mention",
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
        entities.sort(key=lambda e: e["offset"])
        return entities

    def _member_update(self, user_id: int, old: str, new: str) -> UserUpdate:
        user = self._known_user(user_id)
        chat = self._known_chat(user_id)
        now = int(time.time())

        def member(status: str) -> JSONDict:
            data: JSONDict = {"status": status, "user": self.bot_user}
            if status == "kicked":
                data["until_date"] = 0
            return data

        payload = {
            "chat": chat.as_json(),
            "from": user,
            "date": now,
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return self._enqueue("my_chat_member", payload, chat_id=chat.id)

    def _enqueue(self, kind: str, payload: JSONDict, **ids: Any) -> UserUpdate:
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, kind: payload}
        # Like Telegram, the allowed_updates choice applies to updates created after it.
        if self._allowed_updates is None:
            wanted = kind not in _DEFAULT_EXCLUDED_UPDATES
        else:
            wanted = kind in self._allowed_updates
        if wanted:
            self._updates.append(update)
            if self._poller is not None:
                self._poller.wake.set()
        self._notify()
        return UserUpdate(update_id, update, **ids)

    def _notify(self) -> None:
        changed = self._changed
        if changed is not None:
            self._changed = None
            changed.set()

    # ---- files -----------------------------------------------------------------------------

    def _store_file(
        self, file_name: str, mime_type: str, content: bytes, file_size: int | None = None
    ) -> StoredFile:
        self._file_counter += 1
        number = self._file_counter
        suffix = file_name.rpartition(".")[2] if "." in file_name else "bin"
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:010d}",
            file_unique_id=f"AgAD{number:08d}",
            file_path=f"documents/file_{number}.{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            file_size=len(content) if file_size is None else file_size,
            content=content,
        )
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _document_json(stored: StoredFile) -> JSONDict:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": stored.file_size,
        }

    # ---- messages as JSON ------------------------------------------------------------------

    def _message_json(self, message: BotMessage, chat: Chat, *, nested: bool = False) -> JSONDict:
        data: JSONDict = {
            "message_id": message.message_id,
            "from": self.bot_user,
            "chat": chat.as_json(),
            "date": message.date,
        }
        if message.document is not None:
            stored = self._files[message.document.file_id]
            data["document"] = self._document_json(stored)
            if message.text:
                data["caption"] = message.text
                if message.entities:
                    data["caption_entities"] = message.entities
        elif message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.reply_markup is not None:
            data["reply_markup"] = message.reply_markup
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.reply_to_message_id is not None and not nested:
            replied = self._find_message_json(chat, message.reply_to_message_id)
            if replied is not None:
                data["reply_to_message"] = replied
        return data

    def _find_message_json(self, chat: Chat, message_id: int) -> JSONDict | None:
        bot_message = chat.bot_messages.get(message_id)
        if bot_message is not None and not bot_message.deleted:
            return self._message_json(bot_message, chat, nested=True)
        user_message = chat.user_messages.get(message_id)
        if user_message is not None:
            return {k: v for k, v in user_message.items() if k != "reply_to_message"}
        return None

    # ---- HTTP ------------------------------------------------------------------------------

    @staticmethod
    def _json_response(status: int, payload: JSONDict) -> web.Response:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return web.Response(status=status, body=body, content_type="application/json")

    def _refuse(
        self,
        method: str,
        params: JSONDict,
        error: ApiError,
    ) -> web.Response:
        chat_id = chat_id_of(params)
        refusal = RefusedRequest(
            method, params, error.status, error.description, error.kind, time.monotonic(), chat_id
        )
        self.refused.append(refusal)
        if error.kind == "invalid":
            self.errors.append(refusal)
        self._notify()
        payload: JSONDict = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.retry_after is not None:
            payload["parameters"] = {"retry_after": error.retry_after}
        return self._json_response(error.status, payload)

    async def read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
        """A request's parameters and uploads, read as Telegram reads them (aiohttp caches the
        body, so a subclass wrapping :meth:`handle_api` may read them again)."""
        params: JSONDict = dict(request.query) if request.query_string else {}
        files: dict[str, Upload] = {}
        if request.method != "POST" or not request.body_exists:
            return params, files
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = json.loads(await request.read())
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected as request body")
            params.update(body)
            return params, files
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(413, "Request Entity Too Large") from None
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = Upload(value.filename, value.content_type, value.file.read())
            elif isinstance(value, bytes):
                params[name] = value.decode("utf-8", "replace")
            else:
                params[name] = value
        return params, files

    async def handle_api(self, request: web.Request) -> web.StreamResponse:
        """Every Bot API call (``/bot<token>/<method>``); a subclass may wrap it, e.g. to let
        a connection hang up at a chosen moment."""
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        method_name = request.match_info["method"]
        entry = _METHODS.get(method_name.lower())
        method = entry[0] if entry else method_name
        if request.match_info["token"] != self.token:
            return self._refuse(method, {}, ApiError(401, "Unauthorized"))
        if entry is None:
            return self._refuse(method, {}, ApiError(404, "Not Found"))
        try:
            params, files = await self.read_params(request)
        except ApiError as error:
            return self._refuse(method, {}, error)
        recorded = recordable(params, files) if files else params
        chat_id = chat_id_of(params)
        try:
            if self._faults:
                dropped = self._apply_fault(method, chat_id)
                if dropped:
                    self.refused.append(
                        RefusedRequest(
                            method,
                            recorded,
                            "drop",
                            "connection dropped",
                            "injected",
                            time.monotonic(),
                            chat_id,
                        )
                    )
                    self._notify()
                    if request.transport is not None:
                        request.transport.abort()
                    return web.Response(status=HTTPStatus.NO_CONTENT)
            if method in _SEND_METHODS and chat_id is not None:
                self.before_send(method, chat_id, params)
            handler = entry[1]
            if handler is None:
                result: Any = await self._get_updates(params)
            else:
                result = handler(self, params, files)
        except ApiError as error:
            return self._refuse(method, recorded, error)
        self.method_counts[method] += 1
        if self.record_requests:
            self.requests.append(RequestRecord(method, recorded, time.monotonic(), chat_id))
        self._notify()
        return self._json_response(200, {"ok": True, "result": result})

    def _apply_fault(self, method: str, chat_id: int | None) -> bool:
        """Raise the programmed refusal for this call, if any; True means drop the connection."""
        lowered = method.lower()
        for index, fault in enumerate(self._faults):
            if fault.method not in (None, lowered):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                del self._faults[index]
            if fault.status == "drop":
                return True
            description = fault.description
            if description is None:
                if fault.status == 429:
                    description = f"Too Many Requests: retry after {fault.retry_after}"
                elif fault.status == 403:
                    description = "Forbidden: bot was blocked by the user"
                elif fault.status == 400:
                    description = "Bad Request"
                else:
                    try:
                        description = HTTPStatus(fault.status).phrase
                    except ValueError:
                        description = "Internal Server Error"
            raise ApiError(
                fault.status,
                description,
                kind="injected",
                retry_after=fault.retry_after if fault.status == 429 else None,
            )
        return False

    def before_send(self, method: str, chat_id: int, params: JSONDict) -> None:
        """Just before a send (``sendMessage``, ``sendDocument``) is accepted: the flood limits,
        when enforced. A subclass may raise :class:`ApiError` here to refuse the send."""
        if self._rate_limits is not None:
            self._apply_rate_limits(chat_id, param_bool(params, "allow_paid_broadcast"))

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        """Called for every message the bot sent, once it is accepted (a hook for benchmarks
        that time deliveries; it does nothing here)."""

    def _apply_rate_limits(self, chat_id: int, paid: bool) -> None:
        limits = self._rate_limits
        assert limits is not None
        overall = limits.paid_bucket if paid else limits.global_bucket
        now = time.monotonic()
        bucket = limits.chat_buckets.get(chat_id)
        if bucket is None:
            if chat_id < 0:
                per_minute = float(limits.per_group_per_minute)
                bucket = Bucket(per_minute / 60.0, per_minute, per_minute, now)
            else:
                burst = float(limits.per_chat_burst)
                bucket = Bucket(limits.per_chat_per_second, burst, burst, now)
            limits.chat_buckets[chat_id] = bucket
        wait = max(bucket.wait_time(now), overall.wait_time(now))
        if wait > 0:
            self.rate_limit_violations += 1
            retry_after = max(1, math.ceil(wait))
            raise ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                kind="rate_limit",
                retry_after=retry_after,
            )
        bucket.tokens -= 1.0
        overall.tokens -= 1.0

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        if request.match_info["token"] != self.token:
            return self._json_response(
                401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return self._json_response(
                404, {"ok": False, "error_code": 404, "description": "Not Found"}
            )
        return web.Response(body=stored.content, content_type=stored.mime_type)

    async def _handle_stats(self, request: web.Request) -> web.StreamResponse:
        return self._json_response(200, {"ok": True, "result": self.stats()})

    async def _handle_control(self, request: web.Request) -> web.StreamResponse:
        action = _CONTROL_ACTIONS.get(request.match_info["action"])
        if action is None:
            return self._json_response(404, {"ok": False, "description": "unknown action"})
        try:
            kwargs = await request.json() if request.body_exists else {}
            result = action(self, **kwargs)
            if asyncio.iscoroutine(result):
                result = await result
        except (TypeError, ValueError) as exc:
            return self._json_response(400, {"ok": False, "description": str(exc)})
        if isinstance(result, UserUpdate):
            result = dataclasses.asdict(result)
        return self._json_response(200, {"ok": True, "result": result})

    # ---- Bot API methods -------------------------------------------------------------------

    def _chat_param(self, params: JSONDict) -> Chat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat_id = chat_id_of(params)
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _sendable_chat(self, params: JSONDict) -> Chat:
        chat = self._chat_param(params)
        if chat.blocked_reason is not None:
            raise ApiError(403, f"Forbidden: {chat.blocked_reason}", kind="forbidden")
        if not chat.started:
            raise ApiError(
                403, "Forbidden: bot can't initiate conversation with a user", kind="forbidden"
            )
        return chat

    def _reply_to(self, chat: Chat, params: JSONDict) -> int | None:
        reply = param_json(params, "reply_parameters", "can't parse reply parameters JSON object")
        if isinstance(reply, dict):
            message_id = param_int(reply, "message_id")
            allow_missing = param_bool(reply, "allow_sending_without_reply")
        else:
            message_id = param_int(params, "reply_to_message_id")
            allow_missing = param_bool(params, "allow_sending_without_reply")
        if message_id is None:
            return None
        if self._find_message_json(chat, message_id) is None:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return message_id

    def _new_bot_message(self, chat: Chat, message: BotMessage) -> JSONDict:
        chat.bot_messages[message.message_id] = message
        chat.sends.append(message)
        self.message_accepted(chat, message)
        return self._message_json(message, chat)

    def _api_get_me(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        return self.bot_user

    def _api_send_message(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        chat = self._sendable_chat(params)
        source = param_str(params, "text")
        parse_mode = param_str(params, "parse_mode")
        entities = param_json(params, "entities", "can't parse entities JSON object")
        text, parsed = format_text(
            source,
            parse_mode,
            entities,
            limit=MAX_TEXT_LENGTH,
            empty="message text is empty",
            too_long="message is too long",
        )
        markup = validate_reply_markup(
            param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        reply_to = self._reply_to(chat, params)
        paid = param_bool(params, "allow_paid_broadcast")
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message = BotMessage(
            chat_id=chat.id,
            message_id=message_id,
            date=int(time.time()),
            text=text,
            source=source,
            parse_mode=parse_mode,
            entities=parsed,
            reply_markup=inline_markup_only(markup),
            reply_to_message_id=reply_to,
            paid_broadcast=paid,
        )
        self.paid_messages += paid
        return self._new_bot_message(chat, message)

    def _api_send_document(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        chat = self._sendable_chat(params)
        caption_source = param_str(params, "caption")
        parse_mode = param_str(params, "parse_mode")
        caption: str | None = None
        caption_entities: list[JSONDict] = []
        if caption_source:
            caption, caption_entities = format_text(
                caption_source,
                parse_mode,
                param_json(params, "caption_entities", "can't parse entities JSON object"),
                limit=MAX_CAPTION_LENGTH,
                empty="message caption is empty",
                too_long="message caption is too long",
            )
        upload = files.get("document")
        if upload is not None:
            if len(upload.data) > MAX_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            if not upload.data:
                raise bad_request("file must be non-empty")
            mime_type = (
                upload.content_type
                if upload.content_type and upload.content_type != "application/octet-stream"
                else mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
            )
            stored = self._store_file(upload.filename, mime_type, upload.data)
        else:
            reference = param_str(params, "document")
            if not reference:
                raise bad_request("there is no document in the request")
            if reference.startswith("attach://"):
                raise bad_request("wrong file identifier/HTTP URL specified")
            if urlsplit(reference).scheme in {"http", "https"}:
                raise bad_request("failed to get HTTP URL content")
            found = self._files.get(reference)
            if found is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            stored = found
        markup = validate_reply_markup(
            param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        reply_to = self._reply_to(chat, params)
        message_id = chat.next_message_id
        chat.next_message_id += 1
        document = SentDocument(
            chat_id=chat.id,
            message_id=message_id,
            file_id=stored.file_id,
            file_name=stored.file_name,
            mime_type=stored.mime_type,
            content=stored.content,
            caption=caption,
        )
        chat.documents.append(document)
        message = BotMessage(
            chat_id=chat.id,
            message_id=message_id,
            date=int(time.time()),
            text=caption,
            source=caption_source,
            parse_mode=parse_mode,
            entities=caption_entities,
            reply_markup=inline_markup_only(markup),
            reply_to_message_id=reply_to,
            document=document,
        )
        return self._new_bot_message(chat, message)

    def _editable_message(self, params: JSONDict) -> tuple[Chat, BotMessage]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat_param(params)
        message_id = param_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.bot_messages.get(message_id)
        if message is None or message.deleted:
            if message_id in chat.user_messages:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return chat, message

    def _apply_edit(self, chat: Chat, old: BotMessage, **changes: Any) -> JSONDict:
        new = dataclasses.replace(old, **changes)
        if (new.text, new.entities, new.reply_markup) == (
            old.text,
            old.entities,
            old.reply_markup,
        ):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        new = dataclasses.replace(new, edit_date=int(time.time()), edits=old.edits + 1)
        chat.bot_messages[new.message_id] = new
        return self._message_json(new, chat)

    def _api_edit_message_text(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        chat, message = self._editable_message(params)
        if message.document is not None:
            raise bad_request("there is no text in the message to edit")
        source = param_str(params, "text")
        parse_mode = param_str(params, "parse_mode")
        text, parsed = format_text(
            source,
            parse_mode,
            param_json(params, "entities", "can't parse entities JSON object"),
            limit=MAX_TEXT_LENGTH,
            empty="message text is empty",
            too_long="message is too long",
        )
        markup = validate_reply_markup(
            param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        # An edit without reply_markup removes the inline keyboard, as on Telegram.
        return self._apply_edit(
            chat,
            message,
            text=text,
            source=source,
            parse_mode=parse_mode,
            entities=parsed,
            reply_markup=inline_markup_only(markup),
        )

    def _api_edit_message_reply_markup(
        self, params: JSONDict, files: dict[str, Upload]
    ) -> JSONDict:
        chat, message = self._editable_message(params)
        markup = validate_reply_markup(
            param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        return self._apply_edit(chat, message, reply_markup=inline_markup_only(markup))

    def _api_delete_message(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        chat = self._chat_param(params)
        message_id = param_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.bot_messages.get(message_id)
        if message is not None and not message.deleted:
            chat.bot_messages[message_id] = dataclasses.replace(message, deleted=True)
            return True
        if message_id in chat.user_messages:
            if chat.type != "private":
                raise bad_request("message can't be deleted")
            del chat.user_messages[message_id]
            return True
        raise bad_request("message to delete not found")

    def _pending_query(
        self, queries: dict[str, PendingQuery], params: JSONDict, name: str
    ) -> tuple[str, PendingQuery]:
        query_id = param_str(params, name) or ""
        pending = queries.pop(query_id, None)
        if pending is None or time.monotonic() - pending.created > QUERY_ANSWER_SECONDS:
            raise bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        return query_id, pending

    def _api_answer_callback_query(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        text = param_str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        query_id, pending = self._pending_query(
            self._callback_queries, params, "callback_query_id"
        )
        self.callback_answers[query_id] = CallbackAnswer(
            query_id=query_id,
            user_id=pending.user_id,
            text=text,
            show_alert=param_bool(params, "show_alert"),
            url=param_str(params, "url"),
            cache_time=param_int(params, "cache_time") or 0,
        )
        return True

    def _api_answer_inline_query(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        results = param_json(params, "results", "can't parse inline query results JSON object")
        if not isinstance(results, list):
            raise bad_request("results must be an Array")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._validate_inline_result(result, seen)
        next_offset = param_str(params, "next_offset")
        if next_offset is not None and len(next_offset.encode("utf-8")) > MAX_INLINE_OFFSET_BYTES:
            raise bad_request("NEXT_OFFSET_INVALID")
        button = param_json(params, "button", "can't parse inline query button JSON object")
        query_id, pending = self._pending_query(self._inline_queries, params, "inline_query_id")
        self.inline_answers[query_id] = InlineAnswer(
            query_id=query_id,
            user_id=pending.user_id,
            query=pending.query,
            results=results,
            cache_time=param_int(params, "cache_time"),
            is_personal=param_bool(params, "is_personal"),
            next_offset=next_offset,
            button=button if isinstance(button, dict) else None,
        )
        return True

    @staticmethod
    def _validate_inline_result(result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict) or result.get("type") not in _INLINE_RESULT_TYPES:
            raise bad_request("can't parse InlineQueryResult JSON object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article" and not result.get("title"):
            raise bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if result["type"] == "article" and not isinstance(content, dict):
            raise bad_request("can't parse InputMessageContent JSON object")
        if isinstance(content, dict) and "message_text" in content:
            format_text(
                param_str(content, "message_text"),
                param_str(content, "parse_mode"),
                content.get("entities"),
                limit=MAX_TEXT_LENGTH,
                empty="MESSAGE_EMPTY",
                too_long="MESSAGE_TOO_LONG",
            )
        validate_reply_markup(result.get("reply_markup"))

    def _commands_key(self, params: JSONDict) -> tuple[str, str]:
        scope = param_json(params, "scope", "can't parse BotCommandScope JSON object")
        language = param_str(params, "language_code") or ""
        if language and not _LANGUAGE_RE.fullmatch(language):
            raise bad_request("invalid language code specified")
        return scope_key(scope, self._chats), language

    def _api_set_my_commands(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        commands = param_json(params, "commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad_request("commands must be an Array")
        if len(commands) > MAX_COMMANDS:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self._command_lists[key] = cleaned
        else:
            self._command_lists.pop(key, None)
        return True

    def _api_get_my_commands(self, params: JSONDict, files: dict[str, Upload]) -> list[JSONDict]:
        return list(self._command_lists.get(self._commands_key(params), []))

    def _api_delete_my_commands(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        self._command_lists.pop(self._commands_key(params), None)
        return True

    def _api_set_webhook(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        url = param_str(params, "url") or ""
        if not url:
            return self._api_delete_webhook(params, files)
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        secret = param_str(params, "secret_token")
        if secret is not None and not _SECRET_TOKEN_RE.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = param_json(params, "allowed_updates", "can't parse allowed updates")
        if isinstance(allowed, list):
            self._set_allowed_updates(allowed)
        if param_bool(params, "drop_pending_updates"):
            self._updates.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": param_int(params, "max_connections") or 40,
            "allowed_updates": allowed if isinstance(allowed, list) else None,
        }
        return True

    def _api_delete_webhook(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        self._webhook = None
        if param_bool(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_get_webhook_info(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            if self._webhook["allowed_updates"] is not None:
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    def _api_send_chat_action(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        self._sendable_chat(params)
        if param_str(params, "action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _api_get_file(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        stored = self._files.get(param_str(params, "file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    def _api_get_chat(self, params: JSONDict, files: dict[str, Upload]) -> JSONDict:
        chat = self._chat_param(params)
        data = chat.as_json()
        data.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return data

    def _api_ok(self, params: JSONDict, files: dict[str, Upload]) -> bool:
        return True

    def _set_allowed_updates(self, allowed: list[Any]) -> None:
        kinds = frozenset(str(kind) for kind in allowed)
        self._allowed_updates = kinds or None

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = param_int(params, "offset") or 0
        limit = min(100, max(1, param_int(params, "limit") or 100))
        timeout = max(0.0, param_float(params, "timeout") or 0.0)
        allowed = param_json(params, "allowed_updates", "can't parse allowed updates")
        if isinstance(allowed, list):
            self._set_allowed_updates(allowed)
        self._confirm_updates(offset)
        previous = self._poller
        if previous is not None:
            previous.superseded = True
            previous.wake.set()
            self._poller = None
        if not self._updates and timeout > 0 and not self._closing:
            poller = Poller()
            self._poller = poller
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poller.wake.wait(), timeout)
            finally:
                if self._poller is poller:
                    self._poller = None
            if poller.superseded:
                raise ApiError(409, CONFLICT_POLLING, kind="conflict")
        if len(self._updates) <= limit:
            return list(self._updates)
        return [self._updates[index] for index in range(limit)]

    def _confirm_updates(self, offset: int) -> None:
        updates = self._updates
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()


# Lower-case method name → (canonical name, handler). Telegram matches method names
# case-insensitively.
_METHODS: dict[str, tuple[str, _Handler | None]] = {
    name.lower(): (name, handler)
    for name, handler in {
        "getMe": FakeBotApi._api_get_me,
        "getUpdates": None,  # served by _get_updates: it waits
        "sendMessage": FakeBotApi._api_send_message,
        "sendDocument": FakeBotApi._api_send_document,
        "editMessageText": FakeBotApi._api_edit_message_text,
        "editMessageReplyMarkup": FakeBotApi._api_edit_message_reply_markup,
        "deleteMessage": FakeBotApi._api_delete_message,
        "answerCallbackQuery": FakeBotApi._api_answer_callback_query,
        "answerInlineQuery": FakeBotApi._api_answer_inline_query,
        "setMyCommands": FakeBotApi._api_set_my_commands,
        "getMyCommands": FakeBotApi._api_get_my_commands,
        "deleteMyCommands": FakeBotApi._api_delete_my_commands,
        "setWebhook": FakeBotApi._api_set_webhook,
        "deleteWebhook": FakeBotApi._api_delete_webhook,
        "getWebhookInfo": FakeBotApi._api_get_webhook_info,
        "sendChatAction": FakeBotApi._api_send_chat_action,
        "getFile": FakeBotApi._api_get_file,
        "getChat": FakeBotApi._api_get_chat,
        "close": FakeBotApi._api_ok,
        "logOut": FakeBotApi._api_ok,
    }.items()
}


def _set_latency(server: FakeBotApi, seconds: float) -> float:
    server.latency = float(seconds)
    return server.latency


# What a benchmark in another process may ask for through POST /fake/<action>.
_CONTROL_ACTIONS: dict[str, Callable[..., Any]] = {
    "add_user": FakeBotApi.add_user,
    "add_group": FakeBotApi.add_group,
    "send_message": FakeBotApi.send_message,
    "press_button": FakeBotApi.press_button,
    "inline_query": FakeBotApi.inline_query,
    "block_bot": FakeBotApi.block_bot,
    "unblock_bot": FakeBotApi.unblock_bot,
    "block_chat": FakeBotApi.block_chat,
    "unblock_chat": FakeBotApi.unblock_chat,
    "fail_next": FakeBotApi.fail_next,
    "enforce_rate_limits": FakeBotApi.enforce_rate_limits,
    "disable_rate_limits": FakeBotApi.disable_rate_limits,
    "set_latency": _set_latency,
    "stats": FakeBotApi.stats,
}
