"""The send rate shared by several senders on one database: turns reserved from one row of the
database (on both backends), and the turns one process holds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.delivery.budget import MAX_BLOCK, STALE_SECONDS, SharedBudget
from bot.storage import Storage

RATE = 25.0
#: SQLite's clock ('now') counts whole milliseconds.
CLOCK_STEP = 0.002


async def test_two_senders_reserve_turns_that_never_overlap(database: str | Path) -> None:
    async with await Storage.open(database) as first, await Storage.open(database) as second:
        started = time.monotonic()
        assert await first.reserve_send_turns(5, RATE) == 0.0  # the budget was idle
        # the next five turns follow the first five (0.2 s of the rate), whoever asks
        waits = await second.reserve_send_turns(5, RATE)
        elapsed = time.monotonic() - started
        assert 0.2 - elapsed - CLOCK_STEP <= waits <= 0.2 + CLOCK_STEP
        started = time.monotonic()
        waits = await first.reserve_send_turns(1, RATE)
        elapsed = time.monotonic() - started + elapsed
        assert 0.4 - elapsed - CLOCK_STEP <= waits <= 0.4 + CLOCK_STEP
        with pytest.raises(ValueError):
            await first.reserve_send_turns(0, RATE)


async def test_the_turns_a_process_holds_are_a_rate_apart_and_stale_ones_dropped(
    store: Storage,
) -> None:
    now = [1000.0]
    budget = SharedBudget(store, RATE, clock=lambda: now[0])
    assert budget.block == 5  # 0.2 s of the rate at a time
    assert SharedBudget(store, 1000.0).block == MAX_BLOCK  # not 200: others may need them
    turns = [await budget.next_turn() for _ in range(5)]
    assert turns == pytest.approx([1000.0 + n / RATE for n in range(5)])
    assert budget.held == 0
    later = await budget.next_turn()  # another block, after the first (the database's clock)
    assert 1000.0 + 0.15 <= later <= 1000.0 + 0.2 + CLOCK_STEP
    budget.give_back(later)
    assert await budget.next_turn() == later  # a turn not used is the next one taken
    assert budget.held == 4
    now[0] += STALE_SECONDS + 1.0  # idle: what was held then is not room now
    fresh = await budget.next_turn()
    assert fresh >= now[0] and budget.held == 4
    budget.forget()  # flood control: nothing held survives a pause
    assert budget.held == 0
