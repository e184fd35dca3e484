"""Per-user flood control with a fake clock."""

from __future__ import annotations

import pytest

from bot.ratelimit import FloodGate, FloodPolicy, TokenBuckets, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_gets_one_note_then_silence_until_the_pause_ends() -> None:
    clock = Clock()
    gate = FloodGate(FloodPolicy(limit=20, window=10), clock)
    verdicts = []
    for _ in range(30):  # 30 messages within one second
        verdicts.append(gate.check(7))
        clock.now += 1 / 30
    assert verdicts[:20] == [Verdict.ALLOW] * 20
    assert verdicts[20] is Verdict.WARN
    assert verdicts[21:] == [Verdict.DROP] * 9
    clock.now += 5
    assert gate.check(7) is Verdict.DROP  # still within the pause
    clock.now += 5
    assert gate.check(7) is Verdict.ALLOW


def test_users_do_not_slow_each_other_down() -> None:
    clock = Clock()
    gate = FloodGate(FloodPolicy(limit=3, window=10), clock)
    for _ in range(10):
        gate.check(1)
    assert [gate.check(2) for _ in range(3)] == [Verdict.ALLOW] * 3


def test_a_steady_pace_is_never_throttled() -> None:
    clock = Clock()
    gate = FloodGate(FloodPolicy(limit=20, window=10), clock)
    for _ in range(500):
        assert gate.check(3) is Verdict.ALLOW
        clock.now += 0.6  # 100 messages a minute, within 20 per 10 s


def test_idle_users_are_forgotten() -> None:
    clock = Clock()
    gate = FloodGate(FloodPolicy(limit=5, window=1), clock)
    for user in range(FloodGate._SWEEP_EVERY - 1):
        gate.check(user)
    clock.now += 5
    gate.check(-1)  # this check sweeps
    assert gate.tracked_users() <= 1


def test_policy_is_validated() -> None:
    with pytest.raises(ValueError):
        FloodPolicy(limit=0)
    with pytest.raises(ValueError):
        FloodPolicy(window=0)


def test_token_buckets_allow_a_burst_then_the_rate_per_key() -> None:
    now = [100.0]
    buckets = TokenBuckets(rate=2.0, burst=3, clock=lambda: now[0])
    assert [buckets.take("mailer") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("mailer") == pytest.approx(0.5)  # empty: a token in half a second
    assert buckets.take("meetings-db") == 0.0  # another client has its own bucket
    now[0] += 0.5
    assert buckets.take("mailer") == 0.0
    assert buckets.take("mailer") > 0
    now[0] += 60  # refills, but never beyond the burst
    assert [buckets.take("mailer") for _ in range(4)][-1] > 0
