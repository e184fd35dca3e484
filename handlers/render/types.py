"""The values every renderer returns, and the small helpers that build them.

A :class:`Rendered` is HTML text plus a keyboard of :class:`Button` values whose callback data
is already encoded; :class:`InlineArticle` is one inline-mode result. Long answers are split by
:meth:`Rendered.messages`; views that edit a message in place (pages) are sized to fit one
message and use :meth:`Rendered.single`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from bot.i18n import Html
from handlers import callbacks as cb
from handlers.htmlsplit import MAX_MESSAGE_LENGTH, split_html, truncate_html

BUTTON_LABEL_CHARS: Final = 40


@dataclass(frozen=True, slots=True)
class Button:
    """A button: callback ``data`` for the bot, or a ``url`` that opens in the browser."""

    label: str
    data: str
    url: str = ""


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One answer: HTML text and an inline keyboard (shown under the last message)."""

    text: Html
    keyboard: Keyboard = ()

    def messages(self, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
        """The text cut into messages that each fit (paragraph boundaries first)."""
        return split_html(self.text, limit) or [str(self.text)]

    def single(self, limit: int = MAX_MESSAGE_LENGTH) -> str:
        """The text as one message (for edits in place), shortened if it must be."""
        return truncate_html(self.text, limit)

    @property
    def callback_data(self) -> list[str]:
        return [button.data for row in self.keyboard for button in row if not button.url]


@dataclass(frozen=True, slots=True)
class InlineArticle:
    """One inline-mode result: an id (≤ 64 bytes), a title, a description and the message."""

    id: str
    title: str
    description: str
    text: Html


def button(label: str, action: cb.Action, *args: str | int) -> Button | None:
    """A button, or None when its data would not fit in 64 bytes."""
    try:
        return Button(clip(label, BUTTON_LABEL_CHARS), cb.encode(action, *args))
    except cb.CallbackDataError:
        return None


def rows(buttons: Iterable[Button | None], per_row: int) -> Keyboard:
    kept = [b for b in buttons if b is not None]
    return tuple(tuple(kept[i : i + per_row]) for i in range(0, len(kept), per_row))


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_blocks(*parts: str | None) -> Html:
    """Non-empty parts separated by blank lines (the places where long answers are cut)."""
    return Html("\n\n".join(p for p in parts if p))


def text_lines(*parts: str | None) -> Html:
    return Html("\n".join(p for p in parts if p))
