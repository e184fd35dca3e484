"""The delivery worker's loop: claim pending rows in queue order, send each at its turn of the
pace, queue scheduled notices that come due and finish the notices that are done."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.delivery.budget import SharedBudget
from bot.delivery.pacing import Pacer, retry_after_seconds
from bot.delivery.sending import SentRecorder, doubt_after, link_markup, message_id, record
from bot.notices import activate_due_notices
from bot.reader_time import reader_time_line
from bot.storage import Doubt, Notice, QueuedDelivery, Storage
from bot.transport import send_html
from knowledge.models import KnowledgeBase

log = logging.getLogger("bot.delivery")

#: Pending rows read per query.
BATCH_SIZE: Final = 500
#: From this rate on, accepted messages are recorded a few at a time (below it, each at once).
BATCH_RECORDS_FROM: Final = 500.0
#: How often, with several processes on PostgreSQL, a sender looks for rows a dead one claimed.
RECOVERY_SECONDS: Final = 5.0


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(slots=True)
class WorkerStats:
    """What this worker did since it was created."""

    sent: int = 0
    paid: int = 0  # of those sent, as paid broadcasts
    blocked: int = 0
    failed: int = 0
    retried: int = 0
    rate_limited: int = 0
    recovered: int = 0  # claimed rows found at start (the previous run stopped mid-send)


class DeliveryWorker:
    """Sends the queued deliveries; see the module docstring for the guarantees.

    ``rate``: messages per second overall; ``per_chat_interval``: seconds between two messages
    to one chat; ``max_in_flight``: requests out at once (default: enough for the rate, at
    most 8); ``max_attempts``: tries before a delivery fails on 5xx or timeouts, waiting
    ``retry_delay`` × 2ⁿ (at most ``max_retry_delay``) between them; ``grace``: how late a
    scheduled notice may still go out; ``stop_grace``: how long :meth:`stop` lets the sends in
    flight finish; ``on_finished`` is called with the ids of notices that
    have just been completed; ``knowledge`` returns the live knowledge base, which says whom a
    notice to a meeting or an agenda item reaches (:mod:`bot.audience`); ``home_zone`` is the
    meetings' timezone (a reader with another one also gets a meeting's start in theirs).
    ``paid_broadcast`` sends with ``allow_paid_broadcast`` (Telegram then allows up to 1,000
    messages a second, charging each in Stars); ``on_sent`` is told of each message Telegram
    accepted, and whether it was paid.
    """

    def __init__(
        self,
        store: Storage,
        bot: Bot,
        rate: float = 25.0,
        per_chat_interval: float = 1.0,
        *,
        max_in_flight: int | None = None,
        burst: float | None = None,
        max_attempts: int = 5,
        retry_delay: float = 1.0,
        max_retry_delay: float = 60.0,
        poll_interval: float = 1.0,
        grace: dt.timedelta = dt.timedelta(hours=2),
        stop_grace: float = 30.0,
        clock: Callable[[], dt.datetime] = _utc_now,
        on_finished: Callable[[list[int]], None] | None = None,
        home_zone: str | None = None,
        knowledge: Callable[[], KnowledgeBase | None] = lambda: None,
        paid_broadcast: bool = False,
        on_sent: Callable[[bool], None] | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._store = store
        # PostgreSQL: other processes may send from the same queue with the same bot token.
        self._shared = store.dialect.name == "postgresql"
        self._bot = bot
        self.rate = rate
        self.per_chat_interval = per_chat_interval
        self.max_in_flight = max_in_flight or max(1, min(8, math.ceil(rate / 10)))
        self._pacer = Pacer(rate, burst if burst is not None else max(1.0, rate / 20))
        # Several senders on PostgreSQL: the rate is one budget of the bot token, shared.
        self._budget = SharedBudget(store, rate) if self._shared else None
        self._turn: float | None = None  # the shared turn the last _pace() took
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.stop_grace = stop_grace
        self.max_retry_delay = max_retry_delay
        self.poll_interval = poll_interval
        self.grace = grace
        self._clock = clock
        self._on_finished = on_finished
        self.home_zone = home_zone  # the meetings' timezone, which reminders already show
        self._knowledge = knowledge
        self.paid_broadcast = paid_broadcast
        self._on_sent = on_sent
        self.stats = WorkerStats()
        # Rows claimed in one statement; from BATCH_RECORDS_FROM on, also recorded together.
        self.batch = max(1, min(self.max_in_flight // 2, math.ceil(rate / 100)))
        self._recorder = SentRecorder(store, self.batch if rate >= BATCH_RECORDS_FROM else 1)

        self._slots = asyncio.Semaphore(self.max_in_flight)
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()
        self._chats_in_flight: set[int] = set()
        self._next_allowed: dict[int, float] = {}  # chat → monotonic time of its next send
        self._retry_at: dict[int, float] = {}  # delivery row → monotonic time of its retry
        self._notices: dict[int, Notice] = {}
        self._round_broken = False
        self._recovered = False
        self._dirty = True  # whether finish_notices may find something to finish

    # == Lifecycle ===============================================================================

    async def start(self) -> None:
        """Run in the background until :meth:`stop`."""
        if self._task is not None and not self._task.done():
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(until_idle=False), name="delivery-worker")

    async def stop(self) -> None:
        """Stop claiming, let the requests in flight finish and be recorded (up to
        ``stop_grace`` seconds; any still out then stay claimed and are flagged at restart)."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._drain()
        with contextlib.suppress(Exception):
            self._announce(await self._store.finish_notices())

    async def run_until_idle(self) -> None:
        """Deliver until nothing is queued or due and nothing is in flight (tests, benchmarks,
        the command line)."""
        self._stopping.clear()
        await self._run(until_idle=True)

    def wake(self) -> None:
        """Something was queued: look at the queue now rather than at the next poll."""
        self._wake.set()

    @property
    def record_batch(self) -> int:
        """Accepted messages recorded together in one commit (1: each at once)."""
        return self._recorder.batch

    @property
    def in_flight(self) -> int:
        return len(self._sends)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    # == The loop ================================================================================

    async def _run(self, *, until_idle: bool) -> None:
        if not self._recovered:
            recovered = await self._store.recover_claimed_deliveries()
            self._recovered = True
            if recovered:
                self.stats.recovered += recovered
                log.warning(
                    "%d delivery(ies) were in flight when the bot stopped; they will be sent"
                    " again and flagged as possibly duplicated",
                    recovered,
                )
        next_due_check = 0.0
        next_finish_check = 0.0
        next_recovery = time.monotonic() + RECOVERY_SECONDS
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                if self._shared and time.monotonic() >= next_recovery:
                    # Several processes: a sender that died mid-send leaves claimed rows that
                    # the others take back (only those whose connection is gone).
                    next_recovery = time.monotonic() + RECOVERY_SECONDS
                    if recovered := await self._store.recover_claimed_deliveries():
                        self.stats.recovered += recovered
                        log.warning(
                            "%d delivery(ies) of a stopped sender will be sent again, flagged",
                            recovered,
                        )
                if time.monotonic() >= next_due_check:
                    next_due_check = time.monotonic() + self.poll_interval
                    if await activate_due_notices(
                        self._store, self._clock(), self.grace, self._knowledge()
                    ):
                        self._dirty = True
                dispatched, wait = await self._round()
                due_finish = time.monotonic() >= next_finish_check or not dispatched
                if self._dirty and due_finish:  # something was sent, queued or recorded
                    self._dirty = False
                    next_finish_check = time.monotonic() + 1.0
                    self._announce(await self._store.finish_notices())
                if dispatched:
                    continue
                if until_idle and not self._sends and await self._idle():
                    return
            except Exception:
                log.exception("delivery worker: unexpected error; trying again shortly")
                wait = self.poll_interval
            await self._sleep(min(wait, self.poll_interval), wake=True)

    async def _idle(self) -> bool:
        if await self._store.has_unfinished_deliveries():
            return False
        return not await self._store.due_notices(self._clock())

    async def _round(self) -> tuple[int, float]:
        """Dispatch what may go now, in queue order; (how many went, seconds until the
        earliest row that had to wait could go)."""
        if self._shared:  # a pause that another process was told to make holds here too
            until = await self._store.senders_paused_until()
            if until is not None:
                remaining = (until - _utc_now()).total_seconds()
                if remaining > self._pacer.paused_for:
                    self._pacer.pause(remaining)
                    self._forget_turns()
        # After a flood-control pause, start from the earliest row again (the one put back).
        while (pause := self._pacer.delay()) > 0:
            if await self._sleep(pause, wake=False):
                return 0, math.inf
        self._round_broken = False
        busy = set(self._chats_in_flight)
        dispatched = 0
        soonest = math.inf
        after = 0
        self._prune()
        while not self._stopping.is_set() and not self._round_broken:
            rows = await self._store.pending_deliveries(BATCH_SIZE, after)
            if rows:
                self._dirty = True
            ready_rows: list[QueuedDelivery] = []
            for row in rows:
                if self._stopping.is_set() or self._round_broken:
                    break
                if row.chat_id in busy:
                    continue  # an earlier row of this chat is in flight or waiting
                busy.add(row.chat_id)
                now = time.monotonic()
                ready = max(
                    self._retry_at.get(row.id, 0.0), self._next_allowed.get(row.chat_id, 0.0)
                )
                if ready > now:
                    soonest = min(soonest, ready - now)
                    continue
                ready_rows.append(row)
                if len(ready_rows) >= self.batch:
                    dispatched += await self._dispatch(ready_rows)
                    ready_rows = []
            if ready_rows and not self._stopping.is_set() and not self._round_broken:
                dispatched += await self._dispatch(ready_rows)
            if dispatched or len(rows) < BATCH_SIZE:
                break
            after = rows[-1].id  # everything on this page had to wait: look further
        return dispatched, soonest

    async def _dispatch(self, rows: list[QueuedDelivery]) -> int:
        """Claim these rows in one statement (committed), then send each at its turn of the
        pace; how many went. Rows claimed but not sent (a stop, flood control) go back."""
        wanted = [(row, notice) for row in rows if (notice := await self._notice(row.notice_id))]
        held = launched = 0
        unsent: list[int] = []
        try:
            for _ in wanted:
                await self._slots.acquire()
                held += 1
            if not wanted or not await self._pace() or self._round_broken:
                return 0
            claimed = await self._store.claim_deliveries([row.id for row, _ in wanted])
            paced = True  # the first row's turn was taken above
            for row, notice in wanted:
                if row.id not in claimed:
                    continue  # stopped by the secretariat meanwhile, or another sender's
                if not paced and (
                    self._round_broken or not await self._pace() or self._round_broken
                ):
                    unsent.append(row.id)  # flood control or a stop came first
                    continue
                paced = False
                # the chat counts as busy from now on
                self._retry_at.pop(row.id, None)
                self._chats_in_flight.add(row.chat_id)
                task = asyncio.create_task(self._deliver(row, notice))
                self._sends.add(task)
                task.add_done_callback(self._sends.discard)
                launched += 1
            if paced:  # every row went to another sender: the turn taken is still ours
                self._give_back_turn()
            return launched
        finally:
            for _ in range(held - launched):
                self._slots.release()
            for row_id in unsent:
                await record(
                    self._store.release_delivery(
                        row_id, error="not sent yet (paused)", count_attempt=False
                    )
                )

    async def _pace(self) -> bool:
        """Wait for the rate (and any flood-control pause) and, with several senders, for a
        turn of the budget they share; False when stopping."""
        while True:
            while (delay := self._pacer.delay()) > 0:
                if await self._wait(delay):
                    return False
            if self._budget is None:
                break
            turn = await self._budget.next_turn()
            if await self._wait(turn - time.monotonic()):
                self._budget.give_back(turn)
                return False
            if self._pacer.paused_for <= 0:
                self._turn = turn
                break
            self._forget_turns()  # flood control came meanwhile: wait for its end first
        self._pacer.take()
        return not self._stopping.is_set()

    async def _wait(self, delay: float) -> bool:
        """Sleep ``delay`` seconds of pacing (stop-aware when long); True when stopping."""
        if delay <= 0:
            return False
        if delay < 0.05:
            await asyncio.sleep(delay)  # the usual case: a few milliseconds of pacing
            return False
        return await self._sleep(delay, wake=False)

    def _give_back_turn(self) -> None:
        self._pacer.give_back()
        if self._budget is not None and self._turn is not None:
            self._budget.give_back(self._turn)
        self._turn = None

    def _forget_turns(self) -> None:
        self._turn = None
        if self._budget is not None:
            self._budget.forget()

    async def _sleep(self, seconds: float, *, wake: bool) -> bool:
        """Sleep, ending early on stop (and on a wake-up when ``wake``); True when stopping."""
        if self._stopping.is_set():
            return True
        events = [self._stopping.wait()]
        if wake:
            events.append(self._wake.wait())
        waiters = [asyncio.ensure_future(e) for e in events]
        try:
            await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        return self._stopping.is_set()

    async def _drain(self) -> None:
        if not self._sends:
            return
        _done, pending = await asyncio.wait(set(self._sends), timeout=self.stop_grace)
        for task in pending:
            task.cancel()
        if pending:
            log.warning(
                "%d send(s) still in flight at stop: flagged at the next start", len(pending)
            )
            await asyncio.gather(*pending, return_exceptions=True)

    # == One delivery ============================================================================

    async def _deliver(self, row: QueuedDelivery, notice: Notice) -> None:
        """Send one claimed row and record what Telegram answered."""
        try:
            if self._stopping.is_set() or self._pacer.paused_for > 0:
                # stopping, or flood control: back to pending, in its place, nothing sent
                reason = "stopping" if self._stopping.is_set() else "flood control"
                await record(
                    self._store.release_delivery(
                        row.id, error=f"not sent yet ({reason})", count_attempt=False
                    )
                )
                return
            try:
                message = await send_html(
                    self._bot,
                    row.chat_id,
                    await self._text_for(row, notice),
                    keyboard=link_markup(notice, row.language),
                    paid_broadcast=self.paid_broadcast,
                )
            except RetryAfter as exc:
                seconds = retry_after_seconds(exc)
                self._pacer.pause(seconds)
                self._forget_turns()
                if self._shared:  # per bot token: every process pauses
                    until = _utc_now() + dt.timedelta(seconds=seconds)
                    await record(self._store.pause_senders(until))
                self._round_broken = True
                self.stats.rate_limited += 1
                log.info("flood control: pausing all sends for %.0f s", seconds)
                await record(
                    self._store.release_delivery(
                        row.id,
                        error=f"flood control: retry after {seconds:g} s",
                        count_attempt=False,
                    )
                )
            except Forbidden as exc:
                self.stats.blocked += 1
                await record(
                    self._store.record_undeliverable(
                        row.id, "blocked", exc.message, unsubscribe_chat=row.chat_id
                    )
                )
            except ChatMigrated as exc:
                self.stats.failed += 1
                await record(
                    self._store.record_undeliverable(
                        row.id, "failed", f"the group moved to chat {exc.new_chat_id}"
                    )
                )
            except BadRequest as exc:  # the request itself is wrong: retrying cannot help
                self.stats.failed += 1
                await record(self._store.record_undeliverable(row.id, "failed", exc.message))
            except (TimedOut, NetworkError) as exc:
                await self._retry_or_fail(row, exc.message, doubt_after(exc))
            except TelegramError as exc:
                await self._retry_or_fail(row, exc.message, None)
            except Exception as exc:
                log.exception("delivery %s to chat %s: unexpected error", row.id, row.chat_id)
                await self._retry_or_fail(row, f"{type(exc).__name__}: {exc}", "network")
            else:
                paid = self.paid_broadcast
                self.stats.sent += 1
                self.stats.paid += paid
                if self._on_sent is not None:
                    self._on_sent(paid)
                await self._recorder.record(row.id, message_id(message), paid)
        except Exception:
            # The row stays claimed: the next start sends it again, flagged.
            log.exception("delivery %s to chat %s: outcome not recorded", row.id, row.chat_id)
        finally:
            self._chats_in_flight.discard(row.chat_id)
            self._next_allowed[row.chat_id] = time.monotonic() + self._interval(row.chat_id)
            self._slots.release()
            self._dirty = True
            self._wake.set()

    async def _text_for(self, row: QueuedDelivery, notice: Notice) -> str:
        """The notice's text; one timed to a meeting also gives the start in the recipient's
        own timezone, when they set one (/tz)."""
        text = notice.text_for(row.language)
        if notice.meeting_start is None or notice.meeting_id is None:
            return text
        preferences = await self._store.user_preferences(row.chat_id)
        zone = preferences.timezone if preferences is not None else None
        line = reader_time_line(row.language, notice.meeting_start, zone, self.home_zone)
        return f"{text}\n{line}" if line else text

    async def _retry_or_fail(self, row: QueuedDelivery, reason: str, doubt: Doubt | None) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            self.stats.failed += 1
            log.warning("delivery %s to chat %s failed: %s", row.id, row.chat_id, reason)
            await record(
                self._store.record_undeliverable(
                    row.id, "failed", f"{reason} (gave up after {attempts} attempts)"
                )
            )
            return
        self.stats.retried += 1
        delay = min(self.max_retry_delay, self.retry_delay * 2 ** (attempts - 1))
        self._retry_at[row.id] = time.monotonic() + delay * random.uniform(0.8, 1.2)
        await record(self._store.release_delivery(row.id, error=reason, doubt=doubt))

    # == Helpers =================================================================================

    def _interval(self, chat_id: int) -> float:
        """Seconds between two messages to a chat: groups (negative ids) allow ~20 a minute."""
        return self.per_chat_interval if chat_id > 0 else max(self.per_chat_interval, 3.0)

    async def _notice(self, notice_id: int) -> Notice | None:
        notice = self._notices.get(notice_id)
        if notice is None:
            notice = await self._store.notice(notice_id)
            if notice is not None:
                if len(self._notices) > 64:
                    self._notices.clear()
                self._notices[notice_id] = notice
        return notice

    def _prune(self) -> None:
        if len(self._next_allowed) > 10_000:
            now = time.monotonic()
            self._next_allowed = {c: t for c, t in self._next_allowed.items() if t > now}

    def _announce(self, finished: list[int]) -> None:
        if not finished:
            return
        for notice_id in finished:
            self._notices.pop(notice_id, None)
        log.info("notice(s) delivered: %s", ", ".join(f"#{n}" for n in finished))
        if self._on_finished is not None:
            self._on_finished(finished)
