"""Notices: drafts, schedules, queueing and their progress reports."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Literal

from bot.storage.common import (
    _check_limit,
    _check_topic,
    _optional_text,
    _optional_time,
    _seconds,
    _time_from_text,
    _time_to_text,
)
from bot.storage.subscriptions import SubscriptionStore
from bot.storage.values import (
    NOTICE_KINDS,
    AudienceSource,
    LanguageOf,
    NewNotice,
    Notice,
)


class NoticeStore(SubscriptionStore):
    # == Notices and the delivery queue ==========================================================
    # A notice is drafted, then either queued at once or scheduled; when it is queued, one
    # delivery row per recipient is created in the same transaction, so the recipient list is
    # fixed at that moment. The worker claims a row (committed) before it asks Telegram and
    # records the outcome (committed) as soon as Telegram answers. See bot/delivery/.

    async def add_notice(self, notice: NewNotice) -> int:
        """Store a draft or scheduled notice; its id."""
        if notice.kind not in NOTICE_KINDS:
            raise ValueError(f"unknown notice kind {notice.kind!r}")
        if not notice.texts:
            raise ValueError("a notice needs a text")
        if notice.state == "scheduled" and notice.send_at is None:
            raise ValueError("a scheduled notice needs a time")
        for topic in notice.topics:
            _check_topic(topic)
        async with self._exclusive():
            return await self._insert(
                """
                INSERT INTO notices (kind, state, texts, topics, link, send_at, meeting_id,
                                     lead_seconds, meeting_start, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    notice.kind,
                    notice.state,
                    json.dumps(dict(notice.texts), ensure_ascii=False),
                    json.dumps(list(notice.topics), ensure_ascii=False),
                    notice.link,
                    _optional_text(notice.send_at),
                    notice.meeting_id,
                    _seconds(notice.lead),
                    _optional_text(notice.meeting_start),
                    notice.created_by,
                    self._now(),
                ),
            )

    async def notice(self, notice_id: int) -> Notice | None:
        async with self._exclusive():
            row = await self._row("SELECT * FROM notices WHERE id = ?", (notice_id,))
        return None if row is None else _notice_from_row(row)

    async def notices_by_id(self, notice_ids: Sequence[int]) -> list[Notice]:
        if not notice_ids:
            return []
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT * FROM notices WHERE id IN ({marks}) ORDER BY id", tuple(notice_ids)
            )
        return [_notice_from_row(row) for row in rows]

    async def recent_notices(self, limit: int = 10) -> list[Notice]:
        """Scheduled notices (soonest first), then the latest others (newest first)."""
        async with self._exclusive():
            scheduled = await self._rows(
                "SELECT * FROM notices WHERE state = 'scheduled' ORDER BY send_at, id LIMIT ?",
                (_check_limit(limit),),
            )
            others = await self._rows(
                "SELECT * FROM notices WHERE state NOT IN ('scheduled', 'draft')"
                " ORDER BY id DESC LIMIT ?",
                (_check_limit(limit),),
            )
        return [_notice_from_row(row) for row in (*scheduled, *others)]

    async def meeting_notices(self) -> list[Notice]:
        """Every notice timed relative to a meeting (reminders and anchored notices), by id."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE meeting_id IS NOT NULL ORDER BY id"
            )
        return [_notice_from_row(row) for row in rows]

    async def due_notices(self, now: dt.datetime) -> list[Notice]:
        """Scheduled notices whose time has come, oldest time first."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE state = 'scheduled' AND send_at <= ?"
                " ORDER BY send_at, id",
                (_time_to_text(now),),
            )
        return [_notice_from_row(row) for row in rows]

    async def notices_to_report(self) -> list[Notice]:
        """Notices with a progress message that does not show the final figures yet."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT * FROM notices WHERE report_message_id IS NOT NULL"
                " AND report_final = 0 AND state NOT IN ('draft', 'scheduled') ORDER BY id"
            )
        return [_notice_from_row(row) for row in rows]

    async def reschedule_notice(
        self,
        notice_id: int,
        send_at: dt.datetime | None,
        *,
        meeting_id: str | None = None,
        lead: dt.timedelta | None = None,
        meeting_start: dt.datetime | None = None,
        texts: Mapping[str, str] | None = None,
        link: str | None = None,
    ) -> bool:
        """Change the time (and, given, the texts and link) of a draft or scheduled notice;
        False when it is neither any more."""
        sets = "send_at = ?, meeting_id = ?, lead_seconds = ?, meeting_start = ?"
        params: list[object] = [
            _optional_text(send_at),
            meeting_id,
            _seconds(lead),
            _optional_text(meeting_start),
        ]
        if texts is not None:
            sets += ", texts = ?"
            params.append(json.dumps(dict(texts), ensure_ascii=False))
        if link is not None:
            sets += ", link = ?"
            params.append(link or None)
        async with self._exclusive():
            changed = await self._execute(
                f"UPDATE notices SET {sets} WHERE id = ? AND state IN ('draft', 'scheduled')",
                (*params, notice_id),
            )
        return changed > 0

    async def set_notice_report(
        self, notice_id: int, chat_id: int, message_id: int, language: str
    ) -> None:
        """Remember the message that shows the notice's preview, then its progress."""
        async with self._exclusive():
            await self._execute(
                "UPDATE notices SET report_chat_id = ?, report_message_id = ?,"
                " report_language = ?, report_final = 0, report_digest = NULL WHERE id = ?",
                (chat_id, message_id, language, notice_id),
            )

    async def set_report_digest(self, notice_id: int, digest: str) -> None:
        """Remember what the progress message shows, so an unchanged report is not re-sent."""
        async with self._exclusive():
            await self._execute(
                "UPDATE notices SET report_digest = ? WHERE id = ?", (digest, notice_id)
            )

    async def mark_report_final(self, notice_id: int) -> None:
        async with self._exclusive():
            await self._execute("UPDATE notices SET report_final = 1 WHERE id = ?", (notice_id,))

    async def set_meeting_start(
        self, notice_ids: Sequence[int], meeting_start: dt.datetime | None
    ) -> None:
        """Record the meeting start the recipients of these notices were last told of."""
        if not notice_ids:
            return
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            await self._execute(
                f"UPDATE notices SET meeting_start = ? WHERE id IN ({marks})",
                (_optional_text(meeting_start), *notice_ids),
            )

    async def schedule_notice(self, notice_id: int, confirmed_by: int | None) -> bool:
        """Confirm a draft that has a time; False when it is not a draft or has no time."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE notices SET state = 'scheduled', confirmed_by = ?, confirmed_at = ?"
                " WHERE id = ? AND state = 'draft' AND send_at IS NOT NULL",
                (confirmed_by, self._now(), notice_id),
            )
        return changed > 0

    async def queue_notice(
        self,
        notice_id: int,
        language_of: LanguageOf,
        *,
        confirmed_by: int | None = None,
        late: dt.timedelta | None = None,
        audience: Sequence[AudienceSource] | None = None,
        recipients: Sequence[tuple[int, str]] | None = None,
    ) -> int | None:
        """Fix the recipients of a draft or scheduled notice and queue one delivery each.

        All in one transaction: the notice becomes ``sending`` (``done`` at once when nobody is
        to receive it) and its deliveries ``pending``. The recipients are the chats of
        ``audience`` at this moment (``bot.audience`` computes it from the notice), each with
        their language (``language_of(chosen, language_code)``), or the (chat, language) pairs
        of ``recipients``. Returns how many were queued, or None when the notice was not draft
        or scheduled.
        """
        if (audience is None) == (recipients is None):
            raise ValueError("queue_notice needs either an audience or the recipients")
        now = self._now()
        async with self.transaction():
            # FOR UPDATE on PostgreSQL: a second process queueing the same notice waits, then
            # finds it sending and queues nothing.
            row = await self._row(
                f"SELECT state FROM notices WHERE id = ?{self.dialect.for_update}", (notice_id,)
            )
            if row is None or row["state"] not in ("draft", "scheduled"):
                return None
            if audience is not None:
                chosen = await self._audience_targets(audience)
                targets = [(chat, language_of(pref, code)) for chat, pref, code in chosen]
            else:
                assert recipients is not None
                targets = list(dict(recipients).items())
            await self._execute_many(
                "INSERT INTO deliveries (notice_id, chat_id, language, state)"
                " VALUES (?, ?, ?, 'pending')",
                [(notice_id, chat, language) for chat, language in targets],
            )
            await self._execute(
                """
                UPDATE notices SET state = ?, queued_at = ?, late_seconds = ?,
                    confirmed_by = COALESCE(confirmed_by, ?),
                    confirmed_at = COALESCE(confirmed_at, ?),
                    finished_at = ?
                WHERE id = ?
                """,
                (
                    "sending" if targets else "done",
                    now,
                    _seconds(late),
                    confirmed_by,
                    now,
                    None if targets else now,
                    notice_id,
                ),
            )
        return len(targets)

    async def close_notice(
        self,
        notice_id: int,
        state: Literal["cancelled", "dropped"],
        note: str = "",
        *,
        late: dt.timedelta | None = None,
    ) -> bool:
        """Cancel or drop a draft or scheduled notice (``late``: how late it was when it was
        dropped); False when it is neither draft nor scheduled any more."""
        async with self._exclusive():
            changed = await self._execute(
                "UPDATE notices SET state = ?, note = ?, finished_at = ?, late_seconds = ?"
                " WHERE id = ? AND state IN ('draft', 'scheduled')",
                (state, note, self._now(), _seconds(late), notice_id),
            )
        return changed > 0

    async def stop_notice(self, notice_id: int, note: str = "") -> int | None:
        """Stop a notice that is going out: its pending deliveries become ``skipped`` (those in
        flight still finish). How many were skipped, or None when it was not sending."""
        now = self._now()
        async with self.transaction():
            changed = await self._execute(
                "UPDATE notices SET state = 'stopped', note = ?, finished_at = ?"
                " WHERE id = ? AND state = 'sending'",
                (note, now, notice_id),
            )
            if not changed:
                return None
            return await self._execute(
                "UPDATE deliveries SET state = 'skipped', done_at = ?, error = ?"
                " WHERE notice_id = ? AND state = 'pending'",
                (now, note or None, notice_id),
            )

    async def finish_notices(self) -> list[int]:
        """Mark ``done`` every sending notice with nothing left pending or in flight."""
        async with self._exclusive():
            rows = await self._rows(
                """
                UPDATE notices SET state = 'done', finished_at = ?
                WHERE state = 'sending' AND NOT EXISTS (
                    SELECT 1 FROM deliveries
                    WHERE deliveries.notice_id = notices.id AND state IN ('pending', 'claimed')
                )
                RETURNING id
                """,
                (self._now(),),
            )
        return sorted(int(row["id"]) for row in rows)

    async def reached_chats(self, notice_ids: Sequence[int]) -> list[tuple[int, str]]:
        """Chats that received any of these notices, each once, with their language."""
        if not notice_ids:
            return []
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT chat_id, MIN(language) AS language FROM deliveries"
                f" WHERE notice_id IN ({marks}) AND state = 'sent'"
                " GROUP BY chat_id ORDER BY chat_id",
                tuple(notice_ids),
            )
        return [(int(row["chat_id"]), str(row["language"])) for row in rows]


def _notice_from_row(row: sqlite3.Row) -> Notice:
    lead = row["lead_seconds"]
    late = row["late_seconds"]
    return Notice(
        id=row["id"],
        kind=row["kind"],
        state=row["state"],
        texts=json.loads(row["texts"]),
        topics=tuple(json.loads(row["topics"])),
        link=row["link"],
        send_at=_optional_time(row["send_at"]),
        meeting_id=row["meeting_id"],
        lead=None if lead is None else dt.timedelta(seconds=lead),
        meeting_start=_optional_time(row["meeting_start"]),
        created_by=row["created_by"],
        created_at=_time_from_text(row["created_at"]),
        confirmed_by=row["confirmed_by"],
        confirmed_at=_optional_time(row["confirmed_at"]),
        queued_at=_optional_time(row["queued_at"]),
        late=None if late is None else dt.timedelta(seconds=late),
        finished_at=_optional_time(row["finished_at"]),
        note=row["note"],
        report_chat_id=row["report_chat_id"],
        report_message_id=row["report_message_id"],
        report_language=row["report_language"],
        report_final=bool(row["report_final"]),
        report_digest=row["report_digest"],
    )
