"""The send rate of the bot token, shared by every process that sends from one database.

Telegram's ~30 messages a second is a budget of the bot, not of one process: with several
senders on PostgreSQL, each reserves its turns from one row of the database (a time line on
the database's clock, :meth:`bot.storage.Storage.reserve_send_turns`), a few at a time so that
the database is asked a few times a second rather than once per message. A turn is a moment;
turns are ``1 / rate`` seconds apart whoever holds them, so together the senders keep the rate.
One process on SQLite has the budget to itself and keeps its in-memory pacer alone.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from typing import Final

from bot.storage import Storage

#: Turns reserved at once: about this many seconds of the rate, and at most MAX_BLOCK (a
#: process slower than a high rate would otherwise hold turns the others could use).
BLOCK_SECONDS: Final = 0.2
MAX_BLOCK: Final = 20
#: A turn held this long past its moment is dropped (the sender was idle or stalled): using
#: it would send in a burst what was the budget's room a while ago.
STALE_SECONDS: Final = 0.5


class SharedBudget:
    """The turns this process holds of the shared send rate."""

    def __init__(
        self,
        store: Storage,
        rate: float,
        *,
        block: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        self._store = store
        self.rate = rate
        self.block = block or max(1, min(MAX_BLOCK, math.ceil(rate * BLOCK_SECONDS)))
        self._clock = clock
        self._turns: deque[float] = deque()  # moments, on this process's monotonic clock

    async def next_turn(self) -> float:
        """Take the next turn this process holds, reserving a block when it holds none; the
        ``clock()`` moment from which the message may go."""
        now = self._clock()
        while self._turns and self._turns[0] < now - STALE_SECONDS:
            self._turns.popleft()
        if not self._turns:
            starts_in = await self._store.reserve_send_turns(self.block, self.rate)
            first = self._clock() + starts_in
            self._turns.extend(first + n / self.rate for n in range(self.block))
        return self._turns.popleft()

    def give_back(self, turn: float) -> None:
        """A turn taken but not used: the next message takes it."""
        self._turns.appendleft(turn)

    def forget(self) -> None:
        """Flood control paused the bot: the turns held were before the pause, and void."""
        self._turns.clear()

    @property
    def held(self) -> int:
        return len(self._turns)
