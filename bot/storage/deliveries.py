"""The delivery queue: the worker's side, figures and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from bot.storage.base import StorageBase
from bot.storage.common import (
    _check_limit,
    _optional_time,
    _time_from_text,
    _time_to_text,
)
from bot.storage.values import (
    DeliveryFigures,
    DeliveryOutcome,
    Doubt,
    QueuedDelivery,
)


class DeliveryStore(StorageBase):
    # -- the worker's side --

    async def recover_claimed_deliveries(self) -> int:
        """After a crash: rows claimed but never recorded go back to the queue, flagged as
        possibly delivered already (``doubt = 'restart'``). How many.

        SQLite has one sender, so every claimed row is an orphan when it starts. On PostgreSQL
        other processes may be sending right now: only the rows whose claiming connection is
        gone (its process died) are taken back, so this is safe to call at any time.
        """
        orphaned = ""
        if self.dialect.name == "postgresql":
            orphaned = (
                " AND (claimed_by IS NULL"
                " OR claimed_by NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL))"
            )
        async with self._exclusive():
            return await self._execute(
                "UPDATE deliveries SET state = 'pending', doubt = 'restart', claimed_by = NULL"
                f" WHERE state = 'claimed'{orphaned}"
            )

    async def pending_deliveries(self, limit: int = 500, after: int = 0) -> list[QueuedDelivery]:
        """The next deliveries to make, in queue order (earliest notice first), from the row
        after ``after`` on."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT id, notice_id, chat_id, language, attempts FROM deliveries"
                " WHERE state = 'pending' AND id > ? ORDER BY id LIMIT ?",
                (after, _check_limit(limit)),
            )
        return [
            QueuedDelivery(
                id=row["id"],
                notice_id=row["notice_id"],
                chat_id=row["chat_id"],
                language=row["language"],
                attempts=row["attempts"],
            )
            for row in rows
        ]

    async def has_unfinished_deliveries(self) -> bool:
        async with self._exclusive():
            row = await self._row(
                "SELECT 1 FROM deliveries WHERE state IN ('pending', 'claimed') LIMIT 1"
            )
        return row is not None

    async def claim_delivery(self, delivery_id: int) -> bool:
        """Take a pending delivery for sending (committed before the request goes out);
        False when it is no longer pending (stopped, or claimed elsewhere)."""
        return bool(await self.claim_deliveries([delivery_id]))

    async def claim_deliveries(self, delivery_ids: Sequence[int]) -> set[int]:
        """:meth:`claim_delivery` for several rows in one statement (one commit); the ids
        that were still pending and are now claimed."""
        if not delivery_ids:
            return set()
        marks = ", ".join("?" * len(delivery_ids))
        # RETURNING, read in the same call: one round trip to SQLite's thread on this hot path
        if self.dialect.name == "postgresql":
            # Another sender holding a row: skip it at once rather than wait for its commit.
            # The claim names this connection, so recovery can tell a dead claimer's rows.
            sql = (
                "UPDATE deliveries SET state = 'claimed', claimed_at = ?,"
                " attempts = attempts + 1, claimed_by = pg_backend_pid()"
                f" WHERE id IN (SELECT id FROM deliveries WHERE id IN ({marks})"
                f" AND state = 'pending'{self.dialect.skip_locked}) RETURNING id"
            )
        else:
            sql = (
                "UPDATE deliveries SET state = 'claimed', claimed_at = ?, attempts = attempts + 1"
                f" WHERE id IN ({marks}) AND state = 'pending' RETURNING id"
            )
        async with self._exclusive():
            claimed = await self._rows(sql, (self._now(), *delivery_ids))
        return {int(row["id"]) for row in claimed}

    async def pause_senders(self, until: dt.datetime) -> None:
        """Telegram's flood control: no process sends before ``until`` (a later pause wins)."""
        async with self._exclusive():
            await self._execute(
                "INSERT INTO sender_pause (id, paused_until) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET paused_until = excluded.paused_until"
                " WHERE excluded.paused_until > sender_pause.paused_until",
                (_time_to_text(until),),
            )

    async def reserve_send_turns(self, count: int, rate: float) -> float:
        """Reserve the next ``count`` turns, ``1 / rate`` seconds apart, of the send rate that
        every process on this database shares (Telegram counts per bot token); the seconds
        from now until the first of them (0 when the budget was idle). One statement, atomic
        on both backends, timed by the database's clock."""
        if count < 1 or rate <= 0:
            raise ValueError(f"need count >= 1 and rate > 0, not {count} and {rate}")
        if self.dialect.name == "postgresql":
            now, later = "extract(epoch FROM statement_timestamp())::float8", "GREATEST"
        else:
            now, later = "((julianday('now') - 2440587.5) * 86400.0)", "MAX"
        span = count / rate
        async with self._exclusive():
            row = await self._row(
                "INSERT INTO send_budget (id, next_turn)"
                f" VALUES (1, {now} + CAST(? AS DOUBLE PRECISION)) ON CONFLICT (id) DO UPDATE"
                f" SET next_turn = {later}(send_budget.next_turn, {now})"
                " + CAST(? AS DOUBLE PRECISION)"
                f" RETURNING next_turn - CAST(? AS DOUBLE PRECISION) - {now} AS starts_in",
                (span, span, span),
            )
        assert row is not None  # an upsert with RETURNING returns its row
        return max(0.0, float(row["starts_in"]))

    async def senders_paused_until(self) -> dt.datetime | None:
        """Until when every sender must wait (it may be past); None when never paused."""
        async with self._exclusive():
            row = await self._row("SELECT paused_until FROM sender_pause WHERE id = 1")
        return None if row is None else _time_from_text(row["paused_until"])

    async def record_sent(self, delivery_id: int, message_id: int, *, paid: bool = False) -> None:
        """Telegram accepted the message (as a paid broadcast when ``paid``): it is done."""
        await self.record_sent_many([(delivery_id, message_id, paid)])

    async def record_sent_many(self, sent: Sequence[tuple[int, int, bool]]) -> None:
        """:meth:`record_sent` for several deliveries — (row, message id, paid) — in one
        statement (one commit: at 1,000 messages a second, commits are what SQLite costs)."""
        if not sent:
            return
        # The CASTs give PostgreSQL the type of the parameters it cannot infer inside CASE.
        cases = " ".join("WHEN ? THEN CAST(? AS BIGINT)" for _ in sent)
        params: list[object] = [self._now()]
        params.extend(value for row, message_id, _ in sent for value in (row, message_id))
        params.extend(value for row, _, paid in sent for value in (row, 1 if paid else None))
        params.extend(row for row, _, _ in sent)
        async with self._exclusive():
            await self._rows(
                f"UPDATE deliveries SET state = 'sent', done_at = ?, error = NULL,"
                f" message_id = CASE id {cases} END, paid = CASE id {cases} END"
                f" WHERE id IN ({', '.join('?' * len(sent))}) RETURNING id",
                params,
            )

    async def release_delivery(
        self,
        delivery_id: int,
        *,
        error: str,
        count_attempt: bool = True,
        doubt: Doubt | None = None,
    ) -> None:
        """Put a claimed delivery back in the queue to try again; ``count_attempt=False`` for
        a flood-control pause, which is not the chat's fault; ``doubt`` when the request may
        have reached Telegram."""
        async with self._exclusive():
            await self._execute(
                "UPDATE deliveries SET state = 'pending', error = ?,"
                " attempts = attempts - ?, doubt = COALESCE(doubt, ?) WHERE id = ?",
                (error, 0 if count_attempt else 1, doubt, delivery_id),
            )

    async def record_undeliverable(
        self,
        delivery_id: int,
        state: Literal["blocked", "failed"],
        error: str,
        *,
        unsubscribe_chat: int | None = None,
    ) -> None:
        """The chat cannot be reached; for a blocked chat, its subscriptions go in the same
        transaction (Telegram will refuse every later notice too)."""
        async with self.transaction():
            await self._execute(
                "UPDATE deliveries SET state = ?, error = ?, done_at = ? WHERE id = ?",
                (state, error, self._now(), delivery_id),
            )
            if unsubscribe_chat is not None:
                await self._execute(
                    "DELETE FROM subscriptions WHERE chat_id = ?", (unsubscribe_chat,)
                )

    # -- figures and reports --

    async def delivery_figures(self, notice_ids: Sequence[int]) -> dict[int, DeliveryFigures]:
        """Each notice's figures (a notice without deliveries gets zeros)."""
        figures = {notice_id: DeliveryFigures() for notice_id in notice_ids}
        if not notice_ids:
            return figures
        marks = ", ".join("?" * len(notice_ids))
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT notice_id, state, COUNT(*) AS n,
                       SUM(CASE WHEN doubt IS NOT NULL
                                 AND state IN ('sent', 'pending', 'claimed') THEN 1 ELSE 0 END)
                           AS doubtful,
                       COUNT(paid) AS paid
                FROM deliveries WHERE notice_id IN ({marks})
                GROUP BY notice_id, state
                """,
                tuple(notice_ids),
            )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            mine = counts.setdefault(int(row["notice_id"]), {"doubtful": 0, "paid": 0})
            mine[str(row["state"])] = int(row["n"])
            mine["doubtful"] += int(row["doubtful"] or 0)
            mine["paid"] += int(row["paid"] or 0)
        for notice_id, mine in counts.items():
            figures[notice_id] = DeliveryFigures(**mine)
        return figures

    async def queue_ahead(self, notice_id: int) -> int:
        """Deliveries still to make up to and including this notice's (the queue is FIFO)."""
        async with self._exclusive():
            row = await self._row(
                "SELECT COUNT(*) AS n FROM deliveries"
                " WHERE state IN ('pending', 'claimed') AND notice_id <= ?",
                (notice_id,),
            )
        return 0 if row is None else int(row["n"])

    async def delivery_outcomes(
        self, notice_id: int, *, problems_only: bool = True, limit: int = 100
    ) -> list[DeliveryOutcome]:
        """A notice's deliveries with the recipient's name when known; ``problems_only``: those
        not (surely) delivered — unreached, still queued, or flagged as possibly doubled."""
        where = "d.notice_id = ?"
        if problems_only:
            where += " AND (d.state <> 'sent' OR d.doubt IS NOT NULL)"
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT d.chat_id, d.state, d.attempts, d.error, d.doubt, d.done_at,
                       u.username, u.first_name
                FROM deliveries AS d LEFT JOIN users AS u ON u.user_id = d.chat_id
                WHERE {where} ORDER BY d.id LIMIT ?
                """,
                (notice_id, _check_limit(limit)),
            )
        return [
            DeliveryOutcome(
                chat_id=row["chat_id"],
                state=row["state"],
                attempts=row["attempts"],
                error=row["error"],
                doubt=row["doubt"],
                done_at=_optional_time(row["done_at"]),
                username=row["username"],
                first_name=row["first_name"],
            )
            for row in rows
        ]
