"""Notices: text checks, options and times, when recipients are fixed, schedules, reminders.

Pure functions first, then the storage and the delivery worker against the fake Bot API.
Knowledge-base variants with meeting start times are made with ``dataclasses.replace`` on the
bundled knowledge base.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from telegram import Bot

from bot.cli.notice_text import format_report_text
from bot.config import Settings, load_timezone
from bot.notices import (
    NoticeOptions,
    NoticeStateError,
    NoticeTextError,
    TimingError,
    TopicError,
    activate_due_notices,
    create_draft,
    language_of,
    notice_html,
    notice_report,
    parse_notice_options,
    parse_when,
    resolve_topic,
    schedule_notice,
    send_notice_now,
    sync_reminders,
)
from bot.storage import NewNotice, Storage
from knowledge.models import KnowledgeBase
from tests.support.delivery import add_subscribers, copies, drain, make_worker
from tests.support.fake_bot_api import EntityParseError, FakeBotApi, parse_html
from tests.support.kbs import with_meetings

GENEVA = load_timezone("Europe/Geneva")
UTC = dt.UTC
NOW = dt.datetime(2020, 6, 9, 10, 0, tzinfo=UTC)
SETTINGS = Settings(reminder_leads=(dt.timedelta(hours=24), dt.timedelta(minutes=15)))


def visible(html: str) -> str:
    return parse_html(html)[0]


# == Text ========================================================================================


def test_plain_text_is_escaped_and_html_is_kept() -> None:
    assert notice_html("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    # in HTML, what cannot be markup is escaped rather than refused
    assert notice_html("<b>Q&A</b>: 5 > 3, x <3") == "<b>Q&amp;A</b>: 5 &gt; 3, x &lt;3"
    html = '<b>Meeting 2</b> moved, see <a href="https://example.org/x?a=1&amp;b=2">here</a>'
    assert notice_html(html) == html
    assert notice_html('<span class="tg-spoiler">x</span> <tg-spoiler>y</tg-spoiler>')
    assert notice_html("  <i>trimmed</i>\n") == "<i>trimmed</i>"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>bold", "unclosed"),
        ("<div>x</div>", "tag"),
        ("<b><i>x</b></i>", "mismatch"),
        ("x</b>", "unexpected_close"),
        ("&nbsp;<b>x</b>", "escape"),
        ("&#0;<b>x</b>", "escape"),
        ("<b>x</b> <a", "escape"),
        ('<a href="javascript:alert(1)">x</a>', "href"),
        ("<span>x</span>", "span"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "nested_quote"),
        ("   ", "empty"),
        ("<b> </b>", "empty"),
        ("x" * 4097, "too_long"),
    ],
)
def test_broken_html_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(NoticeTextError) as caught:
        notice_html(text)
    assert caught.value.problem == problem


@pytest.mark.parametrize(
    "text",
    [
        "<b>x</b>",
        "<b>x",
        "<B>x</B>",
        "<b><i>x</i></b>",
        "<b><i>x</b></i>",
        "a &amp; b <i>c</i>",
        "a &amp b <i>c</i>",
        "&#20320;<b>好</b>",
        "&#0;<b>x</b>",
        '<pre><code class="language-python">x = 1</code></pre>',
        "<u>a</u><s>b</s><code>c</code><blockquote expandable>d</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<tg-emoji>👍</tg-emoji>",
        "<p>x</p>",
        "x <3 <b>y</b>",
    ],
)
def test_the_html_check_agrees_with_telegrams_parser(text: str) -> None:
    """What the check accepts (after escaping stray characters), Telegram (as the fake server
    parses) accepts too; what it refuses, Telegram refuses as well."""
    try:
        accepted = notice_html(text, is_html=True)
    except NoticeTextError:
        with pytest.raises(EntityParseError):
            parse_html(text)
    else:
        parse_html(accepted)
        if accepted != text:  # only stray characters were escaped
            assert accepted.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == (
                text.replace("&amp;", "&")
            )


# == Options, topics, times ======================================================================


def test_options_come_before_the_text() -> None:
    options, body = parse_notice_options(
        'topic=M2 at="2020-06-11 14:30 Europe/Paris" link=https://e.org/a Meeting moved\nsee link'
    )
    assert options == NoticeOptions(
        topic="M2", at="2020-06-11 14:30 Europe/Paris", link="https://e.org/a"
    )
    assert body == "Meeting moved\nsee link"
    options, body = parse_notice_options("Hello topic=M2")
    assert options == NoticeOptions() and body == "Hello topic=M2"
    options, body = parse_notice_options("link=https://e.org/?a=1&amp;b=2 x", is_html=True)
    assert options.link == "https://e.org/?a=1&b=2"


def test_topics_are_resolved_against_the_knowledge_base(kb: KnowledgeBase) -> None:
    assert resolve_topic(kb, "m2") == "M2"
    assert resolve_topic(kb, "a23.3") == "A23.3"
    assert resolve_topic(kb, "BUREAU") == "bureau"
    assert resolve_topic(kb, "全部") == "all"
    with pytest.raises(TopicError):
        resolve_topic(kb, "M99")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-06-11T14:30", "2020-06-11 12:30"),
        ("2020-06-11 14:30", "2020-06-11 12:30"),
        ("2020-06-11 14:30 Europe/Geneva", "2020-06-11 12:30"),
        ("2020-06-11 14:30 europe/paris", "2020-06-11 12:30"),
        ("2020-06-11 14:30 Asia/Shanghai", "2020-06-11 06:30"),
        ("2020-06-11 14:30 UTC", "2020-06-11 14:30"),
        ("2020-06-11T14:30+00:00", "2020-06-11 14:30"),
        ("2020-06-11T14:30Z", "2020-06-11 14:30"),
        ("14:30", "2020-06-09 12:30"),
        ("in 90m", "2020-06-09 11:30"),
        ("+1h30m", "2020-06-09 11:30"),
    ],
)
def test_times_default_to_geneva_and_accept_any_zone(
    kb: KnowledgeBase, text: str, expected: str
) -> None:
    timing = parse_when(text, kb=kb, tz=GENEVA, now=NOW)
    assert timing.at.strftime("%Y-%m-%d %H:%M") == expected
    assert timing.at.tzinfo is not None and timing.meeting_id is None


def test_times_relative_to_a_meeting(kb: KnowledgeBase) -> None:
    timed = with_meetings(kb, M2=("2020-06-11", "15:00"))
    before = parse_when("30m before M2", kb=timed, tz=GENEVA, now=NOW)
    assert before.at == dt.datetime(2020, 6, 11, 12, 30, tzinfo=UTC)
    assert (before.meeting_id, before.lead) == ("M2", dt.timedelta(minutes=30))
    assert before.meeting_start == dt.datetime(2020, 6, 11, 13, 0, tzinfo=UTC)
    after = parse_when("15m after meeting 2", kb=timed, tz=GENEVA, now=NOW)
    assert after.at == dt.datetime(2020, 6, 11, 13, 15, tzinfo=UTC)
    assert after.lead == -dt.timedelta(minutes=15)
    assert parse_when("M2", kb=timed, tz=GENEVA, now=NOW).at == before.meeting_start


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("tomorrow-ish", "format"),
        ("2020-06-31 10:00", "format"),
        ("2020-06-01 10:00", "past"),
        ("30m before M9", "meeting"),
        ("30m before M1", "no_start"),
    ],
)
def test_times_that_cannot_be_used(kb: KnowledgeBase, text: str, problem: str) -> None:
    with pytest.raises(TimingError) as caught:
        parse_when(text, kb=kb, tz=GENEVA, now=NOW)
    assert caught.value.problem == problem


def test_language_of_a_recipient() -> None:
    assert language_of("zh-Hant", "en") == "zh-Hant"
    assert language_of(None, "en-GB") == "en"
    assert language_of(None, "zh-tw") == "zh-Hant"
    assert language_of(None, None) == "zh-Hans"


# == Drafts and the moment recipients are fixed ==================================================


async def test_recipients_are_fixed_when_the_notice_goes_out(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1, 2, 3])
    draft = await create_draft(store, kb, SETTINGS, author=9, text="hello", now=NOW)
    assert draft.recipients == 3 and draft.notice.state == "draft"
    assert await store.pending_deliveries() == []  # nothing is queued by a draft

    await add_subscribers(server, store, [4])  # subscribed before the confirmation: included
    assert await send_notice_now(store, draft.notice.id, 9, kb=kb) == 4
    await add_subscribers(server, store, [5])  # after: not included
    queued = await store.pending_deliveries()
    assert [d.chat_id for d in queued] == [1, 2, 3, 4]
    with pytest.raises(NoticeStateError):
        # a second press sends nothing more
        await send_notice_now(store, draft.notice.id, 9, kb=kb)
    assert len(await store.pending_deliveries()) == 4


async def test_a_topic_reaches_its_subscribers_and_those_of_all(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    await add_subscribers(server, store, [1, 2], "all")
    await add_subscribers(server, store, [3, 4], "M2")
    await add_subscribers(server, store, [5], "M3")
    await store.subscribe(3, "all")  # counted once
    draft = await create_draft(
        store, kb, SETTINGS, author=9, text="x", options=NoticeOptions(topic="m2"), now=NOW
    )
    assert draft.notice.topics == ("M2",) and draft.recipients == 4
    everyone = await create_draft(store, kb, SETTINGS, author=9, text="x", now=NOW)
    assert everyone.recipients == 5


async def test_each_recipient_gets_their_language(server: FakeBotApi, store: Storage) -> None:
    await store.remember_user(11, 11, None, "A", "en")
    await store.remember_user(12, 12, None, "B", "en")
    await store.set_language(12, "zh-Hant")
    await store.subscribe(11)
    await store.subscribe(12)
    await store.subscribe(-100123)  # a group: nothing known about it
    notice_id = await store.add_notice(NewNotice(kind="notice", texts={"*": "x"}))
    await send_notice_now(store, notice_id, None, kb=None)
    languages = {d.chat_id: d.language for d in await store.pending_deliveries()}
    assert languages == {-100123: "zh-Hans", 11: "en", 12: "zh-Hant"}


async def test_a_draft_without_a_time_cannot_be_scheduled(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage
) -> None:
    draft = await create_draft(store, kb, SETTINGS, author=9, text="x", now=NOW)
    with pytest.raises(NoticeStateError) as caught:
        await schedule_notice(store, draft.notice.id, 9)
    assert caught.value.problem == "no_time"


# == Scheduled notices ===========================================================================


async def test_a_scheduled_notice_goes_out_at_its_time_not_before(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, [21, 22])
    now = dt.datetime.now(UTC)
    at = (now + dt.timedelta(seconds=1.5)).isoformat()
    draft = await create_draft(
        store, kb, SETTINGS, author=9, text="at a time", options=NoticeOptions(at=at), now=now
    )
    await schedule_notice(store, draft.notice.id, 9)
    worker = make_worker(store, bot)
    await worker.start()
    try:
        await server.wait_for(lambda: copies(server, 21) and copies(server, 22), 10)
    finally:
        await worker.stop()
    sent_at = min(r.time for r in server.requests if r.method == "sendMessage")
    first_request = min(r.time for r in server.requests)
    assert sent_at - first_request >= 1.0  # not before its time
    notice = await store.notice(draft.notice.id)
    assert notice is not None and notice.state == "done" and notice.late is None
    assert notice.queued_at is not None and notice.queued_at >= dt.datetime.fromisoformat(at)


async def test_a_notice_timed_relative_to_a_meeting(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, [31])
    now = dt.datetime.now(UTC)
    start = (now + dt.timedelta(seconds=3)).astimezone(GENEVA)
    timed = with_meetings(kb, M2=(start.date().isoformat(), start.time().isoformat()))
    draft = await create_draft(
        store,
        timed,
        SETTINGS,
        author=9,
        text="M2 starts in 2 seconds",
        options=NoticeOptions(at="2s before M2"),
        now=now,
    )
    assert draft.notice.meeting_id == "M2" and draft.notice.lead == dt.timedelta(seconds=2)
    await schedule_notice(store, draft.notice.id, 9)
    await drain_until(server, store, bot, lambda: copies(server, 31) == 1)
    notice = await store.notice(draft.notice.id)
    assert notice is not None and notice.state == "done"


async def drain_until(server: FakeBotApi, store: Storage, bot: Bot, done: object) -> None:
    worker = make_worker(store, bot)
    await worker.start()
    try:
        await server.wait_for(done, 10)  # type: ignore[arg-type]
    finally:
        await worker.stop()


async def test_late_within_the_grace_is_sent_and_flagged(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, [41, 42])
    now = dt.datetime.now(UTC)
    notice_id = await store.add_notice(
        NewNotice(
            kind="notice",
            texts={"*": "late"},
            state="scheduled",
            send_at=now - dt.timedelta(minutes=30),
        )
    )
    await drain(make_worker(store, bot, grace=dt.timedelta(hours=2)))
    assert copies(server, 41) == copies(server, 42) == 1
    report = await notice_report(store, notice_id, rate=25)
    assert report is not None and report.notice.late is not None
    assert dt.timedelta(minutes=29) < report.notice.late < dt.timedelta(minutes=31)
    assert "late: 0:30" in format_report_text(report, GENEVA)


async def test_beyond_the_grace_it_is_dropped_and_reported(
    server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    await add_subscribers(server, store, [51])
    now = dt.datetime.now(UTC)
    notice_id = await store.add_notice(
        NewNotice(
            kind="notice", texts={"*": "x"}, state="scheduled", send_at=now - dt.timedelta(hours=3)
        )
    )
    await drain(make_worker(store, bot, grace=dt.timedelta(hours=2)))
    assert copies(server, 51) == 0
    report = await notice_report(store, notice_id, rate=25)
    assert report is not None
    assert (report.notice.state, report.notice.note) == ("dropped", "missed")
    text = format_report_text(report, GENEVA)
    assert "dropped" in text and "beyond the grace period" in text


async def test_a_reminder_whose_meeting_has_started_is_dropped(store: Storage) -> None:
    now = dt.datetime.now(UTC)
    notice_id = await store.add_notice(
        NewNotice(
            kind="reminder",
            texts={"*": "x"},
            state="scheduled",
            send_at=now - dt.timedelta(minutes=16),
            meeting_id="M2",
            lead=dt.timedelta(minutes=15),
            meeting_start=now - dt.timedelta(minutes=1),
        )
    )
    [activation] = await activate_due_notices(store, now, dt.timedelta(hours=2))
    assert (activation.notice_id, activation.dropped) == (notice_id, "meeting-started")


# == Reminders ===================================================================================


def reminder_times(notices: list[object]) -> dict[tuple[str, float], str]:
    return {
        (n.meeting_id, n.lead.total_seconds()): n.send_at.strftime("%m-%d %H:%M")  # type: ignore[attr-defined]
        for n in notices
    }


async def test_reminders_follow_the_knowledge_base(
    kb: KnowledgeBase, server: FakeBotApi, store: Storage, bot: Bot
) -> None:
    for chat, language in ((100, "en"), (101, "zh-hans"), (102, "en"), (103, "en"), (104, "en")):
        server.add_user(chat, language_code=language, started=True)
        await store.remember_user(chat, chat, None, "U", language)
    await store.subscribe(100, "all")
    await store.subscribe(101, "M1")
    await store.subscribe(102, "A23.3")  # taken up at M2
    await store.subscribe(103, "M3")
    await store.subscribe(104, "bureau")
    timed = with_meetings(
        kb, M1=("2020-06-10", "10:00"), M2=("2020-06-11", "15:00"), M3=("2020-06-12", "10:00")
    )
    t0 = dt.datetime(2020, 6, 9, 6, 0, tzinfo=UTC)

    created = await sync_reminders(store, timed, SETTINGS, t0)
    assert len(created.created) == 6 and not created.moved and not created.cancelled
    reminders = await store.notices_by_id(list(created.created))
    assert reminder_times(reminders) == {
        ("M1", 86400): "06-09 08:00",
        ("M1", 900): "06-10 07:45",
        ("M2", 86400): "06-10 13:00",
        ("M2", 900): "06-11 12:45",
        ("M3", 86400): "06-11 08:00",
        ("M3", 900): "06-12 07:45",
    }
    assert not (await sync_reminders(store, timed, SETTINGS, t0)).changed  # idempotent

    # The 24-hour reminder of M1 goes out.
    t1 = dt.datetime(2020, 6, 9, 8, 0, 30, tzinfo=UTC)
    await drain(make_worker(store, bot, clock=lambda: t1))
    assert [copies(server, c) for c in (100, 101, 102, 103, 104)] == [1, 1, 0, 0, 0]
    assert server.sent(100)[0].text == (
        "⏰ Reminder: meeting 1 starts Wednesday, 10 June 2020 10:00 (Geneva time), in 1 day."
    )
    assert server.sent(101)[0].text == (
        "⏰ 提醒：第 1 次会议将于 2020 年 6 月 10 日（星期三） 10:00（日内瓦时间）开始，"
        "还有 1 天。"
    )

    # M1 moves an hour later: the pending reminder moves, a new 24-hour one is due, and those
    # already reminded are told.
    moved = with_meetings(timed, M1=("2020-06-10", "11:00"))
    changes = await sync_reminders(store, moved, SETTINGS, t1)
    assert len(changes.moved) == 1 and len(changes.created) == 1
    assert len(changes.announced) == 1 and not changes.cancelled
    assert reminder_times(await store.notices_by_id([*changes.moved, *changes.created])) == {
        ("M1", 900): "06-10 08:45",
        ("M1", 86400): "06-09 09:00",
    }
    await drain(make_worker(store, bot, clock=lambda: t1))
    assert server.sent(100)[-1].text == (
        "🔁 Changed: meeting 1 now starts Wednesday, 10 June 2020 11:00 (Geneva time),"
        " instead of Wednesday, 10 June 2020 10:00."
    )
    assert [copies(server, c) for c in (100, 101, 102, 103, 104)] == [2, 2, 0, 0, 0]
    assert not (await sync_reminders(store, moved, SETTINGS, t1)).changed

    # M2 is cancelled before any reminder went out: its reminders are cancelled, nobody told.
    # M3 is removed from the knowledge base: its reminders are cancelled too.
    changes = await sync_reminders(
        store, with_meetings(moved, M2="cancelled", M3=None), SETTINGS, t1
    )
    assert len(changes.cancelled) == 4 and not changes.announced and not changes.created

    # M1 is cancelled: its pending reminders go, and the two who were reminded are told.
    final = with_meetings(moved, M1="cancelled", M2="cancelled", M3=None)
    changes = await sync_reminders(store, final, SETTINGS, t1)
    assert len(changes.cancelled) == 2 and len(changes.announced) == 1
    await drain(make_worker(store, bot, clock=lambda: t1))
    assert server.sent(101)[-1].text == (
        "❌ 取消：原定 2020 年 6 月 10 日（星期三） 11:00（日内瓦时间）的第 1 次会议已取消。"
    )
    assert [copies(server, c) for c in (100, 101, 102, 103, 104)] == [3, 3, 0, 0, 0]
    assert not (await sync_reminders(store, final, SETTINGS, t1)).changed
    assert server.errors == []


async def test_a_notice_timed_relative_to_a_meeting_moves_with_it(
    kb: KnowledgeBase, store: Storage
) -> None:
    timed = with_meetings(kb, M2=("2020-06-11", "15:00"))
    draft = await create_draft(
        store,
        timed,
        SETTINGS,
        author=9,
        text="x",
        options=NoticeOptions(at="30m before M2"),
        now=NOW,
    )
    await schedule_notice(store, draft.notice.id, 9)
    changes = await sync_reminders(
        store, with_meetings(kb, M2=("2020-06-11", "16:00")), SETTINGS, NOW
    )
    assert draft.notice.id in changes.moved
    notice = await store.notice(draft.notice.id)
    assert notice is not None and notice.send_at == dt.datetime(2020, 6, 11, 13, 30, tzinfo=UTC)


def test_reminder_text_is_valid_telegram_html(kb: KnowledgeBase) -> None:
    from bot.notices import change_texts, reminder_texts

    timed = with_meetings(kb, M2=("2020-06-11", "15:00"))
    [m2] = [m for m in timed.meetings if m.id == "M2"]
    start = dt.datetime(2020, 6, 11, 13, 0, tzinfo=UTC)
    for texts in (
        reminder_texts(timed, m2, start, dt.timedelta(minutes=90), GENEVA),
        change_texts(timed, m2, start, start + dt.timedelta(hours=1), GENEVA),
        change_texts(timed, m2, start, None, GENEVA),
    ):
        assert set(texts) == {"zh-Hans", "zh-Hant", "en"}
        for text in texts.values():
            assert re.search(r"\d", visible(text))
    assert "1 hour 30 minutes" in visible(
        reminder_texts(timed, m2, start, dt.timedelta(minutes=90), GENEVA)["en"]
    )
