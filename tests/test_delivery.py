"""The delivery worker against the fake Bot API over real HTTP: faults, pacing, restarts.

Each test queues notices in a real SQLite file, lets a ``DeliveryWorker`` drain the queue
through python-telegram-bot's ``Bot.send_message`` to the fake server, and counts what every
chat received.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from telegram import Bot

from bot.cli.notice_text import format_report_text
from bot.delivery import Pacer
from bot.notices import notice_report, send_notice_now
from bot.storage import NewNotice, Storage
from tests.support.delivery import add_subscribers, copies, drain, make_worker, queue, send_times
from tests.support.fake_bot_api import FakeBotApi

TIMEOUT = 20.0


# == The plain case ==============================================================================


async def test_every_subscriber_gets_exactly_one_copy(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(1000, 1060))
    notice_id = await queue(store, "Meeting 2 starts in <b>30 minutes</b>")
    worker = make_worker(store, bot)
    await drain(worker)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    assert server.sent(1000)[0].text == "Meeting 2 starts in 30 minutes"
    assert server.sent(1000)[0].entities[0]["type"] == "bold"
    notice = await store.notice(notice_id)
    assert notice is not None and notice.state == "done"
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.total, figures.unfinished, figures.doubtful) == (60, 60, 0, 0)
    assert worker.stats.sent == 60
    assert server.errors == []


async def test_a_link_becomes_a_button_in_the_readers_language(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    server.add_user(2001, language_code="en", started=True)
    server.add_user(2002, language_code="zh-hans", started=True)
    await store.remember_user(2001, 2001, None, "Ann", "en")
    await store.remember_user(2002, 2002, None, "Li", "zh-hans")
    await add_subscribers(server, store, [2001, 2002])
    notice_id = await store.add_notice(
        NewNotice(kind="notice", texts={"*": "Join here"}, link="https://example.org/m2")
    )
    await send_notice_now(store, notice_id, None, kb=None)
    await drain(make_worker(store, bot))
    english = server.sent(2001)[0].buttons
    chinese = server.sent(2002)[0].buttons
    assert english == [{"text": "🔗 Open the link", "url": "https://example.org/m2"}]
    assert chinese == [{"text": "🔗 打开链接", "url": "https://example.org/m2"}]


# == Faults ======================================================================================


async def test_429_pauses_the_whole_sender_and_keeps_every_chat_in_order(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(3000, 3005))
    for number in (1, 2, 3):
        await queue(store, f"notice {number}")
    server.fail_next("sendMessage", 429, retry_after=1, chat_id=3002)
    worker = make_worker(store, bot, max_in_flight=1)
    await drain(worker)

    for chat in chats:
        assert [m.text for m in server.sent(chat)] == ["notice 1", "notice 2", "notice 3"]
    [flood] = [r for r in server.refused if r.status == 429]
    resumed = min(t for t in send_times(server) if t > flood.time)
    assert resumed - flood.time >= 0.95  # retry_after honoured by every chat, not just 3002
    assert worker.stats.rate_limited == 1
    assert server.errors == []


async def test_blocked_chats_are_counted_unsubscribed_and_get_nothing(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(4000, 4010))
    server.block_chat(4001)
    server.block_chat(4002, "user is deactivated")
    server.add_user(4099, started=False)  # never wrote to the bot
    await store.subscribe(4099)
    notice_id = await queue(store, "hello")
    await drain(make_worker(store, bot))

    for chat in (4001, 4002, 4099):
        assert copies(server, chat) == 0
        assert await store.subscriptions(chat) == []
    for chat in set(chats) - {4001, 4002}:
        assert copies(server, chat) == 1
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.blocked, figures.failed) == (8, 3, 0)
    outcomes = {o.chat_id: o for o in await store.delivery_outcomes(notice_id)}
    assert outcomes[4002].error == "Forbidden: user is deactivated"
    assert outcomes[4099].error == "Forbidden: bot can't initiate conversation with a user"
    assert server.errors == []


async def test_server_errors_and_dropped_connections_are_retried_once_delivered(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(5000, 5020))
    server.fail_next("sendMessage", 502, chat_id=5003)
    server.fail_next("sendMessage", 500, count=2, chat_id=5007)
    server.fail_next("sendMessage", "drop", chat_id=5011)
    server.fail_next("sendMessage", "drop", count=2, chat_id=5015)
    notice_id = await queue(store, "hello")
    worker = make_worker(store, bot)
    await drain(worker)

    assert [copies(server, chat) for chat in chats] == [1] * 20
    outcomes = {o.chat_id: o for o in await store.delivery_outcomes(notice_id)}
    # An answer from Telegram (5xx) leaves no doubt; a connection lost mid-request does.
    assert set(outcomes) == {5011, 5015}
    assert outcomes[5011].doubt == outcomes[5015].doubt == "network"
    assert outcomes[5015].attempts == 3
    assert worker.stats.retried == 6
    assert server.errors == []


async def test_a_failure_becomes_permanent_after_bounded_attempts(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, range(6000, 6004))
    server.fail_next("sendMessage", 500, count=50, chat_id=6002)
    notice_id = await queue(store, "hello")
    await drain(make_worker(store, bot, max_attempts=3))

    assert copies(server, 6002) == 0
    assert [copies(server, c) for c in (6000, 6001, 6003)] == [1, 1, 1]
    assert len([r for r in server.refused if r.chat_id == 6002]) == 3
    [failed] = await store.delivery_outcomes(notice_id)
    assert failed.state == "failed" and failed.attempts == 3
    assert failed.error == "Internal Server Error (gave up after 3 attempts)"
    notice = await store.notice(notice_id)
    assert notice is not None and notice.state == "done"


async def test_chat_not_found_fails_at_once(server: FakeBotApi, store: Storage, bot: Bot) -> None:
    await add_subscribers(server, store, [7000])
    await store.subscribe(7404)  # a chat Telegram does not know
    notice_id = await queue(store, "hello")
    await drain(make_worker(store, bot))
    outcomes = {o.chat_id: o for o in await store.delivery_outcomes(notice_id)}
    assert outcomes[7404].state == "failed" and outcomes[7404].attempts == 1
    assert outcomes[7404].error == "Chat not found"
    assert [e.description for e in server.errors] == ["Bad Request: chat not found"]


# == Pacing ======================================================================================


async def test_pacing_stays_within_the_global_and_per_chat_limits(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    server.enforce_rate_limits(per_chat_per_second=1.0, global_per_second=20.0)
    chats = await add_subscribers(server, store, range(8000, 8015))
    await queue(store, "first")
    await queue(store, "second")
    worker = make_worker(store, bot, rate=20.0)
    started = time.monotonic()
    await drain(worker)

    assert server.rate_limit_violations == 0
    assert worker.stats.rate_limited == 0
    for chat in chats:
        first, second = send_times(server, chat)
        assert second - first >= 1.0
        assert [m.text for m in server.sent(chat)] == ["first", "second"]
    assert time.monotonic() - started >= (30 - 20) / 20  # 30 messages: 1 s of burst, then 20/s


def test_pacer_paces_and_a_pause_is_not_followed_by_a_burst() -> None:
    now = [100.0]
    pacer = Pacer(rate=10.0, burst=2.0, clock=lambda: now[0])
    assert pacer.delay() == 0.0
    pacer.take()
    assert pacer.delay() == pytest.approx(0.1)
    now[0] += 1.0  # a second later two tokens are saved up, not ten
    for _ in range(2):
        assert pacer.delay() == 0.0
        pacer.take()
    assert pacer.delay() > 0
    pacer.pause(5.0)
    assert pacer.delay() == pytest.approx(5.0)
    now[0] += 5.0
    assert pacer.delay() == pytest.approx(0.1)  # refills from the end of the pause


# == Stops and restarts ==========================================================================


async def test_a_crash_after_the_claim_resends_that_row_flagged(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(9000, 9005))
    notice_id = await queue(store, "hello")
    [first, *_] = await store.pending_deliveries()
    assert await store.claim_delivery(first.id)  # claimed, then the process died

    worker = make_worker(store, bot)
    await drain(worker)
    assert worker.stats.recovered == 1
    assert [copies(server, chat) for chat in chats] == [1] * 5
    report = await notice_report(store, notice_id, rate=25.0)
    assert report is not None
    assert [(p.chat_id, p.state, p.doubt) for p in report.problems] == [(9000, "sent", "restart")]
    assert report.figures.doubtful == 1
    text = format_report_text(report, bot_tz())
    assert "9000" in text and "possibly duplicated: bot stopped while sending" in text


def bot_tz() -> Any:
    from bot.config import load_timezone

    return load_timezone("Europe/Geneva")


async def test_a_graceful_stop_leaves_no_ambiguous_row(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(9100, 9130))
    notice_id = await queue(store, "hello")
    server.latency = 0.05
    worker = make_worker(store, bot, rate=50.0, max_in_flight=3)
    await worker.start()
    await server.wait_for(lambda: len(send_times(server)) >= 5, TIMEOUT)
    await worker.stop()
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert figures.claimed == 0 and figures.pending > 0
    assert figures.sent == len(send_times(server))  # every accepted send was recorded

    server.latency = 0.0
    await drain(make_worker(store, bot))
    assert [copies(server, chat) for chat in chats] == [1] * 30
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert figures.doubtful == 0 and figures.sent == 30


async def test_stopping_a_notice_skips_what_has_not_gone_out(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, range(9200, 9240))
    notice_id = await queue(store, "hello")
    worker = make_worker(store, bot, rate=20.0, max_in_flight=1)
    await worker.start()
    await server.wait_for(lambda: len(send_times(server)) >= 3, TIMEOUT)
    skipped = await store.stop_notice(notice_id, "stopped-by:1")
    await worker.stop()
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert skipped is not None and skipped == figures.skipped > 0
    assert figures.sent + figures.skipped == 40
    assert figures.sent == len(send_times(server))
    notice = await store.notice(notice_id)
    assert notice is not None and notice.state == "stopped"
