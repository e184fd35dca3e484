"""A delegate's first hour through the fake Bot API: scripts, English, labels, /tz, /res.

Every reply must have been accepted by the strict fake server (``server.errors == []``).
"""

from __future__ import annotations

from bot import i18n
from knowledge.models import KnowledgeBase, Paragraph
from knowledge.normalize import to_simplified
from tests.conftest import BotFactory
from tests.fake_bot_api import FakeBotApi
from tests.test_bot_e2e import Person, button_data


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
