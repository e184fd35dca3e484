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
their answers out of order; it also logs one line per handled update.

While the bot runs on Telegram, a repeating job writes the heartbeat file after each
successful ``getMe`` (:class:`HeartbeatJob`), which ``delegate-bot health`` reads.

Metrics (:mod:`bot.metrics`) are collected in every mode; with ``DELEGATE_BOT_HTTP_PORT`` set,
the bot's own HTTP server (:mod:`bot.http_server`: ``/metrics``, ``/healthz``, ``/readyz`` and
the notices API) opens with the other resources and closes before the database does.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import inspect
import logging
import os
import time
import urllib.parse
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any, Final

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CommandHandler,
    Defaults,
)
from telegram.request import BaseRequest

import handlers
from bot.config import FREE_SEND_RATE, ConfigError, Settings
from bot.health import HEALTH_MAX_AGE, Heartbeat, check_health, write_heartbeat
from bot.http_api import NoticesApi
from bot.http_server import HttpServer
from bot.i18n import check_catalogue
from bot.insights import Insights
from bot.kbadmin import KbAdmin
from bot.live import LiveKnowledge, Snapshot, live_knowledge_base
from bot.logs import setup_logging
from bot.metrics import Metrics
from bot.notices.service import start_notice_service
from bot.profiles import Profiles
from bot.ratelimit import FloodGate, FloodPolicy
from bot.storage import Storage
from bot.transport import make_request
from handlers.commands import publish_commands, publish_staff_menus
from handlers.context import CONTEXT_TYPES, BotData
from handlers.notices import progress_renderer
from knowledge.codec import dump_yaml
from knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)
#: One INFO line per handled update (never the message text; DEBUG adds it).
update_log = logging.getLogger("bot.updates")

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
#: How often the heartbeat job asks ``getMe``; ``delegate-bot health --max-age`` is 180 s.
HEARTBEAT_SECONDS: Final = 30.0
#: The heartbeat's own bound on ``getMe``, so a hanging call cannot hold up a stop.
HEARTBEAT_TIMEOUT_SECONDS: Final = 5.0
#: How long ``post_stop`` waits for notice deliveries in flight: docker sends SIGKILL 10 s
#: after SIGTERM, and what is cut short is flagged and resumed at the next start.
STOP_GRACE_SECONDS: Final = 6.0

BotApplication = Application[Any, Any, Any, Any, BotData, Any]
_HTTP_KEY: Final = "http"


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across users, sequential for each user (or chat, when there is no user).

    Each update waits only for the previous update of the same sender. The ticket is taken
    synchronously when the update arrives, so arrival order is the processing order. The base
    class's semaphore is set so high that it never makes an update wait (waiting there could
    let a later update of the same user overtake); concurrency is bounded by our own semaphore,
    which an update only enters once it is its sender's turn.
    """

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        metrics: Metrics | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates=1 << 20)
        self._limit = asyncio.Semaphore(max_concurrent_updates)
        self._concurrency = max_concurrent_updates
        self._tails: dict[int | str, asyncio.Future[None]] = {}
        self._metrics = metrics

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
        started = time.perf_counter()
        try:
            await self._in_turn(update, coroutine)
        finally:
            elapsed = time.perf_counter() - started
            log_update(update, elapsed)
            if self._metrics is not None and isinstance(update, Update):
                self._metrics.update_handled(update_kind(update), elapsed)

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
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


def update_kind(update: Update) -> str:
    """What an update asks for, for the log: the command word, or text/callback/inline/…."""
    if update.callback_query is not None:
        return "callback"
    if update.inline_query is not None:
        return "inline"
    if update.my_chat_member is not None:
        return "member"
    message = update.effective_message
    if message is None:
        return "other"
    if message.document is not None:
        return "document"
    text = message.text or ""
    if text.startswith("/"):
        word = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        return word.split("@", 1)[0].lower() or "text"
    return "text"


def log_update(update: object, elapsed_seconds: float) -> None:
    """One INFO line per handled update, with the fields of ``bot.logs.FIELDS``."""
    if not isinstance(update, Update):
        return
    user, chat = update.effective_user, update.effective_chat
    fields: dict[str, object] = {
        "update_id": update.update_id,
        "user_id": user.id if user is not None else None,
        "chat_id": chat.id if chat is not None else None,
        "command": update_kind(update),
        "latency_ms": round(elapsed_seconds * 1000, 1),
    }
    update_log.info("update handled", extra=fields)
    if update_log.isEnabledFor(logging.DEBUG):
        message = update.effective_message
        query = update.inline_query
        text = message.text if message is not None else query.query if query else None
        update_log.debug("update text: %r", text, extra={"update_id": update.update_id})


class HeartbeatJob:
    """The repeating job that proves the bot can reach the Bot API.

    After each successful ``getMe`` it writes :class:`~bot.health.Heartbeat` with the live
    knowledge base's fingerprint; a failure is logged and leaves the old file, so the health
    check turns unhealthy once it is older than ``--max-age``. The fingerprint (SHA-256 of the
    knowledge base's YAML) is computed once per knowledge base, in a worker thread.
    """

    NAME: Final = "heartbeat"

    def __init__(self, health_file: Path) -> None:
        self._path = health_file
        self._kb: KnowledgeBase | None = None
        self._fingerprint = ("", 0)

    async def __call__(self, context: Any) -> None:
        app: BotApplication = context.application
        try:
            await app.bot.get_me(
                read_timeout=HEARTBEAT_TIMEOUT_SECONDS,
                connect_timeout=HEARTBEAT_TIMEOUT_SECONDS,
                write_timeout=HEARTBEAT_TIMEOUT_SECONDS,
                pool_timeout=HEARTBEAT_TIMEOUT_SECONDS,
            )
        except TelegramError as exc:
            log.warning("heartbeat: getMe failed (%s); health file left as it was", exc)
            return
        live = app.bot_data.live
        if live is None:
            return
        sha256, records = await self._fingerprint_of(live.kb)
        beat = Heartbeat(
            api_ok_at=dt.datetime.now(dt.UTC),
            kb_sha256=sha256,
            kb_records=records,
            pid=os.getpid(),
        )
        try:
            await asyncio.to_thread(write_heartbeat, self._path, beat)
        except OSError as exc:
            log.warning("heartbeat: cannot write %s: %s", self._path, exc)

    async def _fingerprint_of(self, kb: KnowledgeBase) -> tuple[str, int]:
        if kb is not self._kb:
            self._fingerprint = await asyncio.to_thread(_fingerprint, kb)
            self._kb = kb
        return self._fingerprint


def _fingerprint(kb: KnowledgeBase) -> tuple[str, int]:
    digest = hashlib.sha256(dump_yaml(kb).encode("utf-8")).hexdigest()
    return digest, sum(1 for _ in kb.records())


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
    check_catalogue()  # a broken catalogue file stops the start, naming the file, line and key
    metrics = Metrics()
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
        .concurrent_updates(PerUserUpdateProcessor(metrics=metrics))
        .post_init(open_resources)
        .post_shutdown(close_resources)
        # while the bot can still send: in-flight notice deliveries finish and are recorded
        .post_stop(stop_within_grace)
    )
    builder = builder.request(
        request if request is not None else make_request(observe=metrics.api_call)
    )
    builder = builder.get_updates_request(
        get_updates_request
        if get_updates_request is not None
        else make_request(for_updates=True, observe=metrics.api_call)
    )
    app: BotApplication = builder.build()
    data = app.bot_data
    data.settings = settings
    data.live = knowledge
    data.flood = FloodGate(flood)
    data.metrics = metrics
    handlers.register(app)
    metrics.know_commands(
        command
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    )
    return app


async def open_resources(app: BotApplication) -> None:
    """``post_init``: open the database, load the knowledge base, publish the command menus."""
    data = app.bot_data
    settings = data.settings
    if settings is None:
        raise RuntimeError("build the application with build_application()")
    data.store = await Storage.open(settings.database)
    live_version: int | None = None
    if data.live is None:
        # The latest version an admin activated, else the configured or bundled file.
        initial = await live_knowledge_base(settings, data.store)
        live_version = initial.version_id
        data.live = LiveKnowledge(await asyncio.to_thread(Snapshot.build, initial.kb))
        data.live.warm_up_soon()
    # Uploads and rollbacks; it also picks up versions activated from the command line.
    data.kb_admin = KbAdmin(settings, data.store, data.live, live_version=live_version)
    data.kb_admin.start_watching()
    data.profiles = Profiles(data.store)
    data.insights = Insights(settings, data.store)
    await data.insights.start()  # prunes what is past the retention; writes in batches
    if settings.send_rate > FREE_SEND_RATE and not settings.paid_broadcast:
        log.warning(
            "DELEGATE_BOT_SEND_RATE=%g is above Telegram's ~30/s broadcast limit: expect flood"
            " control pauses, or set DELEGATE_BOT_PAID_BROADCAST=on",
            settings.send_rate,
        )
    # reminders in step with the KB; delivery worker; progress reports
    data.notices = await start_notice_service(
        app.bot,
        data.store,
        settings,
        data.live,
        render=progress_renderer(settings),
        on_sent=data.metrics.notice_sent if data.metrics is not None else None,
    )
    await publish_commands(app.bot)
    await publish_staff_menus(app.bot, data.store, settings)  # longer menus for staff
    await start_heartbeat(app)
    await start_http_server(app)
    log.info("ready as @%s", app.bot.username)


async def start_http_server(app: BotApplication) -> HttpServer | None:
    """The bot's own HTTP server, when ``DELEGATE_BOT_HTTP_PORT`` is set (see
    :mod:`bot.http_server`); kept in ``bot_data.extras["http"]``."""
    data = app.bot_data
    settings, store, live, metrics = data.settings, data.store, data.live, data.metrics
    if settings is None or settings.http_port is None or metrics is None:
        return None
    if store is None or live is None:
        raise RuntimeError("open the storage and the knowledge base first")
    records = _RecordCount()

    async def refresh() -> None:
        version = data.kb_admin.live_version if data.kb_admin is not None else None
        kb = data.live.kb if data.live is not None else None
        await metrics.refresh(data.store, kb_version=version, kb_records=records.of(kb))

    async def readiness() -> tuple[bool, list[str]]:
        ok, lines = await asyncio.to_thread(
            check_health, settings.database, settings.health_file, max_age=HEALTH_MAX_AGE
        )
        if data.store is None:
            return False, ["database: not open in this process", *lines]
        return ok, lines

    api = NoticesApi(settings, store, live, wake_sender=lambda: wake_notice_sender(app))
    server = HttpServer(
        metrics,
        host=settings.http_listen,
        port=settings.http_port,
        refresh=refresh,
        readiness=readiness,
        api=api,
    )
    try:
        await server.start()
    except OSError as exc:
        raise ConfigError(
            "DELEGATE_BOT_HTTP_PORT",
            f"cannot listen on {settings.http_listen}:{settings.http_port}"
            f" ({exc.strerror or exc})",
        ) from None
    data.extras[_HTTP_KEY] = server
    return server


class _RecordCount:
    """Records of a knowledge base, counted once per knowledge base."""

    def __init__(self) -> None:
        self._kb: KnowledgeBase | None = None
        self._count = 0

    def of(self, kb: KnowledgeBase | None) -> int:
        if kb is None:
            return 0
        if kb is not self._kb:
            self._kb, self._count = kb, sum(1 for _ in kb.records())
        return self._count


async def start_heartbeat(app: BotApplication) -> None:
    """Schedule :class:`HeartbeatJob` every :data:`HEARTBEAT_SECONDS` and run it once now.

    (APScheduler cannot start a repeating job "now", hence the direct first run.) Not for an
    application without a token: that is the console, whose Bot API is answered in-process,
    and whose heartbeat would claim that a bot is reachable when none runs.
    """
    settings = app.bot_data.settings
    if settings is None or settings.telegram_token is None:
        return
    if app.job_queue is None:
        log.warning("no job queue (python-telegram-bot[job-queue]): no heartbeat is written")
        return
    job = app.job_queue.run_repeating(
        HeartbeatJob(settings.health_file), interval=HEARTBEAT_SECONDS, name=HeartbeatJob.NAME
    )
    await job.run(app)


def wake_notice_sender(app: BotApplication) -> None:
    """Something was queued elsewhere (the notices API): deliver now, not at the next poll."""
    if app.bot_data.notices is not None:
        app.bot_data.notices.wake()


async def stop_notice_service(app: BotApplication) -> None:
    """``post_stop`` (and again, harmlessly, in ``post_shutdown``): stop claiming, let the
    sends in flight finish and be recorded, show the reports once more."""
    service, app.bot_data.notices = app.bot_data.notices, None
    if service is not None:
        await service.stop()


async def stop_within_grace(app: BotApplication) -> None:
    """``post_stop``: stop the notice service, waiting at most :data:`STOP_GRACE_SECONDS`."""
    try:
        await asyncio.wait_for(stop_notice_service(app), STOP_GRACE_SECONDS)
    except TimeoutError:
        log.warning(
            "notice deliveries still running after %.0f s: cut short (resumed at next start)",
            STOP_GRACE_SECONDS,
        )


async def close_resources(app: BotApplication) -> None:
    """``post_shutdown``: close what ``open_resources`` opened."""
    data = app.bot_data
    server = data.extras.pop(_HTTP_KEY, None)
    if isinstance(server, HttpServer):
        await server.stop()  # before the database it reads closes
    await stop_notice_service(app)  # already stopped in post_stop; harmless again
    if data.kb_admin is not None:
        await data.kb_admin.stop_watching()  # before the store it polls closes
        data.kb_admin = None
    if data.insights is not None:
        await data.insights.stop()  # the questions still waiting, before the store closes
        data.insights = None
    if data.store is not None:
        await data.store.close()
        data.store = None
    data.profiles = None
    if data.live is not None:
        await data.live.close()


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


def webhook_path(url: str) -> str:
    """The path the webhook server answers on: that of the public URL, without the slash."""
    return urllib.parse.urlsplit(url).path.strip("/")


def run_bot(settings: Settings, *, webhook: bool | None = None) -> None:
    """Run until SIGINT/SIGTERM (``delegate-bot run``): a webhook server when
    ``DELEGATE_BOT_WEBHOOK_URL`` is set, else polling. ``webhook=True`` demands the webhook
    (``ConfigError`` naming the variable when it is not set).

    python-telegram-bot's webhook server refuses, with 403, every request whose
    ``X-Telegram-Bot-Api-Secret-Token`` header is missing or wrong.
    """
    use_webhook = settings.uses_webhook if webhook is None else webhook
    if use_webhook and settings.webhook_url is None:
        raise ConfigError("DELEGATE_BOT_WEBHOOK_URL", "is not set (run --webhook needs it)")
    setup_logging(settings.log_format, settings.log_level)
    app = build_application(settings)
    if use_webhook and settings.webhook_url is not None:
        log.info("webhook on %s:%d", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=webhook_path(settings.webhook_url),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    else:
        app.run_polling(
            poll_interval=0.0,
            timeout=POLL_TIMEOUT_SECONDS,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )


def run_worker(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM (``delegate-bot worker``): take no updates, only deliver the
    queued notices and run the schedules (scheduled notices, reminders). Several may run beside
    any number of ``run --webhook`` processes on one PostgreSQL database."""
    setup_logging(settings.log_format, settings.log_level)
    app = build_application(settings)

    async def work() -> None:
        import signal

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        async with running(app, poll=False):
            log.info("worker: delivering notices and running the schedules")
            await stop.wait()
        log.info("worker: stopped")

    asyncio.run(work())
