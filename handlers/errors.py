"""The one error handler: log the update, tell the user briefly, tell the admins."""

from __future__ import annotations

import html
import logging
import time
from collections import deque
from typing import Final

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError, TelegramError

from bot.i18n import t
from handlers.common import send
from handlers.context import BotContext
from handlers.render.start import render_admin_error
from handlers.render.types import Rendered

log = logging.getLogger("delegate_bot.errors")

#: At most this many admin notices per minute, so an outage does not flood the admins.
ADMIN_NOTICES_PER_MINUTE: Final = 5


def _admin_notice_allowed(recent: deque[float], now: float) -> bool:
    while recent and recent[0] < now - 60:
        recent.popleft()
    if len(recent) >= ADMIN_NOTICES_PER_MINUTE:
        return False
    recent.append(now)
    return True


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    extra = {"update_id": update_id}
    if isinstance(update, Update) and update.effective_user is not None:
        extra["user_id"] = update.effective_user.id
    if isinstance(error, NetworkError | Forbidden):
        # Telegram unreachable for a moment, or a user blocked the bot: not a bug.
        log.warning("telegram error: %s", error, extra=extra)
        return
    log.error("error while handling an update: %r", update, exc_info=error, extra=extra)
    description = f"{type(error).__name__}: {error}" if error else "unknown error"
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_message
    ):
        try:
            lang = await context.language(update)
            await send(update, context, Rendered(t(lang, "error.user")))
        except TelegramError:
            log.warning("could not tell the user about the error", extra=extra)
        except Exception:
            log.warning("could not tell the user about the error", exc_info=True, extra=extra)
    recent = context.bot_data.admin_notices
    if context.bot_data.settings is None or not _admin_notice_allowed(recent, time.monotonic()):
        return
    for admin in sorted(context.bot_data.settings.admins):
        notice = render_admin_error("en", update_id, description)
        try:
            await context.bot.send_message(admin, notice.single(), parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.warning("could not notify admin %s: %s", admin, html.escape(str(exc)), extra=extra)
