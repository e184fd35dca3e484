"""Composing notices: drafts, send now, schedule, cancel, reschedule, stop, and scheduled notices
coming due (:func:`activate_due_notices`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Final, Literal

from bot.audience import (
    AudienceCount,
    address_label,
    count_audience,
    sources_of,
    stored_address,
)
from bot.config import Settings
from bot.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    language_from_telegram,
)
from bot.lists import known_lists, parse_list_names
from bot.notices.errors import (
    NoticeStateError,
    TopicError,
)
from bot.notices.html import check_link, notice_html
from bot.notices.timing import (
    NoticeOptions,
    parse_when,
    resolve_topic,
)
from bot.storage import (
    ANY_LANGUAGE,
    TOPIC_ALL,
    Actor,
    NewNotice,
    Notice,
    Storage,
)
from knowledge.models import KnowledgeBase

log = logging.getLogger("bot.notices")

#: A notice queued more than this after its time is reported as late.
LATE_AFTER: Final = dt.timedelta(minutes=1)

# == Who gets what language ======================================================================


def language_of(chosen: str | None, language_code: str | None) -> str:
    """A recipient's language: the one they chose, else their Telegram language; for chats
    the bot knows nothing about (groups), the default."""
    if chosen is not None and chosen in LANGUAGES:
        return chosen
    if language_code is None:
        return DEFAULT_LANGUAGE
    return language_from_telegram(language_code)


# == Composing: draft, preview, confirmation =====================================================


@dataclass(frozen=True, slots=True)
class Draft:
    """A stored draft and whom it would reach if it went out now, reason by reason."""

    notice: Notice
    audience: AudienceCount

    @property
    def recipients(self) -> int:
        return self.audience.total


async def create_draft(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    *,
    author: Actor,
    text: str,
    is_html: bool | None = None,
    options: NoticeOptions = NoticeOptions(),
    now: dt.datetime,
) -> Draft:
    """Check a notice (text, audience, time, link) and store it as a draft; nothing is sent
    until it is confirmed. Raises the NoticeError that says what is wrong."""
    body = notice_html(text, is_html=is_html)
    lists = await _lists(store, options.lists) if options.lists else []
    topic = resolve_topic(kb, options.topic) if options.topic else None
    topics = [topic] if topic else ([] if lists else [TOPIC_ALL])
    link = check_link(options.link) if options.link else None
    timing = parse_when(options.at, kb=kb, tz=settings.tz, now=now) if options.at else None
    address = stored_address(topics, lists)
    notice_id = await store.add_notice(
        NewNotice(
            kind="notice",
            texts={ANY_LANGUAGE: body},
            topics=address,
            link=link,
            send_at=timing.at if timing else None,
            meeting_id=timing.meeting_id if timing else None,
            lead=timing.lead if timing else None,
            meeting_start=timing.meeting_start if timing else None,
            created_by=_user_id(author),
        )
    )
    label = address_label(kb, "en", address)
    await store.audit(author, "notice.draft", f"#{notice_id} to {label}")
    return await load_draft(store, kb, notice_id)


async def _lists(store: Storage, text: str) -> list[str]:
    names, bad = parse_list_names(text)
    found, missing = await known_lists(store, names)
    if bad or missing or not found:
        raise TopicError("list", value=", ".join([*bad, *missing])[:60] or text[:60])
    return found


async def retime_draft(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    notice_id: int,
    when: str,
    *,
    now: dt.datetime,
    actor: Actor = None,
) -> Draft:
    """Give a draft or a scheduled notice a new time (a reply to its preview, ``delegate-bot
    notice reschedule``). Reminders follow their meeting and cannot be given another time."""
    timing = parse_when(when, kb=kb, tz=settings.tz, now=now)
    notice = await _existing(store, notice_id)
    if notice.kind != "notice":
        raise NoticeStateError("follows_meeting", notice=notice_id)
    changed = await store.reschedule_notice(
        notice_id,
        timing.at,
        meeting_id=timing.meeting_id,
        lead=timing.lead,
        meeting_start=timing.meeting_start,
    )
    if not changed:
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.reschedule", f"#{notice_id} at {timing.at.isoformat()}")
    return await load_draft(store, kb, notice_id)


@dataclass(frozen=True, slots=True)
class Confirmation:
    """Why pressing a preview's button needs a second tap: nobody would receive the notice
    now (``nobody``), or it was written for later (``when``) and Send now would send it early."""

    action: Literal["send", "sched"]
    nobody: bool
    when: dt.datetime | None = None


def confirmation_needed(draft: Draft, action: str) -> Confirmation | None:
    """The second tap pressing ``action`` (send, sched) under this draft's preview needs."""
    notice = draft.notice
    if notice.state != "draft":
        return None  # the press will be refused anyway
    if action == "send" and draft.recipients == 0:
        return Confirmation("send", nobody=True)
    if action == "send" and notice.send_at is not None:
        return Confirmation("send", nobody=False, when=notice.send_at)
    if action == "sched" and notice.send_at is not None and draft.recipients == 0:
        return Confirmation("sched", nobody=True)
    return None


async def load_draft(store: Storage, kb: KnowledgeBase | None, notice_id: int) -> Draft:
    """A notice with its audience counted now."""
    notice = await _existing(store, notice_id)
    return Draft(notice, await count_audience(store, kb, notice.topics))


async def send_notice_now(
    store: Storage, notice_id: int, actor: Actor, *, kb: KnowledgeBase | None
) -> int:
    """Confirm a draft (or bring a scheduled notice forward): its recipients are fixed now
    and queued; how many. NoticeStateError when it is no longer a draft. ``kb`` tells which
    subscriptions cover the notice's topics (:mod:`bot.audience`)."""
    notice = await _existing(store, notice_id)
    queued = await store.queue_notice(
        notice_id,
        language_of,
        confirmed_by=_user_id(actor),
        audience=sources_of(kb, notice.topics),
    )
    if queued is None:
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.send", f"#{notice_id} to {queued} recipient(s)")
    return queued


async def schedule_notice(store: Storage, notice_id: int, actor: Actor) -> Notice:
    """Confirm a draft that has a time. NoticeStateError when it has none or is not a draft."""
    notice = await store.notice(notice_id)
    if notice is None:
        raise NoticeStateError("gone", notice=notice_id)
    if notice.state == "draft" and notice.send_at is None:
        raise NoticeStateError("no_time", notice=notice_id)
    if not await store.schedule_notice(notice_id, _user_id(actor)):
        raise NoticeStateError("not_draft", notice=notice_id)
    at = notice.send_at.isoformat() if notice.send_at else "?"
    await store.audit(actor, "notice.schedule", f"#{notice_id} at {at}")
    return await _existing(store, notice_id)


async def cancel_notice(store: Storage, notice_id: int, actor: Actor) -> Notice:
    """Cancel a draft or a scheduled notice (nothing of it was sent); ``actor`` None: from the
    command line; a name: an API client."""
    await _existing(store, notice_id)
    note = f"cancelled-by:{actor if actor is not None else ''}"
    if not await store.close_notice(notice_id, "cancelled", note):
        raise NoticeStateError("not_draft", notice=notice_id)
    await store.audit(actor, "notice.cancel", f"#{notice_id}")
    return await _existing(store, notice_id)


async def stop_notice(store: Storage, notice_id: int, actor: Actor) -> int:
    """Stop a notice that is going out; how many recipients will not get it."""
    skipped = await store.stop_notice(notice_id, f"stopped-by:{actor}")
    if skipped is None:
        raise NoticeStateError("not_sending", notice=notice_id)
    await store.audit(actor, "notice.stop", f"#{notice_id}: {skipped} not sent")
    return skipped


def _user_id(actor: Actor) -> int | None:
    """The Telegram user behind an actor (an API client, named by a string, is none)."""
    return actor if isinstance(actor, int) else None


async def _existing(store: Storage, notice_id: int) -> Notice:
    notice = await store.notice(notice_id)
    if notice is None:
        raise NoticeStateError("gone", notice=notice_id)
    return notice


async def queue_from_command_line(
    store: Storage,
    kb: KnowledgeBase,
    settings: Settings,
    text: str,
    *,
    at: str | None = None,
    topic: str | None = None,
    lists: str | None = None,
    link: str | None = None,
    now: dt.datetime,
) -> tuple[Notice, int | None]:
    """``delegate-bot notice send``: the command is the confirmation. Without ``at`` the
    recipients are fixed and queued now (the running bot's worker picks the rows up);
    with it, the notice is scheduled. Returns the notice and how many were queued (None
    when scheduled)."""
    draft = await create_draft(
        store,
        kb,
        settings,
        author=None,
        text=text,
        options=NoticeOptions(topic=topic, at=at, link=link, lists=lists),
        now=now,
    )
    if at is None:
        queued = await send_notice_now(store, draft.notice.id, None, kb=kb)
        return await _existing(store, draft.notice.id), queued
    return await schedule_notice(store, draft.notice.id, None), None


# == Scheduled notices coming due ================================================================


@dataclass(frozen=True, slots=True)
class Activation:
    """What happened to a notice whose time came: queued (``recipients``, ``late``) or
    dropped (``reason``)."""

    notice_id: int
    recipients: int | None
    late: dt.timedelta | None
    dropped: str | None = None


async def activate_due_notices(
    store: Storage, now: dt.datetime, grace: dt.timedelta, kb: KnowledgeBase | None = None
) -> list[Activation]:
    """Queue every scheduled notice whose time has come, or drop it when it is no longer
    useful: more than ``grace`` late, or a reminder whose meeting has started. ``kb`` (the
    live knowledge base) tells which subscriptions cover each notice's topics."""
    activations: list[Activation] = []
    for notice in await store.due_notices(now):
        assert notice.send_at is not None  # due_notices only returns timed notices
        lateness = now - notice.send_at
        late = lateness if lateness > LATE_AFTER else None
        reason: str | None = None
        if notice.kind == "reminder" and notice.meeting_start and notice.meeting_start <= now:
            reason = "meeting-started"
        elif lateness > grace:
            reason = "missed"
        if reason is not None:
            if await store.close_notice(notice.id, "dropped", reason, late=lateness):
                log.warning("notice #%s dropped (%s, %s late)", notice.id, reason, lateness)
                activations.append(Activation(notice.id, None, lateness, reason))
            continue
        queued = await store.queue_notice(
            notice.id, language_of, late=late, audience=sources_of(kb, notice.topics)
        )
        if queued is not None:
            if late is not None:
                log.warning("notice #%s queued %s late", notice.id, lateness)
            activations.append(Activation(notice.id, queued, late))
    return activations
