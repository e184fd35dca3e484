"""Broadcast throughput and exactness: one notice to many subscribers through the real bot.

    python -m bench.broadcast            # 10,000 subscribers at 1,000/s; 3,000 at 30/s
    python -m bench.broadcast --quick    # 1,000 subscribers at 1,000/s and at 30/s
    python -m bench.broadcast --full     # 10,000 at 1,000/s and 10,000 at 30/s (~12 min)
    python -m bench.broadcast --clean-only --profile bot.prof   # no fault runs; cProfile the bot

Each size runs twice: clean, then with faults injected (2% of the chats blocked the bot,
0.2% never started it, 1% answer one 502, 1% drop one connection, and three 429 "retry after
1 s" spread over the run).

The fake Bot API (tests/support/fake_bot_api/) runs in this process and enforces Telegram's flood
limits with 429s: one message per second per chat, and overall 30 per second — or, for
messages sent as paid broadcasts (``allow_paid_broadcast``), the run's limit. Above 30/s the
bot runs with ``DELEGATE_BOT_PAID_BROADCAST=on``, as it must on Telegram. The bot runs in a
child process exactly as deployed (``python -m bot run``, ``DELEGATE_BOT_SEND_RATE`` set to
the limit), so the two do not share an interpreter (they do share the machine's CPUs). The
notice is queued from the command line (``python -m bot notice send``), like an operator
would.

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

from bench.processes import cpu_seconds, peak_memory_mb  # noqa: E402
from bot.storage import Storage  # noqa: E402
from tests.support.fake_bot_api import BotMessage, Chat, FakeBotApi  # noqa: E402
from tests.support.process import environment  # noqa: E402

TOKEN = "123456789:" + "C" * 35  # shaped like a real token, so the bot's settings accept it
FIRST_CHAT = 1_000_000
TEXT = "📣 <b>Meeting 2</b> starts at 15:00 (Geneva time) in room XVII. 会议将于 15:00 开始。"
SEED = 20200611
FREE_RATE = 30.0  # Telegram's broadcast limit without paid broadcasts


class CountingServer(FakeBotApi):
    """The fake Bot API, remembering when each message was accepted and for which chat."""

    def __init__(self) -> None:
        super().__init__(TOKEN, record_requests=False)
        self.accepted: list[tuple[float, int]] = []
        self.unpaid = 0

    def message_accepted(self, chat: Chat, message: BotMessage) -> None:
        self.accepted.append((time.monotonic(), chat.id))
        self.unpaid += not message.paid_broadcast


@dataclass(frozen=True, slots=True)
class Scenario:
    subscribers: int
    limit: float
    faults: bool

    @property
    def paid(self) -> bool:
        """Above Telegram's free 30/s only paid broadcasts are allowed."""
        return self.limit > FREE_RATE

    @property
    def name(self) -> str:
        return (
            f"{self.subscribers:,} subscribers at {self.limit:,.0f}/s"
            f"{' (paid broadcast)' if self.paid else ''}"
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
    unpaid: int
    seconds: float
    bot_cpu: float  # CPU seconds the bot spent from queueing to done
    server_cpu: float  # CPU seconds of this process (the fake Bot API) meanwhile


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


def bot_environment(server: FakeBotApi, folder: Path, scenario: Scenario) -> dict[str, str]:
    env = environment(server, folder)
    env["DELEGATE_BOT_SEND_RATE"] = str(scenario.limit)
    env["DELEGATE_BOT_PAID_BROADCAST"] = "on" if scenario.paid else "off"
    return env


def notice_done(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT state FROM notices WHERE id = 1").fetchone()
    return row is not None and row[0] == "done"


async def run(scenario: Scenario, folder: Path, profile: Path | None = None) -> Result:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + scenario.subscribers))
    server = CountingServer()
    async with server:
        for chat in chats:
            server.add_user(chat, "Delegate", started=True)
        unreachable, floods = inject_faults(server, chats) if scenario.faults else (set(), 0)
        server.enforce_rate_limits(
            per_chat_per_second=1.0,
            global_per_second=min(scenario.limit, FREE_RATE),
            paid_per_second=scenario.limit,
        )
        db = folder / "bot.sqlite3"
        async with await Storage.open(db) as store, store.transaction():
            for chat in chats:
                await store.subscribe(chat)
        env = bot_environment(server, folder, scenario)
        log = (folder / "bot.log").open("ab")
        profiler = ["-m", "cProfile", "-o", str(profile)] if profile is not None else []
        bot = await asyncio.create_subprocess_exec(
            sys.executable,
            *profiler,
            "-m",
            "bot",
            "run",
            env=env,
            stdout=log,
            stderr=log,
            cwd=ROOT,
        )
        try:
            await server.wait_for(lambda: server.method_counts["deleteWebhook"] > 0, 30)
            await asyncio.sleep(1.0)  # let start-up work (imports, index, reminders) finish
            started = time.monotonic()
            bot_cpu = cpu_seconds(bot.pid)
            server_cpu = time.process_time()
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
            bot_cpu = cpu_seconds(bot.pid) - bot_cpu
            server_cpu = time.process_time() - server_cpu
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
        unpaid=server.unpaid if scenario.paid else 0,
        seconds=seconds,
        bot_cpu=bot_cpu,
        server_cpu=server_cpu,
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
    if scenario.paid:
        print(f"  sent without paid    {result.unpaid} (allow_paid_broadcast missing)")
    print(f"  duplicates, missing  {result.duplicates}, {result.missing}")
    print(f"  bot peak memory      {result.peak_memory_mb:,.0f} MB (VmHWM of the bot process)")
    print(f"  wall time            {result.seconds:,.1f} s (queueing from the CLI to done)")
    per_message = result.bot_cpu / max(1, result.accepted) * 1e6
    print(
        f"  bot CPU              {result.bot_cpu:,.1f} s = {per_message:,.0f} µs per message"
        f" (fake Bot API: {result.server_cpu:,.1f} s)"
    )


async def main_async(
    sizes: list[tuple[int, float]], *, clean_only: bool, profile: Path | None
) -> int:
    failures = 0
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for subscribers, limit in sizes:
        for faults in (False,) if clean_only else (False, True):
            scenario = Scenario(subscribers, limit, faults)
            with tempfile.TemporaryDirectory(prefix="broadcast-") as folder:
                result = await run(scenario, Path(folder), profile)
            report(result)
            if result.duplicates or result.missing or result.unpaid:
                failures += 1
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.broadcast", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="1,000 subscribers per run")
    group.add_argument("--full", action="store_true", help="10,000 subscribers at 30/s too")
    group.add_argument(
        "--paid-only", action="store_true", help="only 10,000 subscribers at 1,000/s"
    )
    parser.add_argument("--clean-only", action="store_true", help="no runs with faults")
    parser.add_argument(
        "--profile", type=Path, help="run the bot under cProfile, writing its stats here"
    )
    args = parser.parse_args(argv)
    if args.quick:
        sizes = [(1_000, 1_000.0), (1_000, 30.0)]
    elif args.full:
        sizes = [(10_000, 1_000.0), (10_000, 30.0)]
    elif args.paid_only:
        sizes = [(10_000, 1_000.0)]
    else:
        sizes = [(10_000, 1_000.0), (3_000, 30.0)]
    print(
        "Runs: "
        + "; ".join(f"{n:,} subscribers at {limit:,.0f}/s" for n, limit in sizes)
        + " — each clean, then with faults. The fake Bot API runs here and answers 429 beyond"
        " the limit; the bot runs in a child process (python -m bot run)."
    )
    print(f"CPU cores: {os.cpu_count()}")
    return asyncio.run(main_async(sizes, clean_only=args.clean_only, profile=args.profile))


if __name__ == "__main__":
    sys.exit(main())
