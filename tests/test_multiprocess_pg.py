"""Several real processes on one PostgreSQL database, against the fake Bot API on 127.0.0.1.

Two ``delegate-bot worker`` processes share one notice queue: a notice scheduled a few seconds
ahead is queued once (not once per process) and reaches each of 1,000 subscribers exactly once,
the work shared between them. Then one of them is killed with SIGKILL mid-send: the other takes
back the rows it had claimed, so nobody is missed, and only those rows may arrive twice —
flagged as possibly duplicated. And the two of them hold Telegram's flood limit together:
the send rate is a budget of the bot token, shared through the database, not one per process.

The deployment itself — one ``delegate-bot run`` that answers updates and one ``delegate-bot
worker`` — is killed the same way, one process or the other, and the dead one restarted. There
the fake server pulls the trigger at the victim's Nth ``sendMessage`` (it calls the server on a
port of its own): it holds every later send of both processes, waits until each message
accepted so far is recorded, accepts the trigger and kills the victim before it can record it.
So exactly one chat gets a second copy — flagged — however busy the machine; the victim's
other sends in flight are refused (its process is gone), resent by the survivor and flagged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import AsyncIterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import asyncpg
import pytest
from aiohttp import web

from bot.storage import Storage
from tests.support.fake_bot_api import ApiError, BotMessage, Chat, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:" + "M" * 35
SUBSCRIBERS = range(30_000, 31_000)
TEXT = "Meeting 3 moves to room XIX"


class TimedServer(FakeBotApi):
    """The fake Bot API, noting when it accepted each message (``time.monotonic()``)."""

    def __init__(self) -> None:
        super().__init__(TOKEN, record_requests=False)
        self.accepted_at: list[float] = []

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        self.accepted_at.append(time.monotonic())


@pytest.fixture
async def server() -> AsyncIterator[TimedServer]:
    fake = TimedServer()
    async with fake:
        for chat in SUBSCRIBERS:
            fake.add_user(chat, f"Delegate {chat}", started=True)
        yield fake


def environment(server: FakeBotApi, url: str, folder: Path, rate: int = 150) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_API_FILE_URL": server.base_file_url,
            "DELEGATE_BOT_DB": url,
            "DELEGATE_BOT_HEALTH_FILE": str(folder / "health.json"),
            "DELEGATE_BOT_SEND_RATE": str(rate),
            "DELEGATE_BOT_REMINDER_LEADS": "",
            "DELEGATE_BOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


Command = Literal["run", "worker"]


async def start_worker(
    env: dict[str, str], log: Path, command: Command = "worker"
) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", command, env=env, stdout=out, stderr=out, cwd=ROOT
        )


async def cli(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def stop(*processes: asyncio.subprocess.Process) -> None:
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()


async def notice_done(url: str) -> bool:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval("SELECT state FROM notices WHERE id = 1") == "done"
    finally:
        await conn.close()


async def wait_until_done(url: str, timeout: float) -> None:  # noqa: ASYNC109
    """Poll the database the bot processes write (no event crosses the process boundary)."""
    for _ in range(int(timeout / 0.2)):
        if await notice_done(url):
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the notice was not delivered in time")


async def two_workers(
    server: FakeBotApi,
    url: str,
    folder: Path,
    subscribers: range = SUBSCRIBERS,
    rate: int = 150,
) -> list[asyncio.subprocess.Process]:
    async with await Storage.open(url) as store, store.transaction():
        for chat in subscribers:
            await store.subscribe(chat)
    env = environment(server, url, folder, rate)
    workers = [await start_worker(env, folder / f"worker{n}.log") for n in (1, 2)]
    # Each process says getMe when it starts; both are running before the notice is due.
    await server.wait_for(lambda: server.method_counts["getMe"] >= 2, 30)
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=4)
    await cli(env, "notice", "send", TEXT, "--at", at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return workers


def copies(server: FakeBotApi, subscribers: range = SUBSCRIBERS) -> dict[int, int]:
    return {chat: sum(1 for m in server.sent(chat) if m.text == TEXT) for chat in subscribers}


async def delivery_rows(url: str) -> tuple[int, int, dict[int, str]]:
    """(notices, distinct claiming connections of sent rows, chat → doubt)."""
    conn = await asyncpg.connect(url)
    try:
        notices = await conn.fetchval("SELECT COUNT(*) FROM notices")
        senders = await conn.fetchval(
            "SELECT COUNT(DISTINCT claimed_by) FROM deliveries WHERE state = 'sent'"
        )
        doubts = await conn.fetch("SELECT chat_id, doubt FROM deliveries WHERE doubt IS NOT NULL")
    finally:
        await conn.close()
    return int(notices), int(senders), {int(r["chat_id"]): str(r["doubt"]) for r in doubts}


async def test_two_workers_deliver_a_scheduled_notice_once_to_everyone(
    server: FakeBotApi, pg_url: str, tmp_path: Path
) -> None:
    workers = await two_workers(server, pg_url, tmp_path)
    try:
        await wait_until_done(pg_url, 60)
    finally:
        await stop(*workers)
    assert [w.returncode for w in workers] == [0, 0]
    assert set(copies(server).values()) == {1}
    notices, senders, doubts = await delivery_rows(pg_url)
    assert notices == 1  # queued once, not once per process
    assert senders == 2  # both processes sent part of it
    assert doubts == {}


async def test_a_worker_killed_mid_send_leaves_nobody_out(
    server: FakeBotApi, pg_url: str, tmp_path: Path
) -> None:
    workers = await two_workers(server, pg_url, tmp_path)
    try:
        await server.wait_for(lambda: server.method_counts["sendMessage"] >= 300, 30)
        workers[0].kill()
        assert await workers[0].wait() == -signal.SIGKILL
        await wait_until_done(pg_url, 60)  # the survivor takes back what the dead one held
    finally:
        await stop(*workers)
    got = copies(server)
    _, _, doubts = await delivery_rows(pg_url)
    assert min(got.values()) == 1  # nobody missed
    doubled = {chat for chat, n in got.items() if n > 1}
    assert doubled <= set(doubts)  # a second copy only where the row is flagged
    assert set(doubts.values()) <= {"restart"}
    assert len(doubts) <= 8  # at most the requests in flight at the kill


def excess_over_bucket(times: list[float], rate: float, burst: int) -> float:
    """How far the accepted messages go beyond a token bucket of ``rate`` a second holding
    ``burst`` (0 or less: within it): the most messages in any stretch of time, less what the
    bucket allows in that stretch."""
    times = sorted(times)
    return max(
        (j - i + 1) - rate * (times[j] - times[i]) - burst
        for i in range(len(times))
        for j in range(i, len(times))
    )


async def test_two_workers_share_one_send_rate(
    server: TimedServer, pg_url: str, tmp_path: Path
) -> None:
    rate = 25
    audience = SUBSCRIBERS[:200]
    # Telegram's budget is the bot token's: the server allows the configured rate, overall.
    server.enforce_rate_limits(global_per_second=rate)
    workers = await two_workers(server, pg_url, tmp_path, audience, rate)
    try:
        await wait_until_done(pg_url, 90)
    finally:
        await stop(*workers)
    assert set(copies(server, audience).values()) == {1}
    _, senders, _ = await delivery_rows(pg_url)
    assert senders == 2  # both processes sent part of it
    assert server.rate_limit_violations == 0
    # measured by the server: at the rate, allowing a burst of two blocks of turns (a process
    # held up for a moment sends the turns it holds at once)
    assert excess_over_bucket(server.accepted_at, rate, burst=10) <= 0


# == run + worker, one of them killed mid-send ===================================================

TRIGGER_AT = 150  # the victim's sendMessage that triggers its kill


class KillServer(TimedServer):
    """Kills the victim process right after accepting its ``TRIGGER_AT``th message, at a
    settled moment (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.victim: asyncio.subprocess.Process | None = None
        self.victim_port: int | None = None
        self.database = ""
        self.seen = 0
        self.accepted = 0  # messages of the notice accepted so far
        self.holding = False
        self.released = asyncio.Event()
        self.trigger_chat: int | None = None
        self.killed = asyncio.Event()
        self.calls: Counter[tuple[int | None, str]] = Counter()  # (port called, method)
        self.refusing_victim = False  # from the settled moment until the victim is gone
        self.victim_calls = 0  # the victim's calls being handled now

    def arm(self, victim: asyncio.subprocess.Process, base_url: str, database: str) -> None:
        self.victim, self.database = victim, database
        self.victim_port = urllib.parse.urlsplit(base_url).port

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        super().message_accepted(chat, message)
        if message.text == TEXT:
            self.accepted += 1

    async def handle_api(self, request: web.Request) -> web.StreamResponse:
        self.calls[request.url.port, request.match_info["method"]] += 1
        from_victim = request.url.port == self.victim_port
        _caller.set("victim" if from_victim else "other")
        if not from_victim:
            return await self._handle(request, from_victim)
        self.victim_calls += 1
        try:
            return await self._handle(request, from_victim)
        finally:
            self.victim_calls -= 1

    async def _handle(self, request: web.Request, from_victim: bool) -> web.StreamResponse:
        if request.match_info["method"].lower() != "sendmessage":
            return await super().handle_api(request)
        if self.holding:
            await self.released.wait()
            if from_victim:  # its process is dead: nothing it sent arrives any more
                return _hang_up(request)
            return await super().handle_api(request)
        if self.victim is None or not from_victim:
            return await super().handle_api(request)
        self.seen += 1
        if self.seen != TRIGGER_AT:
            return await super().handle_api(request)
        victim, self.victim = self.victim, None
        self.holding = True
        try:
            await self.settle()
            # From here on none of the victim's other sends is accepted (one already being
            # read when the trigger came would otherwise slip in, unrecorded, after the kill).
            self.refusing_victim = True
            _caller.set("trigger")
            response = await super().handle_api(request)
            params, _ = await self.read_params(request)  # the body is cached by now
            self.trigger_chat = int(params["chat_id"])
            victim.kill()  # before it can record what was just accepted (this request is its
            # own: aiohttp may cancel this handler as the connection goes; the kill is done)
        finally:
            self.holding = False
            self.released.set()
            self.killed.set()
        return response

    def before_send(self, method: str, chat_id: int, params: dict[str, Any]) -> None:
        if self.refusing_victim and _caller.get() == "victim":
            raise ApiError(503, "Service Unavailable", kind="injected")
        super().before_send(method, chat_id, params)

    async def revive(self) -> None:
        """The dead victim's calls are all over (aiohttp ends them as its connections go):
        its port serves the restarted process normally."""
        deadline = time.monotonic() + 10
        while self.victim_calls:
            if time.monotonic() > deadline:
                raise AssertionError("the dead process's calls did not end in 10 s")
            await asyncio.sleep(0.02)
        self.refusing_victim = False

    async def settle(self) -> None:
        """Wait until both processes have recorded every message accepted so far."""
        deadline = time.monotonic() + 15
        while await sent_rows(self.database) < self.accepted:
            if time.monotonic() > deadline:
                raise AssertionError("the accepted messages were not recorded in 15 s")
            await asyncio.sleep(0.02)


#: Whose call the handler is serving: "victim", "other" or "trigger".
_caller: ContextVar[str] = ContextVar("caller", default="other")


def _hang_up(request: web.Request) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


async def sent_rows(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT COUNT(*) FROM deliveries WHERE state = 'sent'"))
    finally:
        await conn.close()


@pytest.fixture
async def kill_server() -> AsyncIterator[KillServer]:
    fake = KillServer()
    async with fake:
        for chat in SUBSCRIBERS:
            fake.add_user(chat, f"Delegate {chat}", started=True)
        yield fake


@pytest.mark.parametrize("victim", ["worker", "run"])
async def test_run_and_worker_one_killed_mid_send_and_restarted(
    kill_server: KillServer, pg_url: str, tmp_path: Path, victim: Command
) -> None:
    server = kill_server
    survivor: Command = "run" if victim == "worker" else "worker"
    async with await Storage.open(pg_url) as store, store.transaction():
        for chat in SUBSCRIBERS:
            await store.subscribe(chat)
    env = environment(server, pg_url, tmp_path)
    victim_env = dict(env, TELEGRAM_API_BASE_URL=await server.another_base_url())
    processes = [
        await start_worker(env, tmp_path / f"{survivor}.log", survivor),
        await start_worker(victim_env, tmp_path / f"{victim}.log", victim),
    ]
    try:
        # each says getMe when it starts; run's polling (deleteWebhook) starts after its sender
        counts = server.method_counts
        await server.wait_for(lambda: counts["getMe"] >= 2 and counts["deleteWebhook"] > 0, 30)
        server.arm(processes[1], victim_env["TELEGRAM_API_BASE_URL"], pg_url)
        assert "queued for 1000 recipient(s)" in await cli(env, "notice", "send", TEXT)
        await asyncio.wait_for(server.killed.wait(), 60)
        assert await asyncio.wait_for(processes[1].wait(), 10) == -signal.SIGKILL
        await server.revive()
        getme = server.calls[server.victim_port, "getMe"]
        processes[1] = await start_worker(victim_env, tmp_path / f"{victim}.log", victim)
        # restarted: its getMe comes after it handles signals
        await server.wait_for(lambda: server.calls[server.victim_port, "getMe"] > getme, 30)
        await wait_until_done(pg_url, 60)
    finally:
        await stop(*processes)
    assert [p.returncode for p in processes] == [0, 0]
    got = copies(server)
    _, senders, doubts = await delivery_rows(pg_url)
    assert senders >= 2  # the work was shared
    assert min(got.values()) == 1  # nobody missed
    # the message accepted at the kill arrived twice, and its row is flagged
    assert got[server.trigger_chat] == 2
    assert doubts[server.trigger_chat] == "restart"
    # No other copy twice — but on a machine so slow that a survivor's send timed out (5 s)
    # after the server accepted it, that one is resent too, and flagged as such.
    doubled = {chat for chat, n in got.items() if n > 1} - {server.trigger_chat}
    assert all(doubts.get(chat) == "network" for chat in doubled)
    # flagged: the victim's rows in flight or claimed at the kill (at most 8), and the
    # survivor's sends that timed out, if any (at most its 8 in flight)
    assert set(doubts.values()) <= {"restart", "network"}
    assert len(doubts) <= 16
