"""What a chat subscribes to, beyond storing one topic: the first-day default and narrowing.

``/subscribe`` with no argument subscribes a chat that has no subscription to all notices at
once (so a test notice reaches it), then the menu offers the topics to narrow it down: picking
a topic in the menu while subscribed to all notices keeps only that topic. What a topic covers
(an agenda item: its sub-items and its meetings) is :mod:`bot.audience`'s business.
"""

from __future__ import annotations

import enum

from bot.storage import TOPIC_ALL, Storage

__all__ = ["Picked", "pick_topic", "start_subscribing"]


async def start_subscribing(store: Storage, chat_id: int) -> tuple[list[str], bool]:
    """``/subscribe`` alone: the chat's topics afterwards, and whether it was just subscribed
    to all notices (it had no subscription)."""
    async with store.transaction():
        current = await store.subscriptions(chat_id)
        if current:
            return current, False
        await store.subscribe(chat_id, TOPIC_ALL)
    return [TOPIC_ALL], True


class Picked(enum.Enum):
    ADDED = "added"
    NARROWED = "narrowed"  # the chat had all notices; now only this topic
    REMOVED = "removed"


async def pick_topic(store: Storage, chat_id: int, topic: str, *, on: bool) -> Picked:
    """A topic ticked (``on``) or unticked in the menu."""
    async with store.transaction():
        if not on:
            await store.unsubscribe(chat_id, topic)
            return Picked.REMOVED
        current = await store.subscriptions(chat_id)
        await store.subscribe(chat_id, topic)
        if topic != TOPIC_ALL and TOPIC_ALL in current:
            await store.unsubscribe(chat_id, TOPIC_ALL)
            return Picked.NARROWED
    return Picked.ADDED
