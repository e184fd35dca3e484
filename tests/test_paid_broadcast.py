"""Paid broadcasts (``DELEGATE_BOT_PAID_BROADCAST=on``): notices go out with
``allow_paid_broadcast``, at the configured rate — above Telegram's free 30 a second, which the
fake Bot API enforces for unpaid sends — and the preview and the report say so."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import zoneinfo
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from telegram import Bot

from bot.app import build_application, running
from bot.live import LiveKnowledge
from bot.notices import reminder_texts, send_notice_now
from bot.storage import NewNotice, Storage
from bot.transport import make_request
from knowledge.models import KnowledgeBase, Meeting
from tests.support.app import ADMIN_ID, bot_settings
from tests.support.delivery import add_subscribers, copies, drain, make_worker, queue, send_times
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person, current, data_for

TIMEOUT = 20.0


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Storage]:
    async with await Storage.open(tmp_path / "notices.sqlite3") as storage:
        yield storage


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(server.token, base_url=server.base_url, request=make_request()) as telegram:
        yield telegram


async def test_paid_sends_are_paced_at_the_paid_rate_without_flood_control(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    # Telegram's limits: 30/s free, 1 per chat per second; paid broadcasts here at most 100/s.
    server.enforce_rate_limits(global_per_second=30, paid_per_second=100)
    chats = await add_subscribers(server, store, range(3000, 3200))
    notice_id = await queue(store, "Meeting 2 starts in 30 minutes")
    worker = make_worker(store, bot, rate=100.0, paid_broadcast=True)
    started = time.monotonic()
    await drain(worker)
    elapsed = time.monotonic() - started
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    assert all(server.sent(chat)[0].paid_broadcast for chat in chats)
    assert server.rate_limit_violations == 0  # the pace stayed within the paid limit
    times = send_times(server)
    assert len(times) == 200
    # 200 messages at 100/s: the burst (5) then one every 10 ms, so about 2 s
    assert times[-1] - times[0] >= (200 - 5 - 1) / 100 * 0.95
    assert elapsed < 15
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.paid) == (200, 200)
    assert (worker.stats.sent, worker.stats.paid) == (200, 200)
    assert server.errors == []


async def test_without_paid_broadcasts_the_same_pace_meets_flood_control(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    server.enforce_rate_limits(global_per_second=30, paid_per_second=100)
    chats = await add_subscribers(server, store, range(3300, 3360))
    notice_id = await queue(store, "Meeting 2 starts in 30 minutes")
    worker = make_worker(store, bot, rate=100.0)  # paid broadcasts off
    await drain(worker)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)  # still exactly once
    assert not any(server.sent(chat)[0].paid_broadcast for chat in chats)
    assert server.rate_limit_violations > 0 and worker.stats.rate_limited > 0
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.paid) == (60, 0)


async def test_a_paid_reminder_still_gives_each_reader_their_own_time_and_its_link(
    server: FakeBotApi, store: Storage, bot: Bot, kb: KnowledgeBase
) -> None:
    """At the paid rate (rows claimed and recorded in batches) each message is still written
    for its reader: the meeting's start in their timezone, the link button in their language."""
    meeting = kb.get("M2")
    assert isinstance(meeting, Meeting)
    geneva = zoneinfo.ZoneInfo("Europe/Zurich")
    start = dt.datetime.combine(meeting.date, dt.time(20, 30), geneva).astimezone(dt.UTC)
    lead = dt.timedelta(minutes=15)
    chats = await add_subscribers(server, store, range(3400, 3440))
    for chat in chats:
        await store.set_language(chat, "en")
    await store.set_timezone(3401, "Asia/Shanghai")
    notice_id = await store.add_notice(
        NewNotice(
            kind="reminder",
            texts=reminder_texts(kb, meeting, start, lead, geneva),
            link="https://example.org/m2",
            meeting_id=meeting.id,
            lead=lead,
            meeting_start=start,
        )
    )
    await send_notice_now(store, notice_id, None, kb=kb)
    worker = make_worker(store, bot, rate=1000.0, paid_broadcast=True, home_zone="Europe/Geneva")
    assert worker.record_batch > 1  # outcomes recorded a few at a time
    await drain(worker)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    [shanghai] = server.sent(3401)
    [plain_reader] = server.sent(3402)
    assert shanghai.text is not None and plain_reader.text is not None
    assert "Your time (Asia/Shanghai): Friday, 12 June 2020 02:30" in shanghai.text
    assert "Your time" not in plain_reader.text
    assert shanghai.paid_broadcast and plain_reader.paid_broadcast
    assert shanghai.reply_markup is not None
    assert shanghai.reply_markup["inline_keyboard"][0][0]["url"] == "https://example.org/m2"
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.paid) == (40, 40)
    assert server.errors == []


async def test_the_secretariat_sees_a_paid_broadcast_in_the_preview_and_the_report(
    server: FakeBotApi, tmp_path: Path, live: LiveKnowledge
) -> None:
    server.enforce_rate_limits(global_per_second=30, paid_per_second=1000)
    settings = bot_settings(
        server, tmp_path / "bot.sqlite3", paid_broadcast=True, send_rate=1000.0
    )
    app = build_application(settings, knowledge=live)
    async with running(app):
        store = app.bot_data.store
        assert isinstance(store, Storage)
        chats = range(3400, 3480)
        for chat in chats:
            server.add_user(chat, f"Delegate {chat}", language_code="en", started=True)
            await store.subscribe(chat)
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        preview = await admin.one("/notice Room XVII at 15:00")
        assert preview.text is not None
        assert "Goes out as a paid broadcast: up to 1,000 messages a second" in preview.text
        await admin.press(preview, data_for(preview, "send"))
        final = await server.wait_for(
            lambda: (m := current(server, preview)).text and "delivered" in m.text and m, TIMEOUT
        )
        assert final.text is not None and "Sent as paid broadcasts: 80" in final.text
        await asyncio.sleep(0.2)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    assert server.paid_messages == 80 and server.rate_limit_violations == 0
    assert server.errors == []


class CountingStore:
    """Counts how many rows each claim and each record of sent rows carried."""

    def __init__(self, store: Storage) -> None:
        self.claims: list[int] = []
        self.records: list[int] = []
        claim, record = store.claim_deliveries, store.record_sent_many

        async def claim_deliveries(ids: Sequence[int]) -> set[int]:
            self.claims.append(len(ids))
            return await claim(ids)

        async def record_sent_many(rows: Sequence[tuple[int, int, bool]]) -> None:
            self.records.append(len(rows))
            await record(rows)

        store.claim_deliveries = claim_deliveries  # type: ignore[method-assign]
        store.record_sent_many = record_sent_many  # type: ignore[method-assign]


async def test_at_paid_rates_claims_and_records_are_written_a_few_rows_at_a_time(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    server.enforce_rate_limits(global_per_second=30, paid_per_second=1000)
    chats = await add_subscribers(server, store, range(3600, 3900))
    notice_id = await queue(store, "Meeting 2 starts in 30 minutes")
    counted = CountingStore(store)
    worker = make_worker(store, bot, rate=1000.0, paid_broadcast=True)
    assert (worker.batch, worker.record_batch) == (4, 4)
    await drain(worker)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    assert sum(counted.claims) == sum(counted.records) == 300
    assert max(counted.claims) == 4 and max(counted.records) == 4
    assert len(counted.claims) < 150 and len(counted.records) < 150  # ≥ 2 rows a commit
    figures = (await store.delivery_figures([notice_id]))[notice_id]
    assert (figures.sent, figures.paid, figures.unfinished) == (300, 300, 0)
    assert server.rate_limit_violations == 0


async def test_below_500_a_second_each_sent_row_is_recorded_at_once(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    chats = await add_subscribers(server, store, range(3950, 3990))
    await queue(store, "Meeting 2 starts in 30 minutes")
    counted = CountingStore(store)
    worker = make_worker(store, bot, rate=250.0)
    assert worker.record_batch == 1
    await drain(worker)
    assert [copies(server, chat) for chat in chats] == [1] * len(chats)
    assert counted.records == [1] * 40  # the window a crash can leave in doubt stays one row
