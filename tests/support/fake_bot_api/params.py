"""Reading a request's parameters, and checking them, the way Telegram does."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from tests.support.fake_bot_api.formatting import (
    EntityParseError,
    parse_html,
    parse_markdown_v2,
    strip_text,
)
from tests.support.fake_bot_api.values import (
    MAX_INLINE_BUTTONS,
    MAX_INLINE_BUTTONS_PER_ROW,
    PARSE_ERROR_PREFIX,
    ApiError,
    Chat,
    JSONDict,
    Upload,
    bad_request,
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


def param_str(params: Mapping[str, Any], name: str) -> str | None:
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


def param_int(params: Mapping[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise bad_request(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise bad_request(f"invalid {name} specified") from None


def param_float(params: Mapping[str, Any], name: str) -> float | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def param_bool(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in {"true", "1"}


def param_json(params: Mapping[str, Any], name: str, error: str) -> Any:
    """An object parameter: native in a JSON body, JSON text in a form."""
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error) from None
    return value


def chat_id_of(params: Mapping[str, Any]) -> int | None:
    """The target chat for bookkeeping; never raises (validation happens later)."""
    value = params.get("chat_id")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
    return None


def recordable(params: Mapping[str, Any], files: Mapping[str, Upload]) -> JSONDict:
    recorded = dict(params)
    for name, upload in files.items():
        recorded[name] = {"file_name": upload.filename, "size": len(upload.data)}
    return recorded


def validate_reply_markup(markup: Any) -> JSONDict | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS or any(
            len(row) > MAX_INLINE_BUTTONS_PER_ROW for row in rows
        ):
            raise bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return markup
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
            )
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        scheme = urlsplit(url).scheme if isinstance(url, str) else ""
        if scheme not in {"http", "https", "tg"}:
            raise bad_request("BUTTON_URL_INVALID")


def inline_markup_only(markup: JSONDict | None) -> JSONDict | None:
    """Messages carry only inline keyboards; reply keyboards belong to the chat."""
    if markup is not None and "inline_keyboard" in markup:
        return markup
    return None


def format_text(
    source: str | None,
    parse_mode: str | None,
    entities: Any,
    *,
    limit: int,
    empty: str,
    too_long: str,
) -> tuple[str, list[JSONDict]]:
    if source is None or source == "":
        raise bad_request(empty)
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
            raise bad_request("unsupported parse_mode")
    except EntityParseError as exc:
        raise ApiError(400, f"{PARSE_ERROR_PREFIX}{exc}") from None
    text, parsed = strip_text(text, parsed)
    if not text:
        raise bad_request(empty)
    if len(text) > limit:
        raise bad_request(too_long)
    return text, parsed


def scope_key(scope: Any, chats: Mapping[int, Chat]) -> str:
    """A readable key for a BotCommandScope.

    ``default``, ``all_private_chats``, ``chat:-100123``, ``chat_member:-100123:42`` …
    """
    if scope is None:
        return "default"
    if not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind in {"chat", "chat_administrators", "chat_member"}:
        chat_id = param_int(scope, "chat_id")
        # a private chat is invisible to the bot until its user has written to it
        chat = chats.get(chat_id) if chat_id is not None else None
        if chat is None or (chat.type == "private" and not chat.started):
            raise bad_request("chat not found")
        if kind == "chat_member":
            user_id = param_int(scope, "user_id")
            if user_id is None:
                raise bad_request("user not found")
            return f"{kind}:{chat_id}:{user_id}"
        return f"{kind}:{chat_id}"
    return str(kind)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname
    return host in {"127.0.0.1", "localhost", "::1"}
