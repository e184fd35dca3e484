"""Notices delivered by a ``DeliveryWorker`` to users of the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from telegram import Bot

from bot.delivery import DeliveryWorker
from bot.storage import Storage
from tests.support.fake_bot_api import FakeBotApi

#: Seconds a worker gets to deliver everything queued.
DRAIN_SECONDS = 20.0


async def add_subscribers(
    server: FakeBotApi, store: Storage, chat_ids: Iterable[int], topic: str = "all"
) -> list[int]:
    """Users who started the bot and subscribed to ``topic``."""
    chats = list(chat_ids)
    async with store.transaction():
        for chat in chats:
            if not server.has_user(chat):
                server.add_user(chat, f"User {chat}", started=True)
            await store.subscribe(chat, topic)
    return chats


def copies(server: FakeBotApi, chat: int, text: str | None = None) -> int:
    return sum(1 for m in server.sent(chat) if text is None or m.text == text)


def make_worker(store: Storage, bot: Bot, **overrides: Any) -> DeliveryWorker:
    options: dict[str, Any] = {"rate": 200.0, "retry_delay": 0.05, "poll_interval": 0.1}
    options.update(overrides)
    return DeliveryWorker(store, bot, **options)


async def drain(worker: DeliveryWorker) -> None:
    await asyncio.wait_for(worker.run_until_idle(), DRAIN_SECONDS)
