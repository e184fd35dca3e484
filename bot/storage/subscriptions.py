"""Subscriptions to topics, named lists of people and notice audiences."""

from __future__ import annotations

from collections.abc import Sequence

from bot.storage.base import StorageBase
from bot.storage.common import (
    _check_list_name,
    _check_topic,
    _time_from_text,
)
from bot.storage.errors import (
    RecordNotFoundError,
)
from bot.storage.values import (
    TOPIC_ALL,
    AudienceSource,
    ListMember,
    PersonList,
)


class SubscriptionStore(StorageBase):
    # == Subscriptions ===========================================================================
    # A topic is a string: "all", a meeting id ("M2"), an agenda item id ("A23.3") or a named
    # list ("bureau"). Subscribers of "all" are part of every topic's audience.

    async def subscribe(self, chat_id: int, topic: str = TOPIC_ALL) -> bool:
        """Subscribe the chat to the topic; False when it already was."""
        _check_topic(topic)
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (chat_id, topic, self._now()),
            )
        return added > 0

    async def unsubscribe(self, chat_id: int, topic: str | None = None) -> int:
        """Drop one subscription, or all of the chat's when ``topic`` is None; how many went."""
        async with self._exclusive():
            if topic is None:
                return await self._execute(
                    "DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)
                )
            return await self._execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            )

    async def subscriptions(self, chat_id: int) -> list[str]:
        """The chat's topics, sorted."""
        async with self._exclusive():
            rows = await self._rows(
                "SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY topic", (chat_id,)
            )
        return [str(row["topic"]) for row in rows]

    async def subscribers(self, topic: str | None = None) -> list[int]:
        """Chats to notify, each once, sorted: for a topic, its subscribers and those of "all";
        for None, every chat subscribed to anything."""
        sql, params = self._audience(topic)
        async with self._exclusive():
            rows = await self._rows(f"SELECT DISTINCT chat_id {sql} ORDER BY chat_id", params)
        return [int(row["chat_id"]) for row in rows]

    async def count_subscribers(self, topic: str | None = None) -> int:
        """How many chats :meth:`subscribers` would return."""
        sql, params = self._audience(topic)
        async with self._exclusive():
            row = await self._row(f"SELECT COUNT(DISTINCT chat_id) AS n {sql}", params)
        return 0 if row is None else int(row["n"])

    @staticmethod
    def _audience(topic: str | None) -> tuple[str, tuple[str, ...]]:
        if topic is None:
            return "FROM subscriptions", ()
        return "FROM subscriptions WHERE topic IN (?, ?)", (topic, TOPIC_ALL)

    # == Named lists of people and notice audiences ======================================
    # A list holds user ids; only members who have written to the bot (a ``users`` row) can be
    # reached. An audience is an ordered list of ``AudienceSource``; a chat is counted under the
    # first source that includes it, so the counts add up to the number of distinct chats.

    async def create_list(self, name: str, created_by: int | None) -> bool:
        """A new, empty list; False when one of that name exists."""
        async with self._exclusive():
            added = await self._execute(
                "INSERT INTO person_lists (name, created_by, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (_check_list_name(name), created_by, self._now()),
            )
        return added > 0

    async def person_lists(self, names: Sequence[str] | None = None) -> list[PersonList]:
        """Every list (or those named), by name, with its member and reachable counts."""
        where, params = "", tuple[str, ...]()
        if names is not None:
            if not names:
                return []
            where = f"WHERE l.name IN ({', '.join('?' * len(names))})"
            params = tuple(names)
        async with self._exclusive():
            rows = await self._rows(
                f"""
                SELECT l.name, l.created_by, l.created_at, COUNT(m.user_id) AS members,
                       COUNT(u.user_id) AS reachable
                FROM person_lists AS l
                LEFT JOIN person_list_members AS m ON m.list_name = l.name
                LEFT JOIN users AS u ON u.user_id = m.user_id
                {where} GROUP BY l.name ORDER BY l.name
                """,
                params,
            )
        return [
            PersonList(
                name=row["name"],
                members=int(row["members"]),
                reachable=int(row["reachable"]),
                created_by=row["created_by"],
                created_at=_time_from_text(row["created_at"]),
            )
            for row in rows
        ]

    async def list_members(self, name: str) -> list[ListMember]:
        """The members of a list, by user id, with their names when they have written."""
        async with self._exclusive():
            rows = await self._rows(
                """
                SELECT m.user_id, m.added_by, u.username, u.first_name,
                       u.user_id IS NOT NULL AS reachable
                FROM person_list_members AS m LEFT JOIN users AS u ON u.user_id = m.user_id
                WHERE m.list_name = ? ORDER BY m.user_id
                """,
                (name,),
            )
        return [
            ListMember(
                user_id=row["user_id"],
                username=row["username"],
                first_name=row["first_name"] or "",
                reachable=bool(row["reachable"]),
                added_by=row["added_by"],
            )
            for row in rows
        ]

    async def add_list_members(
        self, name: str, user_ids: Sequence[int], added_by: int | None
    ) -> int:
        """Add users to an existing list; how many were not on it yet.
        RecordNotFoundError when there is no such list."""
        now = self._now()
        async with self.transaction():
            if await self._row("SELECT 1 FROM person_lists WHERE name = ?", (name,)) is None:
                raise RecordNotFoundError(f"no list {name!r}")
            added = 0
            for user_id in dict.fromkeys(user_ids):
                added += await self._execute(
                    "INSERT INTO person_list_members (list_name, user_id, added_by, added_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (name, user_id, added_by, now),
                )
        return added

    async def remove_list_members(self, name: str, user_ids: Sequence[int]) -> int:
        """Take users off a list; how many were on it."""
        if not user_ids:
            return 0
        marks = ", ".join("?" * len(user_ids))
        async with self._exclusive():
            return await self._execute(
                f"DELETE FROM person_list_members WHERE list_name = ? AND user_id IN ({marks})",
                (name, *user_ids),
            )

    async def audience_counts(self, sources: Sequence[AudienceSource]) -> list[int]:
        """How many chats each source brings now (each chat under its first source)."""
        counts = [0] * len(sources)
        if not sources:
            return counts
        chosen, params = _audience_sql(sources)
        async with self._exclusive():
            rows = await self._rows(
                f"SELECT rank, COUNT(*) AS n FROM ({chosen}) AS a GROUP BY rank", params
            )
        for row in rows:
            counts[int(row["rank"])] = int(row["n"])
        return counts

    async def _audience_targets(
        self, sources: Sequence[AudienceSource]
    ) -> list[tuple[int, str | None, str | None]]:
        """(chat, chosen language, Telegram language) of every chat of the audience."""
        if not sources:
            return []
        chosen, params = _audience_sql(sources)
        rows = await self._rows(
            f"""
            SELECT a.chat_id, p.language AS chosen, u.language_code
            FROM ({chosen}) AS a
            LEFT JOIN users AS u ON u.user_id = a.chat_id
            LEFT JOIN preferences AS p ON p.user_id = a.chat_id
            ORDER BY a.chat_id
            """,
            params,
        )
        return [(int(row["chat_id"]), row["chosen"], row["language_code"]) for row in rows]


def _audience_sql(sources: Sequence[AudienceSource]) -> tuple[str, tuple[str, ...]]:
    """A query of (chat_id, rank): each chat of the audience once, with the index of the
    first source that includes it. List members count only once they have written."""
    parts: list[str] = []
    params: list[str] = []
    for rank, source in enumerate(sources):  # rank is our own integer
        if source.kind == "list":
            parts.append(
                f"SELECT m.user_id AS chat_id, {rank} AS rank FROM person_list_members AS m"
                " JOIN users AS u ON u.user_id = m.user_id WHERE m.list_name = ?"
            )
            params.append(source.key)
        elif source.kind == "topic":
            parts.append(f"SELECT chat_id, {rank} AS rank FROM subscriptions WHERE topic = ?")
            params.append(_check_topic(source.key))
        elif source.kind == "any":
            parts.append(f"SELECT chat_id, {rank} AS rank FROM subscriptions")
        else:
            raise ValueError(f"unknown audience source {source.kind!r}")
    union = " UNION ALL ".join(parts)
    return (
        f"SELECT chat_id, MIN(rank) AS rank FROM ({union}) AS s GROUP BY chat_id",
        tuple(params),
    )
