"""The console's session: typed lines become updates for the real Application; who types
(``--as``), where log lines go, and the run from the first line to the last delivery."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, Literal, TextIO

from telegram import Update

from bot.app import BotApplication, build_application, running
from bot.config import Settings
from bot.console.bot_api import (
    BOT_USER,
    CONSOLE_USER_ID,
    ConsolePrinter,
    ConsoleRequest,
    html_to_text,
)
from bot.live import LiveKnowledge, Snapshot, live_knowledge_base
from bot.logs import setup_logging
from bot.roles import configured_roles
from bot.storage import Storage

_LANGUAGE_CODES: Final = {"zh-Hans": "zh-hans", "zh-Hant": "zh-hant", "en": "en"}
_COMMAND: Final = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")
QUIT_WORDS: Final = frozenset({":quit", ":q", ":exit"})


#: Who types in the console: a role, or a Telegram user id (``--as``).
ConsoleUser = Literal["admin", "secretariat"] | int
#: How long the end of piped input waits for notices still being delivered.
DELIVERY_WAIT_SECONDS: Final = 15.0


def parse_console_user(text: str) -> ConsoleUser:
    """``admin``, ``secretariat`` or a positive Telegram user id (``--as``)."""
    cleaned = text.strip().lower()
    if cleaned == "admin":
        return "admin"
    if cleaned == "secretariat":
        return "secretariat"
    if cleaned.isascii() and cleaned.isdigit() and int(cleaned) > 0:
        return int(cleaned)
    raise ValueError(f"{text!r} is not admin, secretariat or a user id")


class ConsoleSession:
    """Turns typed lines into updates for the application."""

    def __init__(
        self,
        app: BotApplication,
        printer: ConsolePrinter,
        language_code: str,
        *,
        request: ConsoleRequest | None = None,
        user_id: int = CONSOLE_USER_ID,
        first_name: str = "Delegate",
    ) -> None:
        self.app = app
        self.printer = printer
        self.request = request
        self.user_id = user_id
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}
        self._update_ids = itertools.count(1)
        self._user_message_ids = itertools.count(100000)
        self._query_ids = itertools.count(1)

    async def feed(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if text.startswith(":lang"):
            text = "/lang" + text.removeprefix(":lang")
        if text.startswith(":upload"):
            await self._upload(text.removeprefix(":upload").strip())
        elif text.isdigit() and int(text) in self.printer.choices:
            message_id, data = self.printer.choices[int(text)]
            await self._process(self._callback_update(message_id, data))
        elif text.startswith("@"):
            await self._process(self._inline_update(text.lstrip("@").strip()))
        else:
            await self._process(self._message_update(text))

    async def _upload(self, name: str) -> None:
        """Send a file as a document, as Telegram would (its declared size, then getFile)."""
        from bot.cli.common import describe_os_error, read_upload

        if not name or self.request is None:
            self.printer.note("usage: :upload FILE")
            return
        path = Path(name)
        try:
            content, size = await asyncio.to_thread(lambda: read_upload(path.expanduser()))
        except OSError as exc:
            self.printer.note(f"cannot send {describe_os_error(exc)}")
            return
        file_id = self.request.add_file(path.name, content)
        mime = "application/x-yaml" if path.suffix.lower() in (".yaml", ".yml") else None
        document: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": path.name,
            "file_size": size,
        }
        if mime is not None:
            document["mime_type"] = mime
        message: dict[str, Any] = {
            "message_id": next(self._user_message_ids),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            "document": document,
        }
        await self._process({"update_id": next(self._update_ids), "message": message})

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
                "chat_instance": str(self.user_id),
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


@dataclasses.dataclass(frozen=True, slots=True)
class _Identity:
    user_id: int
    first_name: str
    admins: frozenset[int]
    secretariat: frozenset[int]
    label: str


async def _identity(settings: Settings, as_user: ConsoleUser | None) -> _Identity:
    """Who types, and the roles the console's own configuration gives them."""
    me = CONSOLE_USER_ID
    if as_user is None:
        return _Identity(me, "Delegate", frozenset(), frozenset(), "")
    if as_user == "admin":
        return _Identity(me, "Admin", frozenset({me}), frozenset(), f"admin, user {me}")
    if as_user == "secretariat":
        label = f"secretariat, user {me}"
        return _Identity(me, "Secretariat", frozenset(), frozenset({me}), label)
    roles: set[str] = set(configured_roles(settings, as_user))
    # roles granted in the chat; reading creates nothing
    if settings.db_url is not None or settings.db_path.exists():
        async with await Storage.open(settings.database) as store:
            roles |= set(await store.roles_of(as_user))
    label = f"user {as_user}" + (f" ({', '.join(sorted(roles))})" if roles else ", no role")
    return _Identity(
        as_user,
        f"User {as_user}",
        frozenset({as_user}) if "admin" in roles else frozenset(),
        frozenset({as_user}) if "secretariat" in roles else frozenset(),
        label,
    )


def _same_stream(first: TextIO, second: TextIO) -> bool:
    """Whether two streams end in the same file, pipe or terminal (``2>&1``, a terminal)."""
    try:
        one, two = os.fstat(first.fileno()), os.fstat(second.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


@contextlib.contextmanager
def _console_logging(settings: Settings, log: str | None, out: TextIO) -> Iterator[str]:
    """Send log lines away from the transcript; yields where they go, for the banner."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    opened: TextIO | None = None
    if log == "-":
        stream, where = sys.stderr, ""
    elif log:
        opened = open(log, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        stream, where = opened, log
    elif _same_stream(out, sys.stderr):
        handle, name = tempfile.mkstemp(prefix="delegate-bot-console-", suffix=".log")
        opened = os.fdopen(handle, "a", encoding="utf-8")
        stream, where = opened, name
    else:
        stream, where = sys.stderr, ""
    setup_logging(settings.log_format, settings.log_level, stream=stream)
    try:
        yield where
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        if opened is not None:
            opened.close()


async def _wait_for_deliveries(app: BotApplication) -> None:
    """Until no notice is queued or being sent.

    The deliveries are rows the worker's tasks update in the database: there is no event to
    wait on, so this polls (ASYNC110)."""
    store = app.bot_data.store
    while store is not None and await store.has_unfinished_deliveries():  # noqa: ASYNC110
        await asyncio.sleep(0.05)


async def _run(
    settings: Settings,
    lines: Iterable[str] | None,
    out: TextIO,
    lang: str,
    as_user: ConsoleUser | None,
    log_note: str,
) -> int:
    printer = ConsolePrinter(out)
    interactive = lines is None and sys.stdin.isatty()
    echo = not interactive
    source = iter(lines) if lines is not None else _stdin_lines()
    # What the running bot serves, read before the scratch database replaces the real one.
    initial = await live_knowledge_base(settings)
    identity = await _identity(settings, as_user)
    with tempfile.TemporaryDirectory(prefix="delegate-bot-console-") as folder:
        request = ConsoleRequest(printer, Path(folder))
        kb_path = settings.kb_path
        if initial.version_id is not None and initial.yaml_text is not None:
            # The scratch database holds no versions: the live one starts it as its file.
            kb_path = Path(folder) / f"knowledge-base-v{initial.version_id}.yaml"
            kb_path.write_text(initial.yaml_text, encoding="utf-8")
        local = scratch_settings(
            settings, Path(folder), kb_path, identity.admins, identity.secretariat
        )
        knowledge = LiveKnowledge(await asyncio.to_thread(Snapshot.build_warm, initial.kb))
        app = build_application(
            local, request=request, get_updates_request=request, knowledge=knowledge
        )
        if not interactive:
            app.bot_data.flood = None  # one person's script, not a flood
        async with running(app, poll=False):
            session = ConsoleSession(
                app,
                printer,
                _LANGUAGE_CODES.get(lang, "en"),
                request=request,
                user_id=identity.user_id,
                first_name=identity.first_name,
            )
            out.write(
                "delegate-bot console: type a command (/help) or a question; a number presses"
                " a button; :upload FILE sends a file; :quit to leave.\n"
            )
            if identity.label:
                out.write(f"(acting as {identity.label})\n")
            if log_note:
                out.write(f"(log lines go to {log_note})\n")
            out.write("\n")
            while True:
                if lines is None:
                    line = await asyncio.to_thread(next, source, None)
                else:
                    line = next(source, None)
                if line is None or line.strip() in QUIT_WORDS:
                    break
                if echo and line.strip():
                    out.write(f"> {line.strip()}\n")
                await session.feed(line)
            if not interactive:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(DELIVERY_WAIT_SECONDS):
                        await _wait_for_deliveries(app)
    return 0


def run_console(
    settings: Settings,
    lines: Iterable[str] | None = None,
    out: TextIO = sys.stdout,
    lang: str = "zh-Hans",
    *,
    as_user: ConsoleUser | str | None = None,
    log: str | None = None,
) -> int:
    """Run the console until end of input (stdin when ``lines`` is None); the exit code.

    ``as_user``: who types (``admin``, ``secretariat`` or a user id; None: a delegate with no
    role). ``log``: a file for the log lines, or ``-`` for stderr (default: stderr unless it
    is the transcript's own stream, else a temporary file the banner names).
    """
    who = parse_console_user(as_user) if isinstance(as_user, str) else as_user
    try:
        with _console_logging(settings, log, out) as where:
            return asyncio.run(_run(settings, lines, out, lang, who, where))
    except KeyboardInterrupt:
        return 130


def scratch_settings(
    settings: Settings,
    folder: Path,
    kb_path: Path | None,
    admins: frozenset[int],
    secretariat: frozenset[int],
) -> Settings:
    """The console's own settings: a scratch SQLite file (never the configured database,
    SQLite or PostgreSQL), no token, no HTTP server (the running bot may hold its port)."""
    return dataclasses.replace(
        settings,
        telegram_token=None,
        db_path=folder / "console.sqlite3",
        db_url=None,
        kb_path=kb_path,
        admins=admins,
        secretariat=secretariat,
        http_port=None,
    )
