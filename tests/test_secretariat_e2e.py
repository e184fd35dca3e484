"""The secretariat's first hour, end to end: the real Application polls the fake Bot API.

README's first-day path (subscribe, compose a test notice, press Send, receive it), what the
preview says about the audience, named lists, topics that cover others, the preview's buttons,
cancelling from ``/notices N``, and the commands staff see in /help and in Telegram's menu.
Every new reply is checked in the three languages against the catalogue.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.audience import covers, topic_label
from bot.cli import main
from bot.i18n import LANGUAGES, Language, join, t
from handlers import callbacks as cb
from knowledge.models import KnowledgeBase
from tests.support.app import ADMIN_ID, Runner, store_of
from tests.support.fake_bot_api import BotMessage, FakeBotApi, parse_html
from tests.support.people import Person, current, data_for, subscribers
from tests.support.rendering import shown

TIMEOUT = 10.0
#: Telegram language codes that pick each interface language on first contact.
CODES: dict[Language, str] = {"zh-Hans": "zh-hans", "zh-Hant": "zh-TW", "en": "en"}


async def received(server: FakeBotApi, chat: int, text: str) -> list[BotMessage]:
    """Wait until ``chat`` got a message that reads exactly ``text``."""
    return await server.wait_for(
        lambda: [m for m in server.sent(chat) if m.text == text] or None, TIMEOUT
    )


def actions(message: BotMessage) -> list[str]:
    return [d.split("|")[1] for d in message.callback_data]


# == README's first-day path =====================================================================


async def test_readme_step_6_delivers_the_test_notice_to_whoever_subscribed(
    server: FakeBotApi, run_bot: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Deployment step 6, literally: send /subscribe, then /notice This is a test, press Send."""
    async with run_bot() as app:
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        await admin.one("/start")
        subscribed = await admin.one("/subscribe")
        assert subscribed.text is not None
        assert subscribed.text.startswith(shown("en", "sub.all_done"))
        assert await store_of(app).subscriptions(ADMIN_ID) == ["all"]

        preview = await admin.one("/notice This is a test")
        assert preview.text is not None
        assert "To: all subscribers — 1 recipient now" in preview.text
        assert "• 1 subscribed to all notices" in preview.text
        await admin.press(preview, data_for(preview, "send"))
        [notice] = await received(server, ADMIN_ID, "This is a test")
        assert notice.callback_data == []

        listing = await admin.one("/notices")
        assert listing.text is not None and "Sent 1 of 1" in listing.text

        # "From the server": delegate-bot notice send, against the same database
        monkeypatch.setenv("DELEGATE_BOT_DB", str(store_of(app).path))
        for name in ("DELEGATE_BOT_HEALTH_FILE", "DELEGATE_BOT_KB", "TELEGRAM_BOT_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        assert await asyncio.to_thread(main, ["notice", "send", "This is a test"]) == 0
        await server.wait_for(
            lambda: len([m for m in server.sent(ADMIN_ID) if m.text == "This is a test"]) == 2,
            TIMEOUT,
        )
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_subscribe_alone_subscribes_to_everything_then_offers_topics(
    server: FakeBotApi, run_bot: Runner, kb: KnowledgeBase, lang: Language
) -> None:
    async with run_bot() as app:
        ana = Person(server, 120, CODES[lang])
        menu = await ana.one("/subscribe")
        assert menu.text is not None
        assert menu.text.startswith(shown(lang, "sub.all_done"))
        assert await store_of(app).subscriptions(120) == ["all"]
        # the topics, sub-items included, to narrow it down
        for topic in ("M2", "A23.3", "A23.3a", "A23.3b", "bureau"):
            assert cb.encode("sub", topic) in menu.callback_data, topic
        answer = await ana.press(menu, cb.encode("sub", "A23.3"))
        assert answer.text is not None
        assert answer.text == shown(lang, "sub.narrowed", topic=topic_word(lang, "3"))
        assert await store_of(app).subscriptions(120) == ["A23.3"]
        await server.wait_for(lambda: ana.current(menu).edits >= 1, TIMEOUT)
        updated = ana.current(menu)
        assert updated.text is not None
        # what item 3 covers is said
        covered = join(lang, [topic_label(kb, lang, c) for c in covers(kb, "A23.3")])
        assert shown(lang, "sub.covers", topic=topic_word(lang, "3"), covered=covered) in (
            updated.text
        )

        again = await ana.one("/subscribe")  # already subscribed to something: just the menu
        assert again.text is not None and not again.text.startswith(shown(lang, "sub.all_done"))
        assert await store_of(app).subscriptions(120) == ["A23.3"]

        removed = await ana.one("/unsubscribe")
        assert removed.text == shown(lang, "sub.removed_all", count=1)
        nothing = await ana.one("/unsubscribe")
        assert nothing.text == shown(lang, "sub.nothing_to_remove")
    assert server.errors == []


def topic_word(lang: Language, number: str) -> str:
    return parse_html(t(lang, "topic.agenda", number=number))[0]


async def test_unsubscribe_with_nothing_says_so(server: FakeBotApi, run_bot: Runner) -> None:
    async with run_bot():
        ana = Person(server, 121, "en")
        answer = await ana.one("/unsubscribe")
        assert answer.text == (
            "You are not subscribed to anything, so there is nothing to remove."
            " Send /subscribe to subscribe."
        )
        assert "Removed all 0" not in (answer.text or "")
    assert server.errors == []


# == The preview: audience, warnings, buttons ====================================================


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_notice_to_nobody_warns_and_needs_a_second_tap(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot() as app:
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        preview = await admin.one("/notice Nobody is subscribed yet")
        assert preview.text is not None
        assert shown(lang, "audience.nobody") in preview.text
        answer = await admin.press(preview, data_for(preview, "send"))
        assert answer.text == shown(lang, "notice.confirm_nobody")
        asked = await server.wait_for(
            lambda: "sendok" in actions(m := current(server, preview)) and m, TIMEOUT
        )
        assert asked.buttons[0]["text"] == shown(lang, "notice.button_send_nobody")
        assert actions(asked) == ["sendok", "sched", "test", "cancel"]  # same places
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "draft"  # not sent by the first tap

        await admin.press(asked, data_for(asked, "sendok"))
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "done"
        assert (await store_of(app).delivery_figures([1]))[1].total == 0
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_preview_says_exactly_who_is_included_and_why(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(500, 501), topic="all")
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        preview = await admin.one("/notice topic=bureau The bureau meets at 13:00")
        assert preview.text is not None
        bureau = parse_html(t(lang, "topic.bureau"))[0]
        audience = shown(lang, "audience.subscribers_of", topics=bureau)
        assert shown(lang, "notice.to", audience=audience, count=1) in preview.text
        assert shown(lang, "audience.line_all", count=1) in preview.text
        assert shown(lang, "audience.line_topic", count=1, topic=bureau) not in preview.text
    assert server.errors == []


async def test_a_notice_to_a_meeting_reaches_the_subscribers_of_its_items(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(510, 511), topic="A23.3")
        await subscribers(server, app, range(511, 512), topic="M3")
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        preview = await admin.one("/notice topic=M2 Meeting 2 moves to room XX")
        assert preview.text is not None
        assert "• 1 subscribed to agenda item 3, which includes meeting 2" in preview.text
        await admin.press(preview, data_for(preview, "send"))
        await received(server, 510, "Meeting 2 moves to room XX")
        assert server.sent(511) == []
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_buttons_keep_their_places_and_schedule_shows_the_date_and_zone(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot() as app:
        chats = await subscribers(server, app, range(520, 522))
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        now = await admin.one("/notice Right now")
        later = await admin.one("/notice at=2027-03-01T10:00 link=https://example.org Later")
        assert actions(now) == actions(later) == ["send", "sched", "test", "cancel"]
        labels = [b["text"] for b in later.buttons]
        when = {
            "en": "Mon 1 Mar 2027, 10:00 Geneva",
            "zh-Hans": "2027 年 3 月 1 日（星期一） 10:00（日内瓦时间）",
            "zh-Hant": "2027 年 3 月 1 日（星期一） 10:00（日內瓦時間）",
        }[lang]
        assert labels[1] == shown(lang, "notice.button_schedule_at", when=when)
        if lang == "en":
            assert labels[1] == "🕒 Schedule for Mon 1 Mar 2027, 10:00 Geneva"

        # a test copy goes to its author only, exactly as delegates will see it
        answer = await admin.press(later, data_for(later, "test"))
        assert answer.text == shown(lang, "notice.test_sent")
        [copy] = await received(server, ADMIN_ID, "Later")
        assert [b.get("url") for b in copy.buttons] == ["https://example.org"]
        assert all(server.sent(chat) == [] for chat in chats)
        notice = await store_of(app).notice(2)
        assert notice is not None and notice.state == "draft"

        # Send now on a notice written for later asks for a second tap
        answer = await admin.press(later, data_for(later, "send"))
        assert answer.text == shown(lang, "notice.confirm_send_later", when=when)
        asked = await server.wait_for(
            lambda: "sendok" in actions(m := current(server, later)) and m, TIMEOUT
        )
        assert asked.buttons[0]["text"] == shown(lang, "notice.button_send_later")
        assert all(server.sent(chat) == [] for chat in chats)
        await admin.press(asked, data_for(asked, "sendok"))
        for chat in chats:
            await received(server, chat, "Later")
    assert server.errors == []


# == Named lists =================================================================================


async def test_admins_keep_lists_and_a_notice_reaches_a_list_whatever_it_subscribed(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot() as app:
        await subscribers(server, app, range(530, 531), topic="all")  # not on the list
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        ana = Person(server, 531, "en", name="Ana")
        server.add_user(531, "Ana", username="ana_rossi", language_code="en")
        await ana.one("/start")  # known to the bot, subscribed to nothing
        assert await store_of(app).subscriptions(531) == []

        created = await admin.one("/list create Bureau")
        assert created.text == (
            "List “bureau” created. Add people with /list add bureau @username."
        )
        added = await admin.one("/list add bureau @ana_rossi 4242 @nobody_here")
        assert added.text is not None
        assert added.text.splitlines() == [
            "Added to “bureau”: 2.",
            "Cannot be reached until they start the bot: 4242",
            "Not found: @nobody_here. A @username works only for someone who has written to"
            " the bot; a numeric user id always works.",
        ]
        members = await admin.one("/list bureau")
        assert members.text is not None and members.text.splitlines() == [
            "List “bureau”: 2 members",
            "• @ana_rossi (531)",
            "• 4242 — cannot be reached: has not started the bot",
        ]
        overview = await admin.one("/list")
        assert overview.text is not None
        assert "• bureau — 2 members, 1 cannot be reached" in overview.text
        roles = await admin.one("/roles")
        assert roles.text is not None and "Lists (/list): bureau (2)" in roles.text

        preview = await admin.one("/notice list=bureau The bureau meets at 13:00")
        assert preview.text is not None
        assert "To: the list “bureau” — 1 recipient now" in preview.text
        assert (
            "• 1 on the list “bureau” (1 more on it cannot be reached: they have not started"
            " the bot)" in preview.text
        )
        await admin.press(preview, data_for(preview, "send"))
        await received(server, 531, "The bureau meets at 13:00")
        assert server.sent(530) == []

        removed = await admin.one("/list remove bureau 4242")
        assert removed.text == "Removed from “bureau”: 1."
        unknown = await admin.one("/notice list=focal Hello")
        assert unknown.text == "There is no such list: focal (see /list)"
        actions_audited = {e.action for e in await store_of(app).recent_audit()}
        assert {"list.create", "list.add", "list.remove"} <= actions_audited
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_secretariat_reads_lists_and_only_admins_change_them(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot(secretariat=frozenset({540})) as app:
        officer = Person(server, 540, CODES[lang], name="Officer")
        empty = await officer.one("/list")
        assert empty.text is not None
        assert shown(lang, "lists.none") in empty.text
        refused = await officer.one("/list create bureau")
        assert refused.text == shown(lang, "lists.admins_only")
        assert await store_of(app).person_lists() == []
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        created = await admin.one("/list create bureau")
        assert created.text == shown(lang, "lists.created", name="bureau")
        again = await admin.one("/list create bureau")
        assert again.text == shown(lang, "lists.exists", name="bureau")
        bad = await admin.one("/list create add")
        assert bad.text is not None and bad.text.startswith(
            shown(lang, "lists.bad_name", value="add")
        )
        missing = await officer.one("/list focal")
        assert missing.text == shown(lang, "lists.no_such", name="focal")
    assert server.errors == []


# == Cancelling from anywhere ====================================================================


async def test_any_secretariat_member_cancels_a_scheduled_notice_from_its_report(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot(secretariat=frozenset({550})) as app:
        chats = await subscribers(server, app, range(551, 553))
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        preview = await admin.one("/notice at=2030-06-11T14:30 The room changes")
        await admin.press(preview, data_for(preview, "sched"))
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "scheduled"

        officer = Person(server, 550, "en", name="Officer")
        report = await officer.one("/notices 1")
        # a reply with a time moves it, from the report as from the preview
        moved = await officer.one("2030-06-12 09:00", reply_to=report.message_id)
        assert moved.text is not None and "Notice #1 · scheduled" in moved.text
        assert "When: Wednesday, 12 June 2030 09:00 (Geneva time; 07:00 UTC)" in moved.text
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "scheduled"
        moves = [e for e in await store_of(app).recent_audit() if e.action == "notice.reschedule"]
        assert [e.actor for e in moves] == [550]
        assert report.text is not None and "Notice #1 · scheduled" in report.text
        assert actions(report) == ["cancel"]
        await officer.press(report, data_for(report, "cancel"))
        notice = await store_of(app).notice(1)
        assert notice is not None and notice.state == "cancelled"
        assert notice.note == "cancelled-by:550"
        cancels = [e for e in await store_of(app).recent_audit() if e.action == "notice.cancel"]
        assert [(e.actor, e.detail) for e in cancels] == [(550, "#1")]
        # the report pressed and the author's preview both show it
        shown_report = await server.wait_for(
            lambda: "cancelled" in ((m := current(server, report)).text or "") and m, TIMEOUT
        )
        assert shown_report.callback_data == []
        await server.wait_for(
            lambda: "Cancelled by 550." in (current(server, preview).text or ""), TIMEOUT
        )
        assert all(server.sent(chat) == [] for chat in chats)
        # a second press changes nothing and says why
        again = await officer.press(report, data_for(report, "cancel"), check_keyboard=False)
        assert again.text == "Notice 1 was already confirmed, cancelled or sent."
    assert server.errors == []


# == /help and Telegram's command menu for staff =================================================


def menu(server: FakeBotApi, user_id: int) -> set[str]:
    return {c["command"] for c in server.menu_for(user_id)}


STAFF = {"notice", "notices", "list"}
ADMIN = {"grant", "revoke", "roles", "kb", "audit"}


async def test_staff_get_their_commands_in_the_menu_at_start_and_on_grant_and_revoke(
    server: FakeBotApi, run_bot: Runner
) -> None:
    async with run_bot(secretariat=frozenset({560})):
        officer = Person(server, 560, "en", name="Officer")
        delegate = Person(server, 561, "zh-hans", name="Delegate")
        admin = Person(server, ADMIN_ID, "en", name="Admin")
        for person in (officer, delegate, admin):
            await person.one("/start")  # first contact: configured staff get their menu now
        assert menu(server, 560) >= STAFF and not ADMIN & menu(server, 560)
        assert menu(server, ADMIN_ID) >= STAFF | ADMIN
        assert not (STAFF | ADMIN) & menu(server, 561) and "agenda" in menu(server, 561)

    server.reset_commands()  # what a restart must set again
    async with run_bot(secretariat=frozenset({560})):
        await server.wait_for(lambda: menu(server, 560) >= STAFF, TIMEOUT)
        assert menu(server, ADMIN_ID) >= STAFF | ADMIN
        # the menu in the user's language
        zh = {c["command"]: c["description"] for c in server.commands_for("chat:560", "zh")}
        assert zh["notice"] == "写通知"

        await admin.one("/grant 561 secretariat")
        assert menu(server, 561) >= STAFF and not ADMIN & menu(server, 561)
        assert [c["description"] for c in server.menu_for(561) if c["command"] == "notice"] == [
            "写通知"
        ]
        await admin.one("/grant 561 admin")
        assert menu(server, 561) >= STAFF | ADMIN
        await admin.one("/revoke 561 admin")
        assert menu(server, 561) >= STAFF and not ADMIN & menu(server, 561)
        await admin.one("/revoke 561 secretariat")
        assert not STAFF & menu(server, 561) and "agenda" in menu(server, 561)
        # a grant to someone who never wrote to the bot sets nothing Telegram would refuse
        await admin.one("/grant 999999 secretariat")
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_help_shows_staff_commands_to_staff_only(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot(secretariat=frozenset({570})):
        officer = Person(server, 570, CODES[lang], name="Officer")
        delegate = Person(server, 571, CODES[lang], name="Delegate")
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        secretariat_help = shown(lang, "help.secretariat")
        admin_help = shown(lang, "help.admin")
        officer_help = "\n".join(m.text or "" for m in await officer.say("/help"))
        assert secretariat_help in officer_help and admin_help not in officer_help
        admin_sees = "\n".join(m.text or "" for m in await admin.say("/help"))
        assert secretariat_help in admin_sees and admin_help in admin_sees
        delegate_sees = "\n".join(m.text or "" for m in await delegate.say("/help"))
        assert secretariat_help not in delegate_sees and "/notice" not in delegate_sees
    assert server.errors == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_list_replies_in_every_language(
    server: FakeBotApi, run_bot: Runner, lang: Language
) -> None:
    async with run_bot() as app:
        ana = Person(server, 580, CODES[lang], name="Ana")
        server.add_user(580, "Ana", username="ana_rossi", language_code=CODES[lang])
        await ana.one("/start")
        admin = Person(server, ADMIN_ID, CODES[lang], name="Admin")
        await admin.one("/list create focal")
        added = await admin.one("/list add focal @ana_rossi 4242 @nobody_here")
        assert added.text is not None and added.text.splitlines() == [
            shown(lang, "lists.added", name="focal", count=2),
            shown(lang, "lists.added_unreachable", who="4242"),
            shown(lang, "lists.unknown_users", who="@nobody_here"),
        ]
        again = await admin.one("/list add focal 4242")
        assert again.text is not None
        assert shown(lang, "lists.already", who="4242") in again.text.splitlines()
        members = await admin.one("/list focal")
        assert members.text is not None and members.text.splitlines() == [
            shown(lang, "lists.members_title", name="focal", count=2),
            shown(lang, "lists.member", who="@ana_rossi (580)"),
            shown(lang, "lists.member_unreachable", who="4242"),
        ]
        preview = await admin.one("/notice list=focal Focal points: meeting at 9:00")
        assert preview.text is not None
        line = shown(lang, "audience.line_list", name="focal", count=1) + shown(
            lang, "audience.line_list_unreachable", count=1
        )
        assert line in preview.text.splitlines()
        removed = await admin.one("/list remove focal 4242 4343")
        assert removed.text is not None and removed.text.splitlines() == [
            shown(lang, "lists.removed", name="focal", count=1),
            shown(lang, "lists.not_member", who="4343"),
        ]
        unknown = await admin.one("/notice list=nothing Hello")
        assert unknown.text == shown(lang, "notice.problem.list", value="nothing")
        assert [p.members for p in await store_of(app).person_lists()] == [1]
    assert server.errors == []
