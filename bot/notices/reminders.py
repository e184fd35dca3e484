"""Meeting reminders kept in step with the knowledge base (:func:`sync_reminders`), and their
texts.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass

from bot.config import Settings, load_timezone
from bot.formatting import duration_words
from bot.i18n import (
    LANGUAGES,
    Html,
    Language,
    format_date,
    format_time,
    t,
)
from bot.notices.compose import language_of
from bot.notices.errors import LinkError
from bot.notices.html import check_link
from bot.notices.timing import meeting_start
from bot.storage import NewNotice, Notice, Storage
from knowledge.models import KnowledgeBase, Meeting
from knowledge.schema import iana_time_zone

log = logging.getLogger("bot.notices")

# == Reminders ===================================================================================


@dataclass(frozen=True, slots=True)
class ReminderChanges:
    """What :func:`sync_reminders` did, as notice ids."""

    created: tuple[int, ...] = ()
    moved: tuple[int, ...] = ()
    cancelled: tuple[int, ...] = ()
    announced: tuple[int, ...] = ()  # "changed" notices queued

    @property
    def changed(self) -> bool:
        return bool(self.created or self.moved or self.cancelled or self.announced)


async def sync_reminders(
    store: Storage, kb: KnowledgeBase, settings: Settings, now: dt.datetime
) -> ReminderChanges:
    """Bring the stored reminders in step with the meetings of ``kb``.

    For every meeting with a start time and every lead of ``settings.reminder_leads``: a
    reminder at start − lead is created if it is still ahead, or moved if the meeting moved.
    Pending reminders of meetings that are cancelled, removed or lost their time (and of
    leads no longer configured) are cancelled. Whoever already received a reminder for a
    meeting that then moved or was cancelled gets one "changed" notice. Notices timed
    relative to a meeting move with it. Safe to call any number of times.
    """
    tz = settings.tz
    existing = await store.meeting_notices()
    sync = _Sync(
        kb=kb,
        tz=tz,
        now=now,
        meetings={m.id: m for m in kb.meetings},
        starts={m.id: meeting_start(kb, m, tz) for m in kb.meetings if not m.cancelled},
        leads={round(lead.total_seconds()): lead for lead in settings.reminder_leads},
        existing=existing,
        reminders=[n for n in existing if n.kind == "reminder"],
    )
    cancelled = await _cancel_orphaned_reminders(store, sync)
    created, moved = await _create_or_move_reminders(store, sync)
    announced = await _announce_changed_meetings(store, sync)
    moved += await _move_notices_with_their_meeting(store, sync)

    changes = ReminderChanges(tuple(created), tuple(moved), tuple(cancelled), tuple(announced))
    if changes.changed:
        log.info(
            "reminders: %d created, %d moved, %d cancelled, %d change notice(s)",
            len(created),
            len(moved),
            len(cancelled),
            len(announced),
        )
    return changes


@dataclass(frozen=True, slots=True)
class _Sync:
    """What one :func:`sync_reminders` pass works from: the meetings as the knowledge base
    has them now, and the notices tied to meetings as stored before the pass."""

    kb: KnowledgeBase
    tz: zoneinfo.ZoneInfo
    now: dt.datetime
    meetings: dict[str, Meeting]
    starts: dict[str, dt.datetime | None]  # meetings not cancelled, by id
    leads: dict[int, dt.timedelta]  # configured leads, by seconds
    existing: list[Notice]
    reminders: list[Notice]


async def _cancel_orphaned_reminders(store: Storage, sync: _Sync) -> list[int]:
    """Pending reminders with nothing left to remind of."""
    cancelled: list[int] = []
    for notice in sync.reminders:
        if notice.state != "scheduled" or notice.meeting_id is None or notice.lead is None:
            continue
        meeting = sync.meetings.get(notice.meeting_id)
        lead_seconds = round(notice.lead.total_seconds())
        reason = None
        if meeting is None:
            reason = "meeting-removed"
        elif meeting.cancelled:
            reason = "meeting-cancelled"
        elif sync.starts.get(meeting.id) is None:
            reason = "meeting-untimed"
        elif lead_seconds not in sync.leads:
            reason = "lead-removed"
        if reason and await store.close_notice(notice.id, "cancelled", reason):
            cancelled.append(notice.id)
    return cancelled


async def _create_or_move_reminders(store: Storage, sync: _Sync) -> tuple[list[int], list[int]]:
    """Missing reminders (created), and pending ones to move (moved)."""
    kb, now = sync.kb, sync.now
    created: list[int] = []
    moved: list[int] = []
    for meeting in kb.meetings:
        start = sync.starts.get(meeting.id)
        if start is None:
            continue
        for lead_seconds, lead in sorted(sync.leads.items(), reverse=True):
            mine = [
                n
                for n in sync.reminders
                if n.meeting_id == meeting.id
                and n.lead is not None
                and round(n.lead.total_seconds()) == lead_seconds
            ]
            texts = reminder_texts(kb, meeting, start, lead, sync.tz)
            link = _meeting_link(meeting)
            pending = [n for n in mine if n.state == "scheduled"]
            at = start - lead
            if pending:
                notice = pending[-1]
                if (notice.send_at, notice.meeting_start, dict(notice.texts), notice.link) != (
                    at,
                    start,
                    texts,
                    link,
                ):
                    await store.reschedule_notice(
                        notice.id,
                        at,
                        meeting_id=meeting.id,
                        lead=lead,
                        meeting_start=start,
                        texts=texts,
                        link=link or "",
                    )
                    if notice.send_at != at:
                        moved.append(notice.id)
                continue
            # a reminder that went out, or that someone cancelled, for this start is not
            # made again; the meeting moving is news, and gets a new one
            went_out = any(
                n.meeting_start == start
                and (
                    n.state in ("sending", "done", "stopped")
                    or (n.state == "cancelled" and n.note.startswith("cancelled-by:"))
                )
                for n in mine
            )
            if went_out or at <= now:
                continue
            created.append(
                await store.add_notice(
                    NewNotice(
                        kind="reminder",
                        texts=texts,
                        topics=reminder_topics(kb, meeting),
                        link=link,
                        state="scheduled",
                        send_at=at,
                        meeting_id=meeting.id,
                        lead=lead,
                        meeting_start=start,
                    )
                )
            )
    return created, moved


async def _announce_changed_meetings(store: Storage, sync: _Sync) -> list[int]:
    """Those already reminded of a meeting that moved or was cancelled are told: one
    "changed" notice per meeting, queued at once."""
    kb, now, tz = sync.kb, sync.now, sync.tz
    announced: list[int] = []
    for meeting_id in sorted({n.meeting_id for n in sync.reminders if n.meeting_id}):
        meeting = sync.meetings.get(meeting_id)
        if meeting is None:
            continue  # removed from the knowledge base: a correction, not news to announce
        told = [
            n
            for n in sync.reminders
            if n.meeting_id == meeting_id
            and n.state in ("sending", "done", "stopped")
            and n.meeting_start is not None
        ]
        start = sync.starts.get(meeting_id)
        if meeting.cancelled:
            stale = [n for n in told if n.meeting_start and n.meeting_start > now]
        elif start is not None and start > now:
            stale = [n for n in told if n.meeting_start != start]
        else:
            stale = []
        if not stale:
            continue
        for notice in stale:
            if notice.state == "sending":
                await store.stop_notice(notice.id, "meeting-changed")
        before = max(
            (n for n in stale if n.meeting_start is not None), key=lambda n: n.id
        ).meeting_start
        assert before is not None
        recipients = await store.reached_chats([n.id for n in stale])
        texts = change_texts(kb, meeting, before, None if meeting.cancelled else start, tz)
        change_id = await store.add_notice(
            NewNotice(
                kind="change",
                texts=texts,
                topics=reminder_topics(kb, meeting),
                link=None if meeting.cancelled else _meeting_link(meeting),
                meeting_id=meeting.id,
                meeting_start=None if meeting.cancelled else start,
            )
        )
        await store.queue_notice(change_id, language_of, recipients=recipients)
        await store.set_meeting_start([n.id for n in stale], None if meeting.cancelled else start)
        announced.append(change_id)
    return announced


async def _move_notices_with_their_meeting(store: Storage, sync: _Sync) -> list[int]:
    """Notices the secretariat timed relative to a meeting follow it."""
    moved: list[int] = []
    for notice in sync.existing:
        if (
            notice.kind != "notice"
            or notice.state not in ("draft", "scheduled")
            or notice.meeting_id is None
            or notice.lead is None
        ):
            continue
        start = sync.starts.get(notice.meeting_id)
        if start is None or start == notice.meeting_start:
            continue
        await store.reschedule_notice(
            notice.id,
            start - notice.lead,
            meeting_id=notice.meeting_id,
            lead=notice.lead,
            meeting_start=start,
        )
        moved.append(notice.id)
    return moved


def reminder_topics(kb: KnowledgeBase, meeting: Meeting) -> tuple[str, ...]:
    """Who is reminded of a meeting: its subscribers — and, as for any notice to a meeting
    (:mod:`bot.audience`), those of the agenda items taken up at it and those of "all"."""
    return (meeting.id,)


def _meeting_link(meeting: Meeting) -> str | None:
    try:
        return check_link(meeting.link) if meeting.link else None
    except LinkError:
        return None


def _zone_label(lang: Language, key: str) -> str:
    if key == "Europe/Zurich":
        return {"zh-Hans": "日内瓦", "zh-Hant": "日內瓦", "en": "Geneva"}[lang]
    return key


def _local(
    kb: KnowledgeBase, meeting: Meeting, moment: dt.datetime, tz: zoneinfo.ZoneInfo
) -> tuple[dt.datetime, str]:
    session = kb.session(meeting.session)
    zone = tz
    if session is not None and iana_time_zone(session.timezone):
        zone = load_timezone(session.timezone)
    return moment.astimezone(zone), zone.key


def _when(lang: Language, local: dt.datetime) -> str:
    return f"{format_date(lang, local.date(), weekday=True)} {format_time(local)}"


def reminder_texts(
    kb: KnowledgeBase,
    meeting: Meeting,
    start: dt.datetime,
    lead: dt.timedelta,
    tz: zoneinfo.ZoneInfo,
) -> dict[str, str]:
    """The reminder in every language (times in the meeting's own timezone)."""
    local, zone = _local(kb, meeting, start, tz)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        texts[lang] = str(
            t(
                lang,
                "notice.reminder",
                meeting=_meeting_name(lang, meeting),
                when=_when(lang, local),
                zone=_zone_label(lang, zone),
                lead=duration_words(lang, lead),
            )
        )
    return texts


def change_texts(
    kb: KnowledgeBase,
    meeting: Meeting,
    before: dt.datetime,
    after: dt.datetime | None,
    tz: zoneinfo.ZoneInfo,
) -> dict[str, str]:
    """The "changed" notice in every language: moved to ``after``, or cancelled (None)."""
    old, zone = _local(kb, meeting, before, tz)
    texts: dict[str, str] = {}
    for lang in LANGUAGES:
        params: dict[str, object] = {
            "meeting": _meeting_name(lang, meeting),
            "before": _when(lang, old),
            "zone": _zone_label(lang, zone),
        }
        if after is None:
            texts[lang] = str(t(lang, "notice.changed_cancelled", **params))
        else:
            new, _ = _local(kb, meeting, after, tz)
            texts[lang] = str(t(lang, "notice.changed_moved", when=_when(lang, new), **params))
    return texts


def _meeting_name(lang: Language, meeting: Meeting) -> Html:
    return t(lang, "notice.meeting", number=meeting.number)
