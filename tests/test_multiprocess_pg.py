"""Several real processes on one PostgreSQL database, against the fake Bot API on 127.0.0.1.

Two ``delegate-bot worker`` processes share one notice queue: a notice scheduled a few seconds
ahead is queued once (not once per process) and reaches each of 1,000 subscribers exactly once,
the work shared between them. Then one of them is killed with SIGKILL mid-send: the other takes
back the rows it had claimed, so nobody is missed, and only those rows may arrive twice —
flagged as possibly duplicated.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.storage import Storage
from tests.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:" + "M" * 35
SUBSCRIBERS = range(30_000, 31_000)
TEXT = "Meeting 3 moves to room XIX"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi(TOKEN, record_requests=False)
    async with fake:
        for chat in SUBSCRIBERS:
            fake.add_user(chat, f"Delegate {chat}", started=True)
        yield fake


def environment(server: FakeBotApi, url: str, folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_API_FILE_URL": server.base_file_url,
            "DELEGATE_BOT_DB": url,
            "DELEGATE_BOT_HEALTH_FILE": str(folder / "health.json"),
            "DELEGATE_BOT_SEND_RATE": "150",
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


async def wait_until_done(url: str, timeout: float) -> None:
    for _ in range(int(timeout / 0.2)):
        if await notice_done(url):
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the notice was not delivered in time")


async def two_workers(
    server: FakeBotApi, url: str, folder: Path
) -> list[asyncio.subprocess.Process]:
    async with await Storage.open(url) as store, store.transaction():
        for chat in SUBSCRIBERS:
            await store.subscribe(chat)
    env = environment(server, url, folder)
    workers = [await start_worker(env, folder / f"worker{n}.log") for n in (1, 2)]
    # Each process says getMe when it starts; both are running before the notice is due.
    await server.wait_for(lambda: server.method_counts["getMe"] >= 2, 30)
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=4)
    await cli(env, "notice", "send", TEXT, "--at", at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return workers


def copies(server: FakeBotApi) -> dict[int, int]:
    return {chat: sum(1 for m in server.sent(chat) if m.text == TEXT) for chat in SUBSCRIBERS}


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
