"""What Telegram makes of a rendered answer: the visible text, and whether it can be sent."""

from __future__ import annotations

from bot.i18n import Language, t
from handlers import callbacks as cb
from handlers.htmlsplit import measure
from handlers.render import Rendered
from tests.support.fake_bot_api import parse_html


def visible(html: str) -> str:
    """What Telegram shows for a piece of HTML (raises if Telegram would refuse it)."""
    text, _ = parse_html(html)
    return text


def shown(lang: Language, key: str, **params: object) -> str:
    """A catalogue message as the reader sees it (tags applied, entities decoded)."""
    return visible(t(lang, key, **params))


def assert_sendable(rendered: Rendered) -> None:
    for piece in rendered.messages():
        assert measure(piece) <= 4096
        assert visible(piece).strip()
    assert measure(rendered.single()) <= 4096
    visible(rendered.single())
    for row in rendered.keyboard:
        assert 1 <= len(row) <= 8
        for button in row:
            assert button.label.strip()
            assert len(button.data.encode("utf-8")) <= 64
            assert cb.decode(button.data) is not None
