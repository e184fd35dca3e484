"""The console's Telegram: :class:`ConsoleRequest` answers the Bot API in-process (``getMe``,
``sendMessage``, ``editMessageText``, ``answerCallbackQuery``, ``getFile``, ``sendDocument``
…) and :class:`ConsolePrinter` prints what the bot sends as plain text, numbering its buttons
so the user can press one by typing its number."""

from __future__ import annotations

import dataclasses
import html
import itertools
import json
import re
import time
from pathlib import Path
from typing import IO, Any, Final, TextIO

from telegram.request import BaseRequest, RequestData

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
_TAG: Final = re.compile(r"<[^<>]*>")
# Struck-through and underlined text (a diff's deletions and insertions) stay visible.
_MARKS: Final = {"<del>": "[-", "</del>": "-]", "<ins>": "{+", "</ins>": "+}"}
_MARK: Final = re.compile("|".join(re.escape(tag) for tag in _MARKS))


def html_to_text(source: str) -> str:
    """Telegram HTML as a terminal shows it: tags removed (deletions and insertions marked
    ``[-…-]`` and ``{+…+}``), entities decoded."""
    marked = _MARK.sub(lambda match: _MARKS[match.group()], source)
    return html.unescape(_TAG.sub("", marked))


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
                        if button.get("url"):
                            cells.append(f"[↗ {button.get('text', '')}] {button['url']}")
                        continue
                    number = next(counter)
                    self.choices[number] = (message.message_id, str(data))
                    cells.append(f"[{number}] {button.get('text', '')}")
                if cells:
                    lines.append("  " + "  ".join(cells))
        self.out.write("\n".join(lines) + "\n\n")
        self.out.flush()

    def document(self, name: str, size: int, path: Path | None, caption: str) -> None:
        where = f" saved as {path}" if path is not None else ""
        lines = [f"📎 {name} ({size:,} bytes){where}"]
        if caption:
            lines.append(html_to_text(caption))
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

    def __init__(self, printer: ConsolePrinter, folder: Path | None = None) -> None:
        self._printer = printer
        self._message_ids = itertools.count(1)
        self._folder = folder  # where documents the bot sends are saved (None: not saved)
        self._files: dict[str, tuple[str, bytes]] = {}  # file id → (file path, content)

    def add_file(self, name: str, content: bytes) -> str:
        """Offer ``content`` for ``getFile`` and download; its file id."""
        file_id = f"console-file-{len(self._files) + 1}"
        self._files[file_id] = (f"documents/{file_id}/{name}", content)
        return file_id

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
        for file_path, content in self._files.values():
            if method == "GET" and url.endswith("/" + file_path):
                return 200, content  # a file download
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        if api_method.lower() == "senddocument" and request_data is not None:
            result = self._document(params, request_data.multipart_data)
        else:
            result = self.answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode("utf-8")

    def _document(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes | IO[bytes], str]]
    ) -> dict[str, Any]:
        name, content = "document", b""
        for file_name, payload, _ in files.values():
            name = Path(file_name or "document").name
            content = payload if isinstance(payload, bytes) else payload.read()
            break
        saved = None
        if self._folder is not None:
            saved = self._folder / "received" / name
            saved.parent.mkdir(parents=True, exist_ok=True)
            for number in itertools.count(2):
                if not saved.exists():
                    break
                saved = saved.with_name(f"{Path(name).stem}-{number}{Path(name).suffix}")
            saved.write_bytes(content)
        caption = str(params.get("caption") or "")
        message = _ShownMessage(next(self._message_ids), caption, _keyboard(params))
        if message.keyboard:
            self._printer.show(message)  # the caption with its buttons (a calendar's)
            self._printer.document(name, len(content), saved, "")
        else:
            self._printer.document(name, len(content), saved, caption)
        data = self._message_json(message, params)
        data.pop("text", None)
        data["caption"] = html_to_text(caption)
        data["document"] = {"file_id": f"sent-{message.message_id}", "file_name": name}
        data["document"]["file_unique_id"] = data["document"]["file_id"]
        return data

    def answer(self, api_method: str, params: dict[str, Any]) -> Any:
        name = api_method.lower()
        if name == "getme":
            return BOT_USER
        if name == "getupdates":
            return []
        if name == "getfile":
            file_id = str(params.get("file_id", ""))
            file_path, content = self._files.get(file_id, ("", b""))
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(content),
                "file_path": file_path,
            }
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
