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
  description (see ``_ApiError`` call sites): HTML/MarkdownV2 parsing, text and caption length
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

    python -m tests.fake_bot_api --port 9000 --token 123456:TEST

Besides the Bot API it then answers ``POST /fake/<action>`` with a JSON object of keyword
arguments (``add_user``, ``send_message``, ``press_button``, ``block_bot`` …, see
``_CONTROL_ACTIONS``) and ``GET /fake/stats``, so a benchmark in another process can play users.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import math
import mimetypes
import re
import signal
import socket
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

__all__ = [
    "BotMessage",
    "CallbackAnswer",
    "FakeBotApi",
    "InlineAnswer",
    "RefusedRequest",
    "RequestRecord",
    "SentDocument",
    "UserUpdate",
    "parse_html",
    "parse_markdown_v2",
]

JSONDict = dict[str, Any]
T = TypeVar("T")

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
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
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
_DEFAULT_TOKEN = "123456789:TEST-fake-bot-api-token"


def _utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


# --------------------------------------------------------------------------------------------
# Formatted text: HTML and MarkdownV2, parsed the way Telegram parses them.
# --------------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    """Text that Telegram would refuse with ``can't parse entities``; the message is the reason."""


_HTML_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPECIAL = re.compile(r"[<>&]")
_HTML_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z][a-zA-Z0-9_-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*)"
    r"\s*>"
)
_HTML_ATTRIBUTE = re.compile(
    r"([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?"
)
_HTML_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]*));")


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the output
    attributes: dict[str, str]
    language: str | None = None


def _decode_html_entity(source: str, pos: int) -> tuple[str, int]:
    """Decode the entity at ``source[pos] == '&'``; return the text and the index after it."""
    match = _HTML_ENTITY.match(source, pos)
    if match is None:
        raise EntityParseError(
            f'Character "&" at byte offset {_byte_offset(source, pos)} must be escaped as "&amp;"'
        )
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        decoded = _HTML_NAMED_ENTITIES.get(name)
        if decoded is None:
            raise EntityParseError(
                f'Unsupported HTML entity "&{name};" at byte offset {_byte_offset(source, pos)}'
            )
        return decoded, match.end()
    code_point = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code_point == 0 or code_point > 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
        raise EntityParseError(
            f"Invalid numeric HTML entity at byte offset {_byte_offset(source, pos)}"
        )
    return chr(code_point), match.end()


def _decode_attribute(source: str, raw: str | None) -> str:
    if raw is None:
        return ""
    if raw[:1] in {'"', "'"}:
        raw = raw[1:-1]
    if "<" in raw or ">" in raw:
        raise EntityParseError(f"Unescaped angle bracket in attribute value {raw!r}")
    parts: list[str] = []
    pos = 0
    while (amp := raw.find("&", pos)) != -1:
        parts.append(raw[pos:amp])
        decoded, pos = _decode_html_entity(raw, amp)
        parts.append(decoded)
    parts.append(raw[pos:])
    return "".join(parts)


def _html_entity_for(tag: _OpenTag, offset: int, length: int) -> JSONDict | None:
    kind = _HTML_TAG_ENTITY[tag.name]
    entity: JSONDict = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        url = tag.attributes.get("href", "")
        if not url:
            return None  # Telegram drops a link without a target and keeps its text
        user = re.fullmatch(r"tg://user\?id=(\d+)", url)
        if user is not None:
            entity["type"] = "text_mention"
            entity["user"] = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
        else:
            entity["url"] = url
    elif kind == "pre" and tag.language:
        entity["language"] = tag.language
    elif kind == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.attributes["emoji-id"]
    return entity


def parse_html(source: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram HTML into (plain text, entities) or raise ``EntityParseError``.

    Allowed: ``b strong i em u ins s strike del span(class="tg-spoiler") tg-spoiler a(href)
    code pre blockquote(expandable) tg-emoji(emoji-id)``, balanced and properly nested; only the
    ``&lt; &gt; &amp; &quot;`` and numeric character references; every other ``<``, ``>`` and
    ``&`` must be escaped.
    """
    out: list[str] = []
    length = 0  # UTF-16 length of the output so far
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    pos = 0
    end = len(source)
    while pos < end:
        special = _HTML_SPECIAL.search(source, pos)
        if special is None:
            chunk = source[pos:]
            out.append(chunk)
            length += _utf16_len(chunk)
            break
        at = special.start()
        if at > pos:
            chunk = source[pos:at]
            out.append(chunk)
            length += _utf16_len(chunk)
        char = source[at]
        if char == ">":
            raise EntityParseError(
                f'Character ">" at byte offset {_byte_offset(source, at)} must be escaped '
                'as "&gt;"'
            )
        if char == "&":
            decoded, pos = _decode_html_entity(source, at)
            out.append(decoded)
            length += _utf16_len(decoded)
            continue
        if source.startswith("</", at):
            closing = _HTML_END_TAG.match(source, at)
            if closing is None:
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, at)}"
                )
            name = closing.group(1).lower()
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, at)}"
                )
            tag = stack.pop()
            if tag.name != name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, at)}, "
                    f'expected "</{tag.name}>", found "</{name}>"'
                )
            language = tag.attributes.get("class", "")
            if (
                tag.name == "code"
                and stack
                and stack[-1].name == "pre"
                and language.startswith("language-")
            ):
                # <pre><code class="language-x"> is one pre entity with a language
                stack[-1].language = language.removeprefix("language-")
            elif length > tag.start:
                entity = _html_entity_for(tag, tag.start, length - tag.start)
                if entity is not None:
                    entities.append(entity)
            pos = closing.end()
            continue
        opening = _HTML_START_TAG.match(source, at)
        if opening is None:
            if at + 1 < end and source[at + 1].isalpha():
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, at)}"
                )
            raise EntityParseError(
                f'Character "<" at byte offset {_byte_offset(source, at)} must be escaped '
                'as "&lt;"'
            )
        name = opening.group(1).lower()
        if name not in _HTML_TAG_ENTITY:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, at)}'
            )
        attributes = {
            attr.group(1).lower(): _decode_attribute(source, attr.group(2))
            for attr in _HTML_ATTRIBUTE.finditer(opening.group(2))
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        if name == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise EntityParseError(
                "Custom emoji entity must contain a valid custom emoji identifier"
            )
        if name == "blockquote" and any(t.name == "blockquote" for t in stack):
            raise EntityParseError("Blockquote entities can't be nested")
        stack.append(_OpenTag(name, length, attributes))
        pos = opening.end()
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_MD_LEGACY_MARKERS = {"*": "bold", "_": "italic"}


@dataclass(slots=True)
class _OpenMarker:
    marker: str
    start: int  # UTF-16 offset in the output
    byte_offset: int
    url_kind: str = ""  # "text_link" or "custom_emoji" for [text](url) and ![emoji](tg://…)


def parse_markdown_v2(source: str, *, legacy: bool = False) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 (or legacy Markdown) into (plain text, entities).

    MarkdownV2: ``*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```pre```
    [text](url) ![emoji](tg://emoji?id=…)`` and ``>`` quotes; every other reserved character
    ``_*[]()~`>#+-=|{}.!`` must be escaped with a backslash. Legacy Markdown knows ``* _ ` ```
    and links only, and has no reserved characters outside them.
    """
    out: list[str] = []
    length = 0
    stack: list[_OpenMarker] = []
    entities: list[JSONDict] = []
    markers = _MD_LEGACY_MARKERS if legacy else _MD2_MARKERS
    quote_start: int | None = None
    pos = 0
    end = len(source)

    def emit(text: str) -> None:
        nonlocal length
        out.append(text)
        length += _utf16_len(text)

    def offset(index: int) -> int:
        return _byte_offset(source, index)

    def escaped_until(closing: str, start: int, what: str) -> tuple[str, int]:
        """Read verbatim text up to ``closing``; inside, only ``\\`` escapes."""
        parts: list[str] = []
        index = start
        while index < end:
            if source.startswith(closing, index):
                return "".join(parts), index + len(closing)
            char = source[index]
            if char == "\\" and index + 1 < end and not legacy:
                parts.append(source[index + 1])
                index += 2
                continue
            parts.append(char)
            index += 1
        raise EntityParseError(f"Can't find end of {what} entity at byte offset {offset(start)}")

    while pos < end:
        char = source[pos]
        at_line_start = pos == 0 or source[pos - 1] == "\n"
        if quote_start is not None and at_line_start and char != ">":
            if length > quote_start:
                entities.append(
                    {"type": "blockquote", "offset": quote_start, "length": length - quote_start}
                )
            quote_start = None
        if char == "\\" and (not legacy or source[pos + 1 : pos + 2] in {"_", "*", "`", "["}):
            if pos + 1 >= end or not 1 <= ord(source[pos + 1]) <= 126:
                raise EntityParseError(
                    f"Character '\\' at byte offset {offset(pos)} must be followed by a "
                    "character to escape"
                )
            emit(source[pos + 1])
            pos += 2
            continue
        if char == "`":
            if source.startswith("```", pos):
                body, after = escaped_until("```", pos + 3, "Pre")
                language = ""
                first_line, newline, rest = body.partition("\n")
                if newline and first_line and not first_line[0].isspace():
                    language, body = first_line, rest
                start = length
                emit(body)
                entity: JSONDict = {"type": "pre", "offset": start, "length": length - start}
                if language:
                    entity["language"] = language
                if length > start:
                    entities.append(entity)
                pos = after
                continue
            body, after = escaped_until("`", pos + 1, "Code")
            start = length
            emit(body)
            if length > start:
                entities.append({"type": "code", "offset": start, "length": length - start})
            pos = after
            continue
        if not legacy and char == ">" and at_line_start:
            if quote_start is None:
                quote_start = length
            pos += 1
            continue
        if char == "[" or (not legacy and source.startswith("![", pos)):
            if stack and legacy:
                emit(char)
                pos += 1
                continue
            kind = "custom_emoji" if char == "!" else "text_link"
            stack.append(_OpenMarker("[", length, offset(pos), kind))
            pos += 2 if char == "!" else 1
            continue
        if char == "]" and stack and stack[-1].marker == "[":
            opened = stack.pop()
            if not source.startswith("(", pos + 1):
                if legacy:
                    pos += 1  # a bracketed text without a link stays plain text
                    continue
                raise EntityParseError(f"Can't find end of a url at byte offset {offset(pos)}")
            url, after = escaped_until(")", pos + 2, "TextUrl")
            if length > opened.start:
                link: JSONDict = {
                    "type": opened.url_kind,
                    "offset": opened.start,
                    "length": length - opened.start,
                }
                if opened.url_kind == "custom_emoji":
                    emoji_id = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                    if emoji_id is None:
                        raise EntityParseError(
                            "Custom emoji entity must contain a valid custom emoji identifier"
                        )
                    link["custom_emoji_id"] = emoji_id.group(1)
                else:
                    link["url"] = url
                entities.append(link)
            pos = after
            continue
        marker = source[pos : pos + 2] if source[pos : pos + 2] in markers else char
        if marker in markers:
            if stack and stack[-1].marker == marker:
                opened = stack.pop()
                if length > opened.start:
                    entities.append(
                        {
                            "type": markers[marker],
                            "offset": opened.start,
                            "length": length - opened.start,
                        }
                    )
            elif legacy and stack:
                emit(marker)  # legacy entities do not nest: other markers are plain text
            else:
                stack.append(_OpenMarker(marker, length, offset(pos)))
            pos += len(marker)
            continue
        if not legacy and char in _MD2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        emit(char)
        pos += 1
    if quote_start is not None and length > quote_start:
        entities.append(
            {"type": "blockquote", "offset": quote_start, "length": length - quote_start}
        )
    if stack:
        opened = stack[-1]
        name = "TextUrl" if opened.marker == "[" else markers[opened.marker].capitalize()
        raise EntityParseError(
            f"Can't find end of {name} entity at byte offset {opened.byte_offset}"
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram trims leading and trailing whitespace and clips entities to what is left."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = _utf16_len(text[: len(text) - len(text.lstrip())])
    total = _utf16_len(stripped)
    clipped: list[JSONDict] = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        stop = min(total, entity["offset"] + entity["length"] - lead)
        if stop > start:
            clipped.append({**entity, "offset": start, "length": stop - start})
    return stripped, clipped


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
# Internal state.
# --------------------------------------------------------------------------------------------


class _ApiError(Exception):
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


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


@dataclass(slots=True)
class _Chat:
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
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    file_size: int
    content: bytes


@dataclass(slots=True)
class _Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class _PendingQuery:
    user_id: int
    created: float
    query: str = ""


@dataclass(slots=True)
class _Fault:
    method: str | None  # lower-case method name; None matches every method
    status: int | Literal["drop"]
    remaining: int
    retry_after: int | None
    chat_id: int | None
    description: str | None


@dataclass(slots=True)
class _Bucket:
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
class _RateLimits:
    per_chat_per_second: float
    per_chat_burst: int
    global_per_second: float
    per_group_per_minute: int
    global_bucket: _Bucket
    paid_bucket: _Bucket  # sends with allow_paid_broadcast
    chat_buckets: dict[int, _Bucket] = field(default_factory=dict)


@dataclass(slots=True)
class _Poller:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    superseded: bool = False


# --------------------------------------------------------------------------------------------
# Reading request parameters the way Telegram reads them.
# --------------------------------------------------------------------------------------------


def _param_str(params: Mapping[str, Any], name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


def _param_int(params: Mapping[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise _bad_request(f"invalid {name} specified") from None


def _param_float(params: Mapping[str, Any], name: str) -> float | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _bad_request(f"invalid {name} specified") from None


def _param_bool(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in {"true", "1"}


def _param_json(params: Mapping[str, Any], name: str, error: str) -> Any:
    """An object parameter: native in a JSON body, JSON text in a form."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _bad_request(error) from None
    return value


def _chat_id_of(params: Mapping[str, Any]) -> int | None:
    """The target chat for bookkeeping; never raises (validation happens later)."""
    value = params.get("chat_id")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
    return None


def _recordable(params: Mapping[str, Any], files: Mapping[str, _Upload]) -> JSONDict:
    recorded = dict(params)
    for name, upload in files.items():
        recorded[name] = {"file_name": upload.filename, "size": len(upload.data)}
    return recorded


def _validate_reply_markup(markup: Any) -> JSONDict | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS or any(
            len(row) > MAX_INLINE_BUTTONS_PER_ROW for row in rows
        ):
            raise _bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return markup
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
            )
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise _bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise _bad_request("can't parse inline keyboard button: Text must be a String")
    if not button["text"]:
        raise _bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise _bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise _bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        scheme = urlsplit(url).scheme if isinstance(url, str) else ""
        if scheme not in {"http", "https", "tg"}:
            raise _bad_request("BUTTON_URL_INVALID")


def _inline_markup_only(markup: JSONDict | None) -> JSONDict | None:
    """Messages carry only inline keyboards; reply keyboards belong to the chat."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def _format_text(
    source: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    limit: int,
    empty: str,
    too_long: str,
) -> tuple[str, list[JSONDict]]:
    if source is None or source == "":
        raise _bad_request(empty)
    mode = (parse_mode or "").lower()
    try:
        if mode == "html":
            text, parsed = parse_html(source)
        elif mode == "markdownv2":
            text, parsed = parse_markdown_v2(source)
        elif mode == "markdown":
            text, parsed = parse_markdown_v2(source, legacy=True)
        elif mode == "":
            text = source
            parsed = list(entities) if isinstance(entities, list) else []
        else:
            raise _bad_request("unsupported parse_mode")
    except EntityParseError as exc:
        raise _ApiError(400, f"{PARSE_ERROR_PREFIX}{exc}") from None
    text, parsed = _strip_text(text, parsed)
    if not text:
        raise _bad_request(empty)
    if len(text) > limit:
        raise _bad_request(too_long)
    return text, parsed


def _scope_key(scope: Any, chats: Mapping[int, _Chat]) -> str:
    """A readable key for a BotCommandScope.

    ``default``, ``all_private_chats``, ``chat:-100123``, ``chat_member:-100123:42`` …
    """
    if scope is None:
        return "default"
    if not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES:
        raise _bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in {"chat", "chat_administrators", "chat_member"}:
        chat_id = _param_int(scope, "chat_id")
        # a private chat is invisible to the bot until its user has written to it
        chat = chats.get(chat_id) if chat_id is not None else None
        if chat is None or (chat.type == "private" and not chat.started):
            raise _bad_request("chat not found")
        if kind == "chat_member":
            user_id = _param_int(scope, "user_id")
            if user_id is None:
                raise _bad_request("user not found")
            return f"{kind}:{chat_id}:{user_id}"
        return f"{kind}:{chat_id}"
    return str(kind)


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname
    return host in {"127.0.0.1", "localhost", "::1"}


# --------------------------------------------------------------------------------------------
# The server.
# --------------------------------------------------------------------------------------------

_Handler = Callable[["FakeBotApi", JSONDict, dict[str, _Upload]], Any]


class FakeBotApi:
    """A Telegram Bot API look-alike on ``127.0.0.1``; see the module docstring."""

    def __init__(
        self,
        token: str = _DEFAULT_TOKEN,
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
        self._chats: dict[int, _Chat] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._file_counter = 0

        self._updates: deque[JSONDict] = deque()
        self._next_update_id = 1000
        self._allowed_updates: frozenset[str] | None = None
        self._poller: _Poller | None = None
        self._webhook: JSONDict | None = None

        self._callback_queries: dict[str, _PendingQuery] = {}
        self._inline_queries: dict[str, _PendingQuery] = {}
        self._query_counter = 0
        self._command_lists: dict[tuple[str, str], list[JSONDict]] = {}

        self._faults: list[_Fault] = []
        self._rate_limits: _RateLimits | None = None

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
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
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
            _Fault(
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
        self._rate_limits = _RateLimits(
            per_chat_per_second=per_chat_per_second,
            per_chat_burst=per_chat_burst,
            global_per_second=global_per_second,
            per_group_per_minute=per_group_per_minute,
            global_bucket=_Bucket(global_per_second, global_per_second, global_per_second, now),
            paid_bucket=_Bucket(paid_per_second, paid_per_second, paid_per_second, now),
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
            self._chats[user_id] = _Chat(
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

    def add_group(self, chat_id: int, title: str, *, supergroup: bool = True) -> JSONDict:
        """Register a group the bot is a member of (group ids are negative)."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = _Chat(chat_id, "supergroup" if supergroup else "group", title=title)
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
        self._callback_queries[query_id] = _PendingQuery(user_id, time.monotonic())
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
        self._inline_queries[query_id] = _PendingQuery(user_id, time.monotonic(), query)
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
        if not _is_loopback(url):
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

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Wait until ``predicate()`` is truthy and return its value.

        The predicate is re-checked whenever the server's state changes (a call accepted or
        refused, an update queued), never in a busy loop; TimeoutError after ``timeout``.
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
        self, chat_id: int, count: int, timeout: float = 5.0
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

    def _known_chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}: call add_user or add_group first")
        return chat

    def _user_chat(self, user_id: int, chat_id: int | None) -> _Chat:
        chat = self._known_chat(user_id if chat_id is None else chat_id)
        if chat.type == "private":
            if chat.id != user_id:
                raise ValueError("a user writes only in their own private chat")
            chat.started = True
        return chat

    def _new_user_message(self, user: JSONDict, chat: _Chat, reply_to: int | None) -> JSONDict:
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
                    "offset": _utf16_len(text[: match.start()]),
                    "length": _utf16_len(match.group()),
                }
            )
        for match in _USER_MENTION_RE.finditer(text):
            entities.append(
                {
                    "type": "mention",
                    "offset": _utf16_len(text[: match.start()]),
                    "length": _utf16_len(match.group()),
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
    ) -> _StoredFile:
        self._file_counter += 1
        number = self._file_counter
        suffix = file_name.rpartition(".")[2] if "." in file_name else "bin"
        stored = _StoredFile(
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
    def _document_json(stored: _StoredFile) -> JSONDict:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": stored.file_size,
        }

    # ---- messages as JSON ------------------------------------------------------------------

    def _message_json(self, message: BotMessage, chat: _Chat, *, nested: bool = False) -> JSONDict:
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

    def _find_message_json(self, chat: _Chat, message_id: int) -> JSONDict | None:
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
        error: _ApiError,
    ) -> web.Response:
        chat_id = _chat_id_of(params)
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

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, _Upload]]:
        params: JSONDict = dict(request.query) if request.query_string else {}
        files: dict[str, _Upload] = {}
        if request.method != "POST" or not request.body_exists:
            return params, files
        content_type = request.content_type
        if content_type == "application/json":
            try:
                body = json.loads(await request.read())
            except ValueError:
                raise _bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise _bad_request("JSON object expected as request body")
            params.update(body)
            return params, files
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise _ApiError(413, "Request Entity Too Large") from None
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = _Upload(value.filename, value.content_type, value.file.read())
            elif isinstance(value, bytes):
                params[name] = value.decode("utf-8", "replace")
            else:
                params[name] = value
        return params, files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        method_name = request.match_info["method"]
        entry = _METHODS.get(method_name.lower())
        method = entry[0] if entry else method_name
        if request.match_info["token"] != self.token:
            return self._refuse(method, {}, _ApiError(401, "Unauthorized"))
        if entry is None:
            return self._refuse(method, {}, _ApiError(404, "Not Found"))
        try:
            params, files = await self._read_params(request)
        except _ApiError as error:
            return self._refuse(method, {}, error)
        recorded = _recordable(params, files) if files else params
        chat_id = _chat_id_of(params)
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
            if self._rate_limits is not None and method in _SEND_METHODS and chat_id is not None:
                self._apply_rate_limits(chat_id, _param_bool(params, "allow_paid_broadcast"))
            handler = entry[1]
            if handler is None:
                result: Any = await self._get_updates(params)
            else:
                result = handler(self, params, files)
        except _ApiError as error:
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
            raise _ApiError(
                fault.status,
                description,
                kind="injected",
                retry_after=fault.retry_after if fault.status == 429 else None,
            )
        return False

    def _apply_rate_limits(self, chat_id: int, paid: bool) -> None:
        limits = self._rate_limits
        assert limits is not None
        overall = limits.paid_bucket if paid else limits.global_bucket
        now = time.monotonic()
        bucket = limits.chat_buckets.get(chat_id)
        if bucket is None:
            if chat_id < 0:
                per_minute = float(limits.per_group_per_minute)
                bucket = _Bucket(per_minute / 60.0, per_minute, per_minute, now)
            else:
                burst = float(limits.per_chat_burst)
                bucket = _Bucket(limits.per_chat_per_second, burst, burst, now)
            limits.chat_buckets[chat_id] = bucket
        wait = max(bucket.wait_time(now), overall.wait_time(now))
        if wait > 0:
            self.rate_limit_violations += 1
            retry_after = max(1, math.ceil(wait))
            raise _ApiError(
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

    def _chat_param(self, params: JSONDict) -> _Chat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad_request("chat_id is empty")
        chat_id = _chat_id_of(params)
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _sendable_chat(self, params: JSONDict) -> _Chat:
        chat = self._chat_param(params)
        if chat.blocked_reason is not None:
            raise _ApiError(403, f"Forbidden: {chat.blocked_reason}", kind="forbidden")
        if not chat.started:
            raise _ApiError(
                403, "Forbidden: bot can't initiate conversation with a user", kind="forbidden"
            )
        return chat

    def _reply_to(self, chat: _Chat, params: JSONDict) -> int | None:
        reply = _param_json(params, "reply_parameters", "can't parse reply parameters JSON object")
        if isinstance(reply, dict):
            message_id = _param_int(reply, "message_id")
            allow_missing = _param_bool(reply, "allow_sending_without_reply")
        else:
            message_id = _param_int(params, "reply_to_message_id")
            allow_missing = _param_bool(params, "allow_sending_without_reply")
        if message_id is None:
            return None
        if self._find_message_json(chat, message_id) is None:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        return message_id

    def _new_bot_message(self, chat: _Chat, message: BotMessage) -> JSONDict:
        chat.bot_messages[message.message_id] = message
        chat.sends.append(message)
        return self._message_json(message, chat)

    def _api_get_me(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
        return self.bot_user

    def _api_send_message(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
        chat = self._sendable_chat(params)
        source = _param_str(params, "text")
        parse_mode = _param_str(params, "parse_mode")
        entities = _param_json(params, "entities", "can't parse entities JSON object")
        text, parsed = _format_text(
            source,
            parse_mode,
            entities,
            limit=MAX_TEXT_LENGTH,
            empty="message text is empty",
            too_long="message is too long",
        )
        markup = _validate_reply_markup(
            _param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        reply_to = self._reply_to(chat, params)
        paid = _param_bool(params, "allow_paid_broadcast")
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
            reply_markup=_inline_markup_only(markup),
            reply_to_message_id=reply_to,
            paid_broadcast=paid,
        )
        self.paid_messages += paid
        return self._new_bot_message(chat, message)

    def _api_send_document(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
        chat = self._sendable_chat(params)
        caption_source = _param_str(params, "caption")
        parse_mode = _param_str(params, "parse_mode")
        caption: str | None = None
        caption_entities: list[JSONDict] = []
        if caption_source:
            caption, caption_entities = _format_text(
                caption_source,
                parse_mode,
                _param_json(params, "caption_entities", "can't parse entities JSON object"),
                limit=MAX_CAPTION_LENGTH,
                empty="message caption is empty",
                too_long="message caption is too long",
            )
        upload = files.get("document")
        if upload is not None:
            if len(upload.data) > MAX_UPLOAD_BYTES:
                raise _ApiError(413, "Request Entity Too Large")
            if not upload.data:
                raise _bad_request("file must be non-empty")
            mime_type = (
                upload.content_type
                if upload.content_type and upload.content_type != "application/octet-stream"
                else mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
            )
            stored = self._store_file(upload.filename, mime_type, upload.data)
        else:
            reference = _param_str(params, "document")
            if not reference:
                raise _bad_request("there is no document in the request")
            if reference.startswith("attach://"):
                raise _bad_request("wrong file identifier/HTTP URL specified")
            if urlsplit(reference).scheme in {"http", "https"}:
                raise _bad_request("failed to get HTTP URL content")
            found = self._files.get(reference)
            if found is None:
                raise _bad_request("wrong file identifier/HTTP URL specified")
            stored = found
        markup = _validate_reply_markup(
            _param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
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
            reply_markup=_inline_markup_only(markup),
            reply_to_message_id=reply_to,
            document=document,
        )
        return self._new_bot_message(chat, message)

    def _editable_message(self, params: JSONDict) -> tuple[_Chat, BotMessage]:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat = self._chat_param(params)
        message_id = _param_int(params, "message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = chat.bot_messages.get(message_id)
        if message is None or message.deleted:
            if message_id in chat.user_messages:
                raise _bad_request("message can't be edited")
            raise _bad_request("message to edit not found")
        return chat, message

    def _apply_edit(self, chat: _Chat, old: BotMessage, **changes: Any) -> JSONDict:
        new = dataclasses.replace(old, **changes)
        if (new.text, new.entities, new.reply_markup) == (
            old.text,
            old.entities,
            old.reply_markup,
        ):
            raise _bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        new = dataclasses.replace(new, edit_date=int(time.time()), edits=old.edits + 1)
        chat.bot_messages[new.message_id] = new
        return self._message_json(new, chat)

    def _api_edit_message_text(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
        chat, message = self._editable_message(params)
        if message.document is not None:
            raise _bad_request("there is no text in the message to edit")
        source = _param_str(params, "text")
        parse_mode = _param_str(params, "parse_mode")
        text, parsed = _format_text(
            source,
            parse_mode,
            _param_json(params, "entities", "can't parse entities JSON object"),
            limit=MAX_TEXT_LENGTH,
            empty="message text is empty",
            too_long="message is too long",
        )
        markup = _validate_reply_markup(
            _param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        # An edit without reply_markup removes the inline keyboard, as on Telegram.
        return self._apply_edit(
            chat,
            message,
            text=text,
            source=source,
            parse_mode=parse_mode,
            entities=parsed,
            reply_markup=_inline_markup_only(markup),
        )

    def _api_edit_message_reply_markup(
        self, params: JSONDict, files: dict[str, _Upload]
    ) -> JSONDict:
        chat, message = self._editable_message(params)
        markup = _validate_reply_markup(
            _param_json(params, "reply_markup", "can't parse reply keyboard markup JSON object")
        )
        return self._apply_edit(chat, message, reply_markup=_inline_markup_only(markup))

    def _api_delete_message(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        chat = self._chat_param(params)
        message_id = _param_int(params, "message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = chat.bot_messages.get(message_id)
        if message is not None and not message.deleted:
            chat.bot_messages[message_id] = dataclasses.replace(message, deleted=True)
            return True
        if message_id in chat.user_messages:
            if chat.type != "private":
                raise _bad_request("message can't be deleted")
            del chat.user_messages[message_id]
            return True
        raise _bad_request("message to delete not found")

    def _pending_query(
        self, queries: dict[str, _PendingQuery], params: JSONDict, name: str
    ) -> tuple[str, _PendingQuery]:
        query_id = _param_str(params, name) or ""
        pending = queries.pop(query_id, None)
        if pending is None or time.monotonic() - pending.created > QUERY_ANSWER_SECONDS:
            raise _bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        return query_id, pending

    def _api_answer_callback_query(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        text = _param_str(params, "text")
        if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise _bad_request("MESSAGE_TOO_LONG")
        query_id, pending = self._pending_query(
            self._callback_queries, params, "callback_query_id"
        )
        self.callback_answers[query_id] = CallbackAnswer(
            query_id=query_id,
            user_id=pending.user_id,
            text=text,
            show_alert=_param_bool(params, "show_alert"),
            url=_param_str(params, "url"),
            cache_time=_param_int(params, "cache_time") or 0,
        )
        return True

    def _api_answer_inline_query(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        results = _param_json(params, "results", "can't parse inline query results JSON object")
        if not isinstance(results, list):
            raise _bad_request("results must be an Array")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            self._validate_inline_result(result, seen)
        next_offset = _param_str(params, "next_offset")
        if next_offset is not None and len(next_offset.encode("utf-8")) > MAX_INLINE_OFFSET_BYTES:
            raise _bad_request("NEXT_OFFSET_INVALID")
        button = _param_json(params, "button", "can't parse inline query button JSON object")
        query_id, pending = self._pending_query(self._inline_queries, params, "inline_query_id")
        self.inline_answers[query_id] = InlineAnswer(
            query_id=query_id,
            user_id=pending.user_id,
            query=pending.query,
            results=results,
            cache_time=_param_int(params, "cache_time"),
            is_personal=_param_bool(params, "is_personal"),
            next_offset=next_offset,
            button=button if isinstance(button, dict) else None,
        )
        return True

    @staticmethod
    def _validate_inline_result(result: Any, seen: set[str]) -> None:
        if not isinstance(result, dict) or result.get("type") not in _INLINE_RESULT_TYPES:
            raise _bad_request("can't parse InlineQueryResult JSON object")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= 64:
            raise _bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise _bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result["type"] == "article" and not result.get("title"):
            raise _bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if result["type"] == "article" and not isinstance(content, dict):
            raise _bad_request("can't parse InputMessageContent JSON object")
        if isinstance(content, dict) and "message_text" in content:
            _format_text(
                _param_str(content, "message_text"),
                _param_str(content, "parse_mode"),
                content.get("entities"),
                limit=MAX_TEXT_LENGTH,
                empty="MESSAGE_EMPTY",
                too_long="MESSAGE_TOO_LONG",
            )
        _validate_reply_markup(result.get("reply_markup"))

    def _commands_key(self, params: JSONDict) -> tuple[str, str]:
        scope = _param_json(params, "scope", "can't parse BotCommandScope JSON object")
        language = _param_str(params, "language_code") or ""
        if language and not _LANGUAGE_RE.fullmatch(language):
            raise _bad_request("invalid language code specified")
        return _scope_key(scope, self._chats), language

    def _api_set_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        commands = _param_json(params, "commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise _bad_request("commands must be an Array")
        if len(commands) > MAX_COMMANDS:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSONDict] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self._command_lists[key] = cleaned
        else:
            self._command_lists.pop(key, None)
        return True

    def _api_get_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> list[JSONDict]:
        return list(self._command_lists.get(self._commands_key(params), []))

    def _api_delete_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        self._command_lists.pop(self._commands_key(params), None)
        return True

    def _api_set_webhook(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        url = _param_str(params, "url") or ""
        if not url:
            return self._api_delete_webhook(params, files)
        if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
            raise _bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        secret = _param_str(params, "secret_token")
        if secret is not None and not _SECRET_TOKEN_RE.fullmatch(secret):
            raise _bad_request("secret token contains unallowed characters")
        allowed = _param_json(params, "allowed_updates", "can't parse allowed updates")
        if isinstance(allowed, list):
            self._set_allowed_updates(allowed)
        if _param_bool(params, "drop_pending_updates"):
            self._updates.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": _param_int(params, "max_connections") or 40,
            "allowed_updates": allowed if isinstance(allowed, list) else None,
        }
        return True

    def _api_delete_webhook(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        self._webhook = None
        if _param_bool(params, "drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_get_webhook_info(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
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

    def _api_send_chat_action(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        self._sendable_chat(params)
        if _param_str(params, "action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    def _api_get_file(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
        stored = self._files.get(_param_str(params, "file_id") or "")
        if stored is None:
            raise _bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_BYTES:
            raise _bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    def _api_get_chat(self, params: JSONDict, files: dict[str, _Upload]) -> JSONDict:
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

    def _api_ok(self, params: JSONDict, files: dict[str, _Upload]) -> bool:
        return True

    def _set_allowed_updates(self, allowed: list[Any]) -> None:
        kinds = frozenset(str(kind) for kind in allowed)
        self._allowed_updates = kinds or None

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook is not None:
            raise _ApiError(409, CONFLICT_WEBHOOK)
        offset = _param_int(params, "offset") or 0
        limit = min(100, max(1, _param_int(params, "limit") or 100))
        timeout = max(0.0, _param_float(params, "timeout") or 0.0)
        allowed = _param_json(params, "allowed_updates", "can't parse allowed updates")
        if isinstance(allowed, list):
            self._set_allowed_updates(allowed)
        self._confirm_updates(offset)
        previous = self._poller
        if previous is not None:
            previous.superseded = True
            previous.wake.set()
            self._poller = None
        if not self._updates and timeout > 0 and not self._closing:
            poller = _Poller()
            self._poller = poller
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poller.wake.wait(), timeout)
            finally:
                if self._poller is poller:
                    self._poller = None
            if poller.superseded:
                raise _ApiError(409, CONFLICT_POLLING, kind="conflict")
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


async def _serve(port: int, token: str, latency: float, rate_limits: bool) -> None:
    server = FakeBotApi(token, port=port, latency=latency, record_requests=False)
    if rate_limits:
        server.enforce_rate_limits()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        print(f"base_url={server.base_url}", flush=True)
        print(f"base_file_url={server.base_file_url}", flush=True)
        print(f"token={server.token}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fake_bot_api",
        description="Serve a strict fake Telegram Bot API on 127.0.0.1.",
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=_DEFAULT_TOKEN)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    parser.add_argument(
        "--rate-limits", action="store_true", help="answer 429 beyond Telegram's flood limits"
    )
    args = parser.parse_args(argv)
    asyncio.run(_serve(args.port, args.token, args.latency, args.rate_limits))


if __name__ == "__main__":
    main()
