"""Broadcast throughput and exactness: one notice to many subscribers through the real bot.

    python -m bench.broadcast            # 10,000 subscribers at 1,000/s; 3,000 at 30/s
    python -m bench.broadcast --quick    # 1,000 subscribers at 1,000/s and at 30/s
    python -m bench.broadcast --full     # 10,000 at 1,000/s and 10,000 at 30/s (~12 min)

Each size runs twice: clean, then with faults injected (2% of the chats blocked the bot,
0.2% never started it, 1% answer one 502, 1% drop one connection, and three 429 "retry after
1 s" spread over the run).

The fake Bot API (tests/support/fake_bot_api/) runs in this process and enforces the flood limits
(the configured messages per second overall, one per second per chat) with 429s; the bot runs
in a child process exactly as deployed (``python -m bot run``, ``DELEGATE_BOT_SEND_RATE`` set
to the limit), so the two do not share a CPU. The notice is queued from the command line
(``python -m bot notice send``), like an operator would.

Figures, all measured at the server: the achieved rate as a fraction of the limit (first to
last accepted message; with faults also without the flood-control pauses), the longest gap
between two accepted messages, the bot's peak memory (VmHWM), 429s caused by the bot itself,
and the duplicate and missing counts (a missing chat is one that could be reached and got
nothing).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Storage  # noqa: E402
from tests.support.fake_bot_api import BotMessage, Chat, FakeBotApi  # noqa: E402

TOKEN = "123456789:" + "C" * 35  # shaped like a real token, so the bot's settings accept it
FIRST_CHAT = 1_000_000
TEXT = "📣 <b>Meeting 2</b> starts at 15:00 (Geneva time) in room XVII. 会议将于 15:00 开始。"
SEED = 20200611


class CountingServer(FakeBotApi):
    """The fake Bot API, remembering when each message was accepted and for which chat."""

    def __init__(self) -> None:
        super().__init__(TOKEN, record_requests=False)
        self.accepted: list[tuple[float, int]] = []

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        self.accepted.append((time.monotonic(), chat.id))


@dataclass(frozen=True, slots=True)
class Scenario:
    subscribers: int
    limit: float
    faults: bool

    @property
    def name(self) -> str:
        return (
            f"{self.subscribers:,} subscribers at {self.limit:,.0f}/s"
            f"{' with faults' if self.faults else ''}"
        )


@dataclass(frozen=True, slots=True)
class Result:
    scenario: Scenario
    accepted: int
    expected: int
    rate: float
    rate_without_pauses: float
    longest_gap: float
    pauses: int
    peak_memory_mb: float
    duplicates: int
    missing: int
    violations: int
    seconds: float


def inject_faults(server: FakeBotApi, chats: list[int]) -> tuple[set[int], int]:
    """Faults on a fixed random sample of chats; returns (unreachable chats, 429s injected)."""
    rng = random.Random(SEED)
    shuffled = chats[:]
    rng.shuffle(shuffled)
    n = len(chats)
    blocked = shuffled[: n * 2 // 100]
    never_started = shuffled[n * 2 // 100 : n * 2 // 100 + max(1, n // 500)]
    rest = shuffled[len(blocked) + len(never_started) :]
    for chat in blocked:
        server.block_chat(chat)
    for chat in never_started:
        server.add_user(chat, "Never started", started=False)
        server.mark_not_started(chat)
    for chat in rest[: n // 100]:
        server.fail_next("sendMessage", 502, chat_id=chat)
    for chat in rest[n // 100 : n // 50]:
        server.fail_next("sendMessage", "drop", chat_id=chat)
    clean = sorted(rest[n // 50 :])  # sent in chat order: these fall at 1/4, 1/2 and 3/4
    floods = [clean[len(clean) * k // 4] for k in (1, 2, 3)]
    for chat in floods:
        server.fail_next("sendMessage", 429, retry_after=1, chat_id=chat)
    return set(blocked) | set(never_started), len(floods)


def bot_environment(server: FakeBotApi, folder: Path, limit: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_API_FILE_URL": server.base_file_url,
            "DELEGATE_BOT_DB": str(folder / "bot.sqlite3"),
            "DELEGATE_BOT_HEALTH_FILE": str(folder / "health.json"),
            "DELEGATE_BOT_SEND_RATE": str(limit),
            "DELEGATE_BOT_REMINDER_LEADS": "",
            "DELEGATE_BOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def peak_memory_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def notice_done(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT state FROM notices WHERE id = 1").fetchone()
    return row is not None and row[0] == "done"


async def run(scenario: Scenario, folder: Path) -> Result:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + scenario.subscribers))
    server = CountingServer()
    async with server:
        for chat in chats:
            server.add_user(chat, "Delegate", started=True)
        unreachable, floods = inject_faults(server, chats) if scenario.faults else (set(), 0)
        server.enforce_rate_limits(per_chat_per_second=1.0, global_per_second=scenario.limit)
        db = folder / "bot.sqlite3"
        async with await Storage.open(db) as store, store.transaction():
            for chat in chats:
                await store.subscribe(chat)
        env = bot_environment(server, folder, scenario.limit)
        log = (folder / "bot.log").open("ab")
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=log, stderr=log, cwd=ROOT
        )
        try:
            await server.wait_for(lambda: server.method_counts["deleteWebhook"] > 0, 30)
            started = time.monotonic()
            cli = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "notice",
                "send",
                TEXT,
                env=env,
                cwd=ROOT,
                stdout=asyncio.subprocess.DEVNULL,
            )
            assert await cli.wait() == 0, "delegate-bot notice send failed"
            expected = len(chats) - len(unreachable)
            budget = 60 + 2 * scenario.subscribers / scenario.limit
            deadline = time.monotonic() + budget
            while not (len(server.accepted) >= expected and notice_done(db)):
                if time.monotonic() > deadline:
                    print(f"  timed out after {budget:.0f} s", file=sys.stderr)
                    break
                await asyncio.sleep(0.2)
            await asyncio.sleep(0.5)  # anything sent after completion would be a duplicate
            seconds = time.monotonic() - started
            memory = peak_memory_mb(bot.pid)
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(bot.wait(), 20)
                except TimeoutError:
                    bot.kill()
                    await bot.wait()
            log.close()

    times = [t for t, _ in server.accepted]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    paused = sum(g for g in gaps if g >= 0.9)
    counts: dict[int, int] = {}
    for _, chat in server.accepted:
        counts[chat] = counts.get(chat, 0) + 1
    return Result(
        scenario=scenario,
        accepted=len(server.accepted),
        expected=expected,
        rate=(len(times) - 1) / span,
        rate_without_pauses=(len(times) - 1) / (span - paused),
        longest_gap=max(gaps, default=0.0),
        pauses=floods,
        peak_memory_mb=memory,
        duplicates=sum(1 for n in counts.values() if n > 1),
        missing=sum(1 for chat in chats if chat not in unreachable and chat not in counts),
        violations=server.rate_limit_violations,
        seconds=seconds,
    )


def report(result: Result) -> None:
    scenario = result.scenario
    print(f"\n{scenario.name}")
    print(f"  delivered            {result.accepted:,} of {result.expected:,} reachable")
    print(
        f"  achieved rate        {result.rate:,.1f}/s = {result.rate / scenario.limit:.1%}"
        " of the limit (first to last message)"
    )
    if scenario.faults:
        print(
            f"  without the pauses   {result.rate_without_pauses:,.1f}/s ="
            f" {result.rate_without_pauses / scenario.limit:.1%}"
            f" ({result.pauses} injected 429 × retry_after 1 s)"
        )
    print(f"  longest gap          {result.longest_gap * 1000:,.0f} ms")
    print(f"  429s caused by pace  {result.violations}")
    print(f"  duplicates, missing  {result.duplicates}, {result.missing}")
    print(f"  bot peak memory      {result.peak_memory_mb:,.0f} MB (VmHWM of the bot process)")
    print(f"  wall time            {result.seconds:,.1f} s (queueing from the CLI to done)")


async def main_async(sizes: list[tuple[int, float]]) -> int:
    failures = 0
    for subscribers, limit in sizes:
        for faults in (False, True):
            scenario = Scenario(subscribers, limit, faults)
            with tempfile.TemporaryDirectory(prefix="broadcast-") as folder:
                result = await run(scenario, Path(folder))
            report(result)
            if result.duplicates or result.missing:
                failures += 1
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="1,000 subscribers per run")
    group.add_argument("--full", action="store_true", help="10,000 subscribers at 30/s too")
    args = parser.parse_args(argv)
    if args.quick:
        sizes = [(1_000, 1_000.0), (1_000, 30.0)]
    elif args.full:
        sizes = [(10_000, 1_000.0), (10_000, 30.0)]
    else:
        sizes = [(10_000, 1_000.0), (3_000, 30.0)]
    print(
        "Runs: "
        + "; ".join(f"{n:,} subscribers at {limit:,.0f}/s" for n, limit in sizes)
        + " — each clean, then with faults. The fake Bot API runs here and answers 429 beyond"
        " the limit; the bot runs in a child process (python -m bot run)."
    )
    print(f"CPU cores: {os.cpu_count()}")
    return asyncio.run(main_async(sizes))


if __name__ == "__main__":
    sys.exit(main())
