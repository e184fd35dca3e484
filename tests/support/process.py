"""The bot as deployed: ``python -m bot run`` in a child process, on the fake Bot API, and a
free port for the servers it opens."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from tests.support.fake_bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:" + "K" * 35  # shaped like a real token, so the settings accept it


def environment(server: FakeBotApi, folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_API_FILE_URL": server.base_file_url,
            "DELEGATE_BOT_DB": str(folder / "bot.sqlite3"),
            "DELEGATE_BOT_HEALTH_FILE": str(folder / "health.json"),
            "DELEGATE_BOT_SEND_RATE": "250",
            "DELEGATE_BOT_REMINDER_LEADS": "",
            "DELEGATE_BOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


async def start_bot_process(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=out, stderr=out, cwd=ROOT
        )


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
