"""The pace of sending: a token bucket for the rate, and flood-control pauses
(``retry_after``)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from telegram.error import (
    RetryAfter,
)


class Pacer:
    """A token bucket: ``rate`` tokens a second, at most ``burst`` saved up.

    :meth:`pause` empties it until a moment (Telegram's ``retry_after``): nothing goes out
    before, and the bucket refills from that moment, so a pause is never followed by a burst
    larger than ``burst``.
    """

    def __init__(
        self, rate: float, burst: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be above 0")
        self.rate = rate
        self.capacity = max(1.0, burst)
        self._clock = clock
        self._tokens = 1.0
        self._updated = clock()
        self._paused_until = 0.0

    def delay(self) -> float:
        """Seconds until the next token; 0 when one is there now."""
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def take(self) -> None:
        self._tokens -= 1.0

    def give_back(self) -> None:
        """A turn taken but not used (the row went to another sender): it is still ours."""
        if self.paused_for <= 0:
            self._tokens = min(self.capacity, self._tokens + 1.0)

    def pause(self, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._tokens = 0.0
            self._updated = until

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())


def retry_after_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after  # a timedelta (see bot/__init__.py), or an int if PTB_TIMEDELTA=0
    if isinstance(value, dt.timedelta):
        return max(0.0, value.total_seconds())
    return max(0.0, float(value))
