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
from tests.conftest import ADMIN_ID
from tests.fake_bot_api import BotMessage, FakeBotApi, parse_html
from tests.test_bot_e2e import Person
from tests.test_notices_e2e import Runner, data_for, run_bot, store_of

__all__ = ["run_bot"]  # the fixture, shared with test_notices_e2e

TIMEOUT = 10.0
#: Telegram language codes that pick each interface language on first contact.
CODES: dict[Language, str] = {"zh-Hans": "zh-hans", "zh-Hant": "zh-TW", "en": "en"}


def shown(lang: Language, key: str, **params: object) -> str:
    """A catalogue message as the reader sees it (tags applied, entities decoded)."""
    return parse_html(t(lang, key, **params))[0]


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
        assert "To: all subscribers — 1 recipient(s) now" in preview.text
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
