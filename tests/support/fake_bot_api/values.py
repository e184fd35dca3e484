"""What the fake Bot API answers with and keeps: Telegram's limits and error descriptions, the
records a test reads back, the error a request is refused with, and the server's state."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Literal

JSONDict = dict[str, Any]


MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_INLINE_BUTTONS_PER_ROW = 8
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_QUERY_LENGTH = 256
MAX_INLINE_OFFSET_BYTES = 64
MAX_COMMANDS = 100
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Telegram gives up on an unanswered callback or inline query after roughly this long.
QUERY_ANSWER_SECONDS = 10.0

CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
PARSE_ERROR_PREFIX = "Bad Request: can't parse entities: "

DEFAULT_TOKEN = "123456789:TEST-fake-bot-api-token"

# --------------------------------------------------------------------------------------------
# What a test reads back.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A document the bot sent (its bytes as uploaded) or a user sent (as registered)."""

    chat_id: int
    message_id: int
    file_id: str
    file_name: str
    mime_type: str
    content: bytes
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class BotMessage:
    """One message of the bot as the user sees it now (edits applied, deletion flagged).

    ``text`` is the visible text (the caption for a document) after parsing, trimmed as
    Telegram trims it; ``source`` is what the bot sent before parsing; ``reply_markup`` is the
    markup as plain JSON data.
    """

    chat_id: int
    message_id: int
    date: int
    text: str | None
    source: str | None
    parse_mode: str | None
    entities: list[JSONDict]
    reply_markup: JSONDict | None
    reply_to_message_id: int | None = None
    document: SentDocument | None = None
    paid_broadcast: bool = False  # sent with allow_paid_broadcast
    edit_date: int | None = None
    edits: int = 0
    deleted: bool = False

    @property
    def buttons(self) -> list[JSONDict]:
        """The inline keyboard's buttons, row after row."""
        if not self.reply_markup:
            return []
        rows = self.reply_markup.get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """An accepted Bot API call. ``time`` is ``time.monotonic()`` when it was handled."""

    method: str
    params: JSONDict
    time: float
    chat_id: int | None


RefusalKind = Literal["invalid", "forbidden", "rate_limit", "injected", "conflict"]


@dataclass(frozen=True, slots=True)
class RefusedRequest:
    """A call the server refused.

    ``kind``: ``invalid`` (the request itself is wrong: 400/401/404/409/413), ``forbidden``
    (blocked chat, user never started the bot), ``rate_limit`` (the enforcer), ``injected``
    (``fail_next``), ``conflict`` (a long poll ended by a newer getUpdates).
    """

    method: str
    params: JSONDict
    status: int | Literal["drop"]
    description: str
    kind: RefusalKind
    time: float
    chat_id: int | None


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    query_id: str
    user_id: int
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


@dataclass(frozen=True, slots=True)
class InlineAnswer:
    query_id: str
    user_id: int
    query: str
    results: list[JSONDict]
    cache_time: int | None
    is_personal: bool
    next_offset: str | None
    button: JSONDict | None


@dataclass(frozen=True, slots=True)
class UserUpdate:
    """What a user action produced: the queued update and the ids a test needs next."""

    update_id: int
    update: JSONDict
    chat_id: int | None = None
    message_id: int | None = None
    callback_query_id: str | None = None
    inline_query_id: str | None = None
    file_id: str | None = None


# --------------------------------------------------------------------------------------------
# Refusals, and the server's state.
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """A refusal answered as Telegram answers it."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        kind: RefusalKind = "invalid",
        retry_after: int | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.kind: RefusalKind = kind
        self.retry_after = retry_after


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass(slots=True)
class Chat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    started: bool = True  # a private chat needs the user to have written to the bot first
    blocked_reason: str | None = None
    next_message_id: int = 1
    bot_messages: dict[int, BotMessage] = field(default_factory=dict)
    user_messages: dict[int, JSONDict] = field(default_factory=dict)
    sends: list[BotMessage] = field(default_factory=list)
    documents: list[SentDocument] = field(default_factory=list)

    def as_json(self) -> JSONDict:
        data: JSONDict = {"id": self.id, "type": self.type}
        for name in ("title", "first_name", "last_name", "username"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    file_size: int
    content: bytes


@dataclass(slots=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class PendingQuery:
    user_id: int
    created: float
    query: str = ""


@dataclass(slots=True)
class Fault:
    method: str | None  # lower-case method name; None matches every method
    status: int | Literal["drop"]
    remaining: int
    retry_after: int | None
    chat_id: int | None
    description: str | None


@dataclass(slots=True)
class Bucket:
    """A token bucket, as aiolimiter (PTB's AIORateLimiter) meters sends."""

    rate: float  # tokens per second
    capacity: float
    tokens: float
    updated: float

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate


@dataclass(slots=True)
class RateLimits:
    per_chat_per_second: float
    per_chat_burst: int
    global_per_second: float
    per_group_per_minute: int
    global_bucket: Bucket
    paid_bucket: Bucket  # sends with allow_paid_broadcast
    chat_buckets: dict[int, Bucket] = field(default_factory=dict)


@dataclass(slots=True)
class Poller:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    superseded: bool = False
