"""Notices delivered by a ``DeliveryWorker`` to users of the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from telegram import Bot

from bot.delivery import DeliveryWorker
from bot.notices import send_notice_now
from bot.storage import NewNotice, Storage
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


async def queue(store: Storage, text: str, topics: tuple[str, ...] = ()) -> int:
    """A notice confirmed now: its recipients are fixed and queued."""
    notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": text}, topics=topics))
    await send_notice_now(store, notice_id, None, kb=None)
    return notice_id


def send_times(server: FakeBotApi, chat: int | None = None) -> list[float]:
    return [
        r.time
        for r in server.requests
        if r.method == "sendMessage" and (chat is None or r.chat_id == chat)
    ]
