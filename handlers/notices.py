"""/notice and /notices for the secretariat; the preview, its buttons, and its live progress.

    /notice TEXT                        a draft to everyone subscribed, previewed with buttons
    /notice topic=M2 at=… link=… TEXT   the same with an audience, a time and a link button
    /notice                             then the next message is the text
    (reply to a preview with a time)    give the draft a time: 14:30, 30m before M2 …
    (reply to /notices N with a time)   move a scheduled notice
    /notices                            scheduled and recent notices with their figures
    /notices N                          one notice's report: who was not reached and why

Nothing goes out before "Send now" or "Schedule" is pressed under the preview. The preview
message then becomes the notice's progress report, edited every few seconds while it is going
out (only when its text changed) with a stop button, and once more with the final figures.

Buttons carry the ``nv1`` data of ``handlers.callbacks``: send, sched, test, cancel, stop, and
sendok / schedok for the second tap a press may need (nobody would receive the notice, or Send
now on a notice written for later). Every handler
here checks the sender's role first; a Cancel button also sits under ``/notices N`` of a
notice not sent yet, for any secretariat member.

The delivery worker and the progress reporter (:mod:`bot.notices.service`) run for the
Application's whole life; :func:`progress_renderer` is how they draw a progress message.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from typing import Final

from telegram import Message, Update
from telegram.constants import MessageEntityType
from telegram.error import BadRequest, Forbidden
from telegram.ext import filters

from bot.config import Settings
from bot.delivery import link_markup
from bot.i18n import (
    Language,
    plain,
    t,
)
from bot.notices import (
    Draft,
    NoticeError,
    NoticeReport,
    NoticeStateError,
    cancel_notice,
    confirmation_needed,
    create_draft,
    load_draft,
    notice_report,
    parse_notice_options,
    recent_reports,
    retime_draft,
    schedule_notice,
    send_notice_now,
    stop_notice,
)
from bot.notices.service import ProgressRenderer, ProgressView
from bot.roles import Capability
from bot.transport import send_html
from handlers import callbacks as cb
from handlers.common import args_of, edit_or_send, markup, send
from handlers.context import BotContext
from handlers.press import Press, on_press
from handlers.render.notices import (
    REPORT_LINES,
    confirmation_text,
    notice_language,
    problem_plain,
    render_list,
    render_preview,
    render_problem,
    render_progress,
    render_report,
)
from handlers.render.types import Rendered
from handlers.roles import require
from knowledge.models import KnowledgeBase

log = logging.getLogger(__name__)

CALLBACK_PATTERN: Final = cb.NOTICES.pattern()
#: How long "send me the text" waits for the next message.
PROMPT_SECONDS: Final = 600.0
_PREVIEW_MARK = re.compile(r"\A📣[^\n]*#(\d+)")
_FORMATTING: Final = frozenset(
    {
        MessageEntityType.BOLD,
        MessageEntityType.ITALIC,
        MessageEntityType.UNDERLINE,
        MessageEntityType.STRIKETHROUGH,
        MessageEntityType.SPOILER,
        MessageEntityType.CODE,
        MessageEntityType.PRE,
        MessageEntityType.TEXT_LINK,
        MessageEntityType.BLOCKQUOTE,
        MessageEntityType.EXPANDABLE_BLOCKQUOTE,
    }
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# == Registration ================================================================================


class NoticeComposer:
    """/notice and the text that follows it: who is expected to send a notice's text next.

    :attr:`text_filter` lets through a reply to a preview, or the text a bare /notice asked for.
    """

    def __init__(self) -> None:
        self._awaiting: dict[tuple[int, int], float] = {}  # (chat, user) → deadline
        self.text_filter: filters.MessageFilter = _ForNotices(self._awaiting)

    async def notice_command(self, update: Update, context: BotContext) -> None:
        access = await require(update, context, Capability.SEND_NOTICES)
        message = update.effective_message
        if access is None or message is None:
            return
        source, is_html = _source(message, skip_command=True)
        if not source.strip():
            lang = await context.language(update)
            self._awaiting[(message.chat.id, access.user_id)] = time.monotonic() + PROMPT_SECONDS
            await send(update, context, Rendered(t(lang, "notice.prompt")))
            return
        await _draft_and_preview(update, context, source, is_html)

    async def notice_text(self, update: Update, context: BotContext) -> None:
        """A reply to a preview (a time), or the text asked for after a bare /notice."""
        message = update.effective_message
        if message is None or message.from_user is None:
            return
        awaited = self._awaiting.pop((message.chat.id, message.from_user.id), None)
        if await require(update, context, Capability.SEND_NOTICES) is None:
            return
        replied = _replied_notice(message)
        if replied is not None:
            if awaited is not None:  # still waiting for the text: a time is not it
                self._awaiting[(message.chat.id, message.from_user.id)] = awaited
            await _retime(update, context, replied, message.text or "")
            return
        source, is_html = _source(message, skip_command=False)
        await _draft_and_preview(update, context, source, is_html)


class _ForNotices(filters.MessageFilter):
    """Text for the notices feature: a reply to a preview, or the awaited notice text."""

    def __init__(self, awaiting: dict[tuple[int, int], float]) -> None:
        super().__init__(name="notice text")
        self._awaiting = awaiting

    def filter(self, message: Message) -> bool:
        if _replied_notice(message) is not None:
            return True
        if message.from_user is None:
            return False
        key = (message.chat.id, message.from_user.id)
        deadline = self._awaiting.get(key)
        if deadline is None:
            return False
        if deadline < time.monotonic():
            del self._awaiting[key]
            return False
        return True


def _replied_notice(message: Message) -> int | None:
    """The notice whose preview this message replies to, if it does."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or not replied.from_user.is_bot:
        return None
    if replied.from_user.id != message.get_bot().id:
        return None
    match = _PREVIEW_MARK.match(replied.text or "")
    return int(match.group(1)) if match else None


def _source(message: Message, *, skip_command: bool) -> tuple[str, bool | None]:
    """The message's text after the command; as HTML when the sender used Telegram's own
    formatting (bold, links …), else as typed (``notice_html`` decides)."""
    text = message.text or ""
    prefix = 0
    if skip_command:
        commands = [
            e
            for e in message.entities
            if e.type == MessageEntityType.BOT_COMMAND and e.offset == 0
        ]
        prefix = commands[0].length if commands else 0
    formatted = any(e.type in _FORMATTING for e in message.entities)
    if not formatted:
        return text[_utf16_index(text, prefix) :], None
    # text_html keeps the command as typed (it has no characters HTML escapes)
    return message.text_html[_utf16_index(text, prefix) :], True


def _utf16_index(text: str, units: int) -> int:
    """The index in ``text`` after ``units`` UTF-16 code units (entity offsets count those)."""
    if units == 0 or text.isascii():
        return units
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


# == Composing ===================================================================================


async def _draft_and_preview(
    update: Update, context: BotContext, source: str, is_html: bool | None
) -> None:
    lang = await context.language(update)
    user = update.effective_user
    options, body = parse_notice_options(source, is_html=bool(is_html))
    try:
        draft = await create_draft(
            context.store,
            context.live.kb,
            context.settings,
            author=user.id if user else None,
            text=body,
            is_html=is_html,
            options=options,
            now=_now(),
        )
    except NoticeError as exc:
        await send(update, context, render_problem(lang, exc))
        return
    await _show_preview(update, context, lang, draft)


async def _retime(update: Update, context: BotContext, notice_id: int, when: str) -> None:
    """A reply with a time to a preview (a draft: a new preview) or to a scheduled notice's
    preview or report (it stays scheduled, at the new time: its report)."""
    lang = await context.language(update)
    user = update.effective_user
    settings = context.settings
    try:
        draft = await retime_draft(
            context.store,
            context.live.kb,
            settings,
            notice_id,
            when,
            now=_now(),
            actor=user.id if user else None,
        )
    except NoticeError as exc:
        await send(update, context, render_problem(lang, exc))
        return
    if draft.notice.state == "draft":
        await _show_preview(update, context, lang, draft)
        return
    report = await notice_report(
        context.store, notice_id, rate=settings.send_rate, limit=REPORT_LINES + 1
    )
    if report is not None:
        rendered = render_report(context.live.kb, lang, report, settings.tz, settings)
        await send(update, context, rendered)


async def _show_preview(update: Update, context: BotContext, lang: Language, draft: Draft) -> None:
    rendered = render_preview(
        context.live.kb, lang, draft, context.settings.tz, paid=context.settings.paid_broadcast
    )
    sent = await send(update, context, rendered)
    if sent:
        last = sent[-1]
        await context.store.set_notice_report(draft.notice.id, last.chat_id, last.message_id, lang)


# == Buttons =====================================================================================


@on_press
async def notice_button(update: Update, context: BotContext, press: Press) -> None:
    """A button under a notice's preview or report; the press is always answered."""
    access = await require(update, context, Capability.SEND_NOTICES, press)
    if access is None:
        return
    lang = await context.language(update)
    data = await press.decode(cb.NOTICES, lang)
    if data is None:
        return
    action, notice_id = data.action, data.int_arg(0)
    try:
        note = await _act(update, context, access.user_id, lang, action, notice_id)
    except NoticeStateError as exc:
        await press.answer(problem_plain(lang, exc))
        if exc.problem != "no_time":
            await _refresh(context, notice_id)
            if _still_offered(update):  # a stale report: show where the notice stands
                await _show_report_here(update, context, lang, notice_id)
        return
    await press.answer(note)
    if action not in ("send", "sched", "test") or note is None:
        await _refresh(context, notice_id)
        await _show_report_here(update, context, lang, notice_id)


async def _act(
    update: Update,
    context: BotContext,
    actor: int,
    lang: Language,
    action: cb.NoticeAction,
    notice_id: int,
) -> str | None:
    """Do what the button says; the answer to show on the button (None: just acknowledge).

    "send" and "sched" first check whether a second tap is needed (nobody would receive the
    notice, or Send now on a notice written for later): if so the preview shows the pressed
    button in its "tap again" form, whose data is "sendok" / "schedok".
    """
    store, kb, tz = context.store, context.live.kb, context.settings.tz
    if action in ("send", "sched"):
        draft = await load_draft(store, kb, notice_id)
        confirm = confirmation_needed(draft, action)
        if confirm is not None:
            query = update.callback_query
            assert query is not None
            paid = context.settings.paid_broadcast
            rendered = render_preview(kb, lang, draft, tz, confirm=confirm, paid=paid)
            await edit_or_send(query, update, context, rendered)
            return confirmation_text(lang, confirm, tz)
    if action in ("send", "sendok"):
        await send_notice_now(store, notice_id, actor, kb=kb)
        context.notice_service.wake()
    elif action in ("sched", "schedok"):
        await schedule_notice(store, notice_id, actor)
    elif action == "cancel":
        await cancel_notice(store, notice_id, actor)
    elif action == "stop":
        await stop_notice(store, notice_id, actor)
    elif action == "test":
        return await _send_test_copy(context, actor, lang, notice_id)
    return None


async def _send_test_copy(
    context: BotContext, user_id: int, lang: Language, notice_id: int
) -> str:
    """The notice exactly as delegates will get it, to the one who pressed, and nobody else."""
    notice = await context.store.notice(notice_id)
    if notice is None:
        raise NoticeStateError("gone", notice=notice_id)
    try:
        await send_html(
            context.bot, user_id, notice.text_for(lang), keyboard=link_markup(notice, lang)
        )
    except (Forbidden, BadRequest) as exc:
        log.info("test copy of notice #%s to %s not sent: %s", notice_id, user_id, exc.message)
        return plain(lang, "notice.test_failed")
    log.info("test copy of notice #%s sent to %s", notice_id, user_id)
    return plain(lang, "notice.test_sent")


def _still_offered(update: Update) -> bool:
    """Whether the pressed message still shows the pressed button (it is out of date)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return False
    keyboard = message.reply_markup.inline_keyboard
    return any(b.callback_data == query.data for row in keyboard for b in row)


async def _show_report_here(
    update: Update, context: BotContext, lang: Language, notice_id: int
) -> None:
    """A button pressed under a ``/notices N`` report (not the preview): show the report as
    it is now in that message."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message):
        return
    notice = await context.store.notice(notice_id)
    if notice is None or (notice.report_chat_id, notice.report_message_id) == (
        message.chat.id,
        message.message_id,
    ):
        return
    report = await notice_report(
        context.store, notice_id, rate=context.settings.send_rate, limit=REPORT_LINES + 1
    )
    if report is not None:
        settings = context.settings
        rendered = render_report(context.live.kb, lang, report, settings.tz, settings)
        await edit_or_send(query, update, context, rendered)


async def _refresh(context: BotContext, notice_id: int) -> None:
    """Show the notice's current state in its preview message now."""
    service = context.bot_data.notices
    if service is not None:
        await service.reporter.show(notice_id)


# == /notices ====================================================================================


async def notices_command(update: Update, context: BotContext) -> None:
    if await require(update, context, Capability.SEND_NOTICES) is None:
        return
    lang = await context.language(update)
    args = args_of(context)
    tz = context.settings.tz
    kb = context.live.kb
    if args and args[0].lstrip("#").isdigit():
        notice_id = int(args[0].lstrip("#"))
        report = await notice_report(
            context.store, notice_id, rate=context.settings.send_rate, limit=REPORT_LINES + 1
        )
        if report is None:
            await send(update, context, Rendered(t(lang, "notice.no_such", id=notice_id)))
            return
        await send(update, context, render_report(kb, lang, report, tz, context.settings))
        return
    reports = await recent_reports(context.store)
    await send(update, context, render_list(kb, lang, reports, tz))


# == The progress message, as the notice service shows it ======================================


def progress_renderer(settings: Settings) -> ProgressRenderer:
    """How the notice service (:mod:`bot.notices.service`) draws a progress message: in the
    language of whoever previewed the notice, with its stop button."""

    def render(kb: KnowledgeBase, report: NoticeReport) -> ProgressView:
        lang = notice_language(report.notice.report_language)
        rendered = render_progress(kb, lang, report, settings.tz, settings)
        buttons = tuple(b.data for row in rendered.keyboard for b in row)
        return ProgressView(rendered.single(), markup(rendered.keyboard), buttons)

    return render
