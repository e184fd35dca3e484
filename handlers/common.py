"""What every handler does the same way: read arguments, reply, edit in place, answer buttons."""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest

from bot.i18n import Language
from bot.transport import send_html
from handlers.context import BotContext
from handlers.doclinks import link_documents
from handlers.render.start import render_usage
from handlers.render.types import Keyboard, Rendered

log = logging.getLogger(__name__)

#: Characters a query never needs: C0/C1 controls other than newline and tab.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str | None) -> str:
    """User text without control characters (a NUL is not a question), NFC, stripped."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", text)).strip()


def args_of(context: BotContext) -> list[str]:
    return [clean_text(a) for a in (context.args or []) if clean_text(a)]


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=b.data)
                for b in row
            ]
            for row in keyboard
        ]
    )


@dataclass(frozen=True, slots=True)
class SentMessage:
    """Where an answer went (enough to edit it or point at it later)."""

    chat_id: int
    message_id: int


def keyboard_json(keyboard: Keyboard) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": b.label, "url": b.url}
            if b.url
            else {"text": b.label, "callback_data": b.data}
            for b in row
        ]
        for row in keyboard
    ]


async def with_document_links(update: Update, context: BotContext, rendered: Rendered) -> Rendered:
    """The answer with its document symbols linked to undocs.org in the reader's language."""
    if "/" not in rendered.text:
        return rendered
    lang = await context.language(update)
    return Rendered(link_documents(rendered.text, lang), rendered.keyboard)


async def send(update: Update, context: BotContext, rendered: Rendered) -> list[SentMessage]:
    """Send an answer to the update's chat, split if long; buttons go under the last part.

    In groups the first part replies to the message that asked, so the asker is clear.
    """
    chat = update.effective_chat
    if chat is None:
        return []
    rendered = await with_document_links(update, context, rendered)
    pieces = rendered.messages()
    asked = update.effective_message if not is_private(update) else None
    sent: list[SentMessage] = []
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        result = await send_html(
            context.bot,
            chat.id,
            piece,
            keyboard=keyboard_json(rendered.keyboard) if last and rendered.keyboard else None,
            reply_to=asked.message_id if asked is not None and index == 0 else None,
        )
        sent.append(SentMessage(chat.id, int(result.get("message_id", 0))))
    return sent


async def usage(update: Update, context: BotContext, key: str, **params: object) -> None:
    lang = await context.language(update)
    await send(update, context, render_usage(lang, key, **params))


async def edit_or_send(
    query: CallbackQuery, update: Update, context: BotContext, rendered: Rendered
) -> None:
    """Replace the pressed message with ``rendered``; send it anew if it cannot be edited."""
    message = query.message
    pieces = (await with_document_links(update, context, rendered)).messages()
    if isinstance(message, Message) and len(pieces) == 1:
        try:
            await message.edit_text(
                pieces[0], parse_mode=ParseMode.HTML, reply_markup=markup(rendered.keyboard)
            )
            return
        except BadRequest as exc:
            if "not modified" in exc.message:
                return
            log.info("edit failed, sending instead: %s", exc.message)
    await send(update, context, rendered)


async def answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (Telegram keeps the button spinning until it is answered)."""
    with contextlib.suppress(BadRequest):
        await query.answer(text[:200] if text else None)


async def language_of(update: Update, context: BotContext) -> Language:
    return await context.language(update)
