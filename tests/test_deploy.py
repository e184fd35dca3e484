"""Running as deployed: the webhook with its secret, the heartbeat, the update log, SIGTERM.

Everything talks real HTTP on 127.0.0.1 to the fake Bot API (and, for the webhook, the fake
server posts to the bot's own webhook server). SIGTERM in the middle of a broadcast, with
exactly-once delivery counts, is covered in ``test_kill_restart.py``; here the process is
stopped while idle (polling) and right after answering a webhook update.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import json
import logging
import os
import signal
import sqlite3
from pathlib import Path
from typing import Literal

import aiohttp
import pytest

from bot.app import ALLOWED_UPDATES, HeartbeatJob, build_application, running
from bot.cli import main
from bot.config import Settings
from bot.console import ConsolePrinter, ConsoleRequest
from bot.health import Heartbeat, read_heartbeat
from bot.live import LiveKnowledge
from bot.logs import FIELDS, JsonFormatter, PlainFormatter
from knowledge.codec import dump_yaml
from tests.support.app import BotFactory, bot_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.process import TOKEN, environment, free_port, start_bot_process

SECRET = "hook-Secret_0123456789"
R1_49 = "妇女使用互联网的几率比男子低 17%"
USER = 4242
TIMEOUT = 5.0


async def beat_in(path: Path, timeout: float) -> Heartbeat:  # noqa: ASYNC109
    """The heartbeat once the file exists (written after a Bot API answer, so ``wait_for``,
    which re-checks on server events, could miss it). A timeout fails the test naming the
    file, which an outer ``asyncio.timeout()`` could not."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (beat := read_heartbeat(path)) is None:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no heartbeat at {path} within {timeout} s")
        await asyncio.sleep(0.05)
    return beat


def texts(server: FakeBotApi, chat_id: int) -> list[str]:
    return [m.text or "" for m in server.messages(chat_id)]


# ---------------------------------------------------------------------------------------------
# Webhook


async def test_webhook_answers_with_the_secret_and_refuses_without_it(
    server: FakeBotApi, tmp_path: Path, live: LiveKnowledge
) -> None:
    port, path = free_port(), "telegram-hook"
    url = f"http://127.0.0.1:{port}/{path}"
    app = build_application(bot_settings(server, tmp_path / "bot.sqlite3"), knowledge=live)
    async with running(app, poll=False):
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=path,
            webhook_url=url,
            secret_token=SECRET,
            allowed_updates=ALLOWED_UPDATES,
        )
        assert server.webhook is not None
        assert server.webhook["url"] == url and server.webhook["secret_token"] == SECRET

        server.add_user(USER, "Ana", language_code="zh-hans")
        server.send_message(USER, "/res 1 49")
        assert await server.post_update_to(url, secret_token="not-the-secret") == [403]
        assert await server.post_update_to(url) == [403]  # no header at all
        await asyncio.sleep(0.3)  # an update that got through would be answered by now
        assert server.messages(USER) == []
        assert len(server.pending_updates) == 1  # refused, so Telegram would retry it

        assert await server.post_update_to(url, secret_token=SECRET) == [200]
        await server.wait_for(lambda: server.messages(USER), TIMEOUT)
        assert any(R1_49 in text for text in texts(server, USER))
    assert server.errors == []


def test_run_webhook_without_url_fails_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DELEGATE_BOT_DB", str(tmp_path / "bot.sqlite3"))
    monkeypatch.delenv("DELEGATE_BOT_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("DELEGATE_BOT_WEBHOOK_SECRET", raising=False)
    assert main(["run", "--webhook"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DELEGATE_BOT_WEBHOOK_URL" in err
    assert not (tmp_path / "bot.sqlite3").exists()  # stopped before opening anything


# ---------------------------------------------------------------------------------------------
# Heartbeat


def health_exit_code(monkeypatch: pytest.MonkeyPatch, folder: Path, *args: str) -> int:
    monkeypatch.setenv("DELEGATE_BOT_DB", str(folder / "bot.sqlite3"))
    monkeypatch.setenv("DELEGATE_BOT_HEALTH_FILE", str(folder / "health.json"))
    return main(["health", *args])


async def test_heartbeat_written_after_getme_and_kept_when_it_fails(
    server: FakeBotApi,
    start_bot: BotFactory,
    tmp_path: Path,
    live: LiveKnowledge,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    health = tmp_path / "health.json"  # the default: beside the database
    async with start_bot() as app:
        beat = await beat_in(health, TIMEOUT)
        age = dt.datetime.now(dt.UTC) - beat.api_ok_at
        assert dt.timedelta(0) <= age < dt.timedelta(seconds=TIMEOUT)
        assert beat.kb_records == sum(1 for _ in live.kb.records()) > 0
        assert beat.kb_sha256 == hashlib.sha256(dump_yaml(live.kb).encode()).hexdigest()
        assert beat.pid == os.getpid()
        assert health_exit_code(monkeypatch, tmp_path) == 0

        assert app.job_queue is not None
        (job,) = app.job_queue.get_jobs_by_name(HeartbeatJob.NAME)
        before = health.read_bytes()
        server.fail_next("getMe", 500, count=2)
        with caplog.at_level(logging.WARNING, logger="bot.app"):
            await job.run(app)
            await job.run(app)
        assert health.read_bytes() == before
        warnings = [r for r in caplog.records if "heartbeat: getMe failed" in r.getMessage()]
        assert len(warnings) == 2 and all(r.levelno == logging.WARNING for r in warnings)

        # No success for longer than --max-age: unhealthy; the next success heals it.
        await asyncio.sleep(2.1)
        assert health_exit_code(monkeypatch, tmp_path, "--max-age", "1") == 1
        await job.run(app)
        fresh = read_heartbeat(health)
        assert fresh is not None and fresh.api_ok_at > beat.api_ok_at
        assert health_exit_code(monkeypatch, tmp_path, "--max-age", "1") == 0
    assert server.errors == []


async def test_console_schedules_no_heartbeat(tmp_path: Path, live: LiveKnowledge) -> None:
    # The console answers the Bot API in-process (no token): a heartbeat would claim that a
    # bot is reachable when none runs. Built the way the console builds it.
    settings = Settings(
        telegram_token=None,
        api_base_url="http://127.0.0.1:9/bot",
        api_file_url="http://127.0.0.1:9/file/bot",
        db_path=tmp_path / "console.sqlite3",
    )
    request = ConsoleRequest(ConsolePrinter(io.StringIO()))
    app = build_application(settings, request=request, get_updates_request=request, knowledge=live)
    async with running(app, poll=False):
        assert app.job_queue is not None
        assert app.job_queue.get_jobs_by_name(HeartbeatJob.NAME) == ()
        await asyncio.sleep(0.2)
    assert not settings.health_file.exists()


# ---------------------------------------------------------------------------------------------
# The update log


async def test_one_info_line_per_update_without_the_message_text(
    server: FakeBotApi, start_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    question = "数字鸿沟的性别差距是多少"
    caplog.set_level(logging.INFO)
    async with start_bot():
        server.add_user(USER, "Ana", language_code="zh-hans")
        command = server.send_message(USER, "/res@DelegateBot 1 49")
        await server.wait_for(lambda: len(server.messages(USER)) >= 1, TIMEOUT)
        plain = server.send_message(USER, question)
        await server.wait_for(lambda: len(server.messages(USER)) >= 2, TIMEOUT)
        # the line is written once the handler has returned, a moment after the reply
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while sum("latency_ms" in r.__dict__ for r in caplog.records) < 2:
            assert asyncio.get_running_loop().time() < deadline, "no update line"
            await asyncio.sleep(0.02)

    lines = [r.__dict__ for r in caplog.records if "latency_ms" in r.__dict__]
    # exactly one line for each update
    assert sorted(fields["update_id"] for fields in lines) == [
        command.update_id,
        plain.update_id,
    ]
    handled = {fields["update_id"]: fields for fields in lines}
    for update, kind in ((command, "res"), (plain, "text")):
        fields = handled[update.update_id]
        assert fields["levelno"] == logging.INFO
        assert fields["user_id"] == USER
        assert fields["command"] == kind
        assert 0 < fields["latency_ms"] < TIMEOUT * 1000
        record = logging.makeLogRecord(fields)
        assert f"command={kind}" in PlainFormatter().format(record)
        entry = json.loads(JsonFormatter().format(record))
        assert entry["update_id"] == update.update_id and entry["user_id"] == USER
    assert {"update_id", "user_id", "command", "latency_ms"} <= set(FIELDS)
    # Nothing at INFO or above carries what the delegate wrote.
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            shown = PlainFormatter().format(record)
            assert question not in shown and "1 49" not in shown, shown


# ---------------------------------------------------------------------------------------------
# The real process and SIGTERM


async def deliver_when_listening(server: FakeBotApi, hook: str) -> list[int]:
    deadline = asyncio.get_running_loop().time() + 20
    while True:
        try:
            return await server.post_update_to(hook, secret_token=SECRET)
        except aiohttp.ClientConnectorError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_exits_zero_within_docker_grace_and_leaves_a_sound_database(
    tmp_path: Path, mode: Literal["polling", "webhook"]
) -> None:
    async with FakeBotApi(TOKEN) as server:
        env = environment(server, tmp_path)
        env["DELEGATE_BOT_LOG_LEVEL"] = "INFO"
        port = free_port()
        hook = f"http://127.0.0.1:{port}/hook/{mode}"  # what the reverse proxy forwards to
        if mode == "webhook":
            env.update(
                {
                    "DELEGATE_BOT_WEBHOOK_URL": f"https://127.0.0.1:{port}/hook/{mode}",
                    "DELEGATE_BOT_WEBHOOK_SECRET": SECRET,
                    "DELEGATE_BOT_WEBHOOK_LISTEN": "127.0.0.1",
                    "DELEGATE_BOT_WEBHOOK_PORT": str(port),
                }
            )
        log = tmp_path / "bot.log"
        bot = await start_bot_process(env, log)
        try:
            health = tmp_path / "health.json"
            await beat_in(health, 60)  # a bound, not a speed: heavy imports on a busy machine
            server.add_user(USER, "Ana", language_code="zh-hans")
            server.send_message(USER, "/res 1 49")
            if mode == "webhook":
                await server.wait_for(lambda: server.webhook is not None, 10)
                assert server.webhook is not None
                assert server.webhook["secret_token"] == SECRET
                # setWebhook can come a moment before the bot's server listens: Telegram
                # retries a refused delivery, and so does this (the update stays queued)
                assert await deliver_when_listening(server, hook) == [200]
            await server.wait_for(lambda: server.messages(USER), 10)
            assert any(R1_49 in text for text in texts(server, USER))

            started = asyncio.get_running_loop().time()
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(bot.wait(), 10) == 0, log.read_text()
            assert asyncio.get_running_loop().time() - started < 10
        finally:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
        output = log.read_text()
        assert "Traceback" not in output, output
        assert "update handled" in output and "command=res" in output
        assert "1 49" not in output and TOKEN not in output
        with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert server.errors == []
