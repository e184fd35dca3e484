"""SQLite in one process against PostgreSQL with 1, 2 and 4 processes, side by side.

    python -m bench.scale            # 2,000 subscribers; 3 s of answers per configuration
    python -m bench.scale --quick    # 600 subscribers; 1 s of answers

Two figures per configuration, each from real processes on a real database (PostgreSQL is a
throwaway cluster started for the run, as in the tests; it needs initdb and pg_ctl):

* **answers/s**: the storage work of answering a delegate's question — remember who wrote,
  read their preferences, keep the question for the insights — done by every process in a
  loop, summed. (Searching the knowledge base costs the same on both backends and is measured
  by ``bench.bot``.)
* **notices/s**: one notice to every subscriber, delivered by ``delegate-bot worker``
  processes to the fake Bot API on 127.0.0.1 without flood limits (so the database and the
  processes are what is measured), from the first to the last accepted message; copies are
  counted, and every subscriber must have exactly one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Storage  # noqa: E402
from tests.support.fake_bot_api import BotMessage, Chat, FakeBotApi  # noqa: E402
from tests.support.pg_cluster import find_bin_dir, running_cluster  # noqa: E402

TOKEN = "123456789:" + "S" * 35
FIRST_CHAT = 2_000_000
TEXT = "Meeting 2 starts at 15:00 in room XVII"


class CountingServer(FakeBotApi):
    def __init__(self) -> None:
        super().__init__(TOKEN, record_requests=False)
        self.accepted: list[tuple[float, int]] = []

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        self.accepted.append((time.monotonic(), chat.id))


ANSWER_LOOP = """
import asyncio, sys, time
from bot.storage import Storage
async def main(target, seconds, base):
    async with await Storage.open(target) as store:
        n, end = 0, time.monotonic() + seconds
        while time.monotonic() < end:
            user = base + n % 500
            await store.remember_user(user, user, None, "Delegate", "en")
            await store.user_preferences(user)
            await store.record_question("数字鸿沟", "zh-Hans", "answered", "R1.2")
            n += 1
    print(n)
asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
"""


async def answers_per_second(target: str, processes: int, seconds: float) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            ANSWER_LOOP,
            target,
            str(seconds),
            str(10_000 * (i + 1)),
            env=env,
            stdout=asyncio.subprocess.PIPE,
        )
        for i in range(processes)
    ]
    outputs = await asyncio.gather(*(run.communicate() for run in runs))
    return sum(int(out.decode().strip() or 0) for out, _ in outputs) / seconds


async def notices_per_second(
    target: str, processes: int, subscribers: int, folder: Path
) -> tuple[float, int, int]:
    server = CountingServer()
    async with server:
        chats = range(FIRST_CHAT, FIRST_CHAT + subscribers)
        for chat in chats:
            server.add_user(chat, f"Delegate {chat}", started=True)
        async with await Storage.open(target) as store, store.transaction():
            for chat in chats:
                await store.subscribe(chat)
        env = dict(os.environ)
        env.update(
            {
                "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TELEGRAM_API_FILE_URL": server.base_file_url,
                "DELEGATE_BOT_DB": target,
                "DELEGATE_BOT_HEALTH_FILE": str(folder / "health.json"),
                "DELEGATE_BOT_SEND_RATE": "1000",  # the ceiling: far above what 2 cores send
                "DELEGATE_BOT_REMINDER_LEADS": "",
                "DELEGATE_BOT_LOG_LEVEL": "ERROR",
                "PYTHONPATH": str(ROOT),
            }
        )
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "worker",
                env=env,
                cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            for _ in range(processes)
        ]
        try:
            await server.wait_for(lambda: server.method_counts["getMe"] >= processes, 60)
            send = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "notice", "send", TEXT, env=env, cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL,
            )  # fmt: skip
            await send.wait()
            await server.wait_for(lambda: len(server.accepted) >= subscribers, 300)
            await asyncio.sleep(1.0)  # anything sent twice arrives meanwhile
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            for worker in workers:
                await worker.wait()
    times = [at for at, _ in server.accepted]
    copies: dict[int, int] = {}
    for _, chat in server.accepted:
        copies[chat] = copies.get(chat, 0) + 1
    duplicates = sum(n - 1 for n in copies.values())
    missing = sum(1 for chat in chats if chat not in copies)
    return (len(times) - 1) / max(times[-1] - times[0], 1e-9), duplicates, missing


async def main_async(subscribers: int, seconds: float) -> int:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("PostgreSQL's programs (initdb, pg_ctl) are needed for this benchmark")
        return 1
    rows = []
    with running_cluster(bin_dir) as cluster, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        configs = [("SQLite", 1), ("PostgreSQL", 1), ("PostgreSQL", 2), ("PostgreSQL", 4)]
        for n, (backend, processes) in enumerate(configs):
            if backend == "SQLite":
                answers_db = str(folder / f"answers{n}.sqlite3")
                notices_db = str(folder / f"notices{n}.sqlite3")
            else:
                answers_db, notices_db = cluster.new_database(), cluster.new_database()
            async with await Storage.open(answers_db):
                pass  # migrated before the clock starts
            answers = await answers_per_second(answers_db, processes, seconds)
            rate, duplicates, missing = await notices_per_second(
                notices_db, processes, subscribers, folder
            )
            rows.append((backend, processes, answers, rate, duplicates, missing))
            print(f"  {backend} × {processes}: done", flush=True)
    print(
        f"\n{subscribers} subscribers; answers measured for {seconds:g} s; {os.cpu_count()} CPUs"
    )
    print("| backend | processes | answers/s | notices/s | duplicates | missing |")
    print("|---|---:|---:|---:|---:|---:|")
    for backend, processes, answers, rate, duplicates, missing in rows:
        figures = f"{answers:,.0f} | {rate:,.0f} | {duplicates} | {missing}"
        print(f"| {backend} | {processes} | {figures} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="600 subscribers, 1 s of answers")
    args = parser.parse_args(argv)
    subscribers, seconds = (600, 1.0) if args.quick else (2000, 3.0)
    return asyncio.run(main_async(subscribers, seconds))


if __name__ == "__main__":
    raise SystemExit(main())
