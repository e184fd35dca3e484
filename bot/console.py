"""``delegate-bot console``: try the bot in a terminal, with no token and no network.

The real Application runs with every handler and renderer; only the HTTP layer is replaced by
:class:`ConsoleRequest`, a ``BaseRequest`` that answers the Bot API locally (``getMe``,
``sendMessage``, ``editMessageText``, ``answerCallbackQuery``, ``setMyCommands`` …) and prints
what the bot sends as plain text. Each typed line becomes a real ``Update`` handed to
``application.process_update``:

    /res 1 49          a command, exactly as in Telegram
    数字鸿沟            any text: a search
    2                  press button [2] of the last message that had buttons
    @ 数字鸿沟          an inline query (what "@bot 数字鸿沟" offers in any chat)
    :lang en           switch language (same as /lang en);  :quit  leave

The database is a temporary file, removed on exit, so trying things changes nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import itertools
import json
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, TextIO

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import BotApplication, build_application, running
from bot.config import Settings

CONSOLE_USER_ID: Final = 1000001
BOT_USER: Final[dict[str, Any]] = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Delegate Bot",
    "username": "delegate_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
_LANGUAGE_CODES: Final = {"zh-Hans": "zh-hans", "zh-Hant": "zh-hant", "en": "en"}
_TAG: Final = re.compile(r"<[^<>]*>")
_COMMAND: Final = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")
QUIT_WORDS: Final = frozenset({":quit", ":q", ":exit"})


def html_to_text(source: str) -> str:
    """Telegram HTML as a terminal shows it: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", source))


@dataclasses.dataclass(slots=True)
class _ShownMessage:
    message_id: int
    text: str
    keyboard: list[list[dict[str, Any]]]


class ConsolePrinter:
    """Prints the bot's messages and numbers their buttons so the user can type a number."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.choices: dict[int, tuple[int, str]] = {}  # number → (message id, callback data)
        self.messages: dict[int, _ShownMessage] = {}

    def show(self, message: _ShownMessage, *, edited: bool = False) -> None:
        self.messages[message.message_id] = message
        lines = []
        if edited:
            lines.append(f"~ (message {message.message_id} updated)")
        lines.append(html_to_text(message.text))
        if message.keyboard:
            self.choices = {}
            counter = itertools.count(1)
            for row in message.keyboard:
                cells = []
                for button in row:
                    data = button.get("callback_data")
                    if data is None:
                        continue
                    number = next(counter)
                    self.choices[number] = (message.message_id, str(data))
                    cells.append(f"[{number}] {button.get('text', '')}")
                if cells:
                    lines.append("  " + "  ".join(cells))
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()

    def note(self, text: str) -> None:
        self.out.write(f"  » {text}\n\n")
        self.out.flush()

    def inline_results(self, results: list[dict[str, Any]]) -> None:
        if not results:
            self.note("(no inline results)")
            return
        lines = [f"  inline: {len(results)} result(s)"]
        for result in results[:10]:
            lines.append(f"  · {result.get('title', '')} — {result.get('description', '')}")
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()


class ConsoleRequest(BaseRequest):
    """Answers the Bot API in-process: nothing leaves the machine."""

    def __init__(self, printer: ConsolePrinter) -> None:
        self._printer = printer
        self._message_ids = itertools.count(1)

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
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        result = self.answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode("utf-8")

    def answer(self, api_method: str, params: dict[str, Any]) -> Any:
        name = api_method.lower()
        if name == "getme":
            return BOT_USER
        if name == "getupdates":
            return []
        if name == "sendmessage":
            message = _ShownMessage(
                next(self._message_ids), str(params.get("text", "")), _keyboard(params)
            )
            self._printer.show(message)
            return self._message_json(message, params)
        if name == "editmessagetext":
            message_id = int(params.get("message_id", 0))
            message = _ShownMessage(message_id, str(params.get("text", "")), _keyboard(params))
            self._printer.show(message, edited=True)
            return self._message_json(message, params)
        if name == "answercallbackquery":
            if params.get("text"):
                self._printer.note(str(params["text"]))
            return True
        if name == "answerinlinequery":
            results = params.get("results")
            self._printer.inline_results(results if isinstance(results, list) else [])
            return True
        # setMyCommands, deleteWebhook, sendChatAction, close, logOut …
        return True

    @staticmethod
    def _message_json(message: _ShownMessage, params: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": {"id": int(params.get("chat_id", CONSOLE_USER_ID)), "type": "private"},
            "from": BOT_USER,
            "text": html_to_text(message.text),
        }
        if message.keyboard:
            data["reply_markup"] = {"inline_keyboard": message.keyboard}
        return data


def _keyboard(params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if isinstance(markup, dict):
        rows = markup.get("inline_keyboard")
        if isinstance(rows, list):
            return [list(row) for row in rows]
    return []


class ConsoleSession:
    """Turns typed lines into updates for the application."""

    def __init__(self, app: BotApplication, printer: ConsolePrinter, language_code: str) -> None:
        self.app = app
        self.printer = printer
        self.user = {
            "id": CONSOLE_USER_ID,
            "is_bot": False,
            "first_name": "Delegate",
            "language_code": language_code,
        }
        self.chat = {"id": CONSOLE_USER_ID, "type": "private", "first_name": "Delegate"}
        self._update_ids = itertools.count(1)
        self._user_message_ids = itertools.count(100000)
        self._query_ids = itertools.count(1)

    async def feed(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if text.startswith(":lang"):
            text = "/lang" + text.removeprefix(":lang")
        if text.isdigit() and int(text) in self.printer.choices:
            message_id, data = self.printer.choices[int(text)]
            await self._process(self._callback_update(message_id, data))
        elif text.startswith("@"):
            await self._process(self._inline_update(text.lstrip("@").strip()))
        else:
            await self._process(self._message_update(text))

    async def _process(self, data: dict[str, Any]) -> None:
        update = Update.de_json(data, self.app.bot)
        await self.app.process_update(update)

    def _message_update(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._user_message_ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            "text": text,
        }
        command = _COMMAND.match(text)
        if command is not None:
            length = len(command.group().encode("utf-16-le")) // 2
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": message}

    def _callback_update(self, message_id: int, data: str) -> dict[str, Any]:
        shown = self.printer.messages.get(message_id)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self.chat,
            "from": BOT_USER,
            "text": html_to_text(shown.text) if shown else "",
        }
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._query_ids)),
                "from": self.user,
                "chat_instance": str(CONSOLE_USER_ID),
                "data": data,
                "message": message,
            },
        }

    def _inline_update(self, query: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "inline_query": {
                "id": str(next(self._query_ids)),
                "from": self.user,
                "query": query[:256],
                "offset": "",
                "chat_type": "sender",
            },
        }


def _stdin_lines() -> Iterator[str]:
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            sys.stdout.write("> ")
            sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return
        yield line


async def _run(settings: Settings, lines: Iterable[str] | None, out: TextIO, lang: str) -> int:
    printer = ConsolePrinter(out)
    request = ConsoleRequest(printer)
    echo = lines is not None
    source = iter(lines) if lines is not None else _stdin_lines()
    with tempfile.TemporaryDirectory(prefix="delegate-bot-console-") as folder:
        local = dataclasses.replace(
            settings,
            telegram_token=None,
            db_path=Path(folder) / "console.sqlite3",
            admins=frozenset(),
            http_port=None,  # a local session: the running bot may hold that port
        )
        app = build_application(local, request=request, get_updates_request=request)
        async with running(app, poll=False):
            session = ConsoleSession(app, printer, _LANGUAGE_CODES.get(lang, "en"))
            out.write(
                "delegate-bot console: type a command (/help) or a question; a number presses"
                " a button; :quit to leave.\n\n"
            )
            while True:
                line = (
                    await asyncio.to_thread(next, source, None) if not echo else next(source, None)
                )
                if line is None or line.strip() in QUIT_WORDS:
                    break
                if echo and line.strip():
                    out.write(f"> {line.strip()}\n")
                await session.feed(line)
    return 0


def run_console(
    settings: Settings,
    lines: Iterable[str] | None = None,
    out: TextIO = sys.stdout,
    lang: str = "zh-Hans",
) -> int:
    """Run the console until end of input (stdin when ``lines`` is None); the exit code."""
    try:
        return asyncio.run(_run(settings, lines, out, lang))
    except KeyboardInterrupt:
        return 130
