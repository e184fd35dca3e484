"""Per-user flood control: a sliding window, then a quiet pause.

A user may send ``limit`` updates within ``window`` seconds. The first update over the limit
gets one polite note (``Verdict.WARN``); everything after it is dropped without a reply
(``Verdict.DROP``) until ``window`` seconds have passed since that note. Each user has their
own window, so one user's flood never slows anybody else down.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    ALLOW = "allow"
    WARN = "warn"
    DROP = "drop"


@dataclass(frozen=True, slots=True)
class FloodPolicy:
    limit: int = 20
    window: float = 10.0

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= 0:
            raise ValueError("a flood policy needs limit >= 1 and window > 0")


@dataclass(slots=True)
class _UserWindow:
    recent: deque[float] = field(default_factory=deque)
    muted_until: float = 0.0


class FloodGate:
    """Decides, per update, whether the sender is within their allowance."""

    _SWEEP_EVERY = 4096

    def __init__(
        self, policy: FloodPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or FloodPolicy()
        self._clock = clock
        self._users: dict[int, _UserWindow] = {}
        self._checks = 0

    def check(self, user_id: int) -> Verdict:
        now = self._clock()
        self._checks += 1
        if self._checks % self._SWEEP_EVERY == 0:
            self._sweep(now)
        state = self._users.get(user_id)
        if state is None:
            state = self._users[user_id] = _UserWindow()
        if now < state.muted_until:
            return Verdict.DROP
        recent = state.recent
        horizon = now - self.policy.window
        while recent and recent[0] <= horizon:
            recent.popleft()
        if len(recent) >= self.policy.limit:
            state.muted_until = now + self.policy.window
            recent.clear()
            return Verdict.WARN
        recent.append(now)
        return Verdict.ALLOW

    def tracked_users(self) -> int:
        return len(self._users)

    def _sweep(self, now: float) -> None:
        """Forget users whose window and pause are both over, so memory stays bounded."""
        horizon = now - self.policy.window
        idle = [
            user_id
            for user_id, state in self._users.items()
            if now >= state.muted_until and (not state.recent or state.recent[-1] <= horizon)
        ]
        for user_id in idle:
            del self._users[user_id]


class TokenBuckets:
    """One token bucket per key (an API client): ``rate`` requests a second, ``burst`` at once.

    :meth:`take` spends a token and answers 0, or answers how many seconds until one is there
    (spending nothing). A few keys only (the configured clients), so nothing is ever forgotten.
    """

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("token buckets need rate > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, when counted)

    def take(self, key: str) -> float:
        now = self._clock()
        tokens, then = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens - 1.0, now)
        return 0.0
