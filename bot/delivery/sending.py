"""One message of a notice: its text and link button, what a failed request means, and
recording what Telegram answered (a few sent rows at a time in one commit)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Final

import httpx
from telegram.error import NetworkError

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language, plain
from bot.storage import Doubt, Notice, Storage
from bot.transport import Keyboard

#: How long an accepted message waits for others to be recorded with it (one SQLite commit).
RECORD_DELAY: Final = 0.005
#: Transport errors after which the request cannot have reached Telegram (no connection).
_NEVER_SENT: tuple[type[BaseException], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
try:  # the bot's own transport (bot.transport) uses aiohttp when it is installed
    import aiohttp

    _NEVER_SENT += (aiohttp.ClientConnectorError,)
except ImportError:  # pragma: no cover
    pass


async def record(write: Awaitable[None]) -> None:
    """Record an outcome even if the sending task is cancelled meanwhile."""
    await asyncio.shield(write)


class SentRecorder:
    """Records sent rows together with the others sent meanwhile: one commit for up to
    ``batch`` rows, at most :data:`RECORD_DELAY` later."""

    def __init__(self, store: Storage, batch: int) -> None:
        self._store = store
        self.batch = batch
        self._rows: list[tuple[int, int, bool]] = []  # (row, message id, paid) to record
        self._recorded: asyncio.Future[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def record(self, row_id: int, message_id: int, paid: bool) -> None:
        """Record one sent row; returns once it is committed. The caller's slot is held until
        the commit, so a crash still leaves at most ``max_in_flight`` rows in doubt."""
        self._rows.append((row_id, message_id, paid))
        recorded = self._recorded
        if recorded is None:
            loop = asyncio.get_running_loop()
            recorded = self._recorded = loop.create_future()
            recorded.add_done_callback(_retrieve)
            self._timer = loop.call_later(RECORD_DELAY, self._write)
        if len(self._rows) >= self.batch:
            self._write()
        await asyncio.shield(recorded)

    def _write(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        rows, recorded = self._rows, self._recorded
        self._rows, self._recorded = [], None
        if rows and recorded is not None:
            task = asyncio.create_task(self._commit(rows, recorded))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _commit(
        self, rows: list[tuple[int, int, bool]], recorded: asyncio.Future[None]
    ) -> None:
        try:
            await self._store.record_sent_many(rows)
        except BaseException as exc:
            if not recorded.done():
                recorded.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            if not recorded.done():
                recorded.set_result(None)


def _retrieve(future: asyncio.Future[None]) -> None:
    """Mark a failed recording as seen (each sender that waited for it logged it)."""
    if not future.cancelled():
        future.exception()


def doubt_after(exc: NetworkError) -> Doubt | None:
    """Whether a failed request may nevertheless have reached Telegram."""
    cause = exc.__cause__
    if cause is None:
        return None  # Telegram answered (5xx): it did not take the message
    if isinstance(cause, _NEVER_SENT):
        return None
    return "network"


def link_markup(notice: Notice, language: str) -> Keyboard | None:
    """The notice's link button, labelled in the reader's language (None without a link), as
    :func:`bot.transport.send_html` takes it."""
    if not notice.link:
        return None
    lang: Language = DEFAULT_LANGUAGE
    for known in LANGUAGES:
        if known == language:
            lang = known
    return [[{"text": plain(lang, "notice.link_button"), "url": notice.link}]]


def message_id(message: dict[str, object]) -> int:
    """The id of the message Telegram answered with (0 when it gave none)."""
    value = message.get("message_id")
    return value if isinstance(value, int) else 0
