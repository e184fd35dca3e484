"""The notice service: the delivery worker and the progress reports, for the bot's whole life.

:func:`start_notice_service` (from ``post_init``) brings the reminders in step with the
knowledge base and starts the delivery worker (:mod:`bot.delivery`) and the
:class:`ProgressReporter`; :meth:`NoticeService.stop` (from ``post_stop``, while the bot can
still send) stops them. The composition root keeps the service in ``BotData.notices`` and hands
in how a progress message looks (a :data:`ProgressRenderer`), so this module knows nothing of
the handlers that draw it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.config import Settings
from bot.delivery import DeliveryWorker
from bot.live import LiveKnowledge
from bot.notices.reminders import sync_reminders
from bot.notices.reports import NoticeReport, notice_report
from bot.storage import FINAL_NOTICE_STATES, Storage
from knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

#: Seconds between two edits of a progress report.
PROGRESS_INTERVAL: Final = 3.0


@dataclass(frozen=True, slots=True)
class ProgressView:
    """A progress message as it should look: Telegram HTML, its buttons as markup, and the
    callback data of those buttons (part of what is shown, for the digest)."""

    text: str
    markup: InlineKeyboardMarkup | None
    buttons: tuple[str, ...] = ()


#: How a notice's progress message looks, given the live knowledge base and its report.
ProgressRenderer = Callable[[KnowledgeBase, NoticeReport], ProgressView]


class ProgressReporter:
    """Edits each sending notice's preview message into its progress report.

    Every ``interval`` seconds (and at once when a notice finishes) it renders each report
    that is not final yet and edits the message only when the text changed: a digest of what
    is shown is kept with the notice, so a restart does not send an edit Telegram would
    refuse as "message is not modified".
    """

    def __init__(
        self,
        bot: Bot,
        store: Storage,
        settings: Settings,
        kb: Callable[[], KnowledgeBase],
        render: ProgressRenderer,
        *,
        interval: float = PROGRESS_INTERVAL,
    ) -> None:
        self._bot = bot
        self._store = store
        self._settings = settings
        self._current_kb = kb
        self._render = render
        self.interval = interval
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    @property
    def kb(self) -> KnowledgeBase:
        return self._current_kb()

    def poke(self, _finished: list[int] | None = None) -> None:
        self._wake.set()

    async def start(self) -> None:
        if self._task is None or self._task.done():
            self._stopping.clear()
            self._task = asyncio.create_task(self._run(), name="notice-progress")

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                await self.tick()
            except Exception:
                log.exception("progress reports: unexpected error")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

    async def tick(self) -> None:
        """Bring every open progress report up to date."""
        for notice in await self._store.notices_to_report():
            await self.show(notice.id)

    async def show(self, notice_id: int) -> None:
        """Edit one notice's message to show where it stands (if anything changed)."""
        async with self._lock:
            report = await notice_report(
                self._store, notice_id, rate=self._settings.send_rate, limit=None
            )
            if report is None:
                return
            notice = report.notice
            if notice.report_chat_id is None or notice.report_message_id is None:
                return
            view = self._render(self.kb, report)
            digest = _digest(view)
            final = notice.state in FINAL_NOTICE_STATES
            if digest != notice.report_digest:
                try:
                    await self._bot.edit_message_text(
                        view.text,
                        chat_id=notice.report_chat_id,
                        message_id=notice.report_message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=view.markup,
                    )
                except BadRequest as exc:
                    if "not modified" not in exc.message:
                        log.info("progress of notice #%s not shown: %s", notice_id, exc.message)
                        final = final or "not found" in exc.message
                except TelegramError as exc:
                    log.info("progress of notice #%s not shown: %s", notice_id, exc)
                    return
                await self._store.set_report_digest(notice_id, digest)
            if final:
                await self._store.mark_report_final(notice_id)


def _digest(view: ProgressView) -> str:
    shown = view.text + "\x00" + "|".join(view.buttons)
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


@dataclass(slots=True)
class NoticeService:
    """The running delivery worker and progress reporter."""

    worker: DeliveryWorker
    reporter: ProgressReporter

    def wake(self) -> None:
        """Something was queued: deliver now, not at the next poll."""
        self.worker.wake()

    async def stop(self) -> None:
        """Stop claiming, let the sends in flight finish and be recorded, show the reports
        once more."""
        await self.worker.stop()
        await self.reporter.stop()
        with contextlib.suppress(Exception):
            await self.reporter.tick()


async def start_notice_service(
    bot: Bot,
    store: Storage,
    settings: Settings,
    live: LiveKnowledge,
    *,
    render: ProgressRenderer,
    on_sent: Callable[[bool], None] | None = None,
) -> NoticeService:
    """Bring the reminders in step with the knowledge base, then start the delivery worker
    and the progress reports."""
    async with store.serialized("reminders"):  # once, however many processes start
        await sync_reminders(store, live.kb, settings, dt.datetime.now(dt.UTC))
    reporter = ProgressReporter(bot, store, settings, lambda: live.kb, render)
    worker = DeliveryWorker(
        store,
        bot,
        rate=settings.send_rate,
        per_chat_interval=1.0,
        grace=settings.notice_grace,
        on_finished=reporter.poke,
        home_zone=settings.timezone,
        knowledge=lambda: live.kb,
        paid_broadcast=settings.paid_broadcast,
        on_sent=on_sent,
    )
    service = NoticeService(worker, reporter)
    await worker.start()
    await reporter.start()
    return service
