"""/notice and /notices end to end: the real Application polls the fake Bot API over HTTP.

The secretariat composes a notice, sees the preview with the exact number of recipients,
confirms it, and watches the preview become the progress report; the delegates receive one
copy each; ``/notices`` reports who was not reached and why.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from bot.app import BotApplication
from tests.support.app import ADMIN_ID, store_of
from tests.support.fake_bot_api import FakeBotApi
from tests.support.people import Person, current, data_for, subscribers

TIMEOUT = 10.0
Runner = Callable[..., contextlib.AbstractAsyncContextManager[BotApplication]]


async def test_notice_preview_send_progress_and_report(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot(send_rate=50.0) as app:
        chats = await subscribers(server, app, range(500, 507))
        server.block_chat(503)
        admin = Person(server, ADMIN_ID, "en", name="Admin")

        preview = await admin.one("/notice <b>Meeting 2</b> starts at 15:00 — room XVII")
        assert preview.text is not None
        assert preview.text.startswith("📣 Notice #1 · preview")
        assert "To: all subscribers — 7 recipients" in preview.text
        assert "When: as soon as you press Send now" in preview.text
        assert "Meeting 2 starts at 15:00 — room XVII" in preview.text
        assert [d.split("|")[1] for d in preview.callback_data] == [
            "send",
            "sched",
            "test",
            "cancel",
        ]
        assert all(server.sent(chat) == [] for chat in chats)  # nothing before confirmation

        await admin.press(preview, data_for(preview, "send"))
        await server.wait_for(
            lambda: all(len(server.sent(c)) == 1 for c in chats if c != 503), TIMEOUT
        )
        final = await server.wait_for(
            lambda: (m := current(server, preview)).text and "delivered" in m.text and m, TIMEOUT
        )
        assert final.text is not None
        assert "Sent 6 of 7 · pending 0 · blocked 1 · failed 0" in final.text
        assert final.callback_data == []  # no stop button once it is over
        delivered = server.sent(500)[0]
        assert delivered.text == "Meeting 2 starts at 15:00 — room XVII"
        assert delivered.entities[0]["type"] == "bold"
        assert server.sent(503) == []

        listing = await admin.one("/notices")
        assert listing.text is not None and "#1 · delivered · notice" in listing.text
        report = await admin.one("/notices 1")
        assert report.text is not None
        assert "Not reached" in report.text
        assert "503" in report.text and "Forbidden: bot was blocked by the user" in report.text
        assert await store_of(app).subscriptions(503) == []
    assert server.errors == []


async def test_broken_html_is_refused_before_any_preview(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(600, 603))
        admin = Person(server, ADMIN_ID, "en")
        answer = await admin.one("/notice <b>Meeting 2 moved to room <i>XX</b></i>")
        assert answer.text is not None
        assert "Broken HTML: <i> must be closed before </b>" in answer.text
        answer = await admin.one("/notice See <font>here</font>")
        assert answer.text is not None and "does not support the tag <font>" in answer.text
        assert await store_of(app).recent_notices() == []
    assert server.errors == []


async def test_notice_then_the_text_as_the_next_message(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(700, 702))
        admin = Person(server, ADMIN_ID, "en")
        prompt = await admin.one("/notice")
        assert prompt.text is not None and prompt.text.startswith("📣 New notice")
        preview = await admin.one("Item 3 moved to <i>tomorrow</i> & the room is XVII")
        assert preview.text is not None and "Notice #1 · preview" in preview.text
        assert "2 recipients" in preview.text
        assert "Item 3 moved to tomorrow & the room is XVII" in preview.text
        # the next text is an ordinary question again
        answer = await admin.one("digital divide")
        assert answer.text is not None and "Notice #" not in answer.text
    assert server.errors == []


async def test_a_reply_gives_a_time_then_schedule_then_cancel(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(800, 803), topic="M2")
        await subscribers(server, app, range(803, 804), topic="M3")
        admin = Person(server, ADMIN_ID, "en")
        preview = await admin.one("/notice topic=M2 The second meeting starts soon")
        assert preview.text is not None
        assert "To: subscribers of meeting 2 — 3 recipients" in preview.text

        bad = await admin.one("whenever", reply_to=preview.message_id)
        assert bad.text is not None and "I cannot read the time" in bad.text
        timed = await admin.one("2030-06-11 14:30", reply_to=preview.message_id)
        assert timed.text is not None
        assert "When: Tuesday, 11 June 2030 14:30 (Geneva time; 12:30 UTC)" in timed.text
        schedule = data_for(timed, "sched")
        labels = [b["text"] for b in timed.buttons]
        assert "🕒 Schedule for Tue 11 Jun 2030, 14:30 Geneva" in labels

        answer = await admin.press(timed, schedule)
        assert answer.text is None
        scheduled = await server.wait_for(
            lambda: (m := current(server, timed)).text and "scheduled" in m.text and m, TIMEOUT
        )
        assert scheduled.text is not None and "Notice #1 · scheduled" in scheduled.text
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "scheduled"

        await admin.press(scheduled, data_for(scheduled, "cancel"))
        cancelled = await server.wait_for(
            lambda: (m := current(server, timed)).text and "cancelled" in m.text and m, TIMEOUT
        )
        assert cancelled.text is not None and f"Cancelled by {ADMIN_ID}." in cancelled.text
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "cancelled"
        assert await store_of(app).pending_deliveries() == []
    assert server.errors == []


async def test_scheduling_without_a_time_asks_for_one(server: FakeBotApi, run_bot: Runner) -> None:
    async with run_bot():
        admin = Person(server, ADMIN_ID, "en")
        preview = await admin.one("/notice hello")
        answer = await admin.press(preview, data_for(preview, "sched"))
        assert answer.text is not None and answer.text.startswith("Reply to this preview")
    assert server.errors == []


async def test_progress_is_edited_while_sending_and_stop_works(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot(send_rate=3.0) as app:
        chats = await subscribers(server, app, range(900, 930))
        admin = Person(server, ADMIN_ID, "en")
        preview = await admin.one("/notice slow news")
        await admin.press(preview, data_for(preview, "send"))
        progress = await server.wait_for(
            lambda: (m := current(server, preview)).text and "sending…" in m.text and m, TIMEOUT
        )
        assert progress.text is not None and re.search(r"Sent \d+ of 30", progress.text)
        assert "left" in progress.text
        assert [b["text"] for b in progress.buttons] == ["⏹ Stop sending"]
        await server.wait_for(lambda: current(server, preview).edits >= 2, TIMEOUT)

        await admin.press(progress, data_for(progress, "stop"))
        stopped = await server.wait_for(
            lambda: (m := current(server, preview)).text and "stopped" in m.text and m, TIMEOUT
        )
        assert stopped.text is not None and f"Stopped by {ADMIN_ID}." in stopped.text
        reached = sum(len(server.sent(c)) for c in chats)
        assert 3 <= reached < 30
        skipped = re.search(r"Not sent because it was stopped: (\d+)", stopped.text)
        assert skipped is not None and int(skipped.group(1)) == 30 - reached
        assert all(len(server.sent(c)) <= 1 for c in chats)
    assert server.errors == []
