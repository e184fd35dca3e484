"""Several real processes on one PostgreSQL database, against the fake Bot API on 127.0.0.1.

Two ``delegate-bot worker`` processes share one notice queue: a notice scheduled a few seconds
ahead is queued once (not once per process) and reaches each of 1,000 subscribers exactly once,
the work shared between them. Then one of them is killed with SIGKILL mid-send: the other takes
back the rows it had claimed, so nobody is missed, and only those rows may arrive twice —
flagged as possibly duplicated. And the two of them hold Telegram's flood limit together:
the send rate is a budget of the bot token, shared through the database, not one per process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage import Storage
from tests.support.fake_bot_api import BotMessage, Chat, FakeBotApi

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


async def start_worker(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "worker", env=env, stdout=out, stderr=out, cwd=ROOT
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


def busiest_second(times: list[float]) -> int:
    """The most messages accepted within any one second."""
    times = sorted(times)
    return max(
        sum(1 for later in times[i:] if later < start + 1.0) for i, start in enumerate(times)
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
    # measured by the server: within the budget, give or take a scheduling hiccup
    assert busiest_second(server.accepted_at) <= rate * 1.2
    first, last = min(server.accepted_at), max(server.accepted_at)
    assert (len(server.accepted_at) - 1) / (last - first) <= rate * 1.05
