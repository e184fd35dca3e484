"""The composition root: builds the python-telegram-bot Application and runs it.

    app = build_application(settings)            # handlers registered, nothing opened yet
    async with running(app):                     # initialize, open resources, poll, start
        ...
    run_bot(settings)                            # the same, blocking, for ``delegate-bot run``

Resources (the database, the knowledge base and its index, the profile cache, flood control)
open in ``post_init`` and close in ``post_shutdown``. ``run_polling`` calls those hooks itself;
:func:`running` and the console call them the same way, so every entry point shares one path.

Updates are handled concurrently across users and in order for each user
(:class:`PerUserUpdateProcessor`), so nobody waits behind a slow neighbour and nobody gets
their answers out of order.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable
from typing import Any, Final

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, BaseUpdateProcessor, Defaults
from telegram.request import BaseRequest

import handlers
from bot.config import Settings
from bot.kbadmin import KbAdmin
from bot.live import LiveKnowledge, Snapshot, load_initial_knowledge
from bot.profiles import Profiles
from bot.ratelimit import FloodGate, FloodPolicy
from bot.storage import Storage
from bot.transport import make_request
from handlers.commands import publish_commands
from handlers.context import CONTEXT_TYPES, BotData
from handlers.notices import start_notice_service, stop_notice_service

log = logging.getLogger(__name__)

#: A syntactically valid token for runs that never reach Telegram (console, tests).
OFFLINE_TOKEN: Final = "123456789:offline-console-token-not-used-anywhere-0000"
#: Updates handled at the same time (across users); one user's updates never overlap.
MAX_CONCURRENT_UPDATES: Final = 256
#: Updates asked for when polling (what the handlers use).
ALLOWED_UPDATES: Final = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
    Update.MY_CHAT_MEMBER,
]
POLL_TIMEOUT_SECONDS: Final = 10

BotApplication = Application[Any, Any, Any, Any, BotData, Any]


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across users, sequential for each user (or chat, when there is no user).

    Each update waits only for the previous update of the same sender. The ticket is taken
    synchronously when the update arrives, so arrival order is the processing order. The base
    class's semaphore is set so high that it never makes an update wait (waiting there could
    let a later update of the same user overtake); concurrency is bounded by our own semaphore,
    which an update only enters once it is its sender's turn.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates=1 << 20)
        self._limit = asyncio.Semaphore(max_concurrent_updates)
        self._concurrency = max_concurrent_updates
        self._tails: dict[int | str, asyncio.Future[None]] = {}

    @property
    def concurrency(self) -> int:
        return self._concurrency

    @staticmethod
    def key_of(update: object) -> int | str | None:
        if isinstance(update, Update):
            if update.effective_user is not None:
                return update.effective_user.id
            if update.effective_chat is not None:
                return f"chat:{update.effective_chat.id}"
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self.key_of(update)
        if key is None:
            async with self._limit:
                await coroutine
            return
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await previous
            async with self._limit:
                await coroutine
        finally:
            if not mine.done():
                mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]
            if inspect.iscoroutine(coroutine) and (
                inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
            ):
                coroutine.close()  # never started (cancelled while waiting): no warning

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pending = list(self._tails.values())
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    knowledge: LiveKnowledge | None = None,
    flood: FloodPolicy | None = None,
) -> BotApplication:
    """The Application with every handler registered; resources open in ``post_init``.

    ``request``/``get_updates_request`` replace the HTTP layer (the console answers locally);
    ``knowledge`` hands in an already loaded knowledge base (tests share one); ``flood``
    overrides the per-user flood policy.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token or OFFLINE_TOKEN)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .context_types(CONTEXT_TYPES)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(PerUserUpdateProcessor())
        .post_init(open_resources)
        .post_shutdown(close_resources)
        # while the bot can still send: in-flight notice deliveries finish and are recorded
        .post_stop(stop_notice_service)
    )
    builder = builder.request(request if request is not None else make_request())
    builder = builder.get_updates_request(
        get_updates_request if get_updates_request is not None else make_request(for_updates=True)
    )
    app: BotApplication = builder.build()
    data = app.bot_data
    data.settings = settings
    data.live = knowledge
    data.flood = FloodGate(flood)
    handlers.register(app)
    return app


async def open_resources(app: BotApplication) -> None:
    """``post_init``: open the database, load the knowledge base, publish the command menus."""
    data = app.bot_data
    settings = data.settings
    if settings is None:
        raise RuntimeError("build the application with build_application()")
    data.store = await Storage.open(settings.db_path)
    live_version: int | None = None
    if data.live is None:
        # The latest version an admin activated, else the configured or bundled file.
        initial = await load_initial_knowledge(settings, data.store)
        live_version = initial.version_id
        data.live = LiveKnowledge(await asyncio.to_thread(Snapshot.build, initial.kb))
    # Uploads and rollbacks; it also picks up versions activated from the command line.
    data.kb_admin = KbAdmin(settings, data.store, data.live, live_version=live_version)
    data.kb_admin.start_watching()
    data.profiles = Profiles(data.store)
    await start_notice_service(app)  # reminders in step with the KB; delivery worker
    await publish_commands(app.bot)
    log.info("ready as @%s", app.bot.username)


async def close_resources(app: BotApplication) -> None:
    """``post_shutdown``: close what ``open_resources`` opened."""
    data = app.bot_data
    await stop_notice_service(app)  # already stopped in post_stop; harmless again
    if data.kb_admin is not None:
        await data.kb_admin.stop_watching()  # before the store it polls closes
        data.kb_admin = None
    if data.store is not None:
        await data.store.close()
        data.store = None
    data.profiles = None


@contextlib.asynccontextmanager
async def running(app: BotApplication, *, poll: bool = True) -> AsyncIterator[BotApplication]:
    """Run the application inside an ``async with`` (tests, benchmarks, embedding).

    The same sequence as ``run_polling``: initialize, ``post_init``, start polling, start; and
    on the way out stop polling, stop, shutdown, ``post_shutdown``.
    """
    await app.initialize()
    try:
        await open_resources(app)
        if poll and app.updater is not None:
            await app.updater.start_polling(
                poll_interval=0.0,
                timeout=POLL_TIMEOUT_SECONDS,
                allowed_updates=ALLOWED_UPDATES,
            )
        await app.start()
        try:
            yield app
        finally:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await stop_notice_service(app)  # what post_stop does under run_polling
    finally:
        await app.shutdown()
        await close_resources(app)


def run_bot(settings: Settings) -> None:
    """Poll Telegram until interrupted (``delegate-bot run``)."""
    app = build_application(settings)
    app.run_polling(
        poll_interval=0.0,
        timeout=POLL_TIMEOUT_SECONDS,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )
