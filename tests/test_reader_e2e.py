"""A delegate's first hour through the fake Bot API: scripts, English, labels, /tz, /res.

Every reply must have been accepted by the strict fake server (``server.errors == []``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from telegram import Bot

from bot import i18n
from bot.i18n import language_from_telegram, t
from bot.notices import reminder_texts, send_notice_now
from bot.storage import NewNotice, Storage
from knowledge.models import KnowledgeBase, Meeting, Paragraph
from knowledge.normalize import to_simplified
from tests.support.app import BotFactory
from tests.support.delivery import add_subscribers, drain, make_worker
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person, button_data
from tests.support.rendering import visible


async def test_simplified_reader_opens_the_original_of_a_traditional_paragraph(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    printed = kb.get("R1.12")
    assert isinstance(printed, Paragraph)
    async with start_bot():
        ana = Person(server, 301)
        answer = await ana.one("/res 1 12")
        assert answer.text is not None
        assert to_simplified(printed.text)[:10] in answer.text
        assert printed.text[:10] not in answer.text
        assert "繁体字印出" in answer.text
        original = await ana.press_and_wait_edit(
            answer, button_data(answer, lambda d: d.startswith("v1|orig|"))
        )
        assert original.text is not None and printed.text in original.text
        back = await ana.press_and_wait_edit(
            original, button_data(original, lambda d: d == "v1|p|R1.12")
        )
        assert back.text is not None and printed.text not in back.text
        sam = Person(server, 302, "en")
        english = await sam.one("/res 1 12")
        assert english.text is not None
        assert i18n.plain("en", "script.button_original") in [b["text"] for b in english.buttons]
    assert server.errors == []


@pytest.mark.parametrize(
    ("language_code", "typed", "kept"),
    [
        ("zh-hans", "Europe/Geneva", "Europe/Geneva"),
        ("zh-hans", "北京", "Asia/Shanghai"),
        ("zh-tw", "紐約", "America/New_York"),
        ("en", "UTC+5:30", "UTC+05:30"),
        ("en", "GMT-5", "UTC-05:00"),
        ("en", "new york", "America/New_York"),
    ],
)
async def test_tz_accepts_what_delegates_type(
    server: FakeBotApi, start_bot: BotFactory, language_code: str, typed: str, kept: str
) -> None:
    async with start_bot():
        ana = Person(server, 303, language_code)
        answer = await ana.one(f"/tz {typed}")
        assert answer.text is not None and kept in answer.text
        lang = language_from_telegram(language_code)
        assert answer.text.startswith(visible(t(lang, "tz.set", zone=kept, now="")).split(kept)[0])
        current = await ana.one("/tz")
        assert current.text is not None and kept in current.text
        wrong = await ana.one("/tz Mars/Olympus")
        assert wrong.text is not None and "Mars/Olympus" in wrong.text
    assert server.errors == []


async def test_a_reminder_shows_each_recipients_own_time(
    server: FakeBotApi, store: Storage, bot: Bot, kb: KnowledgeBase
) -> None:
    meeting = kb.get("M2")
    assert isinstance(meeting, Meeting)
    geneva = zoneinfo.ZoneInfo("Europe/Zurich")
    start = dt.datetime.combine(meeting.date, dt.time(20, 30), geneva).astimezone(dt.UTC)
    lead = dt.timedelta(minutes=15)
    texts = reminder_texts(kb, meeting, start, lead, geneva)
    shanghai, plain_reader, in_geneva, in_delhi = await add_subscribers(
        server, store, [401, 402, 403, 404]
    )
    for chat, language, zone in [
        (shanghai, "en", "Asia/Shanghai"),
        (plain_reader, "zh-Hans", None),
        (in_geneva, "en", "Europe/Geneva"),
        (in_delhi, "zh-Hans", "UTC+05:30"),
    ]:
        await store.set_language(chat, language)  # type: ignore[arg-type]
        await store.set_timezone(chat, zone)
    notice_id = await store.add_notice(
        NewNotice(
            kind="reminder", texts=texts, meeting_id=meeting.id, lead=lead, meeting_start=start
        )
    )
    await send_notice_now(store, notice_id, None, kb=kb)
    await drain(make_worker(store, bot, home_zone="Europe/Geneva"))

    def received(chat: int) -> str:
        [message] = server.sent(chat)
        assert message.text is not None
        return message.text

    assert "20:30 (Geneva time)" in received(shanghai)
    assert "Your time (Asia/Shanghai): Friday, 12 June 2020 02:30" in received(shanghai)
    assert "20:30（日内瓦时间）" in received(plain_reader) and "你的时间" not in received(
        plain_reader
    )
    assert "Your time" not in received(in_geneva)
    assert "你的时间（UTC+05:30）：2020 年 6 月 12 日（星期五） 00:00" in received(in_delhi)
    assert server.errors == []


async def test_res_answers_ranges_words_and_chinese_numerals(
    server: FakeBotApi, start_bot: BotFactory, kb: KnowledgeBase
) -> None:
    r1_24, r1_25 = kb.get("R1.24"), kb.get("R1.25")
    assert isinstance(r1_24, Paragraph) and isinstance(r1_25, Paragraph)
    async with start_bot():
        ana = Person(server, 305)
        both = await ana.say("/res 1 24 25")
        shown = "\n".join(m.text or "" for m in both)
        assert r1_24.text[:20] in shown and r1_25.text[:20] in shown
        for typed in ("/res one 24", "/res 一 二十四"):
            answer = await ana.one(typed)
            assert answer.text is not None and "(R1.24)" in answer.text, typed
        missing = await ana.one("/res 1 -1")
        assert missing.text is not None and "-1" in missing.text and "1–90" in missing.text
        sam = Person(server, 306, "en")
        missing_en = await sam.one("/res 1 -1")
        assert missing_en.text is not None and "has no paragraph -1" in missing_en.text
    assert server.errors == []
