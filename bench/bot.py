"""End-to-end throughput and latency of the bot over loopback, beside a bare echo bot.

    python -m bench.bot            # 200 users × 15 messages, then with 50 ms Bot API latency
    python -m bench.bot --quick    # 200 users × 10 messages
    python -m bench.bot --quick --only-delegate --http     # the delegate bot alone, with its
                                   # HTTP server scraped and its notices API used meanwhile
    python -m bench.bot --quick --only-delegate --bot-root DIR   # another checkout's bot

The fake Bot API (tests/support/fake_bot_api/) runs in this process; the bot under test runs in a
child process exactly as deployed (``python -m bot run`` with the API URL pointed at the fake
server), so the two do not share an interpreter. Each scenario starts a fresh bot and server,
asks every question once alone to learn its answer, then:

* **saturation** — every simulated user keeps up to ``--window`` messages in flight (they type
  ahead), waits for answers and goes on, until all have asked ``--messages`` questions: answered
  messages per second. Latency here is mostly time spent queueing (Little's law);
* **no answer memory** — the same, with the bot's per-snapshot memory of recent search results
  switched off (every question is learnt once before the clock starts, so the memory would
  otherwise answer every repeated search);
* **paced** (delegate bot) — new users ask at a steady ``--paced`` messages per second in
  total, well under capacity: p50/p99 here is the bot's own reply latency.

With ``--http`` the delegate bot runs its own HTTP server, and while it is measured a client
scrapes ``/metrics`` every ``--scrape-interval`` seconds and, every second, creates a notice
through the API (to nobody: no one is subscribed) and reads its report — so the rows compare
with a run without it (``--bot-root`` points at a checkout without the server).

A message's latency runs from its update being queued at the server to the bot's answer
reaching the server. Every answer is compared with the answer the same question got alone, in
the order the user asked: an answer out of place counts as a reorder. The echo bot — a minimal
python-telegram-bot echo bot, with the library's defaults and with 256 concurrent updates — is
the framework's floor on the same fake server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import functools
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import cpu_seconds  # noqa: E402
from tests.support.fake_bot_api import FakeBotApi  # noqa: E402

TOKEN = "123456789:" + "B" * 35  # shaped like a real token, so the bot's settings accept it
API_TOKEN = "bench-" + "a" * 40
SEED = 20200610
#: How long the bot under test may take to start polling.
READY_SECONDS = 30.0


# ---------------------------------------------------------------------------------------------
# The bots under test (run in a child process)


def serve_echo(base_url: str, token: str, concurrent: bool) -> None:
    """A minimal echo bot: python-telegram-bot's defaults, or with 256 concurrent updates."""
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await message.reply_text(message.text)

    builder = Application.builder().token(token).base_url(base_url)
    if concurrent:
        builder = builder.concurrent_updates(256)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0.0, timeout=10, allowed_updates=[Update.MESSAGE])


def serve_uncached() -> int:
    """The delegate bot with the answer memory off: every question is searched afresh."""
    import bot.live
    from bot.cli import main as cli_main

    bot.live.CACHED_SEARCHES = 0
    return cli_main(["run"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_bot_process(
    kind: str, server: FakeBotApi, folder: Path, args: argparse.Namespace
) -> subprocess.Popen[bytes]:
    root = Path(args.bot_root).resolve() if kind.startswith("delegate") else ROOT
    env = dict(os.environ)
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_API_FILE_URL": server.base_file_url,
            "DELEGATE_BOT_DB": str(folder / f"{kind}.sqlite3"),
            "DELEGATE_BOT_HEALTH_FILE": str(folder / f"{kind}-health.json"),
            "DELEGATE_BOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(root),
        }
    )
    if args.http and kind == "delegate":
        env["DELEGATE_BOT_HTTP_PORT"] = str(args.http_port)
        env["DELEGATE_BOT_API_TOKENS"] = f"bench:{API_TOKEN}"
    if kind.startswith("echo"):
        command = [sys.executable, "-m", "bench.bot", "--serve-echo", kind, server.base_url]
    elif kind == "delegate-uncached":
        command = [sys.executable, "-m", "bench.bot", "--serve-uncached"]
    else:
        command = [sys.executable, "-m", "bot", "run"]
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL)


@dataclasses.dataclass
class HttpLoad:
    scrapes: int = 0
    notices: int = 0
    reports: int = 0
    failures: int = 0


async def http_load(port: int, scrape_interval: float, done: asyncio.Event) -> HttpLoad:
    """Scrape /metrics and use the notices API until ``done``, as a monitoring system and a
    secretariat's mailing tool would."""
    load = HttpLoad()
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    next_notice = time.monotonic()
    async with aiohttp.ClientSession() as session:
        while not done.is_set():
            async with session.get(f"{base}/metrics") as response:
                await response.read()
                load.scrapes += response.status == 200
                load.failures += response.status != 200
            if time.monotonic() >= next_notice:
                next_notice += 1.0
                key = {"Idempotency-Key": f"bench-{load.notices}-{time.time_ns()}", **auth}
                async with session.post(
                    f"{base}/api/v1/notices", json={"text": "Bench notice"}, headers=key
                ) as response:
                    body = await response.json()
                    load.notices += response.status == 201
                    load.failures += response.status != 201
                async with session.get(
                    f"{base}/api/v1/notices/{body.get('id', 0)}", headers=auth
                ) as response:
                    await response.read()
                    load.reports += response.status == 200
                    load.failures += response.status != 200
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), scrape_interval)
    return load


async def stop_bot_process(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        await asyncio.to_thread(process.wait, 15)
    except subprocess.TimeoutExpired:
        process.kill()
        await asyncio.to_thread(process.wait)


# ---------------------------------------------------------------------------------------------
# What users ask


def question_pool() -> list[str]:
    """A delegate's mix: paragraphs by number, free-text questions, and the listings."""
    queries = yaml.safe_load((ROOT / "tests/data/queries-dev.yaml").read_text(encoding="utf-8"))
    searches = [str(q["query"]) for q in queries]
    paragraphs = [f"/res 1 {n}" for n in range(1, 91)] + [f"/res 2 a {n}" for n in range(1, 20)]
    listings = ["/agenda 3", "/meetings 2", "/bureau", "/res 1", "/docs", "/agenda next", "/help"]
    return paragraphs + searches + listings


def scripts(pool: list[str], users: int, per_user: int) -> list[list[str]]:
    rng = random.Random(SEED)
    return [[rng.choice(pool) for _ in range(per_user)] for _ in range(users)]


# ---------------------------------------------------------------------------------------------
# Playing the users


@dataclasses.dataclass
class SimUser:
    id: int
    script: list[str]
    sent: list[float] = dataclasses.field(default_factory=list)
    replies: list[tuple[float, str]] = dataclasses.field(default_factory=list)
    changed: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)


@dataclasses.dataclass
class Result:
    name: str
    messages: int
    seconds: float
    latencies: list[float]
    reorders: int
    missing: int
    harness_cpu: float = 0.0
    bot_cpu_us: float = float("nan")  # the bot process's CPU time per answered message

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Monitor:
    """Reads the server's accepted calls and hands each answer to the user it went to."""

    def __init__(self, server: FakeBotApi, users: dict[int, SimUser]) -> None:
        self.server = server
        self.users = users
        self.seen = 0
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        while True:
            await self.server.wait_for(lambda: len(self.server.requests) > self.seen, 3600)
            records = self.server.requests[self.seen :]
            self.seen += len(records)
            for record in records:
                if record.method != "sendMessage" or record.chat_id not in self.users:
                    continue
                user = self.users[record.chat_id]
                user.replies.append((record.time, str(record.params.get("text", ""))))
                user.changed.set()


async def wait_until_ready(server: FakeBotApi) -> None:
    await server.wait_for(lambda: server.method_counts["getUpdates"] >= 1, READY_SECONDS)


async def play(user: SimUser, server: FakeBotApi, window: int) -> None:
    for text in user.script:
        while len(user.sent) - len(user.replies) >= window:
            user.changed.clear()
            await user.changed.wait()
        user.sent.append(time.monotonic())
        server.send_message(user.id, text)
    while len(user.replies) < len(user.script):
        user.changed.clear()
        await user.changed.wait()


async def expected_answers(server: FakeBotApi, questions: list[str], kind: str) -> dict[str, str]:
    """Each question asked alone, once: the answer every user should get for it."""
    if kind.startswith("echo"):
        return {q: q for q in questions}
    answers: dict[str, str] = {}
    for number, question in enumerate(questions):
        asker = 900_000 + number  # one asker per question: flood control stays out of the way
        server.add_user(asker, "Ana", language_code="zh-hans")
        server.send_message(asker, question)
        await server.wait_for(functools.partial(server.sent, asker), 10)
        await asyncio.sleep(0.01)
        sent = server.sent(asker)
        answers[question] = sent[0].source or "" if len(sent) == 1 else ""
    return answers


async def pace(people: list[SimUser], server: FakeBotApi, rate: float) -> None:
    """Open loop: message k goes to user k mod n at k / rate seconds, whatever the answers."""
    started = time.monotonic()
    turns = [
        (person, text)
        for round_ in zip(*(p.script for p in people), strict=True)
        for person, text in zip(people, round_, strict=True)
    ]
    for k, (person, text) in enumerate(turns):
        delay = started + k / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        person.sent.append(time.monotonic())
        server.send_message(person.id, text)
    for person in people:
        while len(person.replies) < len(person.script):
            person.changed.clear()
            await person.changed.wait()


async def measure(
    name: str,
    server: FakeBotApi,
    people: dict[int, SimUser],
    answers: dict[str, str],
    load: Callable[[], Awaitable[Any]],
    pid: int,
) -> Result:
    for person in people.values():
        server.add_user(person.id, "Ana", language_code="zh-hans")
    monitor = Monitor(server, people)
    monitor.seen = len(server.requests)
    watcher = asyncio.create_task(monitor.run())
    started = time.monotonic()
    cpu_started = time.process_time()
    bot_cpu = cpu_seconds(pid)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(load(), timeout=120)
    harness = (time.process_time() - cpu_started) / (time.monotonic() - started)
    bot_cpu = cpu_seconds(pid) - bot_cpu
    watcher.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await watcher
    result = summarise(name, people, answers, started)
    result.harness_cpu = harness
    result.bot_cpu_us = bot_cpu / max(1, result.messages) * 1e6
    return result


async def scenario(
    name: str,
    kind: str,
    pool: list[str],
    args: argparse.Namespace,
    latency: float,
    paced: float | None = None,
) -> list[Result]:
    """Start the bot, learn the right answers, then load it; a paced run measures latency."""
    async with FakeBotApi(TOKEN) as server:
        with tempfile.TemporaryDirectory(prefix="bench-bot-") as folder:
            args.http_port = free_port()
            process = start_bot_process(kind, server, Path(folder), args)
            side: asyncio.Task[HttpLoad] | None = None
            side_done = asyncio.Event()
            try:
                await wait_until_ready(server)
                questions = sorted(set(pool))
                answers = await expected_answers(server, questions, kind)
                single = [q for q in questions if answers.get(q)]  # one message each
                server.latency = latency
                if args.http and kind == "delegate":
                    side = asyncio.create_task(
                        http_load(args.http_port, args.scrape_interval, side_done)
                    )
                people = {
                    1000 + i: SimUser(1000 + i, script)
                    for i, script in enumerate(scripts(single, args.users, args.per_user))
                }
                results = [
                    await measure(
                        name,
                        server,
                        people,
                        answers,
                        lambda: asyncio.gather(
                            *(play(p, server, args.window) for p in people.values())
                        ),
                        process.pid,
                    )
                ]
                if paced:
                    calm = {
                        5000 + i: SimUser(5000 + i, script)
                        for i, script in enumerate(scripts(single, args.users, 5))
                    }
                    results.append(
                        await measure(
                            f"{name}, paced at {paced:.0f} msg/s",
                            server,
                            calm,
                            answers,
                            lambda: pace(list(calm.values()), server, paced),
                            process.pid,
                        )
                    )
                return results
            finally:
                if side is not None:
                    side_done.set()
                    load = await side
                    print(
                        f"  HTTP meanwhile: {load.scrapes} scrapes of /metrics, {load.notices}"
                        f" notices created and {load.reports} reports read through the API,"
                        f" {load.failures} failures",
                        file=sys.stderr,
                        flush=True,
                    )
                await stop_bot_process(process)


def summarise(
    name: str, people: dict[int, SimUser], answers: dict[str, str], started: float
) -> Result:
    latencies: list[float] = []
    reorders = missing = 0
    finished = started
    total = 0
    for person in people.values():
        total += len(person.script)
        missing += max(0, len(person.script) - len(person.replies))
        for index, (at, text) in enumerate(person.replies[: len(person.script)]):
            latencies.append(at - person.sent[index])
            finished = max(finished, at)
            if text != answers[person.script[index]]:
                reorders += 1
    return Result(name, total - missing, finished - started, latencies, reorders, missing)


# ---------------------------------------------------------------------------------------------
# Report


def table(results: list[Result]) -> str:
    head = (
        f"{'scenario':<56} {'msgs':>6} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'reorders':>9} {'missing':>8} {'bot CPU µs/msg':>15}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.name:<56} {r.messages:>6} {r.rate:>8.0f} {r.percentile(0.5):>8.1f}"
            f" {r.percentile(0.99):>8.1f} {r.reorders:>9} {r.missing:>8} {r.bot_cpu_us:>15.0f}"
        )
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    pool = question_pool()
    args.per_user = 10 if args.quick else args.messages
    slow = f"+{args.latency * 1000:.0f} ms per API call"
    plan: list[tuple[str, str, float, float | None]] = [
        ("echo bot, PTB defaults", "echo", 0.0, None),
        ("echo bot, 256 concurrent updates", "echo-concurrent", 0.0, None),
        ("delegate bot", "delegate", 0.0, args.paced),
        (f"echo bot, 256 concurrent, {slow}", "echo-concurrent", args.latency, None),
        (f"delegate bot, {slow}", "delegate", args.latency, args.paced),
        (f"delegate bot, {slow}, no answer memory", "delegate-uncached", args.latency, None),
    ]
    if args.only_delegate:
        plan = [entry for entry in plan if entry[1] == "delegate"][:1]
    results: dict[str, Result] = {}
    for name, kind, latency, paced in plan:
        for result in await scenario(name, kind, pool, args, latency, paced):
            results[result.name] = result
            print(
                f"  done: {result.name}: {result.rate:.0f} msg/s"
                f" (harness CPU {result.harness_cpu:.0%})",
                file=sys.stderr,
                flush=True,
            )
    print()
    print(
        f"{args.users} users × {args.per_user} messages, up to {args.window} in flight per user"
        f" (latency under saturation is mostly queueing; the paced rows show it unloaded);"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(table(list(results.values())))
    if args.only_delegate:
        return 0 if all(r.missing == 0 and r.reorders == 0 for r in results.values()) else 1
    echo = max(
        results["echo bot, PTB defaults"],
        results["echo bot, 256 concurrent updates"],
        key=lambda r: r.rate,
    )
    delegate, loaded = results["delegate bot"], results[f"delegate bot, {slow}"]
    uncached = results[f"delegate bot, {slow}, no answer memory"]
    ratio = delegate.rate / echo.rate if echo.rate else 0.0
    ours = [r for r in results.values() if r.name.startswith("delegate")]
    reorders = sum(r.reorders for r in ours)
    print()
    print(f"delegate / fastest echo throughput: {ratio:.0%} (target ≥ 70%)")
    print(
        f"with {slow}: {loaded.rate:.0f} msg/s (target ≥ 1000);"
        f" {uncached.rate:.0f} msg/s with every question searched afresh"
    )
    print(f"answers out of order (all delegate runs): {reorders}")
    ok = ratio >= 0.7 and loaded.rate >= 1000 and reorders == 0
    ok = ok and all(r.missing == 0 for r in ours)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bot", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="10 messages per user")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--messages", type=int, default=15, help="messages per user")
    parser.add_argument("--window", type=int, default=3, help="messages in flight per user")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per API call")
    parser.add_argument(
        "--paced", type=float, default=200.0, help="msg/s of the latency run (0: none)"
    )
    parser.add_argument(
        "--only-delegate", action="store_true", help="only the delegate bot (and its paced run)"
    )
    parser.add_argument(
        "--http", action="store_true", help="HTTP server on, scraped and used meanwhile"
    )
    parser.add_argument("--scrape-interval", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--bot-root", default=str(ROOT), help="the checkout whose delegate bot is measured"
    )
    parser.add_argument("--serve-echo", nargs=2, metavar=("KIND", "URL"), help=argparse.SUPPRESS)
    parser.add_argument("--serve-uncached", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_uncached:
        return serve_uncached()
    if args.serve_echo:
        kind, url = args.serve_echo
        serve_echo(url, os.environ["TELEGRAM_BOT_TOKEN"], concurrent=kind == "echo-concurrent")
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
